// One self-service password reset session as audit rows: "Self-service password reset flow activity
// progress" steps sharing a correlationId (entra-rules §4.2–4.3, decision 0041), then the reset, unlock or
// block it led to. Texts: vocabulary ssprFlowProgress_observed and ssprResetDetails.
import { selfInitiator, personOf, type AuditContext } from './audit-context.js';
import type { AuditParts, Initiator } from './audit-object.js';
import { IdFamily } from './record-ids.js';
import type { PlannedSession } from './reset-plan.js';
import type { UserProfile } from './user-profile.js';
import { ABANDONED_AFTER_STARTING, ACTIVITY, BLOCKED, CONTACTED_ADMIN, FLOW, FLOW_FAILURE, PASSWORD_REASON, SERVICE, type SsprOption } from './vocabulary.js';

interface Step {
  readonly atMs: number;
  readonly reason: string;
  readonly success: boolean;
}

/** Builds steps `lo`–`hi` seconds apart (whole seconds, so the flow order survives formatting). */
class Steps {
  readonly list: Step[] = [];
  constructor(
    private readonly ctx: AuditContext,
    private t: number,
  ) {
    this.list.push({ atMs: t, reason: FLOW.submittedUserId, success: true });
  }

  add(lo: number, hi: number, reason: string, success = true): void {
    this.t += this.ctx.rng.between(lo, hi) * 1000;
    this.list.push({ atMs: this.t, reason, success });
  }
}

/** The text that ends a session at its last option; null leaves the option open (an undocumented abandon). */
function failureAt(outcome: PlannedSession['outcome'], o: SsprOption): string | null {
  switch (outcome) {
    case 'abandonMethod':
      return ABANDONED_AFTER_STARTING[o];
    case 'contactedAdmin':
      return CONTACTED_ADMIN[o] ?? FLOW_FAILURE.canceledBeforeMethods;
    case 'blocked':
      return BLOCKED[o] ?? FLOW_FAILURE.canceledBeforeMethods;
    default:
      return FLOW_FAILURE.canceledBeforeMethods;
  }
}

const ENDS_IN_VERIFICATION: ReadonlySet<PlannedSession['outcome']> = new Set(['abandonMethod', 'contactedAdmin', 'blocked', 'canceled']);
const AFTER_VERIFICATION: Partial<Record<PlannedSession['outcome'], string>> = {
  abandonBeforePassword: FLOW_FAILURE.abandonedBeforePassword,
  abandonWhilePassword: FLOW_FAILURE.abandonedWhilePassword,
  canceledBeforeSubmit: FLOW_FAILURE.canceledBeforeSubmit,
};

/** Verification: each option started, then completed, or the session ends at the last one. False when it ended. */
function verify(steps: Steps, session: PlannedSession): boolean {
  steps.add(2, 6, FLOW.presented);
  if (session.switchedFrom !== null) steps.add(3, 15, FLOW.started(session.switchedFrom));
  for (const [i, o] of session.options.entries()) {
    steps.add(3, 15, FLOW.started(o));
    if (i === session.options.length - 1 && ENDS_IN_VERIFICATION.has(session.outcome)) {
      const text = failureAt(session.outcome, o);
      if (text !== null) steps.add(20, 240, text, false);
      return false;
    }
    steps.add(15, 120, FLOW.completed(o));
  }
  steps.add(1, 3, FLOW.completedAll);
  return true;
}

function flowSteps(ctx: AuditContext, session: PlannedSession): Step[] {
  const steps = new Steps(ctx, session.atMs);
  const early: Partial<Record<PlannedSession['outcome'], string>> = {
    notInGroup: FLOW_FAILURE.notInGroup,
    insufficientMethods: FLOW_FAILURE.insufficientMethods,
    abandonAfterUserId: FLOW_FAILURE.abandonedAfterUserId,
  };
  const first = early[session.outcome];
  if (first !== undefined) steps.add(1, 120, first, false);
  else if (verify(steps, session)) {
    const late = AFTER_VERIFICATION[session.outcome];
    if (late !== undefined) steps.add(20, 400, late, false);
    else if (session.outcome !== 'unlock') {
      steps.add(20, 90, FLOW.submittedPassword);
      if (session.outcome === 'onPremisesFailure') steps.add(2, 10, FLOW_FAILURE.onPremisesProblem, false);
      else steps.add(1, 4, FLOW.succeeded);
    }
  }
  return steps.list;
}

/** The password activity the session ends in, if any: reset, unlock, or the 24-hour block (S54: always Success). */
function outcomeRow(session: PlannedSession): { activity: string; success: boolean; reason: string } | null {
  const last = session.options[session.options.length - 1];
  switch (session.outcome) {
    case 'reset':
      return { activity: ACTIVITY.resetSelfService, success: true, reason: PASSWORD_REASON.resetCompleted };
    case 'onPremisesFailure':
      return { activity: ACTIVITY.resetSelfService, success: false, reason: FLOW_FAILURE.onPremisesProblem };
    case 'unlock':
      return { activity: ACTIVITY.unlockSelfService, success: true, reason: '' };
    case 'blocked':
      return last !== undefined && BLOCKED[last] !== null ? { activity: ACTIVITY.blocked, success: true, reason: '' } : null;
    default:
      return null;
  }
}

export function sessionAudits(ctx: AuditContext, u: UserProfile, session: PlannedSession): AuditParts[] {
  const by: Initiator = selfInitiator(ctx, u);
  const correlationId = ctx.ids.take(IdFamily.Correlation);
  const part = (atMs: number, activity: string, success: boolean, reason: string): AuditParts => ({
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
  });
  const steps = flowSteps(ctx, session);
  const rows = steps.map((st) => part(st.atMs, ACTIVITY.resetFlow, st.success, st.reason));
  const lastMs = steps[steps.length - 1]?.atMs ?? session.atMs;
  const end = outcomeRow(session);
  if (end !== null) rows.push(part(lastMs + 1000, end.activity, end.success, end.reason));
  return rows;
}
