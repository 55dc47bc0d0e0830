// Appends one batch of audit and sign-in records for a tenant, inside the caller's transaction:
// records already stored (same source id) are skipped, so re-importing a file or an overlapping
// export adds nothing; events are derived from the new records only, except reset attempts,
// which are re-derived from every stored record of their session (a session can span batches).
import type { Kysely } from 'kysely';
import type { AuditRecord, PasswordEvent, RegistrationOrResetEvent, SignInRecord } from '../../reports/activity-model.js';
import {
  activityRollup,
  auditEventOf,
  deriveAuditEvents,
  deriveResetSession,
  deriveSignInFact,
  passwordRollup,
  resetSessionKey,
} from '../../reports/activity/index.js';
import type { DB } from '../schema.js';
import type { ActivityAppendSummary, ActivityBatch } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { decodeAuditRecord, encodeAuditRecord } from './audit-record-json.js';
import { canInsertNew, columnsOf, CounterBuilder, type NewRows, type NewRowsStored } from './new-rows.js';
import { MethodUseBatch, upsertMethodUse, type MethodUse } from './method-use.js';
import { addSignInRollups, signInBatch, SIGN_IN_COLUMNS } from './signin-rollups.js';
import { addActivityEvents, addPasswordEvents, sessionEventCounts, subtractEventCounts } from './event-rollups.js';

const IN_LIST_CHUNK = 500;

/**
 * An append's statements, all sent: what they stored, known once their answers are in (the
 * commit's answer comes after them all). The caller commits without waiting for it (decision 0012).
 */
export interface Sent<T> {
  readonly stored: Promise<T>;
}

const sent = <T>(stored: Promise<T>): Sent<T> => ({ stored: settledLater(stored) });

/** reset-session.ts: a flow row without a correlationId is a session of its own. */
const OWN_SESSION = 'record:';
const EVENT_COLUMNS = [
  'tenant_key',
  'id',
  'feature',
  'user_id',
  'user_principal_name',
  'upn_key',
  'user_display_name',
  'name_key',
  'event_at',
  'auth_method',
  'is_success',
  'failure_reason',
  'session_id',
] as const;

async function storedIds(tx: SqlExecutor, qb: Kysely<DB>, table: 'audit_records' | 'signin_facts', key: number, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  // Sent together: the writer thread answers them in order, one wait for all (decision 0012).
  const queries: Promise<unknown[][]>[] = [];
  for (let i = 0; i < ids.length; i += IN_LIST_CHUNK) {
    queries.push(
      tx.arrays(
        qb
          .selectFrom(table)
          .select('id')
          .where('tenant_key', '=', key)
          .where('id', 'in', ids.slice(i, i + IN_LIST_CHUNK))
          .compile(),
      ),
    );
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
  key,
  e.id,
  e.feature,
  e.user.id,
  e.user.userPrincipalName,
  e.user.userPrincipalName.toLowerCase(),
  e.user.displayName,
  e.user.displayName.toLowerCase(),
  e.eventDateTime,
  e.authMethod,
  e.isSuccess ? 1 : 0,
  e.failureReason,
  session,
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
  const records = qb.selectFrom('audit_records').select(['id', 'activity_at', 'activity_name', 'correlation_id', 'record_json']).where('tenant_key', '=', key);
  for (let i = 0; i < shared.length; i += IN_LIST_CHUNK)
    reads.push(tx.arrays(records.where('correlation_id', 'in', shared.slice(i, i + IN_LIST_CHUNK)).compile()));
  for (let i = 0; i < own.length; i += IN_LIST_CHUNK) reads.push(tx.arrays(records.where('id', 'in', own.slice(i, i + IN_LIST_CHUNK)).compile()));
  // The rollups lose what the sessions' old attempts counted and gain the new ones (decision 0049).
  const before = settledLater(sessionEventCounts(tx, qb, key, all, IN_LIST_CHUNK));
  const bySession = new Map<string, AuditRecord[]>();
  const seen = new Set<string>();
  for (const rows of await Promise.all(reads)) {
    for (const [id, at, name, correlation, json] of rows) {
      if (seen.has(id as string)) continue;
      seen.add(id as string);
      const record = decodeAuditRecord([id as string, at as string, name as string, correlation as string | null], json as string);
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
  const uses = new MethodUseBatch();
  for (const e of events) uses.reset(e);
  await upsertMethodUse(tx, qb, key, uses.rows());
  await subtractEventCounts(tx, qb, key, await before);
  const deletes: Promise<number>[] = [];
  for (let i = 0; i < all.length; i += IN_LIST_CHUNK) {
    deletes.push(
      tx.run(
        qb
          .deleteFrom('activity_events')
          .where('tenant_key', '=', key)
          .where('session_id', 'in', all.slice(i, i + IN_LIST_CHUNK))
          .compile(),
      ),
    );
  }
  const deleted = settledLater(Promise.all(deletes));
  await tx.insertMany('activity_events', EVENT_COLUMNS, resets);
  await addActivityEvents(tx, qb, key, events);
  // Sent before the inserts, so run before them; a failure fails the transaction either way.
  await deleted;
  return events.length;
}

type AuditAppend = Omit<ActivityAppendSummary, 'newSignIns' | 'duplicateSignIns'>;
const AUDIT_COLUMNS = ['tenant_key', 'id', 'activity_at', 'activity_name', 'correlation_id', 'record_json'];
const PASSWORD_COLUMNS = ['tenant_key', 'id', 'kind', 'user_id', 'event_at', 'is_success'];

/** A batch of audit records made ready for insertNew: rows, events, rollup cells, and each row's reset session. */
export interface PreparedAudits {
  readonly key: number;
  /** The records themselves, for an executor without insertNew; null when not kept (see prepareActivity). */
  readonly records: readonly AuditRecord[] | null;
  readonly rows: NewRows;
  /** Per record, the reset session it is a row of, if any. */
  readonly sessions: readonly (string | null)[];
  readonly anySession: boolean;
}

/**
 * The work of an append that needs no answer from the store: every row, derived event and rollup
 * cell of the batch. Done before the write transaction opens, while the previous batch is still
 * being stored (decision 0012).
 */
export function prepareAudits(key: number, audits: readonly AuditRecord[], keepRecords = true): PreparedAudits {
  const n = audits.length;
  const ids = new Array<string>(n);
  const times = new Array<string>(n);
  const names = new Array<string>(n);
  const correlations = new Array<string | null>(n);
  const json = new Array<string>(n);
  const sessions = new Array<string | null>(n).fill(null);
  const events: unknown[][] = [];
  const eventOwners: number[] = [];
  const passwords: unknown[][] = [];
  const passwordOwners: number[] = [];
  const hours = new CounterBuilder(n, 2);
  const days = new CounterBuilder(n, 2);
  let anySession = false;
  for (let i = 0; i < n; i++) {
    const a = audits[i]!;
    ids[i] = a.id;
    times[i] = a.activityDateTime;
    names[i] = a.activityDisplayName;
    correlations[i] = a.correlationId;
    json[i] = encodeAuditRecord(a);
    const what = auditEventOf(a);
    if (what.kind === 'reset') {
      sessions[i] = what.session;
      anySession = true;
    } else if (what.kind === 'registration') {
      events.push(eventRow(key, what.event, null));
      eventOwners.push(i);
      for (const r of activityRollup([what.event])) {
        const at = hours.counter(`${r.hour}|${r.feature}|${r.authMethod}`, () => [key, r.hour, r.feature, r.authMethod]);
        hours.bump(at, 0, r.success);
        hours.bump(at, 1, r.failure);
      }
    } else if (what.kind === 'password') {
      passwords.push(passwordRow(key, what.event));
      passwordOwners.push(i);
      for (const d of passwordRollup([what.event])) {
        const at = days.counter(`${d.day}|${d.kind}`, () => [key, d.day, d.kind]);
        days.bump(at, 0, d.success);
        days.bump(at, 1, d.failure);
      }
    }
    hours.end(i);
    days.end(i);
  }
  const rows: NewRows = {
    table: 'audit_records',
    names: AUDIT_COLUMNS,
    columns: [{ value: key }, ids, times, names, correlations, json],
    rowCount: n,
    counters: [
      hours.counters('activity_hours', ['tenant_key', 'hour', 'feature', 'auth_method'], ['success', 'failure']),
      days.counters('password_days', ['tenant_key', 'day', 'kind'], ['success', 'failure']),
    ],
    dependents: [
      { table: 'activity_events', names: EVENT_COLUMNS, columns: columnsOf(events, EVENT_COLUMNS.length), owners: Int32Array.from(eventOwners) },
      { table: 'password_events', names: PASSWORD_COLUMNS, columns: columnsOf(passwords, PASSWORD_COLUMNS.length), owners: Int32Array.from(passwordOwners) },
    ],
  };
  return { key, records: keepRecords ? audits : null, rows, sessions, anySession };
}

/**
 * Stores the audit records not stored yet, with the registration and password events each gives
 * and what they add to the rollups, then re-derives every reset session a new record belongs to
 * (a session can span batches and files). Events have stable ids: derived again from the same
 * source records, they replace nothing and add nothing.
 */
export async function appendAudits(tx: SqlExecutor, qb: Kysely<DB>, p: PreparedAudits): Promise<Sent<AuditAppend>> {
  const n = p.rows.rowCount;
  if (n === 0) return sent(Promise.resolve({ newAudits: 0, duplicateAudits: 0, registrationEvents: 0, resetEvents: 0, passwordEvents: 0 }));
  if (!canInsertNew(tx)) return sent(Promise.resolve(await appendAuditsLookingUp(tx, qb, p.key, recordsOf(p))));
  const stored = tx.insertNew(p.rows);
  const summary = (r: NewRowsStored, resetEvents: number): AuditAppend => ({
    newAudits: r.added,
    duplicateAudits: n - r.added,
    registrationEvents: r.dependents[0] ?? 0,
    resetEvents,
    passwordEvents: r.dependents[1] ?? 0,
  });
  // Most batches hold no reset flow: nothing to wait for before the commit.
  if (!p.anySession) return sent(stored.then((r) => summary(r, 0)));
  const { key, sessions } = p;
  const r = await stored;
  const touched = new Set<string>();
  for (let i = 0; i < n; i++) if (r.isNew[i] === 1 && sessions[i] !== null) touched.add(sessions[i]!);
  return sent(Promise.resolve(summary(r, await rederiveSessions(tx, qb, key, touched))));
}

/** The records of a batch prepared with them. */
function recordsOf<T>(p: { readonly records: readonly T[] | null }): readonly T[] {
  if (p.records === null) throw new Error('this executor has no insertNew: prepare the batch with its records');
  return p.records;
}

/** appendAudits for an executor without insertNew: asks which ids are stored first. */
async function appendAuditsLookingUp(tx: SqlExecutor, qb: Kysely<DB>, key: number, audits: readonly AuditRecord[]): Promise<AuditAppend> {
  const added = fresh(
    audits,
    await storedIds(
      tx,
      qb,
      'audit_records',
      key,
      audits.map((a) => a.id),
    ),
  );
  await tx.insertMany(
    'audit_records',
    AUDIT_COLUMNS,
    added.map((a) => [key, a.id, a.activityDateTime, a.activityDisplayName, a.correlationId, encodeAuditRecord(a)]),
  );
  const derived = deriveAuditEvents(added);
  await tx.insertMany(
    'activity_events',
    EVENT_COLUMNS,
    derived.registrations.map((e) => eventRow(key, e, null)),
    { ignoreDuplicates: true },
  );
  await tx.insertMany(
    'password_events',
    PASSWORD_COLUMNS,
    derived.passwords.map((e) => passwordRow(key, e)),
    { ignoreDuplicates: true },
  );
  // Events derived from records stored for the first time are new: they add to the rollups.
  await addActivityEvents(tx, qb, key, derived.registrations);
  await addPasswordEvents(tx, qb, key, derived.passwords);
  const sessions = new Set(added.map(resetSessionKey).filter((k): k is string => k !== null));
  const resetEvents = await rederiveSessions(tx, qb, key, sessions);
  return {
    newAudits: added.length,
    duplicateAudits: audits.length - added.length,
    registrationEvents: derived.registrations.length,
    resetEvents,
    passwordEvents: derived.passwords.length,
  };
}

type SignInAppend = Pick<ActivityAppendSummary, 'newSignIns' | 'duplicateSignIns'>;

/** A batch of sign-ins made ready for insertNew (see prepareAudits). */
export interface PreparedSignIns {
  readonly key: number;
  /** The records themselves, for an executor without insertNew; null when not kept (see prepareActivity). */
  readonly records: readonly SignInRecord[] | null;
  readonly rows: NewRows;
  /** Each user's newest use of each method in the batch, new records or not (method_use is idempotent). */
  readonly uses: readonly MethodUse[];
}

export function prepareSignIns(key: number, signIns: readonly SignInRecord[], keepRecords = true): PreparedSignIns {
  const { columns, counters, uses } = signInBatch(key, signIns);
  return {
    key,
    records: keepRecords ? signIns : null,
    rows: { table: 'signin_facts', names: SIGN_IN_COLUMNS, columns, rowCount: signIns.length, counters },
    uses: uses.rows(),
  };
}

export interface PreparedActivity {
  readonly audits: PreparedAudits;
  readonly signIns: PreparedSignIns;
}

/**
 * A batch made ready to store. Without its records (`keepRecords` false, for an engine that
 * inserts new rows in one request), the batch's records can be collected as soon as it is made:
 * held until their batch commits, they survived the young generation's collections and were copied
 * by each, the reader's largest cost after parsing (decision 0012).
 */
export function prepareActivity(key: number, batch: ActivityBatch, keepRecords: boolean): PreparedActivity {
  return { audits: prepareAudits(key, batch.audits, keepRecords), signIns: prepareSignIns(key, batch.signIns, keepRecords) };
}

export async function appendSignIns(tx: SqlExecutor, qb: Kysely<DB>, p: PreparedSignIns): Promise<Sent<SignInAppend>> {
  const n = p.rows.rowCount;
  if (n === 0) return sent(Promise.resolve({ newSignIns: 0, duplicateSignIns: 0 }));
  await upsertMethodUse(tx, qb, p.key, p.uses);
  if (canInsertNew(tx)) {
    // One message, no question asked first: the writer skips stored ids and counts the new rows (decision 0012).
    return sent(tx.insertNew(p.rows).then((r) => ({ newSignIns: r.added, duplicateSignIns: n - r.added })));
  }
  const signIns = recordsOf(p);
  const added = fresh(
    signIns,
    await storedIds(
      tx,
      qb,
      'signin_facts',
      p.key,
      signIns.map((s) => s.id),
    ),
  );
  const facts = added.map(deriveSignInFact);
  await tx.insertMany(
    'signin_facts',
    SIGN_IN_COLUMNS,
    facts.map((f) => [p.key, f.id, f.createdDateTime, f.userId, f.isInteractive ? 1 : 0, f.isSuccess ? 1 : 0, f.requirement, JSON.stringify(f.methods)]),
  );
  await addSignInRollups(tx, qb, p.key, facts);
  return sent(Promise.resolve({ newSignIns: added.length, duplicateSignIns: signIns.length - added.length }));
}
