// The activity agrees with the methods' lastUsedDateTime (decision 0090): read as the reports read it,
// no sign-in step or reset verification uses a method after its name's newest lastUsedDateTime, so the
// month of activity leaves every stale method stale; and the dates themselves are well-formed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GRAPH_ENVELOPE, normaliseAudit, normaliseSignIn } from '../../ingest/logs/index.js';
import type { RegistrationOrResetEvent, SignInFact } from '../../reports/activity-model.js';
import { deriveAuditEvents } from '../../reports/activity/audit-events.js';
import { deriveSignInFact } from '../../reports/activity/sign-in-fact.js';
import { methodsFromGraph } from '../../reports/methods.js';
import type { MethodName } from '../../reports/method-names.js';
import { registeredNamesUsedBy } from '../../reports/protection.js';
import { DAY_MS } from '../wire.js';
import { protectionOf, type UserActivity, type UserProtection } from '../../test-support/demo-protection.js';
import { materialise, PINNED_NOW } from '../test-support.js';
import { activityOf } from './test-support.js';

const N = 3000;
const snapshot = materialise(N);
const a = activityOf(N);
const asOf = String(snapshot.header['capturedDateTime']);

function activityByUser(): Map<string, UserActivity> {
  const signIns = new Map<string, SignInFact[]>();
  for (const o of a.signIns) {
    const fact = deriveSignInFact(normaliseSignIn(o, GRAPH_ENVELOPE));
    signIns.set(fact.userId, [...(signIns.get(fact.userId) ?? []), fact]);
  }
  const resets = new Map<string, RegistrationOrResetEvent[]>();
  for (const e of deriveAuditEvents(a.audits.map((o) => normaliseAudit(o, GRAPH_ENVELOPE))).resets) {
    const id = e.user.id ?? '';
    resets.set(id, [...(resets.get(id) ?? []), e]);
  }
  const ids = new Set([...signIns.keys(), ...resets.keys()]);
  return new Map([...ids].map((id) => [id, { signIns: signIns.get(id) ?? [], resets: resets.get(id) ?? [] }]));
}

const activity = activityByUser();

/** The newest lastUsedDateTime per methodsRegistered name, over the objects that carry one. */
function lastUsedByName(r: UserProtection): Map<MethodName, number> {
  const out = new Map<MethodName, number>();
  for (const m of r.methods) {
    const used = m['lastUsedDateTime'];
    if (typeof used !== 'string') continue;
    for (const name of methodsFromGraph([m], 0, asOf).names) out.set(name, Math.max(out.get(name) ?? 0, Date.parse(used)));
  }
  return out;
}

test('no step or reset uses a method after its lastUsedDateTime', () => {
  let checked = 0;
  for (const r of protectionOf(snapshot, undefined, true)) {
    const own = activity.get(r.id);
    if (own === undefined) continue;
    const last = lastUsedByName(r);
    const uses: [string, number][] = [
      ...own.signIns.flatMap((f) => f.methods.filter((s) => s.succeeded).map((s): [string, number] => [s.method, Date.parse(f.createdDateTime)])),
      ...own.resets.filter((e) => e.isSuccess).map((e): [string, number] => [e.authMethod, Date.parse(e.eventDateTime)]),
    ];
    for (const [method, at] of uses) {
      for (const name of registeredNamesUsedBy(method)) {
        const newest = last.get(name);
        if (newest === undefined) continue;
        checked++;
        assert.ok(at <= newest, `${r.id}: ${method} at ${new Date(at).toISOString()} after ${name}'s lastUsedDateTime ${new Date(newest).toISOString()}`);
      }
    }
  }
  assert.ok(checked > 1000, `only ${checked} uses of tracked methods`);
});

test('the month of activity leaves every stale method stale', () => {
  const without = protectionOf(snapshot);
  const withActivity = new Map(protectionOf(snapshot, activity).map((r) => [r.id, r]));
  let stale = 0;
  for (const r of without) {
    stale += r.stale.length;
    assert.deepEqual(withActivity.get(r.id)?.stale, r.stale, r.id);
  }
  assert.ok(stale > 100);
});

test('method dates: created in the last three years and after the account; used after creation, by the capture', () => {
  const now = PINNED_NOW.getTime();
  for (const u of snapshot.users) {
    const userCreated = Date.parse(String(u['createdDateTime']));
    const auth = u['authentication'] as { methods?: readonly Record<string, unknown>[] };
    for (const m of auth.methods ?? []) {
      const created = typeof m['createdDateTime'] === 'string' ? Date.parse(m['createdDateTime']) : null;
      const used = typeof m['lastUsedDateTime'] === 'string' ? Date.parse(m['lastUsedDateTime']) : null;
      const password = m['@odata.type'] === '#microsoft.graph.passwordAuthenticationMethod';
      if (created !== null && !password) assert.ok(created >= userCreated && created >= now - 3 * 365 * DAY_MS - DAY_MS, JSON.stringify(m));
      if (used !== null) assert.ok(created !== null && used >= created && used <= now, JSON.stringify(m));
    }
  }
});
