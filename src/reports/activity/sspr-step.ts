// What one "Self-service password reset flow activity progress" row says (entra-rules §3.4, §4.3; decision 0041).
import type { UsageAuthMethod } from './usage-auth-method.js';

/**
 * SSPR method phrases → usageAuthMethod (entra-rules §3.4 mapping PROPOSAL). Sources:
 * OBS = vocabulary.ssprFlowProgress_observed.success ("User started the mobile SMS verification option");
 * DET = vocabulary.ssprResetDetails (Abandoned, Blocked, ContactedAdmin).
 */
const PHRASES: readonly (readonly [RegExp, UsageAuthMethod])[] = [
  [/\bmobile sms\b/, 'sms'], // OBS, DET Abandoned/ContactedAdmin
  [/\bsms\b/, 'sms'], // DET Blocked "invalid SMS verification codes"
  [/\bmobile voice call\b/, 'mobilePhone'], // OBS, DET
  [/\bmobile phone voice\b/, 'mobilePhone'], // DET Blocked
  [/\boffice voice call\b/, 'officePhone'], // DET Abandoned/ContactedAdmin
  [/\boffice phone voice\b/, 'officePhone'], // DET Blocked
  [/\bmobile app notification\b/, 'microsoftAuthenticatorPush'], // OBS
  [/\bmobile app code\b/, 'oneTimePasscode'], // OBS
  [/\bemail\b/, 'email'], // OBS, DET
  [/\bsecurity questions?\b/, 'securityQuestion'], // OBS, DET (both numbers occur)
];

/** Lower-case prefixes of reasons that are failures whatever `result` says (ssprResetDetails classes). */
const FAILURE_PREFIXES: readonly string[] = [
  'user abandoned',
  'user canceled',
  'user cancelled',
  'user contacted an admin', // Abandoned, Canceled (+OBS spelling), ContactedAdmin
  'password reset is not enabled for this user',
  'user does not have a license', // Failed
  'user tried to reset from a device without cookies',
  "user's account has insufficient authentication methods",
  "user's password is managed on-premises",
  'we could not reach your on-premises password reset service',
  "we encountered a problem while resetting the user's on-premises password",
  'this user is not a member of the password reset users group',
  'password reset has been disabled entirely',
];

export type ResetStep =
  | { readonly kind: 'start' | 'complete' | 'completedThenAbandoned'; readonly method: string; readonly phrase: string }
  | { readonly kind: 'failMethod'; readonly method: string; readonly reason: string }
  | { readonly kind: 'failSession'; readonly reason: string }
  | { readonly kind: 'neutral' };

/** The method of an SSPR phrase, or null: the earliest known phrase in the text. */
export function resetMethodOf(text: string): UsageAuthMethod | null {
  const lower = text.toLowerCase();
  let best: { at: number; method: UsageAuthMethod } | null = null;
  for (const [re, method] of PHRASES) {
    const at = lower.search(re);
    if (at >= 0 && (best === null || at < best.at)) best = { at, method };
  }
  return best?.method ?? null;
}

const OPTION = '(?:the )?(.+?) (?:verification )?option';
const START = new RegExp(`^user started ${OPTION}`, 'i');
const COMPLETE = new RegExp('^user completed the (.+?) (?:verification )?option', 'i');
const ABANDON_DONE = new RegExp(`^user abandoned after completing ${OPTION}`, 'i');

/**
 * Classifies a row by its reason text first (the vocabulary classes fix success or failure), and by
 * `result` only for texts outside the vocabulary. Unknown method phrases give unknownFutureValue.
 */
export function classifyResetStep(reason: string, result: string): ResetStep {
  const text = reason.trim();
  const lower = text.toLowerCase();
  const named = (m: RegExpExecArray | null): { method: string; phrase: string } | null =>
    m === null ? null : { method: resetMethodOf(m[1] ?? '') ?? 'unknownFutureValue', phrase: m[1] ?? '' };
  const done = named(ABANDON_DONE.exec(text));
  if (done !== null) return { kind: 'completedThenAbandoned', ...done };
  const isFailure = FAILURE_PREFIXES.some((p) => lower.startsWith(p)) || lower.includes('blocked for 24 hours') || result !== 'success';
  const started = named(START.exec(text));
  const completed = named(COMPLETE.exec(text));
  if (!isFailure && started !== null) return { kind: 'start', ...started };
  if (!isFailure && completed !== null) return { kind: 'complete', ...completed };
  if (!isFailure) return { kind: 'neutral' };
  const method = resetMethodOf(lower);
  return method === null ? { kind: 'failSession', reason: text } : { kind: 'failMethod', method, reason: text };
}
