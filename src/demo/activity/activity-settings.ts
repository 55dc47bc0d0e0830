// Options of the demo activity generator, validated once into the settings every part reads:
// the window (now − days, now], the sign-in density and the seed words derived from the tenant.
import { hashString, type SeedWords } from '../prng.js';
import { DAY_MS } from '../wire.js';

export interface DemoActivityOptions {
  /** The end of the window; nothing is dated after it. */
  readonly now: Date;
  /** Days in the window; default 30, the retention of P1/P2 logs (entra-rules §3.5). */
  readonly days?: number;
  /**
   * Multiplies the sign-in volume (audit volume follows the population), range (0, 10]. Default: 1 up to
   * FULL_DENSITY_USERS users, then less, so that the default never makes more sign-ins than that many users do.
   */
  readonly density?: number;
}

export interface ActivitySettings {
  readonly seed: SeedWords;
  readonly tenantId: string;
  /** Whole seconds, as Graph writes them. */
  readonly nowMs: number;
  /** Exclusive start: records fall in (startMs, nowMs]. */
  readonly startMs: number;
  readonly days: number;
  readonly density: number;
  /** days / 30: scales the per-month rates of the rarer events. */
  readonly months: number;
}

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 365;
/** The default volume's cap: about 210,000 sign-ins a month, which the store takes in about 3.5 s (decision 0031). */
export const FULL_DENSITY_USERS = 5000;

export function defaultDensity(userCount: number): number {
  return Math.min(1, FULL_DENSITY_USERS / Math.max(1, userCount));
}

export function activitySettings(tenantId: string, userCount: number, options: DemoActivityOptions): ActivitySettings {
  const { now } = options;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('now must be a valid Date');
  const days = options.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new RangeError(`days must be a whole number from 1 to ${MAX_DAYS}, got ${days}`);
  const density = options.density ?? defaultDensity(userCount);
  if (!(density > 0 && density <= 10)) throw new RangeError(`density must be in (0, 10], got ${density}`);
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  return {
    // The tenant id is a function of the tenant's seed, so the activity is too; its own salt keeps the
    // activity's streams apart from the tenant's.
    seed: hashString(`amr-demo-activity:${tenantId}`),
    tenantId,
    nowMs,
    startMs: nowMs - days * DAY_MS,
    days,
    density,
    months: days / 30,
  };
}

/** Whether a time lies in the window (startMs, nowMs]. */
export function inWindow(s: ActivitySettings, ms: number): boolean {
  return ms > s.startMs && ms <= s.nowMs;
}
