// Who an audit-derived event is about (entra-rules §4.1 PROPOSAL, §4.5; decision 0042).
import type { AuditRecord, EventUser } from '../activity-model.js';

/** The parts of an audit record that name people. */
export type UserBearingRecord = Pick<AuditRecord, 'targets' | 'initiatedBy'>;

const NOBODY: EventUser = { id: null, userPrincipalName: '', displayName: '' };

/**
 * entra-rules §4.1 PROPOSAL: the first target of type User (compared case-insensitively, as
 * Sentinel does, §4.5); else the initiating user; else nobody. A target without a UPN borrows the
 * initiator's when both are the same account (self-service rows name the user twice).
 */
export function eventUser(record: UserBearingRecord): EventUser {
  const target = record.targets.find((t) => t.type.toLowerCase() === 'user');
  const by = record.initiatedBy;
  if (target !== undefined) {
    const same = by.userId !== null && by.userId === target.id;
    return {
      id: target.id,
      userPrincipalName: target.userPrincipalName ?? (same ? by.userPrincipalName : null) ?? '',
      displayName: target.displayName ?? (same ? by.displayName : null) ?? '',
    };
  }
  if (by.userId !== null || by.userPrincipalName !== null) {
    return { id: by.userId, userPrincipalName: by.userPrincipalName ?? '', displayName: by.displayName ?? '' };
  }
  return NOBODY;
}

/** Whether a user was named at all (a UPN or an object id). */
export function isSomebody(user: EventUser): boolean {
  return user.userPrincipalName !== '' || user.id !== null;
}
