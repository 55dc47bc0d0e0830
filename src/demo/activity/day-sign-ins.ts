// One local day of an employee's or a guest's sign-ins: whether they work that day, when they start,
// from where, and how many interactive and background sign-ins follow the first one.
import type { Rng } from '../prng.js';
import { atLocal, isWorkday, startOfWork, utcOffsetMinutes, wholeSecond } from './calendar.js';
import { APPS } from './apps.js';
import { canDoMfa, chooseSecond, secondStep, tokenSteps } from './auth-steps.js';
import { backgroundSignIn, emit, freshSignIn, hasAt, tokenSignIn, type Session, type SignInContext } from './sign-in-context.js';

/**
 * The shape of a month (judgments, decision 0031, scaled by `density`): an employee works 90% of weekdays
 * and 8% of weekend days; a working day brings Poisson(2.2) interactive sign-ins (frontline staff 60% of that,
 * a weekend day half) and Poisson(0.6) logged token refreshes (a sample: real logs hold many times more, and
 * no report counts them); desk staff work from home half their days, frontline staff 5%. A guest shows up
 * on 12% of weekdays, once or twice.
 */
export const DAY_SHAPE = {
  workdayActive: 0.9,
  weekendActive: 0.08,
  interactive: 2.2,
  weekendFactor: 0.5,
  frontlineFactor: 0.6,
  background: 0.6,
  remoteDesk: 0.5,
  remoteFrontline: 0.05,
  guestActive: 0.12,
} as const;

/** Knuth's method; the means here are small. */
export function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

export function personDay(ctx: SignInContext, day: number): void {
  const { rng, u, s } = ctx;
  const work = isWorkday(day);
  if (!rng.chance(work ? DAY_SHAPE.workdayActive : DAY_SHAPE.weekendActive)) return;
  const mean = DAY_SHAPE.interactive * s.density * (work ? 1 : DAY_SHAPE.weekendFactor) * (u.frontline ? DAY_SHAPE.frontlineFactor : 1);
  const count = poisson(rng, mean);
  if (count === 0) return;
  const offset = utcOffsetMinutes(u.usageLocation);
  const start = work ? startOfWork(rng) : 540 + 600 * rng.next();
  const length = work ? 540 : 240;
  const remote = !work || rng.chance(u.frontline ? DAY_SHAPE.remoteFrontline : DAY_SHAPE.remoteDesk);
  const session = freshSignIn(ctx, wholeSecond(atLocal(day, start, offset)), remote, true);
  for (let i = 1; i < count; i++) tokenSignIn(ctx, wholeSecond(atLocal(day, start + rng.next() * length, offset)), session);
  const background = poisson(rng, DAY_SHAPE.background * s.density);
  for (let i = 0; i < background; i++) backgroundSignIn(ctx, wholeSecond(atLocal(day, start + rng.next() * length, offset)), session);
}

/**
 * A B2B guest proves the first factor at home (the token's claim); MFA in this tenant uses a method the
 * guest registered here, when there is one.
 */
export function guestDay(ctx: SignInContext, day: number): void {
  const { rng, u } = ctx;
  if (!isWorkday(day) || !rng.chance(DAY_SHAPE.guestActive * Math.min(1, ctx.s.density))) return;
  const at = wholeSecond(atLocal(day, startOfWork(rng) + 60 * rng.next() * 6, utcOffsetMinutes(u.usageLocation)));
  const has = hasAt(ctx, at);
  const second = canDoMfa(u, has) ? chooseSecond(u, has) : null;
  const session: Session = { multiFactor: second !== null, policyApplied: second !== null, remote: true };
  const [first] = tokenSteps(false);
  const steps = second === null || first === undefined ? tokenSteps(false) : [first, secondStep(second, false, rng)];
  emit(ctx, { atMs: at, app: rng.chance(0.6) ? APPS.teams : APPS.officeHome, steps, multiFactor: session.multiFactor, session });
  if (rng.chance(0.3)) tokenSignIn(ctx, at + rng.between(10, 120) * 60_000, session);
}
