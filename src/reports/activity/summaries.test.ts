// Rollups and report summaries checked against brute-force counts over generated events (decisions 0045–0048).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PasswordEvent, RegistrationOrResetEvent, SignInFact } from '../activity-model.js';
import { summariseCredentialUsage } from './credential-usage-summary.js';
import { summariseMfaSignIns, summarisePasswordResets, summariseUnlocks } from './daily-summaries.js';
import { REGISTRATION_ROW_METHODS, RESET_ROW_METHODS, gateRegistrationActivity, summariseRegistrationActivity } from './registration-activity-summary.js';
import { activityRollup, activityRollupDelta, mfaRollup, passwordRollup, signInMethodRollup } from './rollups.js';
import { summariseSignInsByMethod } from './sign-in-method-summary.js';
import { SIGN_IN_SUMMARY_METHODS } from './sign-in-methods.js';
import { stableId } from './stable-id.js';
import { prng } from '../../util/prng.js';
import { windowFor } from './time-buckets.js';

const H = 3_600_000;
const DAY = 24 * H;
const BASE = Date.UTC(2026, 0, 1);
const USER = { id: 'u1', userPrincipalName: 'u1@contoso.com', displayName: 'U 1' };
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const iso = (t: number): string => new Date(t).toISOString();
const REG_METHODS = [...REGISTRATION_ROW_METHODS, 'appPassword', 'passKeySynced', 'unknownFutureValue'];

function activityEvents(rnd: () => number, n: number): RegistrationOrResetEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const feature = rnd() < 0.6 ? ('registration' as const) : ('reset' as const);
    const isSuccess = rnd() < 0.7;
    return {
      id: `e${i}`,
      feature,
      user: USER,
      eventDateTime: iso(BASE + Math.floor(rnd() * 40 * DAY)),
      authMethod: pick(rnd, feature === 'registration' ? REG_METHODS : RESET_ROW_METHODS),
      isSuccess,
      failureReason: isSuccess ? '' : 'x',
      sourceIds: [`e${i}`],
    };
  });
}

/** The brute-force oracle of decision 0046: events from the first whole hour after now − N days to the end of now's hour. */
function inWindowBrute(t: number, now: number, days: number): boolean {
  return t >= Math.ceil((now - days * DAY) / H) * H && t < Math.floor(now / H) * H + H;
}

test('userRegistrationActivity: documented rows and order, extras after, counts equal a brute-force count', () => {
  const rnd = prng(11);
  const events = activityEvents(rnd, 3000);
  const rollup = activityRollup(events);
  for (let k = 0; k < 20; k++) {
    const now = BASE + 10 * DAY + Math.floor(rnd() * 30 * DAY);
    for (const days of [1, 7, 30]) {
      const rows = summariseRegistrationActivity(rollup, windowFor(days, iso(now)));
      const want = new Map<string, [number, number]>();
      for (const e of events.filter((x) => inWindowBrute(Date.parse(x.eventDateTime), now, days))) {
        const c = want.get(`${e.feature}|${e.authMethod}`) ?? [0, 0];
        c[e.isSuccess ? 0 : 1]++;
        want.set(`${e.feature}|${e.authMethod}`, c);
      }
      for (const r of rows) {
        assert.deepEqual([r.successfulActivityCount, r.failureActivityCount], want.get(`${r.feature}|${r.authMethod}`) ?? [0, 0]);
      }
      assert.equal(rows.length, 25 + rows.slice(25).length);
      const keys = new Set(rows.map((r) => `${r.feature}|${r.authMethod}`));
      for (const key of want.keys()) assert.ok(keys.has(key), key);
    }
  }
});

test('a window ending on the hour is the exact rolling window (now − N×24h, now]', () => {
  const rnd = prng(13);
  const now = BASE + 35 * DAY;
  const events = activityEvents(rnd, 3000).filter((e) => Date.parse(e.eventDateTime) <= now);
  for (const days of [1, 7, 30]) {
    const rows = summariseRegistrationActivity(activityRollup(events), windowFor(days, iso(now)));
    const exact = events.filter((e) => Date.parse(e.eventDateTime) > now - days * DAY).length;
    assert.ok(events.every((e) => Date.parse(e.eventDateTime) !== now - days * DAY));
    assert.equal(
      rows.reduce((n, r) => n + r.successfulActivityCount + r.failureActivityCount, 0),
      exact,
    );
  }
});

test('userRegistrationActivity: with no events, the 25 documented rows of the d1 example, in its order, all zero', () => {
  const rows = summariseRegistrationActivity([], windowFor(1, '2026-01-02T00:00:00Z'));
  // log-samples graph.beta.userRegistrationActivity.d1.json, authMethod of each row in order
  assert.deepEqual(
    rows.map((r) => `${r.feature}:${r.authMethod}`),
    [
      'registration:windowsHelloForBusiness',
      'registration:microsoftAuthenticatorPush',
      'registration:email',
      'registration:mobilePhone',
      'registration:officePhone',
      'registration:alternateMobilePhone',
      'registration:securityQuestion',
      'registration:softwareOneTimePasscode',
      'registration:hardwareOneTimePasscode',
      'registration:fido2SecurityKey',
      'registration:temporaryAccessPass',
      'registration:microsoftAuthenticatorPasswordless',
      'registration:macOsSecureEnclaveKey',
      'registration:passKeyDeviceBound',
      'registration:passKeyDeviceBoundAuthenticator',
      'registration:passKeyDeviceBoundWindowsHello',
      'registration:externalAuthMethod',
      'reset:email',
      'reset:mobilePhone',
      'reset:officePhone',
      'reset:alternateMobilePhone',
      'reset:securityQuestion',
      'reset:microsoftAuthenticatorPush',
      'reset:sms',
      'reset:oneTimePasscode',
    ],
  );
  assert.ok(rows.every((r) => r.successfulActivityCount === 0 && r.failureActivityCount === 0));
  assert.equal(rows[0]!.id, stableId('userRegistrationActivity', 'registration', 'windowsHelloForBusiness'));
});

test('extra methods follow the documented rows of their feature in CSDL order', () => {
  const e = (authMethod: string, feature: 'registration' | 'reset' = 'registration'): RegistrationOrResetEvent => ({
    id: authMethod,
    feature,
    user: USER,
    eventDateTime: '2026-01-02T10:00:00.000Z',
    authMethod,
    isSuccess: true,
    failureReason: '',
    sourceIds: [],
  });
  const rows = summariseRegistrationActivity(
    activityRollup([e('qrCode'), e('appPassword'), e('passKeySynced'), e('unknownFutureValue', 'reset')]),
    windowFor(1, '2026-01-02T12:00:00Z'),
  );
  assert.deepEqual(
    rows.slice(17, 20).map((r) => r.authMethod),
    ['appPassword', 'passKeySynced', 'qrCode'],
  );
  assert.deepEqual(
    rows.slice(20).map((r) => r.authMethod),
    [...RESET_ROW_METHODS, 'unknownFutureValue'],
  );
});

test('gating: hidden methods of a feature are summed into one unknownFutureValue row at the end of that feature', () => {
  const rnd = prng(5);
  const events = activityEvents(rnd, 500);
  const rows = summariseRegistrationActivity(activityRollup(events), windowFor(30, '2026-02-15T00:00:00Z'));
  const gated = gateRegistrationActivity(rows, false);
  assert.deepEqual(
    gated.map((r) => `${r.feature}:${r.authMethod}`),
    [
      'registration:email',
      'registration:officePhone',
      'registration:securityQuestion',
      'registration:appPassword',
      'registration:unknownFutureValue',
      'reset:email',
      'reset:officePhone',
      'reset:securityQuestion',
      'reset:unknownFutureValue',
    ],
  );
  for (const feature of ['registration', 'reset'] as const) {
    const total = (rs: typeof rows, f: (r: (typeof rows)[number]) => number): number => rs.filter((r) => r.feature === feature).reduce((n, r) => n + f(r), 0);
    assert.equal(
      total(gated, (r) => r.successfulActivityCount),
      total(rows, (r) => r.successfulActivityCount),
    );
    assert.equal(
      total(gated, (r) => r.failureActivityCount),
      total(rows, (r) => r.failureActivityCount),
    );
  }
  assert.deepEqual(gateRegistrationActivity(rows, true), rows);
});

test('a session re-derived: the delta turns the old rollup into the new one', () => {
  const rnd = prng(3);
  const before = activityEvents(rnd, 40);
  const after = [...before.slice(0, 25).map((e) => ({ ...e, isSuccess: !e.isSuccess })), ...activityEvents(rnd, 10)];
  const sums = (rows: ReturnType<typeof activityRollup>): Map<string, string> => {
    const m = new Map<string, [number, number]>();
    for (const r of rows) {
      const c = m.get(`${r.hour}|${r.feature}|${r.authMethod}`) ?? [0, 0];
      m.set(`${r.hour}|${r.feature}|${r.authMethod}`, [c[0] + r.success, c[1] + r.failure]);
    }
    return new Map([...m].filter(([, c]) => c[0] !== 0 || c[1] !== 0).map(([k, c]) => [k, c.join('/')]));
  };
  assert.deepEqual(sums([...activityRollup(before), ...activityRollupDelta(before, after)]), sums(activityRollup(after)));
  assert.deepEqual(activityRollupDelta(after, after), []);
});

function facts(rnd: () => number, n: number): SignInFact[] {
  const names = [...SIGN_IN_SUMMARY_METHODS, 'unknownFutureValue'];
  return Array.from({ length: n }, (_, i) => ({
    id: `f${i}`,
    userId: 'u1',
    createdDateTime: iso(BASE + Math.floor(rnd() * 40 * DAY)),
    isInteractive: rnd() < 0.7,
    isSuccess: rnd() < 0.8,
    requirement: pick(rnd, ['singleFactor', 'multiFactor', null] as const),
    methods: Array.from({ length: Math.floor(rnd() * 4) }, (_, j) => ({ method: pick(rnd, names), succeeded: rnd() < 0.8, primary: j === 0 })),
  }));
}

test('userSignInsByAuthMethodSummary: documented 16 rows; interactive sign-ins with a successful step of the method', () => {
  const rnd = prng(21);
  const all = facts(rnd, 3000);
  const rollup = signInMethodRollup(all);
  for (let k = 0; k < 10; k++) {
    const now = BASE + 10 * DAY + Math.floor(rnd() * 30 * DAY);
    for (const days of [1, 7, 30]) {
      const rows = summariseSignInsByMethod(rollup, windowFor(days, iso(now)));
      assert.deepEqual(
        rows.map((r) => r.authenticationMethod),
        [...SIGN_IN_SUMMARY_METHODS],
      );
      const inside = all.filter((f) => f.isInteractive && inWindowBrute(Date.parse(f.createdDateTime), now, days));
      for (const r of rows) {
        const want = inside.filter((f) => f.methods.some((m) => m.method === r.authenticationMethod && m.succeeded)).length;
        assert.equal(r.successActivityCount, want, r.authenticationMethod);
      }
    }
  }
});

test('userMfaSignInSummary: successful interactive sign-ins per UTC day, newest first, empty days left out', () => {
  const rnd = prng(8);
  const all = facts(rnd, 2000);
  const now = '2026-02-05T13:00:00.000Z';
  const rows = summariseMfaSignIns(mfaRollup(all), now);
  const want = new Map<string, [number, number]>();
  for (const f of all.filter((x) => x.isInteractive && x.isSuccess && x.requirement !== null)) {
    const day = f.createdDateTime.slice(0, 10);
    if (day < '2026-01-07' || day > '2026-02-05') continue;
    const c = want.get(day) ?? [0, 0];
    c[f.requirement === 'singleFactor' ? 0 : 1]++;
    want.set(day, c);
  }
  const days = [...want.keys()].sort().reverse();
  assert.deepEqual(
    rows.map((r) => r.createdDateTime),
    days.map((d) => `${d}T00:00:00Z`),
  );
  for (const r of rows) {
    const [single, multi] = want.get(r.createdDateTime.slice(0, 10))!;
    assert.deepEqual([r.singleFactorSignIns, r.multiFactorSignIns, r.totalSignIns], [single, multi, single + multi]);
  }
});

test('userPasswordResetsAndChangesSummary and unlocks: successes per UTC day', () => {
  const ev = (id: string, kind: PasswordEvent['kind'], at: string, isSuccess = true): PasswordEvent => ({ id, kind, user: USER, eventDateTime: at, isSuccess });
  const rollup = passwordRollup([
    ev('1', 'resetByAdmin', '2026-01-16T16:19:18.000Z'),
    ev('2', 'resetByAdmin', '2026-01-16T23:59:59.999Z'),
    ev('3', 'resetSelfService', '2026-01-16T00:00:00.000Z'),
    ev('4', 'changeSelfService', '2026-01-16T01:00:00.000Z', false),
    ev('5', 'changeSelfService', '2026-01-05T10:00:00.000Z'),
    ev('6', 'unlockSelfService', '2026-01-05T10:00:00.000Z'),
    ev('7', 'unlockSelfService', '2026-01-20T10:00:00.000Z', false),
    ev('8', 'resetByAdmin', '2025-12-01T10:00:00.000Z'),
  ]);
  const now = '2026-01-20T12:00:00.000Z';
  assert.deepEqual(summarisePasswordResets(rollup, now), [
    {
      id: stableId('userPasswordResetsAndChangesSummary', '2026-01-16'),
      aggregatedDateTime: '2026-01-16T00:00:00Z',
      passwordResetsByAdminCount: 2,
      passwordResetsSelfServiceCount: 1,
      changePasswordSelfServiceCount: 0,
    },
    {
      id: stableId('userPasswordResetsAndChangesSummary', '2026-01-05'),
      aggregatedDateTime: '2026-01-05T00:00:00Z',
      passwordResetsByAdminCount: 0,
      passwordResetsSelfServiceCount: 0,
      changePasswordSelfServiceCount: 1,
    },
  ]);
  assert.deepEqual(summariseUnlocks(rollup, now), [{ day: '2026-01-05', unlockSelfServiceCount: 1 }]);
});

test('getCredentialUsageSummary: legacy names, merged, gated, only rows with activity', () => {
  const e = (authMethod: string, feature: 'registration' | 'reset', isSuccess = true): RegistrationOrResetEvent => ({
    id: authMethod,
    feature,
    user: USER,
    eventDateTime: '2026-01-02T10:00:00.000Z',
    authMethod,
    isSuccess,
    failureReason: '',
    sourceIds: [],
  });
  const rollup = activityRollup([
    e('passKeySynced', 'registration'),
    e('fido2SecurityKey', 'registration', false),
    e('mobilePhone', 'registration'),
    e('windowsHelloForBusiness', 'registration'),
    e('mobilePhone', 'reset'),
    e('sms', 'reset'),
    e('email', 'reset', false),
  ]);
  const rows = summariseCredentialUsage(rollup, windowFor(30, '2026-01-03T00:00:00Z'), false);
  assert.deepEqual(
    rows.map((r) => [r.feature, r.authMethod, r.successfulActivityCount, r.failureActivityCount]),
    [
      ['registration', 'mobileSMS', 1, 0],
      ['registration', 'fido', 1, 1],
      ['registration', 'unknownFutureValue', 1, 0],
      ['reset', 'email', 0, 1],
      ['reset', 'mobileSMS', 1, 0],
      ['reset', 'mobileCall', 1, 0],
    ],
  );
});
