// Graph-style request limits (graph-api §2.9): a sliding window per key, refusals free, idle keys
// evicted, Retry-After the time until the request would be admitted (docs/decisions/0050).
import { tooManyRequests } from '../graph/errors.js';
import type { Principal } from '../graph/principal.js';
import { GRAPH_THROTTLE, type RateLimit, type ThrottleConfig } from './config.js';
import type { SharedThrottleCheck } from '../store/store.js';

/** Timestamps are rounded up to 1/1000 of the window, so a key's log never has more entries. */
const STEPS_PER_WINDOW = 1000;

/** The admissions of one key still inside the window, oldest first, as (stamp, count) runs. */
class WindowLog {
  readonly stamps: number[] = [];
  readonly counts: number[] = [];
  head = 0;
  total = 0;

  get newest(): number {
    return this.stamps[this.stamps.length - 1] ?? -Infinity;
  }

  /** Drops the runs whose stamp is at or before `cutoff` (they left the window). */
  prune(cutoff: number): void {
    while (this.head < this.stamps.length && this.stamps[this.head]! <= cutoff) {
      this.total -= this.counts[this.head]!;
      this.head++;
    }
    if (this.head > 32 && this.head * 2 > this.stamps.length) {
      this.stamps.splice(0, this.head);
      this.counts.splice(0, this.head);
      this.head = 0;
    }
  }

  add(stamp: number): void {
    const last = this.stamps.length - 1;
    if (last >= this.head && this.stamps[last] === stamp) this.counts[last]!++;
    else {
      this.stamps.push(stamp);
      this.counts.push(1);
    }
    this.total++;
  }
}

/**
 * One limit, N requests in any window of W seconds, over many keys (a sliding window log).
 * Each admission is stamped at the end of its 1/1000-of-W step and counts until stamp + W, so
 * the limiter is exact to that step and errs only on the side of refusing.
 */
export class SlidingWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #stepMs: number;
  /** Insertion order is the order of each key's last admission: idle keys are at the front. */
  readonly #logs = new Map<string, WindowLog>();
  #lastNow = -Infinity;

  constructor(limit: RateLimit) {
    this.#limit = limit.requests;
    this.#windowMs = limit.windowSeconds * 1000;
    this.#stepMs = this.#windowMs / STEPS_PER_WINDOW;
  }

  /** Keys with admissions still in their window. */
  get size(): number {
    return this.#logs.size;
  }

  /** Milliseconds until a request for `key` would be admitted; 0 means now. Counts nothing. */
  waitMs(key: string, nowMs: number): number {
    const now = this.#advance(nowMs);
    const log = this.#logs.get(key);
    if (log === undefined) return 0;
    log.prune(now - this.#windowMs);
    if (log.total === 0) this.#logs.delete(key);
    if (log.total < this.#limit) return 0;
    // The wait ends when enough of the oldest runs have left for one more to fit.
    let left = log.total;
    for (let i = log.head; i < log.stamps.length; i++) {
      left -= log.counts[i]!;
      if (left < this.#limit) return log.stamps[i]! + this.#windowMs - now;
    }
    return 0;
  }

  /** Counts an admitted request for `key`. */
  record(key: string, nowMs: number): void {
    const now = this.#advance(nowMs);
    const log = this.#logs.get(key) ?? new WindowLog();
    this.#logs.delete(key);
    log.add(Math.ceil(now / this.#stepMs) * this.#stepMs);
    this.#logs.set(key, log);
  }

  /** A clock that steps back (a wall-clock change) is held where it was; evicts idle keys. */
  #advance(nowMs: number): number {
    if (nowMs > this.#lastNow) this.#lastNow = nowMs;
    const cutoff = this.#lastNow - this.#windowMs;
    for (const [key, log] of this.#logs) {
      if (log.newest > cutoff) break;
      this.#logs.delete(key);
    }
    return this.#lastNow;
  }
}

/** Admits a request against every (limiter, key) or against none; returns the longest wait in ms. */
export function admit(checks: readonly (readonly [SlidingWindowLimiter, string])[], nowMs: number): number {
  let wait = 0;
  for (const [limiter, key] of checks) wait = Math.max(wait, limiter.waitMs(key, nowMs));
  if (wait === 0) for (const [limiter, key] of checks) limiter.record(key, nowMs);
  return wait;
}

/**
 * Who "the application" is: the token's appId (appid/azp); a token without one is limited by
 * its oid (the user, or the service principal in its tenant); with neither, all such callers
 * share one budget.
 */
export function callerKey(principal: Principal): string {
  if (principal.appId) return `app:${principal.appId.toLowerCase()}`;
  if (principal.objectId) return `oid:${principal.objectId.toLowerCase()}`;
  return 'anonymous';
}

/**
 * Throws (or rejects with) 429 TooManyRequests when the caller is over a limit; counts the request
 * otherwise. In memory for one server; in the database when several share it (issue 13).
 */
export type GraphThrottle = (principal: Principal, now: Date) => void | Promise<void>;
export type AdminThrottle = (adminKeyName: string, now: Date) => void | Promise<void>;

/** Admission in the shared database: Store.admitShared. */
export type SharedAdmit = (checks: readonly SharedThrottleCheck[], nowMs: number) => Promise<number>;

const unlimited = (): void => {};

function check(limit: RateLimit, key: string): SharedThrottleCheck {
  return { key, limit: limit.requests, windowMs: limit.windowSeconds * 1000 };
}

async function admitOrRefuse(shared: SharedAdmit, checks: readonly SharedThrottleCheck[], nowMs: number): Promise<void> {
  const wait = await shared(checks, nowMs);
  if (wait > 0) throw tooManyRequests(wait / 1000);
}

/** Per app per tenant and per app across tenants; `graph` mode uses Graph's published numbers. */
export function graphThrottle(config: ThrottleConfig, shared?: SharedAdmit): GraphThrottle {
  if (config.mode === 'off') return unlimited;
  const limits = config.mode === 'graph' ? GRAPH_THROTTLE : config;
  if (shared) {
    return (principal, now) => {
      const caller = callerKey(principal);
      return admitOrRefuse(
        shared,
        [check(limits.perAppPerTenant, `graph-tenant ${caller} ${principal.tenantId.toLowerCase()}`), check(limits.perAppAllTenants, `graph-app ${caller}`)],
        now.getTime(),
      );
    };
  }
  const perTenant = new SlidingWindowLimiter(limits.perAppPerTenant);
  const perApp = new SlidingWindowLimiter(limits.perAppAllTenants);
  return (principal, now) => {
    const caller = callerKey(principal);
    const wait = admit(
      [
        [perTenant, `${caller} ${principal.tenantId.toLowerCase()}`],
        [perApp, caller],
      ],
      now.getTime(),
    );
    if (wait > 0) throw tooManyRequests(wait / 1000);
  };
}

/** The admin API's own limit, per admin key, in every mode but `off`. */
export function adminThrottle(config: ThrottleConfig, shared?: SharedAdmit): AdminThrottle {
  if (config.mode === 'off') return unlimited;
  if (shared) return (adminKeyName, now) => admitOrRefuse(shared, [check(config.admin, `admin ${adminKeyName}`)], now.getTime());
  const limiter = new SlidingWindowLimiter(config.admin);
  return (adminKeyName, now) => {
    const wait = admit([[limiter, adminKeyName]], now.getTime());
    if (wait > 0) throw tooManyRequests(wait / 1000);
  };
}
