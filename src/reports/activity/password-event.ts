// Password resets, changes and unlocks from single audit rows (graph-api §3.9; entra-rules §3.2, A12; decision 0043).
import type { AuditRecord, PasswordEvent } from '../activity-model.js';
import { PASSWORD_ACTIVITIES, SSPR_SERVICE, isService, sameName } from './audit-activities.js';
import { eventUser } from './event-user.js';
import { stableId } from './stable-id.js';

export type PasswordKind = PasswordEvent['kind'];

/**
 * The kind of a Self-service Password Management row, or null. Only that service counts: Core Directory's
 * own "Reset user password" / "Change user password" rows describe the same operations a second time.
 */
export function passwordKindOf(record: AuditRecord): PasswordKind | null {
  if (!isService(record, SSPR_SERVICE)) return null;
  const hit = PASSWORD_ACTIVITIES.find(([name]) => sameName(record.activityDisplayName, name));
  return hit === undefined ? null : hit[1];
}

/** One event per row; success iff result = success (entra-rules §4.2: these rows are Success or Failure). */
export function derivePasswordEvent(record: AuditRecord): PasswordEvent | null {
  const kind = passwordKindOf(record);
  if (kind === null) return null;
  return {
    id: stableId('password', record.id),
    kind,
    user: eventUser(record),
    eventDateTime: record.activityDateTime,
    isSuccess: record.result === 'success',
  };
}
