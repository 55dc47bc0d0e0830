// The change feed (issue 15 item 3, decision 0094): when a new report generation is built, each
// listed user's registered methods are compared with the previous generation's in SQL, one row per
// user, method and direction; the feed lists them newest first, keyset-paged.
import { sql, type Kysely, type SqlBool } from 'kysely';
import { METHODS_REGISTERED } from '../../reports/methods.js';
import type { DB } from '../schema.js';
import type { MethodChange, MethodChangeQuery, Page } from '../store.js';
import type { SqlEngine, SqlExecutor } from './executor.js';
import { splitPage } from './keyset.js';

/**
 * The vocabulary as a constant table, (bit, name): column1 and column2 are the names SQLite and
 * PostgreSQL both give a VALUES list's columns. Literals from code, not parameters, so that
 * PostgreSQL types them (integer, text) without a cast.
 */
const METHOD_BITS = sql<{
  column1: number;
  column2: string;
}>`(values ${sql.join(METHODS_REGISTERED.map((name, i) => sql`(${sql.lit(2 ** i)}, ${sql.lit(name)})`))})`;

/**
 * Writes the changes between `previousGeneration` and `newGeneration` of one tenant: for every
 * user listed in the new one, each method bit that differs from the user's previous row ('added'
 * when the new row has it, 'removed' otherwise). A user the previous generation did not list has
 * every method added; a user no longer listed writes nothing. No previous generation (the
 * tenant's first capture): nothing. One statement: a primary-key join of the two generations,
 * the vocabulary joined only to the users whose masks differ. Returns the rows written.
 */
export async function recordMethodChanges(
  tx: SqlExecutor,
  qb: Kysely<DB>,
  tenantKey: number,
  previousGeneration: number | null,
  newGeneration: number,
  capturedAt: string,
  previousCapturedAt: string,
): Promise<number> {
  if (previousGeneration === null) return 0;
  // The users whose masks differ first (a primary-key join of the two generations), materialised
  // so that neither planner joins the vocabulary to every user before comparing masks.
  const changed = qb
    .selectFrom('registration_details as n')
    .leftJoin('registration_details as o', (j) =>
      j.onRef('o.tenant_key', '=', 'n.tenant_key').on('o.generation', '=', previousGeneration).onRef('o.id', '=', 'n.id'),
    )
    .select(['n.tenant_key', 'n.id', 'n.user_principal_name', 'n.user_display_name', 'n.is_admin', 'n.is_privileged_admin', 'n.methods_mask'])
    .select(sql<number>`coalesce(o.methods_mask, 0)`.as('old_mask'))
    .where('n.tenant_key', '=', tenantKey)
    .where('n.generation', '=', newGeneration)
    .where(sql<SqlBool>`n.methods_mask <> coalesce(o.methods_mask, 0)`);
  return tx.run(
    qb
      .with(
        (w) => w('changed').materialized(),
        () => changed,
      )
      .insertInto('method_changes')
      .columns([
        'tenant_key',
        'id',
        'generation',
        'captured_at',
        'previous_captured_at',
        'user_id',
        'user_principal_name',
        'user_display_name',
        'method',
        'change',
        'is_admin',
        'is_privileged_admin',
      ])
      .expression((eb) =>
        eb
          .selectFrom('changed as c')
          .crossJoin(METHOD_BITS.as('b'))
          .select([
            'c.tenant_key',
            sql<string>`cast(${`${newGeneration}:`} as text) || c.id || ':' || b.column2`.as('id'),
            sql<number>`cast(${newGeneration} as integer)`.as('generation'),
            sql<string>`cast(${capturedAt} as text)`.as('captured_at'),
            sql<string>`cast(${previousCapturedAt} as text)`.as('previous_captured_at'),
            'c.id as user_id',
            'c.user_principal_name',
            'c.user_display_name',
            'b.column2 as method',
            sql<string>`case when (c.methods_mask & b.column1) <> 0 then 'added' else 'removed' end`.as('change'),
            'c.is_admin',
            'c.is_privileged_admin',
          ])
          .where(sql<SqlBool>`(c.methods_mask & b.column1) <> (c.old_mask & b.column1)`),
      )
      .compile(),
  );
}

/**
 * recordMethodChanges against the generation the tenant serves now, when the new one is of another
 * capture (ReportBuilder.finish calls it before the switch, and before superseded generations are
 * deleted: the previous one's rows are there even with no paging grace).
 */
export async function recordChangesSinceCurrent(
  tx: SqlExecutor,
  qb: Kysely<DB>,
  tenantKey: number,
  newGeneration: number,
  capturedAt: string,
): Promise<number> {
  const previous = (
    await tx.all(
      qb
        .selectFrom('tenants as t')
        .innerJoin('generations as g', (j) => j.onRef('g.tenant_key', '=', 't.tenant_key').onRef('g.generation', '=', 't.current_generation'))
        .select(['g.generation', 'g.captured_at'])
        .where('t.tenant_key', '=', tenantKey)
        .compile(),
    )
  )[0];
  // A recompute of the same capture (rules, policies, activity) is not a new capture: users changed nothing.
  if (previous === undefined || previous.generation === newGeneration || previous.captured_at === capturedAt) return 0;
  return recordMethodChanges(tx, qb, tenantKey, previous.generation, newGeneration, capturedAt, previous.captured_at);
}

const COLUMNS = [
  'id',
  'generation',
  'captured_at',
  'previous_captured_at',
  'user_id',
  'user_principal_name',
  'user_display_name',
  'method',
  'change',
  'is_admin',
  'is_privileged_admin',
] as const;

type ChangeRow = Pick<DB['method_changes'], (typeof COLUMNS)[number]>;

function changeOf(r: ChangeRow): MethodChange {
  return {
    id: r.id,
    userId: r.user_id,
    userPrincipalName: r.user_principal_name,
    userDisplayName: r.user_display_name,
    method: r.method,
    change: r.change === 'added' ? 'added' : 'removed',
    changedDateTime: r.captured_at,
    previousCapturedDateTime: r.previous_captured_at,
    isAdmin: r.is_admin === 1,
    isPrivilegedAdmin: r.is_privileged_admin === 1,
  };
}

/**
 * A keyset position is (captured_at, generation, id) of the last row: the feed's order, newest
 * first, all descending so that one backward walk of method_changes_by_time serves every page.
 */
function positionOf(r: ChangeRow): readonly string[] {
  return [r.captured_at, String(r.generation), r.id];
}

export class MethodChangeReads {
  constructor(
    private readonly engine: SqlEngine,
    private readonly keyOf: (tenantId: string) => Promise<number | null>,
  ) {}

  async listMethodChanges(q: MethodChangeQuery): Promise<Page<MethodChange>> {
    const key = await this.keyOf(q.tenantId);
    if (key === null) return { rows: [], next: null };
    const { qb, reader } = this.engine;
    let query = qb.selectFrom('method_changes').select(COLUMNS).where('tenant_key', '=', key);
    if (q.since !== undefined) query = query.where('captured_at', '>=', q.since);
    if (q.until !== undefined) query = query.where('captured_at', '<', q.until);
    if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
    if (q.method !== undefined) query = query.where('method', '=', q.method);
    if (q.change !== undefined) query = query.where('change', '=', q.change);
    const after = q.after;
    if (after !== null) {
      const [capturedAt, generation, id] = after;
      const g = Number(generation);
      if (capturedAt === undefined || id === undefined || !Number.isSafeInteger(g))
        throw new Error('listMethodChanges: a keyset position is (captured_at, generation, id)');
      query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('captured_at', 'generation', 'id'), '<', tuple(capturedAt, g, id)));
    }
    const rows = await reader.all(
      query
        .orderBy('captured_at', 'desc')
        .orderBy('generation', 'desc')
        .orderBy('id', 'desc')
        .limit(q.top + 1)
        .compile(),
    );
    const { page, next } = splitPage(rows, q.top, positionOf);
    return { rows: page.map(changeOf), next };
  }
}
