// "User registered security info" / "Admin registered security info" rows (Authentication Methods),
// one per registered method (entra-rules §4.2, S31), with the odd failed attempt before a success.
import { DAY_MS } from '../wire.js';
import { inWindow } from './activity-settings.js';
import { adminInitiator, personOf, selfInitiator, type AuditContext } from './audit-context.js';
import type { AuditParts, Initiator } from './audit-object.js';
import { IdFamily } from './record-ids.js';
import type { PlannedRegistration, RegistrationPlan } from './registration-plan.js';
import type { MethodKind, UserProfile } from './user-profile.js';
import { ACTIVITY, REGISTRATION_REASON, SERVICE, failedRegistrationReason, registeredReason } from './vocabulary.js';

/**
 * The method's name in the reason. Authenticator app, Phone, Alternate phone, Email and Security questions
 * are the documented names (vocabulary methodNamesInReasons_doc); the rest are the portal names that
 * decision 0040 maps (its "UI" rows), written the way registration-methods.ts reads them.
 */
const REASON_NAME: Readonly<Record<MethodKind, string>> = {
  authenticator: 'Authenticator app',
  mobile: 'Phone',
  alternateMobile: 'Alternate phone',
  email: 'Email',
  securityQuestions: 'Security questions',
  office: 'Office phone',
  phoneSignIn: 'Passwordless phone sign-in',
  securityKey: 'Security key',
  authenticatorPasskey: 'Passkey in Microsoft Authenticator',
  helloPasskey: 'Passkey',
  syncedPasskey: 'Synced passkey',
  windowsHello: 'Windows Hello for Business',
  macPlatform: 'macOS Platform Credential',
  softwareOath: 'Software OATH token',
  hardwareOath: 'Hardware OATH token',
  external: 'External authentication method',
  qrCode: 'QR code',
  temporaryAccessPass: 'Temporary Access Pass',
};

/** Share of joiners who cancelled a first registration prompt the day before (a judgment). */
export const CANCELED_FIRST_RATE = 0.15;

function reasonOf(r: PlannedRegistration): string {
  if (r.method === 'temporaryAccessPass') return REGISTRATION_REASON.temporaryAccessPass;
  return registeredReason(r.byAdmin ? 'Admin' : 'User', REASON_NAME[r.method]);
}

function row(
  ctx: AuditContext,
  u: UserProfile,
  by: Initiator,
  correlationId: string,
  atMs: number,
  activity: string,
  success: boolean,
  reason: string,
): AuditParts {
  return {
    id: ctx.ids.take(IdFamily.Audit),
    atMs,
    service: SERVICE.authenticationMethods,
    activity,
    operationType: 'Add',
    correlationId,
    success,
    reason,
    initiator: by,
    target: personOf(u),
  };
}

function registrationRows(ctx: AuditContext, u: UserProfile, r: PlannedRegistration): AuditParts[] {
  const by = r.byAdmin ? adminInitiator(ctx, u) : selfInitiator(ctx, u);
  if (by === null) return [];
  const correlationId = ctx.ids.take(IdFamily.Correlation);
  const activity = r.byAdmin ? ACTIVITY.adminRegistered : ACTIVITY.userRegistered;
  const rows: AuditParts[] = [];
  const failedAt = r.atMs - ctx.rng.between(40, 240) * 1000;
  if (r.failedFirst && !r.byAdmin && inWindow(ctx.s, failedAt)) {
    rows.push(row(ctx, u, by, correlationId, failedAt, activity, false, failedRegistrationReason(REASON_NAME[r.method])));
  }
  rows.push(row(ctx, u, by, correlationId, r.atMs, activity, true, reasonOf(r)));
  return rows;
}

/** Joiners' summary rows ("registered all required", which the rules skip): realistic noise around the events. */
function summaryRows(ctx: AuditContext, u: UserProfile, plan: RegistrationPlan, spanFromMs: number): AuditParts[] {
  const done = plan.completedMs;
  if (done === null || !inWindow(ctx.s, done)) return [];
  const by = selfInitiator(ctx, u);
  const rows = [row(ctx, u, by, ctx.ids.take(IdFamily.Correlation), done, ACTIVITY.userRegisteredAll, true, REGISTRATION_REASON.allRequired)];
  const canceledAt = done - DAY_MS - ctx.rng.between(0, 7200) * 1000;
  if (ctx.rng.chance(CANCELED_FIRST_RATE) && canceledAt > spanFromMs && inWindow(ctx.s, canceledAt)) {
    rows.push(row(ctx, u, by, ctx.ids.take(IdFamily.Correlation), canceledAt, ACTIVITY.userRegisteredAll, false, REGISTRATION_REASON.canceled));
  }
  return rows;
}

export function registrationAudits(ctx: AuditContext, u: UserProfile, plan: RegistrationPlan, spanFromMs: number): AuditParts[] {
  const rows = plan.registrations.flatMap((r) => registrationRows(ctx, u, r));
  return [...rows, ...summaryRows(ctx, u, plan, spanFromMs)];
}
