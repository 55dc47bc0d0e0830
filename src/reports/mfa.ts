// isMfaRegistered, isMfaCapable and isPasswordlessCapable (entra-rules §1.4, §1.5).
import type { RuleContext } from './rule-context.js';
import { PASSWORDLESS_METHODS, STRONG_METHODS } from './method-traits.js';
import { isMethodAllowed } from './method-allowed.js';

export interface MfaFlags {
  readonly isMfaRegistered: boolean;
  readonly isMfaCapable: boolean;
  readonly isPasswordlessCapable: boolean;
}

/**
 * §1.4, S1: registered = some strong method registered, whatever the policy says; capable = some
 * registered strong method the policy allows. §1.5: passwordless capable = some registered
 * passwordless method the policy allows. Enforcement (security defaults, per-user MFA, CA) plays no
 * part (§1.4 PROPOSAL, S24, S28).
 */
export function mfaFlags(ctx: RuleContext): MfaFlags {
  let isMfaRegistered = false;
  let isMfaCapable = false;
  let isPasswordlessCapable = false;
  for (const m of ctx.registered) {
    const strong = STRONG_METHODS.has(m);
    const passwordless = PASSWORDLESS_METHODS.has(m);
    isMfaRegistered ||= strong;
    if ((strong && !isMfaCapable) || (passwordless && !isPasswordlessCapable)) {
      const allowed = isMethodAllowed(m, ctx);
      isMfaCapable ||= strong && allowed;
      isPasswordlessCapable ||= passwordless && allowed;
    }
  }
  return { isMfaRegistered, isMfaCapable, isPasswordlessCapable };
}
