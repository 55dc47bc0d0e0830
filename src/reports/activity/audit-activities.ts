// The audit activities the activity reports read, by service (entra-rules §4.2; vocabulary auditActivities).

/** vocabulary auditActivities keys; compared case-insensitively. */
export const SSPR_SERVICE = 'Self-service Password Management';
export const AUTH_METHODS_SERVICE = 'Authentication Methods';

/** Combined registration (Authentication Methods / UserManagement), one row per method (S31, S51). */
export const COMBINED_REGISTRATION = ['User registered security info', 'Admin registered security info'] as const;

/** Legacy SSPR-portal registration (Self-service Password Management; second one: legacyOrDocOnly). */
export const LEGACY_REGISTRATION = ['Security info saved for self-service password reset', 'User registered for self-service password reset'] as const;

/** One row per SSPR step, grouped into a session by correlationId (entra-rules §4.2, §4.3). */
export const RESET_FLOW_PROGRESS = 'Self-service password reset flow activity progress';

/** Self-service Password Management / UserManagement → PasswordEvent kind (graph-api §3.9; A12). */
export const PASSWORD_ACTIVITIES = [
  ['Reset password (by admin)', 'resetByAdmin'],
  ['Reset password (self-service)', 'resetSelfService'],
  ['Change password (self-service)', 'changeSelfService'],
  ['Unlock user account (self-service)', 'unlockSelfService'],
] as const;

/** Case- and space-insensitive equality, as exports differ in casing ("user started password reset"). */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function isService(record: { readonly loggedByService: string }, service: string): boolean {
  return sameName(record.loggedByService, service);
}

export function isActivityIn(record: { readonly activityDisplayName: string }, names: readonly string[]): boolean {
  return names.some((n) => sameName(record.activityDisplayName, n));
}
