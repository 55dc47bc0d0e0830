// Appends one batch of audit and sign-in records for a tenant, inside the caller's transaction:
// records already stored (same source id) are skipped, so re-importing a file or an overlapping
// export adds nothing; events are derived from the new records only, except reset attempts,
// which are re-derived from every stored record of their session (a session can span batches).
import type { Kysely } from 'kysely';
import type { AuditRecord, PasswordEvent, RegistrationOrResetEvent, SignInRecord } from '../../reports/activity-model.js';
import { deriveAuditEvents, deriveResetSession, deriveSignInFact, resetSessionKey } from '../../reports/activity/index.js';
import type { DB } from '../schema.js';
import type { ActivityAppendSummary } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { addSignInRollups, signInBatch, SIGN_IN_COLUMNS } from './signin-rollups.js';
import { addActivityEvents, addPasswordEvents, sessionEventCounts, subtractEventCounts } from './event-rollups.js';

const IN_LIST_CHUNK = 500;

/** Rollup counters that rows add to when they are stored for the first time (insertNew). */
export interface NewRowCounters {
  /** The rollup table, its key columns and its counted columns (upserted as `count = count + n`). */
  readonly table: keyof DB & string;
  readonly key: readonly string[];
  readonly add: readonly string[];
  /** One per counter: its key values, in `key` order. */
  readonly keys: readonly (readonly unknown[])[];
  /** Row i adds 1 to each cell `bumps[offsets[i]] … bumps[offsets[i + 1] - 1]`; a cell is `counter * add.length + column`. */
  readonly offsets: Int32Array;
  readonly bumps: Int32Array;
}

/**
 * A column of a batch of rows: a value per row, one value for every row, or per row the index of
 * one of a few values. Sent column by column, a batch crosses to the writer thread as a few arrays
 * instead of an array per row (decision 0012).
 */
export type Column = readonly unknown[] | { readonly value: unknown } | { readonly values: readonly unknown[]; readonly pick: Int32Array };

/**
 * An executor that inserts rows skipping stored keys (and repeats within the rows) and adds to the
 * counters only what the new rows count, in one step on the writing side: no round trip to ask
 * which ids are stored (decision 0012). Returns how many rows were new. SQLite's executors have it;
 * it belongs in executor.ts once a second engine does.
 */
export interface NewRowInserter {
  insertNew(table: keyof DB & string, names: readonly string[], columns: readonly Column[], rowCount: number, counters: readonly NewRowCounters[]): Promise<number>;
}

function canInsertNew(tx: SqlExecutor): tx is SqlExecutor & NewRowInserter {
  return typeof (tx as Partial<NewRowInserter>).insertNew === 'function';
}

/** reset-session.ts: a flow row without a correlationId is a session of its own. */
const OWN_SESSION = 'record:';
const EVENT_COLUMNS = [
  'tenant_key', 'id', 'feature', 'user_id', 'user_principal_name', 'upn_key', 'user_display_name', 'name_key',
  'event_at', 'auth_method', 'is_success', 'failure_reason', 'session_id',
] as const;

async function storedIds(tx: SqlExecutor, qb: Kysely<DB>, table: 'audit_records' | 'signin_facts', key: number, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  // Sent together: the writer thread answers them in order, one wait for all (decision 0012).
  const queries: Promise<unknown[][]>[] = [];
  for (let i = 0; i < ids.length; i += IN_LIST_CHUNK) {
    queries.push(tx.arrays(qb.selectFrom(table).select('id')
      .where('tenant_key', '=', key).where('id', 'in', ids.slice(i, i + IN_LIST_CHUNK)).compile()));
  }
  for (const rows of await Promise.all(queries)) for (const [id] of rows) found.add(id as string);
  return found;
}

/** Only the first of several records with one id counts, within a batch as across batches. */
function fresh<T extends { readonly id: string }>(records: readonly T[], stored: ReadonlySet<string>): T[] {
  const seen = new Set(stored);
  return records.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

const eventRow = (key: number, e: RegistrationOrResetEvent, session: string | null): unknown[] => [
  key, e.id, e.feature, e.user.id, e.user.userPrincipalName, e.user.userPrincipalName.toLowerCase(), e.user.displayName,
  e.user.displayName.toLowerCase(), e.eventDateTime, e.authMethod, e.isSuccess ? 1 : 0, e.failureReason, session,
];

const passwordRow = (key: number, e: PasswordEvent): unknown[] => [key, e.id, e.kind, e.user.id, e.eventDateTime, e.isSuccess ? 1 : 0];

/** A promise awaited later, after other awaits: its failure is not reported as unhandled meanwhile. */
function settledLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * Reset attempts of the sessions these records belong to, from all of each session's records. All
 * sessions of the batch at once, in a fixed number of statements (decision 0012): on the writer
 * thread every wait for an answer is a wait for the reader to pause, so none is per session.
 */
async function rederiveSessions(tx: SqlExecutor, qb: Kysely<DB>, key: number, sessions: ReadonlySet<string>): Promise<number> {
  if (sessions.size === 0) return 0;
  const all = [...sessions];
  const own = all.filter((s) => s.startsWith(OWN_SESSION)).map((s) => s.slice(OWN_SESSION.length));
  const shared = all.filter((s) => !s.startsWith(OWN_SESSION));
  const reads: Promise<unknown[][]>[] = [];
  const records = qb.selectFrom('audit_records').select(['id', 'record_json']).where('tenant_key', '=', key);
  for (let i = 0; i < shared.length; i += IN_LIST_CHUNK) reads.push(tx.arrays(records.where('correlation_id', 'in', shared.slice(i, i + IN_LIST_CHUNK)).compile()));
  for (let i = 0; i < own.length; i += IN_LIST_CHUNK) reads.push(tx.arrays(records.where('id', 'in', own.slice(i, i + IN_LIST_CHUNK)).compile()));
  // The rollups lose what the sessions' old attempts counted and gain the new ones (decision 0049).
  const before = settledLater(sessionEventCounts(tx, qb, key, all, IN_LIST_CHUNK));
  const bySession = new Map<string, AuditRecord[]>();
  const seen = new Set<string>();
  for (const rows of await Promise.all(reads)) {
    for (const [id, json] of rows) {
      if (seen.has(id as string)) continue;
      seen.add(id as string);
      const record = JSON.parse(json as string) as AuditRecord;
      const session = resetSessionKey(record);
      if (session === null || !sessions.has(session)) continue;
      const list = bySession.get(session);
      if (list) list.push(record);
      else bySession.set(session, [record]);
    }
  }
  const resets: unknown[][] = [];
  const events: RegistrationOrResetEvent[] = [];
  for (const session of all) {
    for (const e of deriveResetSession(bySession.get(session) ?? [])) {
      events.push(e);
      resets.push(eventRow(key, e, session));
    }
  }
  await subtractEventCounts(tx, qb, key, await before);
  const deletes: Promise<number>[] = [];
  for (let i = 0; i < all.length; i += IN_LIST_CHUNK) {
    deletes.push(tx.run(qb.deleteFrom('activity_events').where('tenant_key', '=', key).where('session_id', 'in', all.slice(i, i + IN_LIST_CHUNK)).compile()));
  }
  const deleted = settledLater(Promise.all(deletes));
  await tx.insertMany('activity_events', EVENT_COLUMNS, resets);
  await addActivityEvents(tx, qb, key, events);
  // Sent before the inserts, so run before them; a failure fails the transaction either way.
  await deleted;
  return events.length;
}

export async function appendAudits(tx: SqlExecutor, qb: Kysely<DB>, key: number, audits: readonly AuditRecord[]): Promise<Omit<ActivityAppendSummary, 'newSignIns' | 'duplicateSignIns'>> {
  const added = fresh(audits, await storedIds(tx, qb, 'audit_records', key, audits.map((a) => a.id)));
  await tx.insertMany('audit_records', ['tenant_key', 'id', 'activity_at', 'activity_name', 'correlation_id', 'record_json'],
    added.map((a) => [key, a.id, a.activityDateTime, a.activityDisplayName, a.correlationId, JSON.stringify(a)]));
  const derived = deriveAuditEvents(added);
  // Stable ids: an event derived again (same source records) replaces nothing and adds nothing.
  await tx.insertMany('activity_events', EVENT_COLUMNS, derived.registrations.map((e) => eventRow(key, e, null)), { ignoreDuplicates: true });
  await tx.insertMany('password_events', ['tenant_key', 'id', 'kind', 'user_id', 'event_at', 'is_success'],
    derived.passwords.map((e) => passwordRow(key, e)), { ignoreDuplicates: true });
  // Events derived from records stored for the first time are new: they add to the rollups.
  await addActivityEvents(tx, qb, key, derived.registrations);
  await addPasswordEvents(tx, qb, key, derived.passwords);
  // A session can span batches and files: re-derive every session these records touch.
  const sessions = new Set(added.map(resetSessionKey).filter((k): k is string => k !== null));
  const resetEvents = await rederiveSessions(tx, qb, key, sessions);
  return {
    newAudits: added.length, duplicateAudits: audits.length - added.length,
    registrationEvents: derived.registrations.length, resetEvents, passwordEvents: derived.passwords.length,
  };
}

export async function appendSignIns(tx: SqlExecutor, qb: Kysely<DB>, key: number, signIns: readonly SignInRecord[]): Promise<{ newSignIns: number; duplicateSignIns: number }> {
  if (canInsertNew(tx)) {
    // One message, no question asked first: the writer skips stored ids and counts the new rows (decision 0012).
    const { columns, counters } = signInBatch(key, signIns);
    const added = await tx.insertNew('signin_facts', SIGN_IN_COLUMNS, columns, signIns.length, counters);
    return { newSignIns: added, duplicateSignIns: signIns.length - added };
  }
  const added = fresh(signIns, await storedIds(tx, qb, 'signin_facts', key, signIns.map((s) => s.id)));
  const facts = added.map(deriveSignInFact);
  await tx.insertMany('signin_facts', SIGN_IN_COLUMNS,
    facts.map((f) => [key, f.id, f.createdDateTime, f.userId, f.isInteractive ? 1 : 0, f.isSuccess ? 1 : 0, f.requirement, JSON.stringify(f.methods)]));
  await addSignInRollups(tx, qb, key, facts);
  return { newSignIns: added.length, duplicateSignIns: signIns.length - added.length };
}
