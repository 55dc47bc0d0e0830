// What the sign-in builders of one user share, and the three kinds of sign-in they emit: a fresh
// authentication (with the odd wrong password or denied MFA before it), a token sign-in, a background one.
import type { Rng } from '../prng.js';
import type { ActivitySettings } from './activity-settings.js';
import { APPS, EVERYDAY_APPS, type SignInApp } from './apps.js';
import {
  PASSWORDLESS,
  canDoMfa,
  chooseSecond,
  choosePrimary,
  primaryStep,
  secondStep,
  tokenSteps,
  type Has,
  type Primary,
  type SecondFactor,
} from './auth-steps.js';
import { ipOf } from './network.js';
import { IdFamily, type UserIds } from './record-ids.js';
import type { SignInError, SignInParts, StepParts } from './sign-in-object.js';
import type { UserPlan } from './user-plan.js';
import { hasMethod, type UserProfile } from './user-profile.js';
import { SIGN_IN_ERROR } from './vocabulary.js';

/**
 * Per fresh authentication (judgments, decision 0031): a mistyped password 4%; a denied or wrong MFA answer 2%;
 * IT staff open the Azure portal for a quarter of their sign-ins.
 */
export const FAILURE_RATE = { wrongPassword: 0.04, mfaDenied: 0.02 } as const;
export const AZURE_PORTAL_SHARE_IT = 0.25;

export interface SignInContext {
  readonly s: ActivitySettings;
  readonly u: UserProfile;
  readonly plan: UserPlan;
  readonly rng: Rng;
  readonly ids: UserIds;
  readonly out: SignInParts[];
}

/** The state later sign-ins of the same session inherit. */
export interface Session {
  readonly multiFactor: boolean;
  readonly policyApplied: boolean;
  readonly remote: boolean;
}

export function hasAt(ctx: SignInContext, atMs: number): Has {
  return (kinds) => hasMethod(ctx.u, kinds, ctx.plan.registration.availableMs, atMs);
}

interface Emit {
  readonly atMs: number;
  readonly app: SignInApp;
  readonly steps: readonly StepParts[];
  readonly multiFactor: boolean;
  readonly error?: SignInError | null;
  readonly interactive?: boolean;
  readonly session: Pick<Session, 'policyApplied' | 'remote'>;
  readonly correlationId?: string;
}

export function emit(ctx: SignInContext, e: Emit): void {
  ctx.out.push({
    id: ctx.ids.take(IdFamily.SignIn),
    correlationId: e.correlationId ?? ctx.ids.take(IdFamily.SignInCorrelation),
    atMs: e.atMs,
    interactive: e.interactive ?? true,
    app: e.app,
    multiFactor: e.multiFactor,
    steps: e.steps,
    error: e.error ?? null,
    policyApplied: e.session.policyApplied,
    ipAddress: ipOf(ctx.u, e.session.remote),
  });
}

function failuresBefore(
  ctx: SignInContext,
  atMs: number,
  app: SignInApp,
  primary: Primary,
  second: SecondFactor | null,
  session: Session,
  correlationId: string,
): void {
  const { rng } = ctx;
  if (primary === 'password' && rng.chance(FAILURE_RATE.wrongPassword)) {
    const error = SIGN_IN_ERROR.wrongPassword;
    emit(ctx, { atMs: atMs - rng.between(20, 120) * 1000, app, steps: [primaryStep('password', false)], multiFactor: false, error, session, correlationId });
  }
  if (second !== null && rng.chance(FAILURE_RATE.mfaDenied)) {
    const denied = secondStep(second, true, rng);
    const error = { ...SIGN_IN_ERROR.mfaDenied, additionalDetails: denied.resultDetail ?? '' };
    emit(ctx, { atMs: atMs - rng.between(30, 150) * 1000, app, steps: [primaryStep(primary), denied], multiFactor: true, error, session, correlationId });
  }
}

/**
 * A fresh authentication. MFA is required for covered employees off the office network (the tenant's
 * "Require multifactor authentication for all users" policy excludes its named locations) and, for
 * everyone able, in the Azure portal (Microsoft's mandatory MFA for Azure, 2024).
 */
export function freshSignIn(ctx: SignInContext, atMs: number, remote: boolean, withFailures: boolean): Session {
  const { rng, u } = ctx;
  const has = hasAt(ctx, atMs);
  const app = u.department === 'IT' && rng.chance(AZURE_PORTAL_SHARE_IT) ? APPS.azurePortal : APPS.officeHome;
  const required = canDoMfa(u, has) && (remote || app === APPS.azurePortal);
  const primary = choosePrimary(rng, u, has, required);
  const multiFactor = required || PASSWORDLESS.has(primary);
  const second = multiFactor && !PASSWORDLESS.has(primary) ? chooseSecond(u, has) : null;
  const session: Session = { multiFactor, policyApplied: required, remote };
  const signInApp = primary === 'windowsHello' ? APPS.windowsSignIn : app;
  const correlationId = ctx.ids.take(IdFamily.SignInCorrelation);
  if (withFailures) failuresBefore(ctx, atMs, signInApp, primary, second, session, correlationId);
  const steps = second === null ? [primaryStep(primary)] : [primaryStep(primary), secondStep(second, false, rng)];
  emit(ctx, { atMs, app: signInApp, steps, multiFactor, session, correlationId });
  return session;
}

/** A later interactive sign-in of the session: the token satisfies both factors. */
export function tokenSignIn(ctx: SignInContext, atMs: number, session: Session): void {
  const it = ctx.u.department === 'IT' && session.multiFactor && ctx.rng.chance(AZURE_PORTAL_SHARE_IT);
  const app = it ? APPS.azurePortal : ctx.rng.pick(EVERYDAY_APPS);
  emit(ctx, { atMs, app, steps: tokenSteps(session.multiFactor), multiFactor: session.multiFactor, session });
}

/** A token refresh by a desktop or mobile app: logged non-interactive, with no steps (as the Event Hub sample). */
export function backgroundSignIn(ctx: SignInContext, atMs: number, session: Session): void {
  const app = ctx.rng.chance(0.5) ? APPS.teams : APPS.office;
  emit(ctx, { atMs, app, steps: [], multiFactor: session.multiFactor, session, interactive: false });
}
