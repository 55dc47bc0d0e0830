// The demo activity's contract: deterministic, lazy, inside its window, Graph-shaped (the real log reader
// takes every object), with unique ids, and only about the tenant's own, active users.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, read } from '../../ingest/logs/test-support.js';
import { GRAPH_ENVELOPE, normaliseAudit, normaliseSignIn } from '../../ingest/logs/index.js';
import { demoTenant } from '../demo-tenant.js';
import { DAY_MS } from '../wire.js';
import { defaultDensity } from './activity-settings.js';
import { demoActivity } from './demo-activity.js';
import { activityOf, child, PINNED_NOW, text, timeOf } from './test-support.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const a = activityOf(2000);

test('same tenant seed and now give the same objects; another seed or now gives others', () => {
  const again = demoActivity(demoTenant({ users: 2000, seed: 'test-seed', now: PINNED_NOW }), { now: PINNED_NOW });
  assert.deepEqual([...again.audits()], a.audits);
  assert.deepEqual([...again.signIns()], a.signIns);
  const other = demoActivity(demoTenant({ users: 2000, seed: 'other-seed', now: PINNED_NOW }), { now: PINNED_NOW });
  assert.notDeepEqual([...other.signIns()].slice(0, 50), a.signIns.slice(0, 50));
  const later = new Date(PINNED_NOW.getTime() + DAY_MS);
  const moved = demoActivity(demoTenant({ users: 2000, seed: 'test-seed', now: PINNED_NOW }), { now: later });
  assert.notDeepEqual([...moved.signIns()].slice(0, 50), a.signIns.slice(0, 50));
});

test('every record lies in (now − 30 days, now]: none in the future', () => {
  const end = PINNED_NOW.getTime();
  for (const o of [...a.audits, ...a.signIns]) {
    const t = timeOf(o);
    assert.ok(t > end - 30 * DAY_MS && t <= end, `${text(o, 'id')} at ${new Date(t).toISOString()}`);
  }
  const week = activityOf(300, 'test-seed', { days: 7 });
  for (const o of [...week.audits, ...week.signIns]) assert.ok(timeOf(o) > end - 7 * DAY_MS);
});

test('ids are GUIDs, unique across audits and sign-ins', () => {
  const ids = new Set<string>();
  for (const o of [...a.audits, ...a.signIns]) {
    const id = text(o, 'id');
    assert.match(id, GUID);
    assert.ok(!ids.has(id), `duplicate id ${id}`);
    ids.add(id);
  }
});

test('every object passes normaliseAudit / normaliseSignIn as a Graph object', () => {
  for (const o of a.audits) {
    const r = normaliseAudit(o, GRAPH_ENVELOPE);
    assert.equal(r.id, o['id']);
    assert.equal(r.targets[0]?.type, 'User');
  }
  for (const o of a.signIns) {
    const r = normaliseSignIn(o, GRAPH_ENVELOPE);
    assert.equal(r.userId, o['userId']);
    assert.equal(r.isInteractive, o['isInteractive']);
  }
});

test('the log reader takes them from NDJSON without a refusal, each as its own kind', async () => {
  const audits = a.audits.slice(0, 400);
  const signIns = a.signIns.slice(0, 1600);
  const { summary } = await read(lines([...audits, ...signIns]));
  assert.deepEqual([summary.audits, summary.signIns, summary.refused], [audits.length, signIns.length, 0]);
});

test("records name the tenant's own users, by their id and UPN", () => {
  const upnById = new Map(a.users.map((u) => [text(u, 'id'), text(u, 'userPrincipalName')]));
  for (const s of a.signIns) assert.equal(upnById.get(text(s, 'userId')), text(s, 'userPrincipalName'));
  for (const o of a.audits) {
    const [target] = o['targetResources'] as readonly { id: string; userPrincipalName: string }[];
    assert.equal(upnById.get(target?.id ?? ''), target?.userPrincipalName);
  }
});

test('rooms, shared mailboxes, service accounts and unredeemed guests never sign in; deleted users not after deletion', () => {
  const byId = new Map(a.users.map((u) => [text(u, 'id'), u]));
  for (const s of a.signIns) {
    const u = byId.get(text(s, 'userId'));
    assert.ok(u !== undefined);
    assert.ok(u['givenName'] !== undefined || text(u, 'userPrincipalName').startsWith('emergency.access'), 'a resource account signed in');
    if (u['userType'] === 'Guest') assert.equal(u['externalUserState'], 'Accepted');
    if (typeof u['deletedDateTime'] === 'string') assert.ok(timeOf(s) < Date.parse(u['deletedDateTime']));
  }
});

test('lazy: the first 100 sign-ins of a 1,000,000-user tenant come at once', () => {
  const started = performance.now();
  const activity = demoActivity(demoTenant({ users: 1_000_000, seed: 'big', now: PINNED_NOW }), { now: PINNED_NOW, density: 1 });
  let n = 0;
  for (const s of activity.signIns()) {
    assert.match(text(s, 'id'), GUID);
    if (++n === 100) break;
  }
  assert.equal(n, 100);
  assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
});

test('lazy too: the first 100 audits of a 1,000,000-user tenant need only one pass over role assignments', () => {
  const started = performance.now();
  const activity = demoActivity(demoTenant({ users: 1_000_000, seed: 'big', now: PINNED_NOW }), { now: PINNED_NOW });
  let n = 0;
  for (const o of activity.audits()) {
    assert.match(text(o, 'id'), GUID);
    if (++n === 100) break;
  }
  assert.equal(n, 100);
  assert.ok(performance.now() - started < 5000, `took ${Math.round(performance.now() - started)} ms`);
});

test('options are checked; the default density caps the volume of large tenants', () => {
  const tenant = demoTenant({ users: 10, seed: 's', now: PINNED_NOW });
  assert.throws(() => demoActivity(tenant, { now: new Date(Number.NaN) }), TypeError);
  assert.throws(() => demoActivity(tenant, { now: PINNED_NOW, days: 0 }), RangeError);
  assert.throws(() => demoActivity(tenant, { now: PINNED_NOW, density: 0 }), RangeError);
  const w = demoActivity(tenant, { now: PINNED_NOW, days: 7 }).window;
  assert.deepEqual(w, { start: '2026-02-22T09:30:00.000Z', end: '2026-03-01T09:30:00.000Z' });
  assert.deepEqual([defaultDensity(2000), defaultDensity(5000), defaultDensity(1_000_000)], [1, 1, 0.005]);
  const half = activityOf(2000, 'test-seed', { density: 0.5 });
  const ratio = half.signIns.length / a.signIns.length;
  assert.ok(ratio > 0.4 && ratio < 0.65, `density 0.5 gave ${ratio.toFixed(2)} of the sign-ins`);
});

test('a thin density thins every kind of sign-in alike: failures stay a few percent', () => {
  const thin = activityOf(3000, 'test-seed', { density: 0.05 });
  const interactive = thin.signIns.filter((s) => s['isInteractive'] === true);
  const failed = interactive.filter((s) => child(s, 'status')['errorCode'] !== 0);
  assert.ok(interactive.length > 1000, `${interactive.length} interactive sign-ins`);
  assert.ok(failed.length / interactive.length < 0.05, `failure share ${(failed.length / interactive.length).toFixed(3)}`);
});

test('sign-ins carry the Graph fields the importer and the reports read', () => {
  for (const s of a.signIns.slice(0, 500)) {
    assert.equal(typeof child(s, 'status')['errorCode'], 'number');
    assert.ok(['singleFactorAuthentication', 'multiFactorAuthentication'].includes(text(s, 'authenticationRequirement')));
    assert.ok(['member', 'guest'].includes(text(s, 'userType')));
    assert.equal(text(s, 'resourceTenantId'), a.tenant.tenantId);
  }
});
