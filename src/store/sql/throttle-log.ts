// The throttle's sliding-window log in the database, for servers that share one (issue 13): each
// admitted request is a row (key, stamp) kept while inside its window; a request is admitted
// against every check or none, under advisory locks on its keys, so two servers never grant more
// than the limit between them. The same rule as the in-memory SlidingWindowLimiter (decision 0050).
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

export interface ThrottleCheck {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

/** Milliseconds until every check would admit; 0 means admitted now (and counted). */
export async function admitLogged(tx: SqlExecutor, qb: Kysely<DB>, checks: readonly ThrottleCheck[], nowMs: number): Promise<number> {
  // Locks in one order on every server: two requests with the same two keys cannot deadlock.
  const keys = [...new Set(checks.map((c) => c.key))].sort();
  for (const key of keys) await tx.advisoryLock?.(`throttle:${key}`);
  let wait = 0;
  for (const check of checks) {
    const cutoff = nowMs - check.windowMs;
    await tx.run(qb.deleteFrom('throttle_log').where('key', '=', check.key).where('stamp', '<=', cutoff).compile());
    const stamps = (await tx.all(qb.selectFrom('throttle_log').select('stamp').where('key', '=', check.key).orderBy('stamp').compile())).map((r) =>
      Number(r.stamp),
    );
    if (stamps.length < check.limit) continue;
    // The wait ends when enough of the oldest admissions have left the window for one more to fit.
    wait = Math.max(wait, stamps[stamps.length - check.limit]! + check.windowMs - nowMs);
  }
  if (wait > 0) return wait;
  // Stamped at the end of its 1/1000-of-the-window step, as the in-memory limiter does: the same
  // requests get the same answers from both.
  await tx.insertMany(
    'throttle_log',
    ['key', 'stamp'],
    checks.map((c) => [c.key, Math.ceil(nowMs / (c.windowMs / 1000)) * (c.windowMs / 1000)]),
  );
  return 0;
}

/** Drops admissions older than the longest window (keys no request asked for since). */
export async function sweepThrottleLog(tx: SqlExecutor, qb: Kysely<DB>, olderThanMs: number): Promise<number> {
  return tx.run(qb.deleteFrom('throttle_log').where('stamp', '<=', olderThanMs).compile());
}
