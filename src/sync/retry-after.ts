// How long a Retry-After header asks to wait, and the back-off used when a response gives none.

/** A non-negative decimal number of seconds: Graph sends whole seconds and fractions such as 2.128. */
const SECONDS = /^\d+(?:\.\d+)?$/;
/** IMF-fixdate (RFC 9110 §5.6.7), the only date form RFC 9110 senders generate; obsolete forms Date.parse also reads. */
const HTTP_DATE = /^[A-Za-z]{3},? .*\d{2}:\d{2}:\d{2} (?:GMT|UTC)$/;

/**
 * Milliseconds to wait from `now` for a Retry-After `value`: seconds (whole or fractional, rounded up to the
 * millisecond) or an HTTP-date (a date in the past waits 0). Undefined when absent or unreadable, so the
 * caller backs off by itself instead of retrying at once.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (SECONDS.test(v)) return Math.ceil(Number(v) * 1000);
  if (HTTP_DATE.test(v)) {
    const at = Date.parse(v);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return undefined;
}

export interface BackoffPolicy {
  /** The first ceiling, in ms. */
  readonly baseMs: number;
  /** The largest ceiling, in ms. */
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/**
 * "Full jitter" exponential back-off: uniform in [0, min(cap, base·2^attempt)), attempt counted from 0.
 * `random` returns [0, 1) and is injected by tests.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
