// The default 5,000-user demo month, read through the real normalisers and activity rules: every report
// gets believable numbers (decision 0031 states the ranges and why).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GRAPH_ENVELOPE, normaliseAudit, normaliseSignIn } from '../../ingest/logs/index.js';
import type { SignInFact } from '../../reports/activity-model.js';
import { deriveAuditEvents, deriveSignInFact } from '../../reports/activity/index.js';
import { isWorkday, localDay, utcOffsetMinutes } from './calendar.js';
import { activityOf, text } from './test-support.js';

const a = activityOf(5000);
const events = deriveAuditEvents(a.audits.map((o) => normaliseAudit(o, GRAPH_ENVELOPE)));
const records = a.signIns.map((o) => normaliseSignIn(o, GRAPH_ENVELOPE));
const facts = records.map(deriveSignInFact);
const interactive = facts.filter((f) => f.isInteractive);
const userById = new Map(a.users.map((u) => [text(u, 'id'), u]));

function tally<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}

test('registrations: several methods, mostly successes, every reason mapped', () => {
  const ok = tally(
    events.registrations.filter((e) => e.isSuccess),
    (e) => e.authMethod,
  );
  assert.ok(ok.size >= 10, `methods registered: ${[...ok.keys()].join(', ')}`);
  for (const m of ['microsoftAuthenticatorPush', 'mobilePhone', 'email', 'windowsHelloForBusiness', 'temporaryAccessPass', 'fido2SecurityKey']) {
    assert.ok((ok.get(m) ?? 0) > 0, `no ${m} registration`);
  }
  const failed = events.registrations.filter((e) => !e.isSuccess);
  assert.ok(failed.length > 0 && failed.length < 0.1 * events.registrations.length, `${failed.length} failures`);
  assert.equal(events.unmapped, 0);
  assert.ok(events.registrations.length > 300 && events.registrations.length < 1500, `${events.registrations.length} registrations`);
});

test('reset attempts: both outcomes, several methods, documented reasons', () => {
  const successes = events.resets.filter((e) => e.isSuccess);
  const failures = events.resets.filter((e) => !e.isSuccess);
  assert.ok(events.resets.length > 80, `${events.resets.length} attempts`);
  const share = successes.length / events.resets.length;
  assert.ok(share > 0.7 && share < 0.95, `success share ${share.toFixed(2)}`);
  assert.ok(tally(successes, (e) => e.authMethod).size >= 5);
  assert.ok(failures.length > 0);
  for (const f of failures) assert.match(f.failureReason, /^User (abandoned|canceled|contacted|entered|tried)/);
});

test('password events: resets by admin and by the user, changes (some refused), unlocks', () => {
  const kinds = tally(events.passwords, (e) => `${e.kind}:${e.isSuccess}`);
  for (const k of ['resetByAdmin:true', 'resetSelfService:true', 'changeSelfService:true', 'changeSelfService:false', 'unlockSelfService:true']) {
    assert.ok((kinds.get(k) ?? 0) > 0, `no ${k}: ${JSON.stringify([...kinds])}`);
  }
  const selfResets = kinds.get('resetSelfService:true') ?? 0;
  const sessionsWithSuccess = new Set(events.resets.filter((e) => e.isSuccess).map((e) => e.sourceIds[0])).size;
  assert.ok(selfResets > 20 && selfResets < sessionsWithSuccess, `${selfResets} self-service resets`);
});

test('MFA: 40–60% of successful interactive sign-ins are multifactor; no third-party or unknown requirement', () => {
  const ok = interactive.filter((f) => f.isSuccess);
  const multi = ok.filter((f) => f.requirement === 'multiFactor').length;
  const share = multi / ok.length;
  assert.ok(share >= 0.4 && share <= 0.6, `MFA share ${share.toFixed(3)}`);
  assert.equal(ok.filter((f) => f.requirement === null).length, 0);
});

test('sign-in methods: the rules map every step, and the usual methods all appear', () => {
  const used = tally(
    interactive.flatMap((f: SignInFact) => f.methods.filter((m) => m.succeeded)),
    (m) => m.method,
  );
  assert.equal(used.get('unknownFutureValue'), undefined);
  for (const m of [
    'password',
    'microsoftAuthenticatorPush',
    'sms',
    'smsSignIn',
    'oneTimePasscode',
    'mobilePhone',
    'windowsHelloForBusiness',
    'fido2SecurityKey',
    'passKeyDeviceBound',
    'microsoftAuthenticatorPasswordless',
    'temporaryAccessPass',
  ]) {
    assert.ok((used.get(m) ?? 0) > 0, `no successful ${m} step`);
  }
  const top = [...used.entries()].sort((x, y) => y[1] - x[1])[0];
  assert.equal(top?.[0], 'password');
});

test('sign-in failures: wrong passwords and denied MFA, a few percent of interactive sign-ins', () => {
  const codes = tally(
    records.filter((r) => r.isInteractive && r.errorCode !== 0),
    (r) => String(r.errorCode),
  );
  assert.ok((codes.get('50126') ?? 0) > 0 && (codes.get('500121') ?? 0) > 0, JSON.stringify([...codes]));
  const share = [...codes.values()].reduce((x, y) => x + y, 0) / interactive.length;
  assert.ok(share > 0.005 && share < 0.05, `failure share ${share.toFixed(4)}`);
});

test('shape: weekdays and working hours, about two interactive sign-ins per person per working day', () => {
  const perDay = new Map<boolean, number>([
    [true, 0],
    [false, 0],
  ]);
  let inHours = 0;
  let members = 0;
  for (const r of records) {
    const u = userById.get(r.userId);
    if (!r.isInteractive || u === undefined || u['userType'] !== 'Member') continue;
    const offset = utcOffsetMinutes(typeof u['usageLocation'] === 'string' ? u['usageLocation'] : 'US');
    const t = Date.parse(r.createdDateTime) + offset * 60_000;
    perDay.set(isWorkday(localDay(t, 0)), (perDay.get(isWorkday(localDay(t, 0))) ?? 0) + 1);
    const hour = new Date(t).getUTCHours();
    if (hour >= 7 && hour < 20) inHours++;
    members++;
  }
  // 30 days from a Sunday morning hold 21–22 working days and 8–9 weekend days.
  const ratio = (perDay.get(true) ?? 0) / 21.5 / ((perDay.get(false) ?? 0) / 8.5);
  assert.ok(ratio > 5, `weekday/weekend ratio ${ratio.toFixed(1)}`);
  assert.ok(inHours / members > 0.85, `in hours ${(inHours / members).toFixed(3)}`);
  const people = a.users.filter((u) => u['givenName'] !== undefined && u['userType'] === 'Member' && u['accountEnabled'] === true).length;
  const perPersonDay = (perDay.get(true) ?? 0) / people / 21.5;
  assert.ok(perPersonDay > 1.5 && perPersonDay < 3.5, `${perPersonDay.toFixed(2)} sign-ins per person per working day`);
});

test('guests sign in far less often than employees', () => {
  const count = tally(interactive, (f) => (userById.get(f.userId)?.['userType'] === 'Guest' ? 'guest' : 'member'));
  const population = tally(
    a.users.filter((u) => u['accountEnabled'] === true),
    (u) => (u['userType'] === 'Guest' ? 'guest' : 'member'),
  );
  const rate = (k: string): number => (count.get(k) ?? 0) / (population.get(k) ?? 1);
  assert.ok(rate('guest') > 0 && rate('guest') < 0.15 * rate('member'), `guest ${rate('guest').toFixed(1)} vs member ${rate('member').toFixed(1)}`);
});
