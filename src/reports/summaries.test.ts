// Tests for the summary accumulator against a brute-force count (entra-rules §2, A7, A15; decision 0027).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistrationDetails } from './model.js';
import type { IncludedUserRole, IncludedUserType } from './summaries.js';
import { FEATURES, INCLUDED_USER_ROLES, INCLUDED_USER_TYPES, RegistrationSummaryAccumulator } from './summaries.js';
import { METHODS_REGISTERED } from './method-names.js';
import { prng } from '../util/prng.js';

function row(i: number, over: Partial<RegistrationDetails> = {}): RegistrationDetails {
  return {
    id: `u${i}`,
    userPrincipalName: `u${i}@x`,
    userDisplayName: `U ${i}`,
    userType: 'member',
    isAdmin: false,
    isPrivilegedAdmin: false,
    isMfaRegistered: false,
    isMfaCapable: false,
    isPasswordlessCapable: false,
    isSsprRegistered: false,
    isSsprEnabled: false,
    isSsprCapable: false,
    isSystemPreferredAuthenticationMethodEnabled: false,
    systemPreferredAuthenticationMethods: [],
    userPreferredMethodForSecondaryAuthentication: '',
    defaultMfaMethod: '',
    methodsRegistered: [],
    lastUpdatedDateTime: 'T',
    ...over,
  };
}

function randomRow(i: number, rnd: () => number): RegistrationDetails {
  const isPrivilegedAdmin = rnd() < 0.05;
  const isSsprRegistered = rnd() < 0.5;
  const isSsprEnabled = rnd() < 0.5;
  return row(i, {
    userType: rnd() < 0.3 ? 'guest' : 'member',
    isPrivilegedAdmin,
    isAdmin: isPrivilegedAdmin || rnd() < 0.1,
    isSsprRegistered,
    isSsprEnabled,
    isSsprCapable: isSsprRegistered && isSsprEnabled,
    isPasswordlessCapable: rnd() < 0.2,
    isMfaCapable: rnd() < 0.6,
    methodsRegistered: METHODS_REGISTERED.filter(() => rnd() < 0.25),
  });
}

const inBucket = (r: RegistrationDetails, t: IncludedUserType, role: IncludedUserRole): boolean =>
  (t === 'all' || r.userType === t) &&
  (role === 'all' || (role === 'privilegedAdmin' && r.isPrivilegedAdmin) || (role === 'admin' && r.isAdmin) || (role === 'user' && !r.isAdmin));

const FLAG: Readonly<Record<(typeof FEATURES)[number], (r: RegistrationDetails) => boolean>> = {
  ssprRegistered: (r) => r.isSsprRegistered,
  ssprEnabled: (r) => r.isSsprEnabled,
  ssprCapable: (r) => r.isSsprCapable,
  passwordlessCapable: (r) => r.isPasswordlessCapable,
  mfaCapable: (r) => r.isMfaCapable,
};

test('§2: every one of the 12 buckets equals a brute-force count over 5,000 generated users', () => {
  const rnd = prng(20240601);
  const rows = Array.from({ length: 5000 }, (_, i) => randomRow(i, rnd));
  const acc = new RegistrationSummaryAccumulator();
  rows.forEach((r) => acc.add(r));
  for (const t of INCLUDED_USER_TYPES) {
    for (const role of INCLUDED_USER_ROLES) {
      const bucket = rows.filter((r) => inBucket(r, t, role));
      assert.deepEqual(
        acc.featureSummary(t, role),
        {
          totalUserCount: bucket.length,
          userRegistrationFeatureCounts: FEATURES.map((feature) => ({ feature, userCount: bucket.filter(FLAG[feature]).length })),
        },
        `${t}/${role} features`,
      );
      assert.deepEqual(
        acc.methodSummary(t, role),
        {
          totalUserCount: bucket.length,
          userRegistrationMethodCounts: [
            { authenticationMethod: 'password', userCount: bucket.length },
            ...METHODS_REGISTERED.map((m) => ({ authenticationMethod: m, userCount: bucket.filter((r) => r.methodsRegistered.includes(m)).length })),
          ],
        },
        `${t}/${role} methods`,
      );
    }
  }
});

test('§2 S37: features in authenticationMethodFeature order, unknownFutureValue never emitted; exact small case', () => {
  const acc = new RegistrationSummaryAccumulator();
  acc.add(row(1, { isMfaCapable: true, isSsprRegistered: true }));
  acc.add(row(2, { userType: 'guest', isAdmin: true, isMfaCapable: true }));
  acc.add(row(3, { isAdmin: true, isPrivilegedAdmin: true, isSsprEnabled: true }));
  assert.deepEqual(acc.featureSummary('all', 'all'), {
    totalUserCount: 3,
    userRegistrationFeatureCounts: [
      { feature: 'ssprRegistered', userCount: 1 },
      { feature: 'ssprEnabled', userCount: 1 },
      { feature: 'ssprCapable', userCount: 0 },
      { feature: 'passwordlessCapable', userCount: 0 },
      { feature: 'mfaCapable', userCount: 2 },
    ],
  });
  assert.equal(acc.featureSummary('member', 'admin').totalUserCount, 1);
  assert.equal(acc.featureSummary('guest', 'admin').totalUserCount, 1);
  assert.equal(acc.featureSummary('all', 'privilegedAdmin').totalUserCount, 1);
  assert.equal(acc.featureSummary('all', 'user').totalUserCount, 1);
});

test('A7: password = every listed user in the bucket; zero counts are emitted in canonical order', () => {
  const acc = new RegistrationSummaryAccumulator();
  acc.add(row(1, { methodsRegistered: ['windowsHelloForBusiness', 'mobilePhone'] }));
  acc.add(row(2, { methodsRegistered: ['mobilePhone', 'mobilePhone'] }));
  const s = acc.methodSummary('all', 'all');
  assert.equal(s.totalUserCount, 2);
  assert.equal(s.userRegistrationMethodCounts.length, 1 + METHODS_REGISTERED.length);
  assert.deepEqual(s.userRegistrationMethodCounts.slice(0, 2), [
    { authenticationMethod: 'password', userCount: 2 },
    { authenticationMethod: 'mobilePhone', userCount: 2 },
  ]);
  assert.deepEqual(
    s.userRegistrationMethodCounts.find((c) => c.authenticationMethod === 'windowsHelloForBusiness'),
    { authenticationMethod: 'windowsHelloForBusiness', userCount: 1 },
  );
  assert.deepEqual(
    s.userRegistrationMethodCounts.find((c) => c.authenticationMethod === 'qrCode'),
    { authenticationMethod: 'qrCode', userCount: 0 },
  );
});

test('A15: the S37 doc example (ssprRegistered 23423 > totalUserCount 23123) cannot happen: counts never exceed the total', () => {
  const rnd = prng(7);
  const acc = new RegistrationSummaryAccumulator();
  for (let i = 0; i < 500; i++) acc.add(randomRow(i, rnd));
  for (const t of INCLUDED_USER_TYPES) {
    for (const role of INCLUDED_USER_ROLES) {
      const s = acc.featureSummary(t, role);
      for (const c of s.userRegistrationFeatureCounts) assert.ok(c.userCount <= s.totalUserCount);
    }
  }
});

test('empty accumulator: zero totals and zero counts', () => {
  const acc = new RegistrationSummaryAccumulator();
  assert.deepEqual(
    acc.featureSummary('guest', 'user').userRegistrationFeatureCounts.map((c) => c.userCount),
    [0, 0, 0, 0, 0],
  );
  assert.equal(acc.methodSummary('all', 'all').totalUserCount, 0);
});
