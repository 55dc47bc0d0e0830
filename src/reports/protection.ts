// How protected a user is: registered and used strength classes, weak-only MFA (issue 15 item 1; decision 0090).
import type { SignInFact } from './activity-model.js';
import type { MethodName } from './method-names.js';
import type { RuleContext } from './rule-context.js';
import type { StrengthClass } from './protection-classes.js';
import { METHODS_REGISTERED } from './method-names.js';
import { isMethodAllowed } from './method-allowed.js';
import { CLASS_OF, classOfUsedMethod, strengthRank, stronger } from './protection-classes.js';
import { windowOf } from './protection-stale.js';

export { STRENGTH_CLASSES, CLASS_OF, classOfUsedMethod, isStrengthClass, registeredNamesUsedBy, strengthRank, stronger } from './protection-classes.js';
export type { StrengthClass } from './protection-classes.js';
export { DEFAULT_STALE_AFTER_DAYS, staleMethods, windowOf } from './protection-stale.js';
export type { StaleInput, StaleMethod } from './protection-stale.js';

/** Issue 15: "what they actually used in the last 30 days". */
export const DEFAULT_USED_WINDOW_DAYS = 30;

/** Vocabulary names strongest class first (canonical order within a class), so the first allowed one decides. */
const BY_STRENGTH: readonly MethodName[] = [...METHODS_REGISTERED].sort((a, b) => strengthRank(CLASS_OF[b]) - strengthRank(CLASS_OF[a]));

/**
 * The strongest class among the user's registered methods that the policy allows them to use
 * (isMethodAllowed: the same test as isMfaCapable, entra-rules §1.4 PROPOSAL (a)–(c), S17).
 * 'none' when no registered method of a class above none is allowed. Enforcement plays no part (§1.4).
 */
export function registeredStrength(ctx: RuleContext): StrengthClass {
  for (const m of BY_STRENGTH) {
    if (CLASS_OF[m] === 'none') return 'none';
    if (ctx.registered.has(m) && isMethodAllowed(m, ctx)) return CLASS_OF[m];
  }
  return 'none';
}

/** Issue 15 "who can only do MFA by SMS or voice": the strongest allowed method is SMS or voice. */
export function isWeakMfaOnly(ctx: RuleContext): boolean {
  return registeredStrength(ctx) === 'weakMfa';
}

export interface UsedStrengthOptions {
  /** The instant the window ends at (the request or capture time; the rules never read the clock). */
  readonly asOf: string;
  /** Window length in days, > 0; default 30. */
  readonly days?: number;
}

/**
 * The strongest class among the methods of the succeeded steps of the user's successful sign-ins
 * created in (asOf − days, asOf], interactive or not. Steps met by a token are not in the facts
 * (decision 0044); a method amr cannot name (unknownFutureValue), password and TAP count as none.
 * null when no such step exists: no sign-in in the window, or only token-satisfied ones, tells
 * nothing about the methods used. The caller passes the user's own facts.
 */
export function usedStrength(facts: Iterable<SignInFact>, options: UsedStrengthOptions): StrengthClass | null {
  const { from, to } = windowOf(options.asOf, options.days ?? DEFAULT_USED_WINDOW_DAYS);
  let best: StrengthClass | null = null;
  for (const f of facts) {
    if (!f.isSuccess) continue;
    const t = Date.parse(f.createdDateTime);
    if (!(t > from && t <= to)) continue;
    for (const step of f.methods) {
      if (step.succeeded) best = stronger(best ?? 'none', classOfUsedMethod(step.method));
    }
  }
  return best;
}
