// Registration events from single audit rows (entra-rules §3.4 PROPOSAL, §4.2; decision 0040).
import type { AuditRecord, RegistrationOrResetEvent } from '../activity-model.js';
import { AUTH_METHODS_SERVICE, COMBINED_REGISTRATION, LEGACY_REGISTRATION, SSPR_SERVICE, isActivityIn, isService } from './audit-activities.js';
import { eventUser } from './event-user.js';
import { registrationMethodOf } from './registration-methods.js';
import { stableId } from './stable-id.js';
import { UNKNOWN_FUTURE_VALUE } from './usage-auth-method.js';

export type RegistrationSource = 'combined' | 'legacySspr';

/** Which registration rule a record falls under, or null when it is not a registration row. */
export function registrationSourceOf(record: AuditRecord): RegistrationSource | null {
  if (isService(record, AUTH_METHODS_SERVICE) && isActivityIn(record, COMBINED_REGISTRATION)) return 'combined';
  if (isService(record, SSPR_SERVICE) && isActivityIn(record, LEGACY_REGISTRATION)) return 'legacySspr';
  return null;
}

export interface DerivedRegistration {
  readonly event: RegistrationOrResetEvent;
  /** false when the reason named no known method and authMethod fell back to unknownFutureValue. */
  readonly mapped: boolean;
}

/**
 * One event per combined-registration row; the method comes from resultReason ("User registered
 * Authenticator app."), else unknownFutureValue (counted as unmapped). A legacy SSPR-portal row counts
 * only when its reason names a method: without one it is taken for a summary row (like "User
 * registered all required security info") and left out. Success iff result = success (timeout and
 * unknownFutureValue are failures); failureReason = resultReason on failure, '' on success.
 */
export function deriveRegistrationEvent(record: AuditRecord): DerivedRegistration | null {
  const source = registrationSourceOf(record);
  if (source === null) return null;
  const method = registrationMethodOf(record.resultReason);
  if (method === null && source === 'legacySspr') return null;
  const isSuccess = record.result === 'success';
  const event: RegistrationOrResetEvent = {
    id: stableId('registration', record.id),
    feature: 'registration',
    user: eventUser(record),
    eventDateTime: record.activityDateTime,
    authMethod: method ?? UNKNOWN_FUTURE_VALUE,
    isSuccess,
    failureReason: isSuccess ? '' : record.resultReason.trim(),
    sourceIds: [record.id],
  };
  return { event, mapped: method !== null };
}
