// Unit and property tests of the throttle on an injected clock (no wall-clock timing).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GraphError, tooManyRequests } from '../graph/errors.js';
import type { Principal } from '../graph/principal.js';
import { loadConfig } from './config.js';
import { SlidingWindowLimiter, adminThrottle, admit, callerKey, graphThrottle } from './throttle.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');

function principal(tenantId: string, appId: string | null, objectId: string | null = 'u-1'): Principal {
  return {
    tenantId,
    appId,
    objectId,
    expiresAtMs: T0 + 3_600_000,
    kind: 'delegated',
    scopes: new Set(['AuditLog.Read.All']),
    roles: new Set(),
    wids: new Set(),
    groups: new Set(),
  };
}

/** Runs arrivals (ms offsets, nondecreasing) through a fresh limiter; returns each decision's wait. */
function run(limit: { requests: number; windowSeconds: number }, times: readonly number[], key = 'k'): number[] {
  const limiter = new SlidingWindowLimiter(limit);
  return times.map((t) => admit([[limiter, key]], t));
}

/** Nondecreasing arrival times with many ties and gaps around the window. */
const arrivals = (windowMs: number) =>
  fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: windowMs / 4 }), fc.integer({ min: 0, max: 2 * windowMs })), { maxLength: 120 }).map((gaps) => {
    let t = T0;
    return gaps.map((g) => (t += g));
  });

const limits = fc.record({ requests: fc.integer({ min: 1, max: 8 }), windowSeconds: fc.integer({ min: 1, max: 5 }) });

describe('SlidingWindowLimiter', () => {
  test('admits N in a window, refuses the next with the time until the oldest leaves', () => {
    const waits = run({ requests: 5, windowSeconds: 10 }, [T0, T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000, T0 + 4500]);
    assert.deepEqual(waits, [0, 0, 0, 0, 0, 5500]);
  });

  test('waiting exactly the answer gets in; a millisecond less does not', () => {
    const limiter = new SlidingWindowLimiter({ requests: 2, windowSeconds: 1 });
    assert.equal(admit([[limiter, 'k']], T0), 0);
    assert.equal(admit([[limiter, 'k']], T0 + 300), 0);
    const wait = admit([[limiter, 'k']], T0 + 400);
    assert.equal(wait, 600);
    assert.equal(limiter.waitMs('k', T0 + 999), 1);
    assert.equal(admit([[limiter, 'k']], T0 + 1000), 0);
  });

  test('refusals do not consume budget: hammering does not push the wait out', () => {
    const limiter = new SlidingWindowLimiter({ requests: 1, windowSeconds: 10 });
    admit([[limiter, 'k']], T0);
    for (let t = T0 + 1; t < T0 + 10_000; t += 97) assert.equal(admit([[limiter, 'k']], t), T0 + 10_000 - t);
    assert.equal(admit([[limiter, 'k']], T0 + 10_000), 0);
  });

  test('keys are independent', () => {
    const limiter = new SlidingWindowLimiter({ requests: 1, windowSeconds: 10 });
    assert.equal(admit([[limiter, 'a']], T0), 0);
    assert.ok(admit([[limiter, 'a']], T0) > 0);
    assert.equal(admit([[limiter, 'b']], T0), 0);
  });

  test('idle keys are evicted once their window has passed', () => {
    const limiter = new SlidingWindowLimiter({ requests: 3, windowSeconds: 10 });
    for (let i = 0; i < 1000; i++) admit([[limiter, `app-${i}`]], T0 + i);
    assert.equal(limiter.size, 1000);
    admit([[limiter, 'late']], T0 + 10_500);
    assert.equal(limiter.size, 1 + 499, 'keys last admitted within the window stay');
    limiter.waitMs('anything', T0 + 20_000);
    assert.equal(limiter.size, 1, 'only the late key is left');
    limiter.waitMs('anything', T0 + 21_000);
    assert.equal(limiter.size, 0);
  });

  test('a clock that steps back is held, never reopening the window', () => {
    const limiter = new SlidingWindowLimiter({ requests: 1, windowSeconds: 10 });
    admit([[limiter, 'k']], T0 + 5000);
    assert.equal(admit([[limiter, 'k']], T0), 10_000);
  });

  test('a long window keeps at most ~1000 runs per key, whatever N is', () => {
    const limiter = new SlidingWindowLimiter({ requests: 1_000_000, windowSeconds: 100 });
    for (let t = 0; t < 100_000; t += 7) admit([[limiter, 'k']], T0 + t);
    // 14,286 admissions in 1,000 runs of 100 ms: the memory bound; the limit still holds.
    assert.equal(limiter.waitMs('k', T0 + 100_000), 0);
  });

  test('property: no window of W ever holds more than N admissions', () => {
    fc.assert(
      fc.property(limits, arrivals(5000), (limit, times) => {
        const waits = run(limit, times);
        const admitted = times.filter((_, i) => waits[i] === 0);
        const windowMs = limit.windowSeconds * 1000;
        for (const start of admitted) {
          assert.ok(admitted.filter((t) => t >= start && t < start + windowMs).length <= limit.requests);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('property: refused requests change nothing (replaying only the admitted ones admits them all)', () => {
    fc.assert(
      fc.property(limits, arrivals(5000), (limit, times) => {
        const waits = run(limit, times);
        const admitted = times.filter((_, i) => waits[i] === 0);
        assert.deepEqual(
          run(limit, admitted),
          admitted.map(() => 0),
        );
      }),
      { numRuns: 300 },
    );
  });

  test('property: the wait is exact — at now + wait admitted, at now + wait − 1 ms not', () => {
    fc.assert(
      fc.property(limits, arrivals(5000), (limit, times) => {
        const a = new SlidingWindowLimiter(limit);
        const b = new SlidingWindowLimiter(limit);
        for (const t of times) {
          admit([[a, 'k']], t);
          admit([[b, 'k']], t);
        }
        const now = (times[times.length - 1] ?? T0) + 1;
        const wait = a.waitMs('k', now);
        assert.equal(b.waitMs('k', now), wait);
        if (wait > 0) {
          assert.ok(a.waitMs('k', now + wait - 1) > 0);
          assert.equal(b.waitMs('k', now + wait), 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('property: on whole-step times it decides exactly as a naive sliding log', () => {
    fc.assert(
      fc.property(limits, arrivals(5000), (limit, times) => {
        const windowMs = limit.windowSeconds * 1000;
        const step = windowMs / 1000;
        const aligned = times.map((t) => Math.ceil(t / step) * step);
        const log: number[] = [];
        const naive = aligned.map((t) => {
          const inWindow = log.filter((s) => s > t - windowMs);
          if (inWindow.length < limit.requests) {
            log.push(t);
            return 0;
          }
          return inWindow[inWindow.length - limit.requests]! + windowMs - t;
        });
        assert.deepEqual(run(limit, aligned), naive);
      }),
      { numRuns: 300 },
    );
  });
});

describe('graphThrottle', () => {
  const graph = loadConfig({ AMR_THROTTLE: 'graph' }).throttle;
  const at = (ms: number) => new Date(T0 + ms);

  // The throttle may answer synchronously or with a promise (the shared one): await both.
  async function status(f: () => void | Promise<void>): Promise<number | string> {
    try {
      await f();
      return 'ok';
    } catch (err) {
      assert.ok(err instanceof GraphError);
      return Number(err.headers['Retry-After']);
    }
  }

  test('graph mode: 5 per 10 s per app per tenant; another tenant or app is unaffected', async () => {
    const limit = graphThrottle(graph);
    for (let i = 0; i < 5; i++) assert.equal(await status(() => limit(principal('t1', 'app-a'), at(i * 100))), 'ok');
    assert.equal(await status(() => limit(principal('t1', 'app-a'), at(600))), 10);
    assert.equal(await status(() => limit(principal('t2', 'app-a'), at(600))), 'ok');
    assert.equal(await status(() => limit(principal('t1', 'app-b'), at(600))), 'ok');
    assert.equal(await status(() => limit(principal('t1', 'app-a'), at(10_000))), 'ok');
  });

  test('graph mode: 122 per 10 s per app across tenants', async () => {
    const limit = graphThrottle(graph);
    for (let i = 0; i < 122; i++) assert.equal(await status(() => limit(principal(`t${Math.floor(i / 5)}`, 'app-a'), at(i))), 'ok');
    assert.equal(await status(() => limit(principal('fresh-tenant', 'app-a'), at(500))), 10);
    assert.equal(await status(() => limit(principal('fresh-tenant', 'app-b'), at(500))), 'ok');
  });

  test("graph mode has Graph's numbers (custom ones are refused there); custom mode uses its own", async () => {
    const env = { AMR_THROTTLE_PER_TENANT: '1/1', AMR_THROTTLE_PER_APP: '1/1' };
    assert.throws(() => loadConfig({ ...env, AMR_THROTTLE: 'graph' }), /only with AMR_THROTTLE=custom/);
    const asGraph = graphThrottle(loadConfig({ AMR_THROTTLE: 'graph' }).throttle);
    const asCustom = graphThrottle(loadConfig({ ...env, AMR_THROTTLE: 'custom' }).throttle);
    for (const limit of [asGraph, asCustom]) await limit(principal('t1', 'a'), at(0));
    assert.equal(await status(() => asGraph(principal('t1', 'a'), at(1))), 'ok');
    assert.equal(await status(() => asCustom(principal('t1', 'a'), at(1))), 1);
    assert.equal(await status(() => asCustom(principal('t2', 'a'), at(1))), 1, 'the per-app limit of 1/1 also holds');
  });

  test('a request refused by one limit is counted by neither', async () => {
    const limit = graphThrottle(loadConfig({ AMR_THROTTLE: 'custom', AMR_THROTTLE_PER_TENANT: '1/10', AMR_THROTTLE_PER_APP: '2/10' }).throttle);
    await limit(principal('t1', 'a'), at(0));
    for (let i = 1; i < 50; i++) assert.equal(await status(() => limit(principal('t1', 'a'), at(i))), 10);
    assert.equal(await status(() => limit(principal('t2', 'a'), at(100))), 'ok', 'the refusals took no per-app budget');
  });

  test('off mode never throttles', async () => {
    const limit = graphThrottle(loadConfig({}).throttle);
    for (let i = 0; i < 1000; i++) await limit(principal('t1', 'a'), at(0));
  });

  test('the Retry-After is whole seconds, rounded up', async () => {
    const limit = graphThrottle(graph);
    for (let i = 0; i < 5; i++) await limit(principal('t1', 'a'), at(0));
    assert.equal(await status(() => limit(principal('t1', 'a'), at(2872))), 8);
    assert.equal(await status(() => limit(principal('t1', 'a'), at(9999))), 1);
  });
});

describe('who the application is', () => {
  test('appId, else oid, else one shared budget; case-insensitive', async () => {
    assert.equal(callerKey(principal('t', 'AbC')), 'app:abc');
    assert.equal(callerKey(principal('t', null, 'OID-1')), 'oid:oid-1');
    assert.equal(callerKey(principal('t', null, null)), 'anonymous');
  });

  test('callers without appId are limited per oid', async () => {
    const limit = graphThrottle(loadConfig({ AMR_THROTTLE: 'custom', AMR_THROTTLE_PER_TENANT: '1/10' }).throttle);
    await limit(principal('t1', null, 'u1'), new Date(T0));
    await assert.rejects(async () => limit(principal('t1', null, 'u1'), new Date(T0)), { code: 'TooManyRequests' });
    await limit(principal('t1', null, 'u2'), new Date(T0));
  });
});

describe('adminThrottle', () => {
  test('its own limit per admin key; off in off mode', async () => {
    const limit = adminThrottle(loadConfig({ AMR_THROTTLE: 'graph', AMR_THROTTLE_ADMIN: '2/60' }).throttle);
    await limit('key', new Date(T0));
    await limit('key', new Date(T0 + 1));
    await assert.rejects(
      async () => limit('key', new Date(T0 + 2)),
      (err: GraphError) => err.status === 429 && err.headers['Retry-After'] === '60',
    );
    const off = adminThrottle(loadConfig({ AMR_THROTTLE_ADMIN: '1/60' }).throttle);
    for (let i = 0; i < 10; i++) await off('key', new Date(T0));
  });
});

describe('tooManyRequests', () => {
  test("Graph's body, innerError fields in Graph's order", () => {
    const err = tooManyRequests(2.128);
    assert.equal(err.status, 429);
    assert.deepEqual(err.headers, { 'Retry-After': '3' });
    const body = err.body({ requestId: 'r-1', clientRequestId: 'c-1', date: new Date('2026-11-20T12:00:00.123Z') });
    assert.equal(
      JSON.stringify(body),
      JSON.stringify({
        error: {
          code: 'TooManyRequests',
          message: 'Please retry again later.',
          innerError: {
            code: '429',
            date: '2026-11-20T12:00:00',
            message: 'Please retry after',
            'request-id': 'r-1',
            status: '429',
            'client-request-id': 'c-1',
          },
        },
      }),
    );
  });

  test('other errors keep their innerError as it was', async () => {
    const body = new GraphError(400, 'BadRequest', 'x').body({ requestId: 'r', clientRequestId: 'c', date: new Date(T0) });
    assert.deepEqual(Object.keys(body.error.innerError), ['date', 'request-id', 'client-request-id']);
  });

  test('never less than one second', async () => {
    assert.equal(tooManyRequests(0.001).headers['Retry-After'], '1');
    assert.equal(tooManyRequests(10).headers['Retry-After'], '10');
  });
});
