// Adds new sign-in facts to the hourly-method and daily-requirement rollups (upsert-increment,
// the same SQL on SQLite and PostgreSQL). Only facts stored for the first time are added, so a
// re-import changes nothing: activity-writer.ts skips known ids, or the writer counts only the
// rows it inserted (insertNew, with the counters signInBatch builds here).
import { MethodUseBatch, succeededMethods } from './method-use.js';
import type { Kysely } from 'kysely';
import type { SignInFact, SignInRecord } from '../../reports/activity-model.js';
import { dayOf, deriveSignInFact, hourOf, mfaRollup, signInMethodRollup } from '../../reports/activity/index.js';
import type { MfaDayRow, SignInMethodHourRow } from '../../reports/activity/rollups.js';
import type { DB } from '../schema.js';
import { CounterBuilder, type Column, type NewRowCounters } from './new-rows.js';
import type { SqlExecutor } from './executor.js';

export async function addSignInRollups(tx: SqlExecutor, qb: Kysely<DB>, key: number, facts: readonly SignInFact[]): Promise<void> {
  await tx.insertMany(
    'signin_method_hours',
    ['tenant_key', 'hour', 'method', 'success', 'failure'],
    signInMethodRollup(facts).map((r) => [key, r.hour, r.method, r.success, r.failure]),
    { addOnConflict: { key: ['tenant_key', 'hour', 'method'], add: ['success', 'failure'] } },
  );
  await tx.insertMany(
    'signin_days',
    ['tenant_key', 'day', 'single_factor', 'multi_factor', 'unclassified'],
    mfaRollup(facts).map((d) => [key, d.day, d.singleFactor, d.multiFactor, d.unclassified]),
    { addOnConflict: { key: ['tenant_key', 'day'], add: ['single_factor', 'multi_factor', 'unclassified'] } },
  );
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
  /** The methods of the succeeded steps (method_use, decision 0091). */
  readonly used: readonly string[];
}

/**
 * The shapes met, found by a cheap number computed from the fields of a record's shape
 * (interactivity, error code, requirement, each step's method, method detail, result detail,
 * requirement and outcome: lengths and a few characters, no string hashed or built), then by
 * comparing those fields one by one (decision 0012). A string read from a log is new for every
 * record, so hashing it whole, as a Map key, costs more than comparing it to the one held.
 */
interface ShapeEntry {
  readonly record: SignInRecord;
  readonly shape: SignInShape;
}

let shapes = new Map<number, ShapeEntry[]>();
let held = 0;

const mix = (h: number, v: number): number => Math.imul(h ^ v, 0x9e3779b1) >>> 0;

function textSign(s: string | null): number {
  if (s === null) return 1;
  const n = s.length;
  return n === 0 ? 2 : (n * 0x10000 + s.charCodeAt(0) * 0x100 + s.charCodeAt(n >> 1) + s.charCodeAt(n - 1) * 0x1000000) | 0;
}

function shapeSign(r: SignInRecord): number {
  let h = mix(r.isInteractive ? 3 : 5, r.errorCode | 0);
  h = mix(h, textSign(r.authenticationRequirement));
  for (const s of r.authenticationDetails) {
    h = mix(h, textSign(s.method));
    h = mix(h, textSign(s.methodDetail));
    h = mix(h, textSign(s.resultDetail));
    h = mix(h, textSign(s.requirement));
    h = mix(h, s.succeeded === true ? 7 : s.succeeded === false ? 11 : 13);
  }
  return h;
}

/** The fields of a record's shape are all equal. */
function sameShape(a: SignInRecord, b: SignInRecord): boolean {
  if (a.isInteractive !== b.isInteractive || a.errorCode !== b.errorCode || a.authenticationRequirement !== b.authenticationRequirement) return false;
  const x = a.authenticationDetails;
  const y = b.authenticationDetails;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const s = x[i]!;
    const t = y[i]!;
    if (
      s.method !== t.method ||
      s.methodDetail !== t.methodDetail ||
      s.resultDetail !== t.resultDetail ||
      s.requirement !== t.requirement ||
      s.succeeded !== t.succeeded
    )
      return false;
  }
  return true;
}

function shapeOf(r: SignInRecord): SignInShape {
  const sign = shapeSign(r);
  const entries = shapes.get(sign);
  if (entries !== undefined) {
    for (const e of entries) if (sameShape(e.record, r)) return e.shape;
  }
  if (held >= SHAPES_HELD) {
    shapes = new Map();
    held = 0;
  }
  // The record is kept as its shape's example: only the fields compared above are read from it.
  const entry = { record: r, shape: deriveShape(r) };
  const list = shapes.get(sign);
  if (list === undefined) shapes.set(sign, [entry]);
  else list.push(entry);
  held++;
  return entry.shape;
}

/** The shape of a record met for the first time, by the rules themselves. */
function deriveShape(r: SignInRecord): SignInShape {
  const probe = { ...deriveSignInFact(r), createdDateTime: PROBE_TIME };
  return {
    isInteractive: probe.isInteractive,
    isSuccess: probe.isSuccess,
    requirement: probe.requirement,
    methodsJson: JSON.stringify(probe.methods),
    byMethod: signInMethodRollup([probe]).map(({ hour: _, ...r }) => ({ hour: '', ...r })),
    byDay: mfaRollup([probe]).map(({ day: _, ...r }) => ({ day: '', ...r })),
    used: succeededMethods(probe),
  };
}

export const SIGN_IN_COLUMNS = ['tenant_key', 'id', 'created_at', 'user_id', 'is_interactive', 'is_success', 'requirement', 'methods_json'];

/**
 * A batch of sign-ins as signin_facts columns (SIGN_IN_COLUMNS) and as counters of the hourly-method
 * and daily-requirement rollups that only the rows stored for the first time add to (insertNew).
 */
export function signInBatch(key: number, records: readonly SignInRecord[]): { columns: Column[]; counters: NewRowCounters[]; uses: MethodUseBatch } {
  const uses = new MethodUseBatch();
  const ids = new Array<string>(records.length);
  const times = new Array<string>(records.length);
  const users = new Array<string>(records.length);
  // The shape-given columns, as the batch's shapes and each row's pick among them.
  const pick = new Int32Array(records.length);
  const picked = new Map<SignInShape, number>();
  const batchShapes: SignInShape[] = [];
  const methods = new CounterBuilder(records.length, 2);
  const days = new CounterBuilder(records.length, 3);
  // hour → method → counter: the method strings are the shapes' own, so no key is built per record.
  const hours = new Map<string, Map<string, number>>();
  let hourCounters = new Map<string, number>();
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
    if (shape.used.length > 0) uses.signIn(r.userId, r.createdDateTime, shape.used, shape.isSuccess);
    if (r.createdDateTime !== lastTime && (shape.byMethod.length > 0 || shape.byDay.length > 0)) {
      lastTime = r.createdDateTime;
      hour = hourOf(lastTime);
      day = dayOf(lastTime);
      let known = hours.get(hour);
      if (known === undefined) hours.set(hour, (known = new Map<string, number>()));
      hourCounters = known;
    }
    for (const m of shape.byMethod) {
      let at = hourCounters.get(m.method);
      if (at === undefined) hourCounters.set(m.method, (at = methods.add(null, [key, hour, m.method])));
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
      { value: key },
      ids,
      times,
      users,
      shaped((s) => (s.isInteractive ? 1 : 0)),
      shaped((s) => (s.isSuccess ? 1 : 0)),
      shaped((s) => s.requirement),
      shaped((s) => s.methodsJson),
    ],
    counters: [
      methods.counters('signin_method_hours', ['tenant_key', 'hour', 'method'], ['success', 'failure']),
      days.counters('signin_days', ['tenant_key', 'day'], ['single_factor', 'multi_factor', 'unclassified']),
    ],
    uses,
  };
}

export async function signInMethodHourRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromHour: string): Promise<SignInMethodHourRow[]> {
  const rows = await db.arrays(
    qb.selectFrom('signin_method_hours').select(['hour', 'method', 'success', 'failure']).where('tenant_key', '=', key).where('hour', '>=', fromHour).compile(),
  );
  return rows.map(([hour, method, success, failure]) => ({
    hour: hour as string,
    method: method as string,
    success: Number(success),
    failure: Number(failure),
  }));
}

export async function signInDayRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromDay: string): Promise<MfaDayRow[]> {
  const rows = await db.arrays(
    qb
      .selectFrom('signin_days')
      .select(['day', 'single_factor', 'multi_factor', 'unclassified'])
      .where('tenant_key', '=', key)
      .where('day', '>=', fromDay)
      .compile(),
  );
  return rows.map(([day, single, multi, other]) => ({
    day: day as string,
    singleFactor: Number(single),
    multiFactor: Number(multi),
    unclassified: Number(other),
  }));
}
