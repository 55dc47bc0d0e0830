// "Change password (self-service)" and "Reset password (by admin)" rows (Self-service Password Management;
// entra-rules §4.2 [S54]); the self-service resets and unlocks come with their sessions (reset-audits.ts).
import { adminInitiator, personOf, selfInitiator, type AuditContext } from './audit-context.js';
import type { AuditParts, Initiator } from './audit-object.js';
import { inWindow } from './activity-settings.js';
import type { PasswordPlan } from './password-plan.js';
import { IdFamily } from './record-ids.js';
import type { UserProfile } from './user-profile.js';
import { ACTIVITY, ON_PREMISES_AGENT, PASSWORD_REASON, SERVICE } from './vocabulary.js';

function row(
  ctx: AuditContext,
  u: UserProfile,
  by: Initiator,
  atMs: number,
  activity: string,
  success: boolean,
  reason: string,
  correlationId: string,
  additionalDetails: readonly (readonly [string, string])[] = [],
): AuditParts {
  return {
    id: ctx.ids.take(IdFamily.Audit),
    atMs,
    service: SERVICE.sspr,
    activity,
    operationType: 'Update',
    correlationId,
    success,
    reason,
    initiator: by,
    target: personOf(u),
    additionalDetails,
  };
}

function changeRows(ctx: AuditContext, u: UserProfile, change: PasswordPlan['changes'][number]): AuditParts[] {
  const by = selfInitiator(ctx, u);
  const correlationId = ctx.ids.take(IdFamily.Correlation);
  const rows: AuditParts[] = [];
  const refusedAt = change.atMs - ctx.rng.between(30, 150) * 1000;
  if (change.refusedFirst && inWindow(ctx.s, refusedAt)) {
    // S54: a banned password is refused with FuzzyPolicyViolationInvalidPassword.
    rows.push(row(ctx, u, by, refusedAt, ACTIVITY.changeSelfService, false, PASSWORD_REASON.bannedPassword, correlationId));
  }
  rows.push(row(ctx, u, by, change.atMs, ACTIVITY.changeSelfService, true, '', correlationId));
  return rows;
}

/** S54: OnPremisesAgent says where the new password went (None for cloud-only accounts). */
function adminResetRow(ctx: AuditContext, u: UserProfile, atMs: number): AuditParts | null {
  const by = adminInitiator(ctx, u);
  if (by === null) return null;
  const agent = u.synced ? ON_PREMISES_AGENT.connect : ON_PREMISES_AGENT.cloud;
  return row(ctx, u, by, atMs, ACTIVITY.resetByAdmin, true, '', ctx.ids.take(IdFamily.Correlation), [['OnPremisesAgent', agent]]);
}

export function passwordAudits(ctx: AuditContext, u: UserProfile, plan: PasswordPlan): AuditParts[] {
  const rows = plan.changes.flatMap((c) => changeRows(ctx, u, c));
  for (const at of plan.adminResets) {
    const r = adminResetRow(ctx, u, at);
    if (r !== null) rows.push(r);
  }
  return rows;
}
