// Store contract (issue 13 §7), on SQLite and PostgreSQL alike: activity appends are idempotent by
// source id (the same batch twice is stored once, its rollups counted once, in one batch or many),
// tenants that share object and record ids are kept apart, and retention removes what is older
// than the cut and nothing else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord, SignInRecord } from '../../reports/activity-model.js';
import { deriveSignInFact, mfaRollup, signInMethodRollup } from '../../reports/activity/index.js';
import { audit, registered, signIn, ssprStep, step } from '../../reports/activity/test-records.js';
import { prng } from '../../util/prng.js';
import { openStore } from '../open-store.js';
import type { ActivityAppendSummary, Store } from '../store.js';
import { contractStores } from '../../test-support/test-db.js';

const T1 = '0b5e1c3a-7a7d-4d65-9f6e-2a1f0c9d8e7b';
const T2 = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const NOW = new Date('2026-11-30T12:00:00Z');
const EPOCH = '2000-01-01';

/** Registrations, password events, reset flows over several sessions, rows no rule reads, and sign-ins; some ids repeat. */
function activity(tenantId: string, seed: number): { audits: AuditRecord[]; signIns: SignInRecord[] } {
  const random = prng(seed);
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(random() * xs.length)]!;
  const at = () => new Date(Date.UTC(2026, 10, 1) + Math.floor(random() * 28 * 86_400_000)).toISOString();
  const result = (): AuditRecord['result'] => (random() < 0.2 ? 'failure' : 'success');
  const flow = [
    'User submitted their user ID',
    'User started the mobile SMS verification option',
    'User completed the mobile SMS verification option',
    'User started the email verification option',
    'User completed the email verification option',
  ];
  const audits: AuditRecord[] = [];
  for (let i = 0; i < 300; i++) {
    const id = `a-${random() < 0.1 ? Math.floor(random() * Math.max(1, i)) : i}`;
    const kind = random();
    if (kind < 0.4)
      audits.push(
        registered(id, pick(['User registered Authenticator app.', 'User registered Email.', 'User registered Phone.']), {
          tenantId,
          activityDateTime: at(),
          result: result(),
        }),
      );
    else if (kind < 0.6)
      audits.push(
        audit({
          id,
          tenantId,
          loggedByService: 'Self-service Password Management',
          activityDisplayName: pick(['Reset password (self-service)', 'Change password (self-service)', 'Unlock user account (self-service)']),
          activityDateTime: at(),
          result: result(),
        }),
      );
    else if (kind < 0.9) audits.push(ssprStep(id, Math.floor(random() * 60), pick(flow), { tenantId, correlationId: `sess-${Math.floor(random() * 12)}` }));
    else audits.push(audit({ id, tenantId, activityDateTime: at() }));
  }
  const signIns: SignInRecord[] = [];
  for (let i = 0; i < 400; i++) {
    signIns.push(
      signIn({
        id: `s-${i % 320}`,
        tenantId,
        createdDateTime: at(),
        isInteractive: random() < 0.8,
        errorCode: random() < 0.15 ? 50126 : 0,
        authenticationRequirement: pick(['singleFactorAuthentication', 'multiFactorAuthentication']),
        authenticationDetails: [
          step('Password'),
          ...(random() < 0.5 ? [step(pick(['Mobile app notification', 'Text message', 'FIDO2 security key']), { requirement: 'MFA' })] : []),
        ],
      }),
    );
  }
  return { audits, signIns };
}

/** Rollup rows in a fixed order: the store gives them in none. */
const sorted = <R>(rows: readonly R[]): R[] => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** Everything a tenant's activity reports read. */
async function reportsOf(store: Store, tenantId: string): Promise<Record<string, unknown>> {
  const events = await store.listActivityEvents({ tenantId, since: EPOCH, filter: null, orderby: [], top: 1000, after: null, count: true });
  return {
    hours: sorted(await store.activityHourRows(tenantId, EPOCH)),
    days: sorted(await store.mfaDayRows(tenantId, EPOCH)),
    methods: sorted(await store.signInMethodHourRows(tenantId, EPOCH)),
    passwords: sorted(await store.passwordDayRows(tenantId, EPOCH)),
    events: events.rows,
    count: events.count,
  };
}

/** Sums what appends answered. */
function total(summaries: readonly ActivityAppendSummary[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const s of summaries) for (const [k, v] of Object.entries(s) as [string, number][]) t[k] = (t[k] ?? 0) + v;
  return t;
}

for (const contract of await contractStores()) {
  describe(`store contract on ${contract.name}: activity appends`, () => {
    let whole: Store;
    let batched: Store;
    before(async () => {
      whole = await openStore({ db: await contract.db(), now: () => NOW });
      batched = await openStore({ db: await contract.db(), now: () => NOW });
    });
    after(async () => {
      await whole.close();
      await batched.close();
    });

    test('the same batch twice is stored once and counted once, in one batch or many', async () => {
      const a = activity(T1, 1);
      const first = await whole.appendActivity(T1, a);
      const reports = await reportsOf(whole, T1);
      const again = await whole.appendActivity(T1, a);
      assert.deepEqual(again, {
        newAudits: 0,
        duplicateAudits: a.audits.length,
        newSignIns: 0,
        duplicateSignIns: a.signIns.length,
        registrationEvents: 0,
        resetEvents: 0,
        passwordEvents: 0,
      });
      assert.deepEqual(await reportsOf(whole, T1), reports);
      // The sign-in rollups are the reports' own rules over the first record of each id, once.
      const facts = a.signIns.filter((s, i) => a.signIns.findIndex((o) => o.id === s.id) === i).map(deriveSignInFact);
      assert.equal(first.newSignIns, facts.length);
      assert.equal(first.newAudits, new Set(a.audits.map((r) => r.id)).size);
      assert.deepEqual(reports['methods'], sorted(signInMethodRollup(facts)));
      assert.deepEqual(reports['days'], sorted(mfaRollup(facts)));
      for (const k of ['registrationEvents', 'resetEvents', 'passwordEvents'] as const) assert.ok(first[k] > 0, k);
      // In batches of 37, each sent twice, and once more whole: the same reports.
      const answers: ActivityAppendSummary[] = [];
      for (let i = 0; i < Math.max(a.audits.length, a.signIns.length); i += 37) {
        const part = { audits: a.audits.slice(i, i + 37), signIns: a.signIns.slice(i, i + 37) };
        answers.push(await batched.appendActivity(T1, part));
        const repeat = await batched.appendActivity(T1, part);
        assert.equal(repeat.newAudits + repeat.newSignIns, 0);
      }
      assert.equal(total(answers)['newAudits'], first.newAudits);
      assert.equal(total(answers)['newSignIns'], first.newSignIns);
      await batched.appendActivity(T1, a);
      assert.deepEqual(await reportsOf(batched, T1), reports);
    });

    test('two tenants with the same user, sign-in and audit ids are kept apart', async () => {
      const a = activity(T2, 1);
      const stored = await whole.appendActivity(T2, a);
      assert.equal(stored.newSignIns, new Set(a.signIns.map((r) => r.id)).size, "none taken for T1's");
      assert.equal(stored.newAudits, new Set(a.audits.map((r) => r.id)).size);
      // The same records give the same reports, each tenant its own.
      const t1 = await reportsOf(whole, T1);
      assert.deepEqual(await reportsOf(whole, T2), t1);
      assert.ok((await whole.pruneActivity(T2, '2100-01-01T00:00:00.000Z')) > 0);
      assert.deepEqual(await reportsOf(whole, T2), { hours: [], days: [], methods: [], passwords: [], events: [], count: 0 });
      assert.deepEqual(await reportsOf(whole, T1), t1, 'pruning one tenant left the other as it was');
    });

    test('retention removes records, events and rollup buckets before the cut, and keeps everything after it', async () => {
      const cut = '2026-11-15T00:00:00.000Z';
      const keptBefore = await reportsOf(batched, T1);
      const removed = await batched.pruneActivity(T1, cut);
      assert.ok(removed > 0);
      const kept = await reportsOf(batched, T1);
      const after = <R extends Record<string, unknown>>(rows: unknown, time: string): R[] =>
        (rows as R[]).filter((r) => String(r[time]) >= cut.slice(0, String(r[time]).length));
      assert.deepEqual(kept['hours'], after(keptBefore['hours'], 'hour'));
      assert.deepEqual(kept['methods'], after(keptBefore['methods'], 'hour'));
      assert.deepEqual(kept['days'], after(keptBefore['days'], 'day'));
      assert.deepEqual(kept['passwords'], after(keptBefore['passwords'], 'day'));
      assert.deepEqual(kept['events'], after(keptBefore['events'], 'eventDateTime'));
      assert.ok((kept['events'] as unknown[]).length > 0 && (kept['events'] as unknown[]).length < (keptBefore['events'] as unknown[]).length);
      // Pruned records are gone: appended again they are new (and only they are).
      const a = activity(T1, 1);
      const back = await batched.appendActivity(T1, a);
      assert.ok(back.newSignIns > 0 && back.newSignIns < a.signIns.length);
      assert.equal(await batched.pruneActivity(T1, '2000-01-01T00:00:00.000Z'), 0);
    });
  });
}
