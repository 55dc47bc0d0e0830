// Tests for registeredStrength, isWeakMfaOnly and usedStrength (decision 0090; entra-rules §1.3–1.5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SignInFact } from './activity-model.js';
import type { GraphObject } from './model.js';
import type { MethodName } from './method-names.js';
import type { StrengthClass } from './protection.js';
import { METHODS_REGISTERED } from './method-names.js';
import { isMethodAllowed } from './method-allowed.js';
import { mfaFlags } from './mfa.js';
import { CLASS_OF, STRENGTH_CLASSES, classOfUsedMethod, isWeakMfaOnly, registeredStrength, strengthRank, usedStrength } from './protection.js';
import { SIGN_IN_SUMMARY_METHODS } from './activity/sign-in-methods.js';
import { amp, cfg, effective, subject } from './test-fixtures.js';

const policy = (...configs: GraphObject[]) => effective({ authenticationMethodsPolicy: amp(configs) });
const KINDS = ['MicrosoftAuthenticator', 'Sms', 'Voice', 'Email', 'Fido2', 'SoftwareOath', 'HardwareOath', 'TemporaryAccessPass', 'QRCodePin'];
const allOn = policy(...KINDS.map((id) => cfg(id, id === 'Voice' ? { isOfficePhoneAllowed: true } : {})));
const allOff = policy(...KINDS.map((id) => cfg(id, { state: 'disabled' })));
const without = (...off: string[]) =>
  policy(...KINDS.map((id) => cfg(id, off.includes(id) ? { state: 'disabled' } : id === 'Voice' ? { isOfficePhoneAllowed: true } : {})));
const authenticatorMode = (mode: string) =>
  policy(cfg('MicrosoftAuthenticator', { includeTargets: [{ targetType: 'group', id: 'all_users', authenticationMode: mode }] }));

test('classes are ordered phishingResistant > passwordless > mfa > weakMfa > none', () => {
  assert.deepEqual(STRENGTH_CLASSES, ['phishingResistant', 'passwordless', 'mfa', 'weakMfa', 'none']);
  assert.deepEqual(
    STRENGTH_CLASSES.map((c) => strengthRank(c)),
    [4, 3, 2, 1, 0],
  );
});

const cases: readonly [rule: string, registered: readonly MethodName[], policies: typeof allOn, expected: StrengthClass][] = [
  ['no methods → none', [], allOn, 'none'],
  ['email is SSPR-only (§1.4 S13) → none', ['email'], allOn, 'none'],
  ['security questions are SSPR-only (§1.4 S13) → none', ['securityQuestion'], allOn, 'none'],
  ['TAP is a bootstrap credential (decision 0024) → none', ['temporaryAccessPass'], allOn, 'none'],
  ['QR code is primary-only (S13) → none', ['qrCode'], allOn, 'none'],
  ['mobile phone (SMS/voice) → weakMfa', ['mobilePhone'], allOn, 'weakMfa'],
  ['alternate mobile (voice) → weakMfa', ['alternateMobilePhone'], allOn, 'weakMfa'],
  ['office phone (voice) → weakMfa', ['officePhone'], allOn, 'weakMfa'],
  ['mobile phone with SMS and voice disabled → none', ['mobilePhone'], allOff, 'none'],
  ['mobile phone with only voice enabled → still weakMfa', ['mobilePhone'], without('Sms'), 'weakMfa'],
  ['Authenticator push beats the phone → mfa', ['mobilePhone', 'microsoftAuthenticatorPush', 'softwareOneTimePasscode'], allOn, 'mfa'],
  ['software OATH → mfa', ['softwareOneTimePasscode'], allOn, 'mfa'],
  ['hardware OATH → mfa', ['hardwareOneTimePasscode'], allOn, 'mfa'],
  ['external method without its configuration is not allowed → none', ['externalAuthMethod'], allOn, 'none'],
  ['phone sign-in with Authenticator mode any → passwordless', ['microsoftAuthenticatorPasswordless'], allOn, 'passwordless'],
  ['phone sign-in with Authenticator mode push only (S18) → none', ['microsoftAuthenticatorPasswordless'], authenticatorMode('push'), 'none'],
  ['FIDO2 security key → phishingResistant', ['fido2SecurityKey'], allOn, 'phishingResistant'],
  ['device-bound passkey → phishingResistant', ['passKeyDeviceBound'], allOn, 'phishingResistant'],
  ['Authenticator passkey → phishingResistant', ['passKeyDeviceBoundAuthenticator'], allOn, 'phishingResistant'],
  ['Windows Hello passkey → phishingResistant', ['passKeyDeviceBoundWindowsHello'], allOn, 'phishingResistant'],
  ['synced passkey (still FIDO2) → phishingResistant', ['passKeySynced'], allOn, 'phishingResistant'],
  ['passkey with FIDO2 disabled falls back to the phone → weakMfa', ['mobilePhone', 'passKeyDeviceBound'], without('Fido2'), 'weakMfa'],
  ['WHfB has no AMP configuration, always allowed (§1.4 (c)) → phishingResistant', ['windowsHelloForBusiness'], allOff, 'phishingResistant'],
  ['macOS platform credential, always allowed → phishingResistant', ['macOsSecureEnclaveKey'], allOff, 'phishingResistant'],
];

for (const [rule, registered, policies, expected] of cases) {
  test(`registeredStrength: ${rule}`, () => {
    const ctx = subject({ registered, policies });
    assert.equal(registeredStrength(ctx), expected);
    assert.equal(isWeakMfaOnly(ctx), expected === 'weakMfa');
  });
}

test('isWeakMfaOnly: phone plus push is weak-only exactly when the Authenticator is disabled', () => {
  const registered: MethodName[] = ['mobilePhone', 'microsoftAuthenticatorPush'];
  assert.equal(isWeakMfaOnly(subject({ registered, policies: without('MicrosoftAuthenticator') })), true);
  assert.equal(isWeakMfaOnly(subject({ registered, policies: allOn })), false);
});

// ---- properties over random registrations and policies ----

const allMethods = fc.subarray([...METHODS_REGISTERED]);
const anyMethod = fc.constantFrom(...METHODS_REGISTERED);
const anyPolicy = fc
  .record({
    on: fc.subarray(KINDS),
    migration: fc.constantFrom('premigration', 'migrationInProgress', 'migrationComplete'),
    legacy: fc.subarray(['sms', 'voice', 'mobileAppNotification', 'mobileAppCode']),
    mode: fc.constantFrom('any', 'push', 'deviceBasedPush'),
  })
  .map(({ on, migration, legacy, mode }) =>
    effective({
      authenticationMethodsPolicy: amp(
        KINDS.map((id) =>
          cfg(id, {
            state: on.includes(id) ? 'enabled' : 'disabled',
            includeTargets: [{ targetType: 'group', id: 'all_users', ...(id === 'MicrosoftAuthenticator' ? { authenticationMode: mode } : {}) }],
          }),
        ),
        { policyMigrationState: migration },
      ),
      legacyMfaPolicy: { methods: legacy },
    }),
  );

test('property: registeredStrength is the strongest class among registered methods the policy allows', () => {
  fc.assert(
    fc.property(allMethods, anyPolicy, (registered, policies) => {
      const ctx = subject({ registered, policies });
      const oracle = registered
        .filter((m) => isMethodAllowed(m, ctx))
        .reduce<StrengthClass>((best, m) => (strengthRank(CLASS_OF[m]) > strengthRank(best) ? CLASS_OF[m] : best), 'none');
      assert.equal(registeredStrength(ctx), oracle);
    }),
  );
});

test('property: adding a method never lowers registeredStrength', () => {
  fc.assert(
    fc.property(allMethods, anyMethod, anyPolicy, (registered, extra, policies) => {
      const before = registeredStrength(subject({ registered, policies }));
      const after = registeredStrength(subject({ registered: [...registered, extra], policies }));
      assert.ok(strengthRank(after) >= strengthRank(before), `${before} → ${after}`);
    }),
  );
});

// Push is left out: registering the Authenticator app makes its own codes count under the Authenticator
// configuration even when push itself is not allowed (decision 0021), so adding it can raise the class via OATH.
test('property: a method the policy does not allow never raises registeredStrength', () => {
  fc.assert(
    fc.property(allMethods, anyMethod, anyPolicy, (registered, extra, policies) => {
      const withExtra = subject({ registered: [...registered, extra], policies });
      fc.pre(extra !== 'microsoftAuthenticatorPush' && !isMethodAllowed(extra, withExtra));
      const base = registered.filter((m) => m !== extra);
      assert.equal(registeredStrength(withExtra), registeredStrength(subject({ registered: base, policies })));
    }),
  );
});

test('property: isWeakMfaOnly ⇔ weakMfa; not none ⇔ isMfaCapable; passwordless or better ⇔ isPasswordlessCapable', () => {
  fc.assert(
    fc.property(allMethods, anyPolicy, (registered, policies) => {
      const ctx = subject({ registered, policies });
      const s = registeredStrength(ctx);
      const flags = mfaFlags(ctx);
      assert.equal(isWeakMfaOnly(ctx), s === 'weakMfa');
      assert.equal(s !== 'none', flags.isMfaCapable);
      assert.equal(s === 'passwordless' || s === 'phishingResistant', flags.isPasswordlessCapable);
    }),
  );
});

// ---- usedStrength ----

const AS_OF = '2025-06-30T12:00:00Z';
type Step = readonly [method: string, succeeded: boolean];
function fact(createdDateTime: string, steps: readonly Step[], isSuccess = true): SignInFact {
  return {
    id: `s-${createdDateTime}-${steps.length}`,
    userId: 'u1',
    createdDateTime,
    isInteractive: true,
    isSuccess,
    requirement: steps.length > 1 ? 'multiFactor' : 'singleFactor',
    methods: steps.map(([method, succeeded], i) => ({ method, succeeded, primary: i === 0 })),
  };
}

const usedCases: readonly [rule: string, facts: readonly SignInFact[], expected: StrengthClass | null][] = [
  ['no sign-ins → null', [], null],
  [
    'password + SMS → weakMfa',
    [
      fact('2025-06-20T08:00:00Z', [
        ['password', true],
        ['sms', true],
      ]),
    ],
    'weakMfa',
  ],
  [
    'password + voice → weakMfa',
    [
      fact('2025-06-20T08:00:00Z', [
        ['password', true],
        ['mobilePhone', true],
      ]),
    ],
    'weakMfa',
  ],
  ['SMS as first factor → weakMfa', [fact('2025-06-20T08:00:00Z', [['smsSignIn', true]])], 'weakMfa'],
  [
    'password + push → mfa',
    [
      fact('2025-06-20T08:00:00Z', [
        ['password', true],
        ['microsoftAuthenticatorPush', true],
      ]),
    ],
    'mfa',
  ],
  [
    'password + OATH code → mfa',
    [
      fact('2025-06-20T08:00:00Z', [
        ['password', true],
        ['oneTimePasscode', true],
      ]),
    ],
    'mfa',
  ],
  ['phone sign-in → passwordless', [fact('2025-06-20T08:00:00Z', [['microsoftAuthenticatorPasswordless', true]])], 'passwordless'],
  ['passkey → phishingResistant', [fact('2025-06-20T08:00:00Z', [['passKeyDeviceBound', true]])], 'phishingResistant'],
  ['WHfB → phishingResistant', [fact('2025-06-20T08:00:00Z', [['windowsHelloForBusiness', true]])], 'phishingResistant'],
  ['password only → none (signed in, no MFA)', [fact('2025-06-20T08:00:00Z', [['password', true]])], 'none'],
  ['TAP → none', [fact('2025-06-20T08:00:00Z', [['temporaryAccessPass', true]])], 'none'],
  ['unmapped method → none', [fact('2025-06-20T08:00:00Z', [['unknownFutureValue', true]])], 'none'],
  ['only token-satisfied steps (none in the fact) → null', [fact('2025-06-20T08:00:00Z', [])], null],
  ['failed sign-in with a passkey step → null', [fact('2025-06-20T08:00:00Z', [['passKeyDeviceBound', true]], false)], null],
  [
    'push denied, then SMS → weakMfa',
    [
      fact('2025-06-20T08:00:00Z', [
        ['password', true],
        ['microsoftAuthenticatorPush', false],
        ['sms', true],
      ]),
    ],
    'weakMfa',
  ],
  [
    'strongest across sign-ins',
    [
      fact('2025-06-01T08:00:00Z', [
        ['password', true],
        ['sms', true],
      ]),
      fact('2025-06-02T08:00:00Z', [['fido2SecurityKey', true]]),
    ],
    'phishingResistant',
  ],
  ['31 days ago → outside → null', [fact('2025-05-30T12:00:00Z', [['fido2SecurityKey', true]])], null],
  ['exactly 30 days before asOf → outside (window is open at its start)', [fact('2025-05-31T12:00:00Z', [['fido2SecurityKey', true]])], null],
  ['one ms later → inside', [fact('2025-05-31T12:00:00.001Z', [['fido2SecurityKey', true]])], 'phishingResistant'],
  ['at asOf → inside', [fact(AS_OF, [['sms', true]])], 'weakMfa'],
  ['after asOf → outside', [fact('2025-06-30T12:00:01Z', [['sms', true]])], null],
];

for (const [rule, facts, expected] of usedCases) {
  test(`usedStrength: ${rule}`, () => assert.equal(usedStrength(facts, { asOf: AS_OF }), expected));
}

test('usedStrength: the window length is a parameter', () => {
  const f = [fact('2025-06-20T08:00:00Z', [['sms', true]])];
  assert.equal(usedStrength(f, { asOf: AS_OF, days: 7 }), null);
  assert.equal(usedStrength(f, { asOf: AS_OF, days: 11 }), 'weakMfa');
});

test('usedStrength: a bad asOf or window is refused', () => {
  assert.throws(() => usedStrength([], { asOf: 'yesterday' }), RangeError);
  assert.throws(() => usedStrength([], { asOf: AS_OF, days: 0 }), RangeError);
});

const usedMethod = fc.constantFrom(...SIGN_IN_SUMMARY_METHODS, 'unknownFutureValue');
const anyFact = fc
  .record({
    day: fc.integer({ min: 0, max: 40 }),
    ok: fc.boolean(),
    steps: fc.array(fc.tuple(usedMethod, fc.boolean()), { maxLength: 3 }),
  })
  .map(({ day, ok, steps }) => fact(new Date(Date.parse(AS_OF) - day * 86_400_000 + 1).toISOString(), steps, ok));

test('property: usedStrength ≤ the strongest class among the methods used; null ⇔ no succeeded step of a successful sign-in in the window', () => {
  fc.assert(
    fc.property(fc.array(anyFact, { maxLength: 6 }), (facts) => {
      const got = usedStrength(facts, { asOf: AS_OF });
      const all = facts.flatMap((f) => f.methods.map((m) => strengthRank(classOfUsedMethod(m.method))));
      const age = (f: SignInFact) => Date.parse(AS_OF) - Date.parse(f.createdDateTime);
      const evidence = facts.some((f) => f.isSuccess && age(f) >= 0 && age(f) < 30 * 86_400_000 && f.methods.some((m) => m.succeeded));
      assert.equal(got === null, !evidence);
      if (got !== null) assert.ok(strengthRank(got) <= Math.max(0, ...all));
    }),
  );
});

test('property: another sign-in never lowers usedStrength', () => {
  fc.assert(
    fc.property(fc.array(anyFact, { maxLength: 5 }), anyFact, (facts, more) => {
      const before = usedStrength(facts, { asOf: AS_OF });
      const after = usedStrength([...facts, more], { asOf: AS_OF });
      if (before !== null) assert.ok(after !== null && strengthRank(after) >= strengthRank(before));
    }),
  );
});

test('every used summary name classes like the registered names it stands for', () => {
  assert.equal(classOfUsedMethod('oneTimePasscode'), 'mfa');
  assert.equal(classOfUsedMethod('officePhone'), 'weakMfa');
  assert.equal(classOfUsedMethod('passKeySynced'), 'phishingResistant');
  assert.equal(classOfUsedMethod('password'), 'none');
  assert.equal(classOfUsedMethod('no such method'), 'none');
});
