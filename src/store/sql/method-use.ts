// Each user's newest use of each method (migration 8, decision 0091): folded in as activity lands
// (idempotent: a newer instant replaces an older one, the same record twice changes nothing), read
// by report builds for usedStrength and the stale methods (reports/protection*.ts).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';
import type { RegistrationOrResetEvent, SignInFact } from '../../reports/activity-model.js';

export type UseSource = 'signIn' | 'reset';

/** One method_use row: a user's newest use of one method. */
export interface MethodUse {
  readonly userId: string;
  readonly source: UseSource;
  readonly method: string;
  /** The newest succeeded step (any sign-in) or successful reset verification. */
  readonly lastUsedAt: string;
  /** The newest succeeded step of a successful sign-in; null when none. */
  readonly lastSuccessAt: string | null;
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : Date.parse(b) > Date.parse(a) ? b : a);

/** A batch's uses folded per (user, source, method): what the batch adds to method_use. */
export class MethodUseBatch {
  private readonly uses = new Map<string, { userId: string; source: UseSource; method: string; lastUsedAt: string; lastSuccessAt: string | null }>();

  /** A sign-in: each method of a succeeded step was used at createdDateTime. */
  signIn(userId: string, createdDateTime: string, succeededMethods: readonly string[], isSuccess: boolean): void {
    for (const method of succeededMethods) this.note(userId, 'signIn', method, createdDateTime, isSuccess ? createdDateTime : null);
  }

  /** A successful reset verification is a use of its method (decision 0090: how email and questions get used). */
  reset(e: RegistrationOrResetEvent): void {
    if (e.feature !== 'reset' || !e.isSuccess || e.user.id === null) return;
    this.note(e.user.id, 'reset', e.authMethod, e.eventDateTime, null);
  }

  private note(userId: string, source: UseSource, method: string, at: string, successAt: string | null): void {
    if (Number.isNaN(Date.parse(at))) return;
    const key = `${userId}\u0000${source}\u0000${method}`;
    const cur = this.uses.get(key);
    if (cur === undefined) this.uses.set(key, { userId, source, method, lastUsedAt: at, lastSuccessAt: successAt });
    else {
      cur.lastUsedAt = later(cur.lastUsedAt, at)!;
      cur.lastSuccessAt = later(cur.lastSuccessAt, successAt);
    }
  }

  get size(): number {
    return this.uses.size;
  }

  rows(): MethodUse[] {
    return [...this.uses.values()];
  }
}

/** The distinct methods of a fact's succeeded steps. */
export function succeededMethods(fact: Pick<SignInFact, 'methods'>): string[] {
  const out: string[] = [];
  for (const s of fact.methods) if (s.succeeded && !out.includes(s.method)) out.push(s.method);
  return out;
}

/** Rows per statement: 6 parameters each, well inside SQLite's 32766. */
const ROWS_PER_UPSERT = 500;

/**
 * Folds uses into method_use: a stored instant is replaced only by a later one. ISO-8601 UTC
 * instants as ingest writes them compare as text except within a second (fractions): the later
 * text is kept, which is the later instant unless two uses fall in one second.
 */
export async function upsertMethodUse(tx: SqlExecutor, qb: Kysely<DB>, tenantKey: number, uses: readonly MethodUse[]): Promise<void> {
  for (let i = 0; i < uses.length; i += ROWS_PER_UPSERT) {
    const values = uses.slice(i, i + ROWS_PER_UPSERT).map((u) => ({
      tenant_key: tenantKey,
      user_id: u.userId,
      source: u.source,
      method: u.method,
      last_used_at: u.lastUsedAt,
      last_success_at: u.lastSuccessAt,
    }));
    await tx.run(
      qb
        .insertInto('method_use')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['tenant_key', 'user_id', 'source', 'method']).doUpdateSet({
            last_used_at: sql<string>`CASE WHEN excluded.last_used_at > method_use.last_used_at THEN excluded.last_used_at ELSE method_use.last_used_at END`,
            last_success_at: sql<
              string | null
            >`CASE WHEN method_use.last_success_at IS NULL OR excluded.last_success_at > method_use.last_success_at THEN COALESCE(excluded.last_success_at, method_use.last_success_at) ELSE method_use.last_success_at END`,
          }),
        )
        .compile(),
    );
  }
}

/** Ids per IN list. */
const IDS_PER_READ = 500;

/** The uses of these users, by user id. */
export async function readMethodUse(db: SqlExecutor, qb: Kysely<DB>, tenantKey: number, userIds: readonly string[]): Promise<Map<string, MethodUse[]>> {
  const out = new Map<string, MethodUse[]>();
  for (let i = 0; i < userIds.length; i += IDS_PER_READ) {
    const rows = await db.arrays(
      qb
        .selectFrom('method_use')
        .select(['user_id', 'source', 'method', 'last_used_at', 'last_success_at'])
        .where('tenant_key', '=', tenantKey)
        .where('user_id', 'in', userIds.slice(i, i + IDS_PER_READ))
        .compile(),
    );
    for (const [userId, source, method, lastUsedAt, lastSuccessAt] of rows) {
      const use: MethodUse = {
        userId: userId as string,
        source: source === 'reset' ? 'reset' : 'signIn',
        method: method as string,
        lastUsedAt: lastUsedAt as string,
        lastSuccessAt: lastSuccessAt as string | null,
      };
      const list = out.get(use.userId);
      if (list === undefined) out.set(use.userId, [use]);
      else list.push(use);
    }
  }
  return out;
}

/** Whether the tenant has any use recorded (a tenant without activity skips the reads). */
export async function hasMethodUse(db: SqlExecutor, qb: Kysely<DB>, tenantKey: number): Promise<boolean> {
  const rows = await db.all(qb.selectFrom('method_use').select('user_id').where('tenant_key', '=', tenantKey).limit(1).compile());
  return rows.length > 0;
}

/**
 * The uses as the rules take them (reports/protection.ts usedStrength, protection-stale.ts
 * staleMethods): one fact per newest use. Lossless for any window ending at or after every use.
 */
export function usesAsActivity(uses: readonly MethodUse[]): { readonly signIns: SignInFact[]; readonly resets: RegistrationOrResetEvent[] } {
  const signIns: SignInFact[] = [];
  const resets: RegistrationOrResetEvent[] = [];
  for (const u of uses) {
    if (u.source === 'reset') {
      resets.push({
        id: '',
        feature: 'reset',
        user: { id: u.userId, userPrincipalName: '', displayName: '' },
        eventDateTime: u.lastUsedAt,
        authMethod: u.method,
        isSuccess: true,
        failureReason: '',
        sourceIds: [],
      });
      continue;
    }
    const step = [{ method: u.method, succeeded: true, primary: false }];
    signIns.push({ id: '', userId: u.userId, createdDateTime: u.lastUsedAt, isInteractive: true, isSuccess: false, requirement: null, methods: step });
    if (u.lastSuccessAt !== null)
      signIns.push({ id: '', userId: u.userId, createdDateTime: u.lastSuccessAt, isInteractive: true, isSuccess: true, requirement: null, methods: step });
  }
  return { signIns, resets };
}
