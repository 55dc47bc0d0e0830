// Adds new sign-in facts to the hourly-method and daily-requirement rollups (upsert-increment,
// the same SQL on SQLite and PostgreSQL). Only facts stored for the first time are added, so a
// re-import changes nothing: activity-writer.ts skips known ids, or the writer counts only the
// rows it inserted (insertNew, with the counters signInBatch builds here).
import type { Kysely } from 'kysely';
import type { SignInFact, SignInRecord } from '../../reports/activity-model.js';
import { dayOf, deriveSignInFact, hourOf, mfaRollup, signInMethodRollup } from '../../reports/activity/index.js';
import type { MfaDayRow, SignInMethodHourRow } from '../../reports/activity/rollups.js';
import type { DB } from '../schema.js';
import type { Column, NewRowCounters } from './activity-writer.js';
import type { SqlExecutor } from './executor.js';

export async function addSignInRollups(tx: SqlExecutor, qb: Kysely<DB>, key: number, facts: readonly SignInFact[]): Promise<void> {
  await tx.insertMany('signin_method_hours', ['tenant_key', 'hour', 'method', 'success', 'failure'],
    signInMethodRollup(facts).map((r) => [key, r.hour, r.method, r.success, r.failure]),
    { addOnConflict: { key: ['tenant_key', 'hour', 'method'], add: ['success', 'failure'] } });
  await tx.insertMany('signin_days', ['tenant_key', 'day', 'single_factor', 'multi_factor', 'unclassified'],
    mfaRollup(facts).map((d) => [key, d.day, d.singleFactor, d.multiFactor, d.unclassified]),
    { addOnConflict: { key: ['tenant_key', 'day'], add: ['single_factor', 'multi_factor', 'unclassified'] } });
}

/** What one fact counts in a rollup, wherever its bucket: the reports' rollup of that fact alone. */
type Pattern<R> = readonly R[];

/** Any canonical instant: a fact's pattern is the same at every time, only its bucket moves. */
const PROBE_TIME = '2000-01-01T00:00:00.000Z';
/** Distinct shapes are few (methods × outcomes × codes); the bound only guards against a hostile file. */
const SHAPES_HELD = 4096;

/**
 * Everything deriveSignInFact and the rollups make of a sign-in except its id, user and time: the
 * same for every record of one shape (interactivity, error code, requirement, steps), so it is
 * derived once per shape and reused (decision 0012). The rules stay in reports/; a property test
 * (signin-rollups.test.ts) holds the cached path to deriveSignInFact and the rollups.
 */
interface SignInShape {
  readonly isInteractive: boolean;
  readonly isSuccess: boolean;
  readonly requirement: SignInFact['requirement'];
  readonly methodsJson: string;
  readonly byMethod: Pattern<SignInMethodHourRow>;
  readonly byDay: Pattern<MfaDayRow>;
}

const shapes = new Map<string, SignInShape>();

/** A string field, length first, so that no two different records can spell the same key. */
const part = (v: string | null): string => (v === null ? '~' : `${v.length}:${v}`);

/** Every field of the record but its id, tenant, user and times. */
function shapeKey(r: SignInRecord): string {
  let key = `${r.isInteractive ? 1 : 0}|${r.errorCode}|${part(r.authenticationRequirement)}`;
  for (const s of r.authenticationDetails) {
    key += `|${part(s.method)}${part(s.methodDetail)}${part(s.resultDetail)}${part(s.requirement)}${s.succeeded}`;
  }
  return key;
}

function shapeOf(r: SignInRecord): SignInShape {
  const key = shapeKey(r);
  let shape = shapes.get(key);
  if (shape === undefined) {
    const probe = { ...deriveSignInFact(r), createdDateTime: PROBE_TIME };
    shape = {
      isInteractive: probe.isInteractive, isSuccess: probe.isSuccess, requirement: probe.requirement,
      methodsJson: JSON.stringify(probe.methods),
      byMethod: signInMethodRollup([probe]).map(({ hour: _, ...r }) => ({ hour: '', ...r })),
      byDay: mfaRollup([probe]).map(({ day: _, ...r }) => ({ day: '', ...r })),
    };
    if (shapes.size >= SHAPES_HELD) shapes.clear();
    shapes.set(key, shape);
  }
  return shape;
}

/** Builds one rollup's counters: a counter per bucket key, and each row's cells. */
class CounterBuilder {
  private readonly index = new Map<string, number>();
  readonly keys: unknown[][] = [];
  readonly offsets: Int32Array;
  private bumps = new Int32Array(1024);
  private used = 0;

  constructor(rows: number, private readonly width: number) {
    this.offsets = new Int32Array(rows + 1);
  }

  /** The counter of bucket `id`, or -1 before add(). */
  find(id: string): number {
    return this.index.get(id) ?? -1;
  }

  add(id: string, key: unknown[]): number {
    const at = this.keys.push(key) - 1;
    this.index.set(id, at);
    return at;
  }

  bump(counter: number, column: number, times: number): void {
    for (let t = 0; t < times; t++) {
      if (this.used === this.bumps.length) {
        const grown = new Int32Array(this.bumps.length * 2);
        grown.set(this.bumps);
        this.bumps = grown;
      }
      this.bumps[this.used++] = counter * this.width + column;
    }
  }

  /** Row i's cells are the ones bumped since the previous end(). */
  end(row: number): void {
    this.offsets[row + 1] = this.used;
  }

  counters(table: keyof DB & string, key: readonly string[], add: readonly string[]): NewRowCounters {
    return { table, key, add, keys: this.keys, offsets: this.offsets, bumps: this.bumps.subarray(0, this.used) };
  }
}

export const SIGN_IN_COLUMNS = ['tenant_key', 'id', 'created_at', 'user_id', 'is_interactive', 'is_success', 'requirement', 'methods_json'];

/**
 * A batch of sign-ins as signin_facts columns (SIGN_IN_COLUMNS) and as counters of the hourly-method
 * and daily-requirement rollups that only the rows stored for the first time add to (insertNew).
 */
export function signInBatch(key: number, records: readonly SignInRecord[]): { columns: Column[]; counters: NewRowCounters[] } {
  const ids = new Array<string>(records.length);
  const times = new Array<string>(records.length);
  const users = new Array<string>(records.length);
  // The shape-given columns, as the batch's shapes and each row's pick among them.
  const pick = new Int32Array(records.length);
  const picked = new Map<SignInShape, number>();
  const batchShapes: SignInShape[] = [];
  const methods = new CounterBuilder(records.length, 2);
  const days = new CounterBuilder(records.length, 3);
  let lastTime = '';
  let hour = '';
  let day = '';
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const shape = shapeOf(r);
    ids[i] = r.id;
    times[i] = r.createdDateTime;
    users[i] = r.userId;
    let at = picked.get(shape);
    if (at === undefined) {
      at = batchShapes.push(shape) - 1;
      picked.set(shape, at);
    }
    pick[i] = at;
    if (r.createdDateTime !== lastTime && (shape.byMethod.length > 0 || shape.byDay.length > 0)) {
      lastTime = r.createdDateTime;
      hour = hourOf(lastTime);
      day = dayOf(lastTime);
    }
    for (const m of shape.byMethod) {
      const id = `${hour}|${m.method}`;
      let at = methods.find(id);
      if (at < 0) at = methods.add(id, [key, hour, m.method]);
      methods.bump(at, 0, m.success);
      methods.bump(at, 1, m.failure);
    }
    methods.end(i);
    for (const d of shape.byDay) {
      let at = days.find(day);
      if (at < 0) at = days.add(day, [key, day]);
      days.bump(at, 0, d.singleFactor);
      days.bump(at, 1, d.multiFactor);
      days.bump(at, 2, d.unclassified);
    }
    days.end(i);
  }
  const shaped = (f: (s: SignInShape) => unknown): Column => ({ values: batchShapes.map(f), pick });
  return {
    columns: [
      { value: key }, ids, times, users,
      shaped((s) => (s.isInteractive ? 1 : 0)), shaped((s) => (s.isSuccess ? 1 : 0)), shaped((s) => s.requirement), shaped((s) => s.methodsJson),
    ],
    counters: [
      methods.counters('signin_method_hours', ['tenant_key', 'hour', 'method'], ['success', 'failure']),
      days.counters('signin_days', ['tenant_key', 'day'], ['single_factor', 'multi_factor', 'unclassified']),
    ],
  };
}

export async function signInMethodHourRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromHour: string): Promise<SignInMethodHourRow[]> {
  const rows = await db.arrays(qb.selectFrom('signin_method_hours').select(['hour', 'method', 'success', 'failure'])
    .where('tenant_key', '=', key).where('hour', '>=', fromHour).compile());
  return rows.map(([hour, method, success, failure]) => ({ hour: hour as string, method: method as string, success: Number(success), failure: Number(failure) }));
}

export async function signInDayRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromDay: string): Promise<MfaDayRow[]> {
  const rows = await db.arrays(qb.selectFrom('signin_days').select(['day', 'single_factor', 'multi_factor', 'unclassified'])
    .where('tenant_key', '=', key).where('day', '>=', fromDay).compile());
  return rows.map(([day, single, multi, other]) => ({ day: day as string, singleFactor: Number(single), multiFactor: Number(multi), unclassified: Number(other) }));
}
