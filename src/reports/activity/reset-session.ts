// Verification attempts of one self-service reset session, re-derivable from all of its rows (entra-rules §3.4; decision 0041).
import type { AuditRecord, EventUser, RegistrationOrResetEvent } from '../activity-model.js';
import { RESET_FLOW_PROGRESS, SSPR_SERVICE, isActivityIn, isService } from './audit-activities.js';
import { eventUser, isSomebody } from './event-user.js';
import type { ResetStep } from './sspr-step.js';
import { classifyResetStep } from './sspr-step.js';
import { stableId } from './stable-id.js';
import { instantOf } from './time-buckets.js';
import { UNKNOWN_FUTURE_VALUE } from './usage-auth-method.js';

/** What the store must keep of each flow row to re-derive its session (decision 0049). */
export type ResetStepRecord = Pick<
  AuditRecord,
  'id' | 'correlationId' | 'activityDateTime' | 'activityDisplayName' | 'loggedByService' | 'result' | 'resultReason' | 'targets' | 'initiatedBy'
>;

/** The session a flow row belongs to: its correlationId, else the row alone; null for other rows. */
export function resetSessionKey(record: ResetStepRecord): string | null {
  if (!isService(record, SSPR_SERVICE) || !isActivityIn(record, [RESET_FLOW_PROGRESS])) return null;
  const c = record.correlationId?.trim() ?? '';
  return c !== '' ? c : `record:${record.id}`;
}

interface Attempt {
  readonly method: string;
  readonly phrase: string;
  readonly rows: ResetStepRecord[];
  outcome: 'open' | 'success' | 'failure';
  reason: string;
  decidedAt: string;
}

interface Step {
  readonly row: ResetStepRecord;
  readonly step: ResetStep;
  readonly at: number;
}

// Same-instant rows are taken in flow order; then by id, so any arrival order gives one result.
const KIND_ORDER: Readonly<Record<ResetStep['kind'], number>> = {
  start: 0,
  complete: 1,
  completedThenAbandoned: 2,
  failMethod: 3,
  failSession: 4,
  neutral: 5,
};

/**
 * All attempts of one session, from every stored row of it, in any order and with any other rows
 * mixed in (they are skipped). Re-deriving with more rows replaces the previous result; ids come from
 * the session key and the first row of each attempt. Throws when the rows span several sessions.
 */
export function deriveResetSession(records: readonly ResetStepRecord[]): RegistrationOrResetEvent[] {
  const steps = orderedSteps(records);
  const first = steps[0];
  if (first === undefined) return [];
  const key = resetSessionKey(first.row) ?? '';
  if (steps.some((s) => resetSessionKey(s.row) !== key)) throw new Error('deriveResetSession: rows of several sessions');
  const attempts: Attempt[] = [];
  for (const s of steps) apply(attempts, s);
  const user = sessionUser(steps);
  return attempts.map((a) => toEvent(key, user, a));
}

function orderedSteps(records: readonly ResetStepRecord[]): Step[] {
  return records
    .filter((r) => resetSessionKey(r) !== null)
    .map((row) => ({ row, step: classifyResetStep(row.resultReason, row.result), at: instantOf(row.activityDateTime) }))
    .sort((a, b) => a.at - b.at || KIND_ORDER[a.step.kind] - KIND_ORDER[b.step.kind] || compareText(a.row.id, b.row.id));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One row's effect: rules of entra-rules §3.4 PROPOSAL as settled in decision 0041. */
function apply(attempts: Attempt[], { row, step }: Step): void {
  const open = (m: string): Attempt | undefined => attempts.find((a) => a.outcome === 'open' && a.method === m);
  switch (step.kind) {
    case 'start': {
      const a = open(step.method);
      if (a !== undefined)
        a.rows.push(row); // a repeated start (new code sent) continues the same attempt
      else attempts.push(newAttempt(step.method, step.phrase, row));
      return;
    }
    case 'complete':
      return decide(open(step.method) ?? push(attempts, newAttempt(step.method, step.phrase, row)), row, 'success', '');
    case 'completedThenAbandoned': {
      const a = open(step.method) ?? attempts.find((x) => x.outcome === 'success' && x.method === step.method);
      return decide(a ?? push(attempts, newAttempt(step.method, step.phrase, row)), row, 'success', '');
    }
    case 'failMethod':
      return decide(open(step.method) ?? push(attempts, newAttempt(step.method, '', row)), row, 'failure', step.reason);
    case 'failSession':
      for (const a of attempts.filter((x) => x.outcome === 'open')) decide(a, row, 'failure', step.reason);
      return;
    case 'neutral':
      return;
  }
}

function newAttempt(method: string, phrase: string, row: ResetStepRecord): Attempt {
  return { method, phrase, rows: [row], outcome: 'open', reason: '', decidedAt: row.activityDateTime };
}

function push(attempts: Attempt[], a: Attempt): Attempt {
  attempts.push(a);
  return a;
}

function decide(a: Attempt, row: ResetStepRecord, outcome: 'success' | 'failure', reason: string): void {
  if (!a.rows.includes(row)) a.rows.push(row);
  if (a.outcome !== 'open') return; // a settled attempt keeps its outcome; the row is kept as a source only
  a.outcome = outcome;
  a.reason = reason;
  a.decidedAt = row.activityDateTime;
}

/** The first row naming a user with a UPN, else the first naming anyone (entra-rules §4.1 PROPOSAL). */
function sessionUser(steps: readonly Step[]): EventUser {
  const users = steps.map((s) => eventUser(s.row));
  return users.find((u) => u.userPrincipalName !== '') ?? users.find(isSomebody) ?? users[0]!;
}

function toEvent(key: string, user: EventUser, a: Attempt): RegistrationOrResetEvent {
  const anchor = a.rows[0]!;
  const last = a.rows[a.rows.length - 1]!;
  const isSuccess = a.outcome === 'success';
  return {
    id: stableId('reset', key, anchor.id),
    feature: 'reset',
    user,
    eventDateTime: a.outcome === 'open' ? last.activityDateTime : a.decidedAt,
    authMethod: a.method,
    isSuccess,
    failureReason: isSuccess ? '' : a.outcome === 'open' ? abandonedReason(a) : a.reason,
    sourceIds: a.rows.map((r) => r.id),
  };
}

/** A started attempt never completed: the documented Abandoned wording for its phrase (ssprResetDetails.Abandoned). */
function abandonedReason(a: Attempt): string {
  if (a.method === 'securityQuestion') return 'User abandoned after starting the security questions option';
  const phrase = a.phrase !== '' ? a.phrase : a.method === UNKNOWN_FUTURE_VALUE ? 'unknown' : a.method;
  return `User abandoned after starting the ${phrase} verification option`;
}
