// The pure evaluator and the alert lifecycle: coverage per class and feature, thresholds, drops
// against history, admins, changes; opening and resolving is idempotent (fast-check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BucketSummary } from '../reports/breakdowns.js';
import { FEATURES } from '../reports/summaries.js';
import type { AlertRecord } from '../store/sql/alert-store.js';
import { coverageOf, evaluate, pastKey, type EvaluationInputs } from './evaluate.js';
import { reconcile } from './lifecycle.js';
import { AlertInputError, parseNewRule, patchRule, type AlertRule } from './rules.js';

const TENANT = 'dd5bff5f-1a20-4f27-864d-c3b9d8f78e1f';
const NOW = new Date('2026-12-07T00:00:00Z');

function bucket(
  key: string | null,
  p: Partial<Record<'phishingResistant' | 'passwordless' | 'mfa' | 'weakMfa' | 'none', number>>,
  mfaCapable = 0,
): BucketSummary {
  const protection = { phishingResistant: 0, passwordless: 0, mfa: 0, weakMfa: 0, none: 0, ...p };
  const total = Object.values(protection).reduce((a, b) => a + b, 0);
  return {
    key,
    displayName: key === null ? null : `Name of ${key}`,
    totalUserCount: total,
    protection,
    staleUserCount: 0,
    feature: { totalUserCount: total, userRegistrationFeatureCounts: FEATURES.map((f) => ({ feature: f, userCount: f === 'mfaCapable' ? mfaCapable : 0 })) },
    method: { totalUserCount: total, userRegistrationMethodCounts: [] },
  };
}

let n = 0;
function rule(body: Record<string, unknown>): AlertRule {
  n++;
  return parseNewRule({ name: `rule ${n}`, ...body }, { id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, tenantId: TENANT, now: NOW });
}

const inputs = (over: Partial<EvaluationInputs> = {}): EvaluationInputs => ({
  current: new Map(),
  past: new Map(),
  admins: new Map(),
  changes: new Map(),
  ...over,
});

test('a class covers users of that class or stronger; weakMfa counts exactly the weak-only users', () => {
  const b = bucket('x', { phishingResistant: 1, passwordless: 2, mfa: 3, weakMfa: 4 }); // total 10
  assert.equal(coverageOf(b, 'phishingResistant'), 10);
  assert.equal(coverageOf(b, 'passwordless'), 30);
  assert.equal(coverageOf(b, 'mfa'), 60);
  assert.equal(coverageOf(b, 'weakMfa'), 40);
  assert.equal(coverageOf(bucket('y', {}, 0), 'mfa'), null, 'an empty bucket has no coverage');
  assert.equal(coverageOf(bucket('z', { none: 4 }, 3), 'mfaCapable'), 75);
});

test('coverageBelow fires per bucket under the threshold, not at it, and ignores small buckets', () => {
  const r = rule({ kind: 'coverageBelow', metric: 'mfa', threshold: 50, groupBy: 'department', minBucketSize: 3 });
  const current = new Map([
    ['department', [bucket('Sales', { mfa: 1, none: 3 }), bucket('IT', { mfa: 2, none: 2 }), bucket('Tiny', { none: 2 }), bucket(null, { weakMfa: 5 })]],
  ]);
  const { conditions, judgedRuleIds } = evaluate([r], inputs({ current }));
  assert.deepEqual(
    conditions.map((c) => c.conditionKey),
    [`${r.id}|bucket|=Sales`, `${r.id}|bucket|~none`],
  );
  assert.equal(conditions[0]!.detail['coveragePercent'], 25);
  assert.ok(judgedRuleIds.has(r.id));
  // No current buckets (no report state yet): not judged, nothing holds.
  assert.equal(evaluate([r], inputs()).judgedRuleIds.size, 0);
});

test('coverageDrop compares with the same bucket D days ago; a new bucket or no history is no drop', () => {
  const r = rule({ kind: 'coverageDrop', metric: 'passwordless', points: 10, days: 7, groupBy: 'department' });
  const current = new Map([['department', [bucket('A', { passwordless: 7, none: 3 }), bucket('B', { passwordless: 9, none: 1 }), bucket('New', { none: 1 })]]]);
  const past = new Map([[pastKey('department', 7), [bucket('A', { passwordless: 8, none: 2 }), bucket('B', { passwordless: 10 })]]]);
  const got = evaluate([r], inputs({ current, past })).conditions;
  assert.deepEqual(
    got.map((c) => [c.subject.kind === 'bucket' ? c.subject.key : '', c.detail['dropPoints']]),
    [
      ['A', 10],
      ['B', 10],
    ],
  );
  const noHistory = evaluate([r], inputs({ current, past: new Map([[pastKey('department', 7), null]]) }));
  assert.deepEqual(noHistory.conditions, []);
  assert.ok(noHistory.judgedRuleIds.has(r.id));
});

test('admin and change rules: one condition per admin, per change; privilegedOnly narrows', () => {
  const admins = rule({ kind: 'adminWithoutPhishingResistant', privilegedOnly: true });
  const changes = rule({ kind: 'privilegedMethodChange' });
  const admin = (id: string, priv: boolean, strength: 'mfa' | 'phishingResistant') => ({
    userId: id,
    userPrincipalName: `${id}@x`,
    userDisplayName: id,
    isPrivilegedAdmin: priv,
    registeredStrength: strength,
  });
  const change = (id: string, user: string, isAdmin: boolean) => ({
    id,
    userId: user,
    userPrincipalName: `${user}@x`,
    changedDateTime: NOW.toISOString(),
    method: 'mobilePhone',
    change: 'added' as const,
    isAdmin,
    isPrivilegedAdmin: false,
  });
  const got = evaluate(
    [admins, changes],
    inputs({
      admins: new Map([['privileged', [admin('u1', true, 'mfa'), admin('u2', false, 'mfa'), admin('u3', true, 'phishingResistant')]]]),
      changes: new Map([[changes.id, [change('c1', 'u1', true), change('c2', 'u9', false)]]]),
    }),
  ).conditions.map((c) => c.conditionKey);
  assert.deepEqual(got.sort(), [`${admins.id}|user|u1`, `${changes.id}|change|u1|c1`].sort());
});

test('rules are validated field by field; a PATCH cannot change the kind', () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ kind: 'coverageBelow', metric: 'mfa', threshold: 101 }, 'threshold'],
    [{ kind: 'coverageBelow', metric: 'none', threshold: 5 }, 'metric'],
    [{ kind: 'coverageDrop', metric: 'mfa', points: 5, days: 0 }, 'days'],
    [{ kind: 'coverageBelow', metric: 'mfa', threshold: 5, groupBy: 'city' }, 'groupBy'],
    [{ kind: 'coverageBelow', metric: 'mfa', threshold: 5, points: 3 }, 'points'],
    [{ kind: 'nope' }, 'kind'],
    [{ kind: 'adminWithoutPhishingResistant', name: '' }, 'name'],
  ];
  for (const [body, field] of bad) {
    assert.throws(
      () => parseNewRule({ name: 'x', ...body }, { id: 'i', tenantId: TENANT, now: NOW }),
      (e: unknown) => e instanceof AlertInputError && e.field === field,
      JSON.stringify(body),
    );
  }
  const r = rule({ kind: 'coverageBelow', metric: 'mfa', threshold: 5 });
  assert.throws(
    () => patchRule(r, { kind: 'coverageDrop' }),
    (e: unknown) => e instanceof AlertInputError && e.field === 'kind',
  );
  assert.throws(
    () => patchRule(r, { threshold: -1 }),
    (e: unknown) => e instanceof AlertInputError && e.field === 'threshold',
  );
  const patched = patchRule(r, { threshold: 70, enabled: false, id: r.id });
  assert.equal(patched.kind === 'coverageBelow' && patched.threshold, 70);
  assert.equal(patched.enabled, false);
});

/** The store's side of reconcile: apply the changes to the open set. */
function apply(open: readonly AlertRecord[], changes: ReturnType<typeof reconcile>): AlertRecord[] {
  const resolved = new Set(changes.resolved.map((a) => a.id));
  const seen = new Map(changes.seen.map((a) => [a.id, a]));
  return [...open.filter((a) => !resolved.has(a.id)).map((a) => seen.get(a.id) ?? a), ...changes.opened];
}

test('opening and resolving: a condition opens once, stays open silently, resolves once; applying twice changes nothing (property)', () => {
  const r = rule({ kind: 'coverageBelow', metric: 'mfa', threshold: 50, groupBy: 'department' });
  const hook = { tenantId: TENANT, id: 'w', url: 'http://x/', secret: 's', enabled: true, createdAt: NOW.toISOString() };
  const keys = ['A', 'B', 'C', 'D'];
  let ids = 0;
  fc.assert(
    fc.property(fc.array(fc.subarray(keys), { minLength: 1, maxLength: 6 }), (rounds) => {
      let open: AlertRecord[] = [];
      let previous = new Set<string>();
      for (const low of rounds) {
        const current = new Map([['department', keys.map((k) => (low.includes(k) ? bucket(k, { none: 1 }) : bucket(k, { mfa: 1 })))]]);
        const evaluation = evaluate([r], inputs({ current }));
        const args = { tenantId: TENANT, rules: [r], evaluation, webhooks: [hook], now: NOW, newId: () => `id-${++ids}` };
        const changes = reconcile({ ...args, open });
        const nowLow = new Set(low);
        // Opened exactly the buckets that became low, resolved exactly those that stopped being low.
        assert.deepEqual(changes.opened.map((a) => a.conditionKey.split('=')[1]).sort(), [...nowLow].filter((k) => !previous.has(k)).sort());
        assert.deepEqual(changes.resolved.map((a) => a.conditionKey.split('=')[1]).sort(), [...previous].filter((k) => !nowLow.has(k)).sort());
        assert.equal(changes.deliveries.length, changes.opened.length + changes.resolved.length);
        open = apply(open, changes);
        const again = reconcile({ ...args, open });
        assert.deepEqual([again.opened.length, again.resolved.length, again.deliveries.length], [0, 0, 0]);
        previous = nowLow;
      }
    }),
  );
});

test('an alert of a rule not judged this time (no data) stays open; of a removed or disabled rule it resolves', () => {
  const r = rule({ kind: 'adminWithoutPhishingResistant' });
  const open: AlertRecord = {
    tenantId: TENANT,
    id: 'a1',
    ruleId: r.id,
    conditionKey: `${r.id}|user|u1`,
    status: 'open',
    firstSeenAt: 'x',
    lastSeenAt: 'x',
    resolvedAt: null,
    detailJson: '{}',
  };
  const base = { tenantId: TENANT, open: [open], webhooks: [], now: NOW, newId: () => 'n' };
  const unjudged = evaluate([r], inputs());
  assert.equal(reconcile({ ...base, rules: [r], evaluation: unjudged }).resolved.length, 0);
  assert.equal(reconcile({ ...base, rules: [], evaluation: evaluate([], inputs()) }).resolved.length, 1);
  const disabled = { ...r, enabled: false };
  assert.equal(reconcile({ ...base, rules: [disabled], evaluation: evaluate([disabled], inputs()) }).resolved.length, 1);
});
