// The public face of the activity rules: event derivation, rollups and report summaries (decisions 0040–0049).
export type { AuditEventOf, DerivedAuditEvents } from './audit-events.js';
export { auditEventOf, deriveAuditEvents, sessionGroupKey } from './audit-events.js';
export type { ResetStepRecord } from './reset-session.js';
export { deriveResetSession, resetSessionKey } from './reset-session.js';
export type { DerivedRegistration, RegistrationSource } from './registration-event.js';
export { deriveRegistrationEvent, registrationSourceOf } from './registration-event.js';
export { registrationMethodOf } from './registration-methods.js';
export { derivePasswordEvent, passwordKindOf } from './password-event.js';
export { classifyResetStep, resetMethodOf } from './sspr-step.js';
export { eventUser } from './event-user.js';
export { deriveSignInFact, isPrimaryStep } from './sign-in-fact.js';
export type { SignInSummaryMethod } from './sign-in-methods.js';
export { SIGN_IN_SUMMARY_METHODS, UNMAPPED_SIGN_IN_METHOD, isTokenSatisfied, signInMethodOf } from './sign-in-methods.js';
export type { HourWindow } from './time-buckets.js';
export { dayOf, dayStart, hourOf, inWindow, instantOf, lastDays, periodDays, windowFor } from './time-buckets.js';
export type { ActivityHourRow, MfaDayRow, PasswordDayRow, SignInMethodHourRow } from './rollups.js';
export { activityRollup, activityRollupDelta, mfaRollup, passwordRollup, signInMethodRollup } from './rollups.js';
export type { ActivityFeature, RegistrationActivityRow } from './registration-activity-summary.js';
export {
  REGISTRATION_ROW_METHODS, RESET_ROW_METHODS, gateRegistrationActivity, summariseRegistrationActivity,
} from './registration-activity-summary.js';
export { summariseCredentialUsage } from './credential-usage-summary.js';
export type { SignInMethodSummaryRow } from './sign-in-method-summary.js';
export { summariseSignInsByMethod } from './sign-in-method-summary.js';
export type { MfaSignInSummaryRow, PasswordResetsSummaryRow, UnlockSummaryRow } from './daily-summaries.js';
export { DAILY_SUMMARY_DAYS, summariseMfaSignIns, summarisePasswordResets, summariseUnlocks } from './daily-summaries.js';
export type { UsageAuthMethod } from './usage-auth-method.js';
export {
  UNKNOWN_FUTURE_VALUE, USAGE_AUTH_METHODS, gateUsageAuthMethod, isEvolvable, legacyAuthMethod, usageAuthMethodRank,
} from './usage-auth-method.js';
export { stableId } from './stable-id.js';
