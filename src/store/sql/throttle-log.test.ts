// The throttle log in the database (PostgreSQL: several servers) answers every sequence of
// requests exactly as the in-memory sliding window does (one server), and counts across servers.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { openStore } from '../open-store.js';
import type { SharedThrottleCheck, Store } from '../store.js';
import { SlidingWindowLimiter, admit } from '../../server/throttle.js';
import { testCluster, SKIP_NOTICE } from '../../test-support/postgres-cluster.js';

const cluster = testCluster();
if (cluster === null) console.warn(SKIP_NOTICE);
const stores: Store[] = [];
after(async () => {
  for (const s of stores) await s.close();
});

async function postgresStore(): Promise<Store> {
  const store = await openStore({ db: await (await cluster!).createDatabase() });
  stores.push(store);
  return store;
}

test('SQLite keeps the throttle in memory: no shared admission', async () => {
  const store = await openStore({ db: ':memory:' });
  try {
    assert.equal(store.admitShared, undefined);
  } finally {
    await store.close();
  }
});

test('the database log admits and refuses as the in-memory window does', { skip: cluster === null, timeout: 300_000 }, async () => {
  const store = await postgresStore();
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.record({ perTenant: fc.integer({ min: 1, max: 4 }), perApp: fc.integer({ min: 1, max: 6 }), windowMs: fc.constantFrom(1000, 10_000) }),
      fc.array(fc.record({ tenant: fc.constantFrom('t1', 't2'), app: fc.constantFrom('a1', 'a2'), advanceMs: fc.integer({ min: 0, max: 4000 }) }), {
        minLength: 1,
        maxLength: 30,
      }),
      async (limits, requests) => {
        run++;
        const perTenant = new SlidingWindowLimiter({ requests: limits.perTenant, windowSeconds: limits.windowMs / 1000 });
        const perApp = new SlidingWindowLimiter({ requests: limits.perApp, windowSeconds: limits.windowMs / 1000 });
        let now = 1_800_000_000_000 + run * 10_000_000;
        for (const r of requests) {
          now += r.advanceMs;
          const inMemory = admit(
            [
              [perTenant, `${r.app} ${r.tenant}`],
              [perApp, r.app],
            ],
            now,
          );
          const checks: SharedThrottleCheck[] = [
            { key: `run${run} tenant ${r.app} ${r.tenant}`, limit: limits.perTenant, windowMs: limits.windowMs },
            { key: `run${run} app ${r.app}`, limit: limits.perApp, windowMs: limits.windowMs },
          ];
          const inDatabase = await store.admitShared!(checks, now);
          assert.equal(inDatabase, inMemory);
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('two stores on one database share one budget, also when asking at once', { skip: cluster === null }, async () => {
  const url = await (await cluster!).createDatabase();
  const a = await openStore({ db: url });
  const b = await openStore({ db: url });
  stores.push(a, b);
  const checks = [{ key: 'k', limit: 7, windowMs: 60_000 }];
  const now = 1_900_000_000_000;
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).admitShared!(checks, now + i)));
  assert.equal(answers.filter((w) => w === 0).length, 7);
  // Requests stamped up to 40 ms apart arrive in any order (as from servers whose clocks differ):
  // a refusal waits at most the window plus that skew and one 60 ms step.
  assert.ok(
    answers.filter((w) => w > 0).every((w) => w <= 60_000 + 40 + 60),
    JSON.stringify(answers),
  );
});
