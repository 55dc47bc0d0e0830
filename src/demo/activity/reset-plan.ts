// The self-service password reset sessions one user starts in the window: when, how each one ends,
// and which verification options it goes through (only options of methods the user has registered).
import { WeightedTable, type Rng } from '../prng.js';
import { MINUTE_MS } from '../wire.js';
import type { ActivitySettings } from './activity-settings.js';
import { utcOffsetMinutes, workingInstant } from './calendar.js';
import { isEmpty, type ActiveSpan } from './active-span.js';
import type { SsprMethod, SsprScope } from './sspr-scope.js';
import { familyRetired, OATH_CODE_FAMILY, usableAt, type RegisteredMethod, type UserProfile } from './user-profile.js';
import type { SsprOption } from './vocabulary.js';

export type SessionOutcome =
  | 'reset'
  | 'unlock'
  | 'onPremisesFailure'
  | 'abandonAfterUserId'
  | 'abandonMethod'
  | 'canceled'
  | 'contactedAdmin'
  | 'blocked'
  | 'abandonBeforePassword'
  | 'abandonWhilePassword'
  | 'canceledBeforeSubmit'
  | 'insufficientMethods'
  | 'notInGroup';

export interface PlannedSession {
  readonly atMs: number;
  readonly outcome: SessionOutcome;
  /** The options passed (or tried) in order; the last one is the one a failure names. */
  readonly options: readonly SsprOption[];
  /** An option started first and left for another (a code that never came). */
  readonly switchedFrom: SsprOption | null;
}

/** Sessions a month per user (decision 0031): registered pilot users 7%, unregistered 3%, users outside the pilot 1%. */
export const SESSION_RATE = { registered: 0.07, unregistered: 0.03, outOfScope: 0.01 } as const;
/** Share of sessions where a first option is started and dropped for another (the code never came). */
export const SWITCH_RATE = 0.2;
/** After a failed session, the share who try again within the hour and a half. */
export const RETRY_RATE = 0.35;

/** How sessions of registered users end (relative weights; decision 0031 gives the reasons). */
const OUTCOMES = new WeightedTable<SessionOutcome>([
  ['reset', 60],
  ['unlock', 8],
  ['onPremisesFailure', 2],
  ['abandonAfterUserId', 5],
  ['abandonMethod', 8],
  ['canceled', 4],
  ['contactedAdmin', 4],
  ['blocked', 3],
  ['abandonBeforePassword', 3],
  ['abandonWhilePassword', 2],
  ['canceledBeforeSubmit', 1],
]);

export function isSuccessful(outcome: SessionOutcome): boolean {
  return outcome === 'reset' || outcome === 'unlock';
}

function registeredMethods(u: UserProfile, scope: SsprScope, availableMs: (m: RegisteredMethod) => number, atMs: number): SsprMethod[] {
  return scope.methods.filter((sm) => u.methods.some((m) => m.kind === sm.registeredAs && usableAt(m, availableMs, atMs)));
}

/** The method's options at `atMs`: the app's code is an OATH code, left out while a token of the user is retired. */
function optionsAt(u: UserProfile, m: SsprMethod, atMs: number): readonly SsprOption[] {
  if (m.registeredAs !== 'authenticator' || !familyRetired(u, OATH_CODE_FAMILY, atMs)) return m.options;
  return m.options.filter((o) => o !== 'appCode');
}

/** `count` distinct methods, each drawn by preference from those left. */
function chooseMethods(rng: Rng, methods: readonly SsprMethod[], count: number): SsprMethod[] {
  const left = [...methods];
  const chosen: SsprMethod[] = [];
  while (chosen.length < count && left.length > 0) {
    const m = new WeightedTable(left.map((x) => [x, x.preference] as const)).pick(rng.next());
    chosen.push(m);
    left.splice(left.indexOf(m), 1);
  }
  return chosen;
}

/** Unlock and the on-premises failure need password writeback, so only synced users meet them. */
function outcomeFor(rng: Rng, u: UserProfile): SessionOutcome {
  const o = OUTCOMES.pick(rng.next());
  return !u.synced && (o === 'unlock' || o === 'onPremisesFailure') ? 'reset' : o;
}

function session(rng: Rng, u: UserProfile, scope: SsprScope, available: readonly SsprMethod[], atMs: number, retry: boolean): PlannedSession {
  if (!scope.inScope(u.department)) return { atMs, outcome: 'notInGroup', options: [], switchedFrom: null };
  if (available.length < scope.methodsRequired) return { atMs, outcome: 'insufficientMethods', options: [], switchedFrom: null };
  const outcome = retry && rng.chance(0.8) ? 'reset' : outcomeFor(rng, u);
  const methods = chooseMethods(rng, available, scope.methodsRequired);
  const options = methods.map((m) => rng.pick(optionsAt(u, m, atMs)));
  const spare = available.filter((m) => !methods.includes(m));
  const switchedFrom = spare.length > 0 && rng.chance(SWITCH_RATE) ? rng.pick(optionsAt(u, rng.pick(spare), atMs)) : null;
  return { atMs, outcome, options, switchedFrom };
}

function sessionRate(u: UserProfile, scope: SsprScope, registered: boolean): number {
  if (!scope.inScope(u.department)) return SESSION_RATE.outOfScope;
  return registered ? SESSION_RATE.registered : SESSION_RATE.unregistered;
}

/** Employees only: guests reset in their home tenant. At most one session and one retry. */
export function planResets(
  u: UserProfile,
  s: ActivitySettings,
  span: ActiveSpan,
  scope: SsprScope,
  availableMs: (m: RegisteredMethod) => number,
  rng: Rng,
): PlannedSession[] {
  if (u.kind !== 'person' || isEmpty(span)) return [];
  const atMs = workingInstant(rng, span.fromMs, span.toMs, utcOffsetMinutes(u.usageLocation));
  const available = registeredMethods(u, scope, availableMs, atMs);
  if (!rng.chance(sessionRate(u, scope, available.length >= scope.methodsRequired) * s.months)) return [];
  const first = session(rng, u, scope, available, atMs, false);
  const retryAt = atMs + rng.between(5, 90) * MINUTE_MS;
  if (
    isSuccessful(first.outcome) ||
    first.outcome === 'notInGroup' ||
    first.outcome === 'insufficientMethods' ||
    retryAt > span.toMs ||
    !rng.chance(RETRY_RATE)
  )
    return [first];
  return [first, session(rng, u, scope, registeredMethods(u, scope, availableMs, retryAt), retryAt, true)];
}
