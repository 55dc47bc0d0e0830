// Every event the activity reports count, derived from a batch of audit records (entra-rules §3.4, §4.2; decisions 0040–0043).
import type { AuditRecord, PasswordEvent, RegistrationOrResetEvent } from '../activity-model.js';
import { derivePasswordEvent } from './password-event.js';
import { deriveRegistrationEvent } from './registration-event.js';
import { deriveResetSession, resetSessionKey } from './reset-session.js';
import { UNKNOWN_FUTURE_VALUE } from './usage-auth-method.js';

export interface DerivedAuditEvents {
  readonly registrations: RegistrationOrResetEvent[];
  /** Attempts of the sessions touched by the batch, from the batch's rows only (see resetSessions). */
  readonly resets: RegistrationOrResetEvent[];
  readonly passwords: PasswordEvent[];
  /** Records no rule reads (other activities, legacy registration rows naming no method). */
  readonly ignored: number;
  /** Registration and reset events whose method phrase was not recognised (authMethod unknownFutureValue). */
  readonly unmapped: number;
  /** tenantId|sessionKey of every reset session the batch touched: the store re-derives these (decision 0049). */
  readonly resetSessions: readonly string[];
}

/**
 * Registrations and password events are one per row. Reset attempts are derived per session from the
 * rows present; a session whose rows span batches must be re-derived by the store from all its stored
 * rows with deriveResetSession, replacing what it held (decision 0049).
 */
export function deriveAuditEvents(records: readonly AuditRecord[]): DerivedAuditEvents {
  const registrations: RegistrationOrResetEvent[] = [];
  const passwords: PasswordEvent[] = [];
  const sessions = new Map<string, AuditRecord[]>();
  let ignored = 0;
  let unmapped = 0;
  for (const r of records) {
    const what = auditEventOf(r);
    if (what.kind === 'reset') {
      const key = sessionGroupKey(r.tenantId, what.session);
      const rows = sessions.get(key);
      if (rows === undefined) sessions.set(key, [r]);
      else rows.push(r);
    } else if (what.kind === 'registration') {
      registrations.push(what.event);
      if (!what.mapped) unmapped++;
    } else if (what.kind === 'password') {
      passwords.push(what.event);
    } else {
      ignored++;
    }
  }
  // Sessions in key order, so that the result does not depend on the order of the batch.
  const keys = [...sessions.keys()].sort();
  const resets = keys.flatMap((k) => deriveResetSession(sessions.get(k) ?? []));
  unmapped += resets.filter((e) => e.authMethod === UNKNOWN_FUTURE_VALUE).length;
  return { registrations, resets, passwords, ignored, unmapped, resetSessions: keys };
}

/** What one audit record gives on its own: a row of a reset session, a registration, a password event, or nothing. */
export type AuditEventOf =
  | { readonly kind: 'reset'; readonly session: string }
  | { readonly kind: 'registration'; readonly event: RegistrationOrResetEvent; readonly mapped: boolean }
  | { readonly kind: 'password'; readonly event: PasswordEvent }
  | { readonly kind: 'ignored' };

const IGNORED: AuditEventOf = { kind: 'ignored' };

/** The rules in the order deriveAuditEvents applies them: a reset-flow row never counts as anything else. */
export function auditEventOf(r: AuditRecord): AuditEventOf {
  const session = resetSessionKey(r);
  if (session !== null) return { kind: 'reset', session };
  const reg = deriveRegistrationEvent(r);
  if (reg !== null) return { kind: 'registration', event: reg.event, mapped: reg.mapped };
  const pw = derivePasswordEvent(r);
  return pw === null ? IGNORED : { kind: 'password', event: pw };
}

/** The store's key of a reset session: tenant and session key (correlation ids are per tenant). */
export function sessionGroupKey(tenantId: string | null, sessionKey: string): string {
  return `${tenantId ?? ''}|${sessionKey}`;
}
