// Sign-ins tied to the user's plan rather than to a working day: the wrong passwords that send someone
// to self-service reset and the sign-in with the new one, a joiner's Temporary Access Pass, and the
// monthly check of a break-glass account.
import { MINUTE_MS } from '../wire.js';
import { APPS } from './apps.js';
import { primaryStep } from './auth-steps.js';
import { utcOffsetMinutes, workingInstant } from './calendar.js';
import { isSuccessful } from './reset-plan.js';
import { emit, freshSignIn, type Session, type SignInContext } from './sign-in-context.js';
import { SIGN_IN_ERROR } from './vocabulary.js';

const AT_OFFICE: Session = { multiFactor: false, policyApplied: false, remote: false };

/** Sign-ins that follow the plan thin out with the density, as the daily ones do, so failure shares stay put. */
function kept(ctx: SignInContext): boolean {
  return ctx.rng.chance(Math.min(1, ctx.s.density));
}

/** Two failed password attempts before each session; a fresh sign-in 5–15 minutes after a successful reset. */
export function resetSignIns(ctx: SignInContext): void {
  const { rng } = ctx;
  for (const session of ctx.plan.sessions) {
    if (!kept(ctx)) continue;
    for (const before of [rng.between(120, 1200), rng.between(20, 110)]) {
      emit(ctx, {
        atMs: session.atMs - before * 1000,
        app: APPS.officeHome,
        steps: [primaryStep('password', false)],
        multiFactor: false,
        error: SIGN_IN_ERROR.wrongPassword,
        session: AT_OFFICE,
      });
    }
    if (isSuccessful(session.outcome)) freshSignIn(ctx, session.atMs + rng.between(5, 15) * MINUTE_MS, false, false);
  }
}

/** A joiner's first sign-in: the Temporary Access Pass, a few minutes after it starts (entra-rules §4.4 PROPOSAL name). */
export function tapSignIn(ctx: SignInContext): void {
  const tap = ctx.u.tap;
  if (tap === null || ctx.u.kind !== 'person' || !kept(ctx)) return;
  const atMs = tap.startMs + ctx.rng.between(2, 15) * MINUTE_MS;
  if (atMs >= tap.endMs) return;
  emit(ctx, {
    atMs,
    app: APPS.officeHome,
    steps: [primaryStep('temporaryAccessPass')],
    multiFactor: true,
    session: { policyApplied: false, remote: false },
  });
}

/**
 * Microsoft advises signing in to each emergency access account regularly to check it works; the demo
 * does it once a month per account, with its FIDO2 key, in the Azure portal.
 */
export function breakGlassSignIns(ctx: SignInContext): void {
  const { span } = ctx.plan;
  // Not after the keys' lastUsedDateTime: the check the tenant snapshot dates is the last one.
  const lastUsed = ctx.u.methods.filter((m) => m.kind === 'securityKey' && m.lastUsedMs !== null).map((m) => m.lastUsedMs ?? 0);
  const toMs = Math.min(span.toMs, ...lastUsed);
  if (toMs <= span.fromMs) return;
  const checks = Math.max(1, Math.round(ctx.s.months));
  for (let i = 0; i < checks; i++) {
    const atMs = workingInstant(ctx.rng, span.fromMs, toMs, utcOffsetMinutes(ctx.u.usageLocation));
    emit(ctx, { atMs, app: APPS.azurePortal, steps: [primaryStep('securityKey')], multiFactor: true, session: { policyApplied: false, remote: false } });
  }
}
