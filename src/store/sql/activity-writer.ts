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
import { addSignInRollups } from './signin-rollups.js';
import { addActivityEvents, addPasswordEvents, subtractSessionEvents } from './event-rollups.js';

const IN_LIST_CHUNK = 500;
/** reset-session.ts: a flow row without a correlationId is a session of its own. */
const OWN_SESSION = 'record:';
const EVENT_COLUMNS = [
  'tenant_key', 'id', 'feature', 'user_id', 'user_principal_name', 'upn_key', 'user_display_name', 'name_key',
  'event_at', 'auth_method', 'is_success', 'failure_reason', 'session_id',
] as const;

async function storedIds(tx: SqlExecutor, qb: Kysely<DB>, table: 'audit_records' | 'signin_facts', key: number, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += IN_LIST_CHUNK) {
    const rows = await tx.arrays(qb.selectFrom(table).select('id')
      .where('tenant_key', '=', key).where('id', 'in', ids.slice(i, i + IN_LIST_CHUNK)).compile());
    for (const [id] of rows) found.add(id as string);
  }
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

/** Reset attempts of the sessions these records belong to, from all of each session's records. */
async function rederiveSessions(tx: SqlExecutor, qb: Kysely<DB>, key: number, sessions: ReadonlySet<string>): Promise<number> {
  let written = 0;
  for (const session of sessions) {
    const query = qb.selectFrom('audit_records').select('record_json').where('tenant_key', '=', key);
    const rows = await tx.arrays((session.startsWith(OWN_SESSION)
      ? query.where('id', '=', session.slice(OWN_SESSION.length))
      : query.where('correlation_id', '=', session)).compile());
    const records = rows.map(([json]) => JSON.parse(json as string) as AuditRecord).filter((r) => resetSessionKey(r) === session);
    const resets = deriveResetSession(records);
    // The rollups lose what the session's old attempts counted and gain the new ones (decision 0049).
    await subtractSessionEvents(tx, qb, key, session);
    await tx.run(qb.deleteFrom('activity_events').where('tenant_key', '=', key).where('session_id', '=', session).compile());
    await tx.insertMany('activity_events', EVENT_COLUMNS, resets.map((e) => eventRow(key, e, session)));
    await addActivityEvents(tx, qb, key, resets);
    written += resets.length;
  }
  return written;
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
  const added = fresh(signIns, await storedIds(tx, qb, 'signin_facts', key, signIns.map((s) => s.id)));
  const facts = added.map(deriveSignInFact);
  await tx.insertMany('signin_facts', ['tenant_key', 'id', 'created_at', 'user_id', 'is_interactive', 'is_success', 'requirement', 'methods_json'],
    facts.map((f) => [key, f.id, f.createdDateTime, f.userId, f.isInteractive ? 1 : 0, f.isSuccess ? 1 : 0, f.requirement, JSON.stringify(f.methods)]));
  await addSignInRollups(tx, qb, key, facts);
  return { newSignIns: added.length, duplicateSignIns: signIns.length - added.length };
}
