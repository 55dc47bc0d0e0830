// The request scheduler on a manual clock: budgets per tenant and per app, holds, fairness across tenants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GRAPH_LIMITS, classifyRequest, withHeadroom, type LimitTable } from './limits.js';
import { ManualClock } from './manual-clock.js';
import { RequestScheduler, type SlotKey } from './scheduler.js';
import { SlidingWindow } from './sliding-window.js';

const APP = 'app';
const key = (tenant: string, cls: SlotKey['cls'] = 'reports'): SlotKey => ({ app: APP, tenant, cls });

function small(perTenant: number, perApp: number, windowMs = 1_000): LimitTable {
  const l = { budget: perTenant, windowMs };
  return {
    classes: {
      reports: { perAppTenant: { S: l, M: l, L: l }, perApp: { budget: perApp, windowMs } },
      directory: GRAPH_LIMITS.classes.directory,
    },
    global: GRAPH_LIMITS.global,
  };
}

test('reports: 5 per 10 s per tenant (plus the margin), in order', async () => {
  const clock = new ManualClock(0);
  const s = new RequestScheduler({ clock, windowMarginMs: 250 });
  const granted: number[] = [];
  const all = Array.from({ length: 12 }, () => s.acquire(key('t1'), 1).then(() => granted.push(clock.now())));
  await clock.runUntil(Promise.all(all));
  assert.deepEqual(granted, [0, 0, 0, 0, 0, 10_250, 10_250, 10_250, 10_250, 10_250, 20_500, 20_500]);
});

test('the per-app budget across tenants binds when tenants together exceed it', async () => {
  const clock = new ManualClock(0);
  const s = new RequestScheduler({ clock, limits: small(5, 6), windowMarginMs: 0 });
  const at: Record<string, number[]> = { a: [], b: [] };
  const all = ['a', 'b'].flatMap((t) => Array.from({ length: 6 }, () => s.acquire(key(t), 1).then(() => at[t]!.push(clock.now()))));
  await clock.runUntil(Promise.all(all));
  const times = [...at.a!, ...at.b!].sort((x, y) => x - y);
  assert.deepEqual(times, [0, 0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 1000]);
});

test('fairness: tenants take turns for the shared budget, and a late tenant is not starved', async () => {
  const clock = new ManualClock(0);
  const s = new RequestScheduler({ clock, limits: small(100, 2), windowMarginMs: 0 });
  const order: string[] = [];
  const take = (t: string, n: number): Promise<unknown>[] => Array.from({ length: n }, () => s.acquire(key(t), 1).then(() => order.push(t)));
  const first = [...take('a', 20), ...take('b', 20)];
  await clock.advance(2_500);
  const late = take('c', 4);
  await clock.runUntil(Promise.all([...first, ...late]));
  // a's first two came before b asked; from then on the two alternate.
  assert.deepEqual(order.slice(0, 6), ['a', 'a', 'b', 'a', 'b', 'a']);
  const firstC = order.indexOf('c');
  assert.ok(firstC >= 6 && firstC <= 8, `c served within one round after it came (${firstC})`);
  const afterC = order.slice(firstC, firstC + 9);
  assert.ok(afterC.filter((t) => t === 'c').length >= 3, afterC.join(''));
});

test("a hold stops one tenant's class until it passes, and no other tenant or class; app holds stop all tenants", async () => {
  const clock = new ManualClock(0);
  const s = new RequestScheduler({ clock });
  s.hold(key('a'), 2_128);
  const at: Record<string, number> = {};
  const p = [
    s.acquire(key('a'), 1).then(() => {
      at.a = clock.now();
    }),
    s.acquire(key('b'), 1).then(() => {
      at.b = clock.now();
    }),
    s.acquire(key('a', 'directory'), 1).then(() => {
      at.ad = clock.now();
    }),
  ];
  await clock.runUntil(Promise.all(p));
  assert.deepEqual(at, { a: 2_128, b: 0, ad: 0 });
  assert.equal(s.heldUntil(key('a')), 2_128);
  s.hold(key('x'), 5_000, 'application');
  const q = s.acquire(key('b'), 1).then(() => clock.now());
  assert.equal(await clock.runUntil(q), 5_000);
});

test('an aborted wait leaves the queue and rejects with the reason', async () => {
  const clock = new ManualClock(0);
  const s = new RequestScheduler({ clock, limits: small(1, 10) });
  await s.acquire(key('a'), 1);
  const ac = new AbortController();
  const waiting = s.acquire(key('a'), 1, ac.signal);
  const next = s.acquire(key('a'), 1).then(() => clock.now());
  ac.abort(new Error('stop'));
  await assert.rejects(waiting, /stop/);
  assert.equal(await clock.runUntil(next), 1_250);
  assert.equal(s.waiting, 0);
});

test('directory budget follows the tenant size and resource-unit costs', () => {
  const s = new RequestScheduler({ clock: new ManualClock(0) });
  assert.equal(s.tenantBudget(key('t', 'directory')), 3_500);
  s.setTenantSize(APP, 't', 600);
  assert.equal(s.tenantBudget(key('t', 'directory')), 8_000);
  assert.deepEqual(classifyRequest('GET', '/v1.0/users/delta?$select=id,displayName'), { cls: 'directory', cost: 1 });
  assert.deepEqual(classifyRequest('GET', '/v1.0/groups/g1/members?$select=id'), { cls: 'directory', cost: 2 });
  assert.deepEqual(classifyRequest('GET', '/v1.0/subscribedSkus'), { cls: 'directory', cost: 3 });
  assert.deepEqual(classifyRequest('GET', '/beta/users/u1/authentication/methods'), { cls: 'directory', cost: 1 });
  assert.deepEqual(classifyRequest('GET', '/beta/reports/authenticationMethods/userRegistrationDetails?$top=999'), { cls: 'reports', cost: 1 });
  assert.deepEqual(classifyRequest('GET', 'auditLogs/signIns'), { cls: 'reports', cost: 1 });
  assert.equal(withHeadroom(GRAPH_LIMITS, 0.9).classes.directory.perAppTenant.L.budget, 7_200);
  assert.equal(withHeadroom(GRAPH_LIMITS, 0.9).classes.reports.perAppTenant.S.budget, 5);
});

test('property: grants never exceed a budget in any window, per tenant and per app', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ tenant: fc.constantFrom('a', 'b', 'c'), at: fc.integer({ min: 0, max: 5_000 }), cost: fc.integer({ min: 1, max: 3 }) }), {
        minLength: 1,
        maxLength: 40,
      }),
      fc.integer({ min: 2, max: 6 }),
      fc.integer({ min: 3, max: 10 }),
      async (arrivals, perTenant, perApp) => {
        const clock = new ManualClock(0);
        const s = new RequestScheduler({ clock, limits: small(perTenant, perApp), windowMarginMs: 0 });
        const grants: { tenant: string; at: number; cost: number }[] = [];
        const sorted = [...arrivals].sort((x, y) => x.at - y.at);
        const all: Promise<unknown>[] = [];
        for (const a of sorted) {
          await clock.advanceTo(a.at);
          all.push(s.acquire(key(a.tenant), a.cost).then(() => grants.push({ tenant: a.tenant, at: clock.now(), cost: Math.min(a.cost, perTenant) })));
        }
        await clock.runUntil(Promise.all(all));
        for (const g of grants) {
          const inWindow = grants.filter((h) => h.at <= g.at && h.at > g.at - 1_000);
          assert.ok(inWindow.filter((h) => h.tenant === g.tenant).reduce((n, h) => n + h.cost, 0) <= perTenant);
          assert.ok(inWindow.reduce((n, h) => n + Math.min(h.cost, perApp), 0) <= perApp);
        }
        assert.equal(grants.length, arrivals.length);
      },
    ),
    { numRuns: 60 },
  );
});

test('sliding window: memory is bounded by merging stamps within a thousandth of the window', () => {
  const w = new SlidingWindow(1_000_000, 10_000);
  for (let t = 0; t < 10_000; t += 1) w.admit(1, t);
  assert.equal(w.used(9_999), 10_000);
  assert.equal(w.waitFor(1, 9_999), 0);
  assert.equal(w.used(20_000), 0);
});
