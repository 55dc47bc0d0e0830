// Tests for the Graph method → methodsRegistered mapping (entra-rules §1.3, §5, A6, A8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GraphObject } from './model.js';
import { KNOWN_METHOD_TYPES, METHODS_REGISTERED, canonicalOrder, methodIndex, methodMaskFromGraph, methodsFromGraph } from './methods.js';
import { CAPTURED, M } from './test-fixtures.js';

const names = (methods: readonly GraphObject[], questions = 0, at = CAPTURED): string[] => methodsFromGraph(methods, questions, at).names;

test('vocabulary: canonical order is fixed (append-only bit positions) and fits 31 bits', () => {
  assert.deepEqual(METHODS_REGISTERED, [
    'mobilePhone',
    'alternateMobilePhone',
    'officePhone',
    'email',
    'securityQuestion',
    'microsoftAuthenticatorPush',
    'microsoftAuthenticatorPasswordless',
    'softwareOneTimePasscode',
    'hardwareOneTimePasscode',
    'fido2SecurityKey',
    'passKeyDeviceBound',
    'passKeyDeviceBoundAuthenticator',
    'passKeyDeviceBoundWindowsHello',
    'passKeySynced',
    'windowsHelloForBusiness',
    'macOsSecureEnclaveKey',
    'temporaryAccessPass',
    'externalAuthMethod',
    'qrCode',
  ]);
  assert.ok(METHODS_REGISTERED.length <= 31);
});

const cases: readonly [rule: string, methods: readonly GraphObject[], expected: readonly string[]][] = [
  ['§5 S12: phone by phoneType', [M.office, M.altMobile, M.mobile], ['mobilePhone', 'alternateMobilePhone', 'officePhone']],
  ['§5 S12: phone without phoneType falls back on the fixed ids', [{ ...M.office, phoneType: undefined }], ['officePhone']],
  ['§5: phone with neither a known type nor a fixed id is dropped', [{ '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: 'zz' }], []],
  ['§5 S15: email', [M.email], ['email']],
  ['§5 PROPOSAL S4: Authenticator gives push and its software codes', [M.authenticator], ['microsoftAuthenticatorPush', 'softwareOneTimePasscode']],
  ['§5 S19: deprecated passwordless object is the phone sign-in signal', [M.phoneSignIn], ['microsoftAuthenticatorPasswordless']],
  [
    '§5: Authenticator with phone sign-in gives push, passwordless and code',
    [M.phoneSignIn, M.authenticator],
    ['microsoftAuthenticatorPush', 'microsoftAuthenticatorPasswordless', 'softwareOneTimePasscode'],
  ],
  ['§5 S20: hardware OATH', [M.hardwareOath], ['hardwareOneTimePasscode']],
  [
    '§5 S15: software OATH, deduplicated with the Authenticator code',
    [M.softwareOath, M.authenticator],
    ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
  ],
  ['§5 S15: Windows Hello for Business', [M.whfb], ['windowsHelloForBusiness']],
  ['§5 S21: macOS platform credential', [M.macOs], ['macOsSecureEnclaveKey']],
  ['§5 S21: a non-macOS platform credential has no vocabulary name', [{ ...M.macOs, platform: 'windows' }], []],
  ['§5 S22: external method', [M.external], ['externalAuthMethod']],
  ['§5 S23 PROPOSAL: QR code', [M.qr], ['qrCode']],
  ['§1.3: password is never listed', [M.password], []],
  ['types without the leading #', [{ '@odata.type': 'microsoft.graph.emailAuthenticationMethod' }], ['email']],
];

for (const [rule, methods, expected] of cases) {
  test(`methodsFromGraph: ${rule}`, () => assert.deepEqual(names(methods), expected));
}

const fido = (over: GraphObject): GraphObject => ({ ...M.securityKey, ...over });
const fidoCases: readonly [rule: string, method: GraphObject, expected: string][] = [
  ['decision 0020: v1.0 data without passkeyType → fido2SecurityKey', M.securityKey, 'fido2SecurityKey'],
  ['decision 0020: passkeyType deviceBound → passKeyDeviceBound', fido({ passkeyType: 'deviceBound' }), 'passKeyDeviceBound'],
  ['decision 0020: passkeyType synced → passKeySynced', fido({ passkeyType: 'synced', aaGuid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd' }), 'passKeySynced'],
  [
    'decision 0020: Authenticator iOS AAGUID → passKeyDeviceBoundAuthenticator',
    fido({ aaGuid: '90a3ccdf-635c-4729-a248-9b709135078f' }),
    'passKeyDeviceBoundAuthenticator',
  ],
  [
    'decision 0020: Authenticator Android AAGUID, upper case',
    fido({ aaGuid: 'DE1E552D-DB1D-4423-A619-566B625CDC84', passkeyType: 'deviceBound' }),
    'passKeyDeviceBoundAuthenticator',
  ],
  [
    'decision 0020: Windows Hello AAGUID → passKeyDeviceBoundWindowsHello',
    fido({ aaGuid: '9ddd1817-af5a-4672-a2b9-3e3dd95000a9' }),
    'passKeyDeviceBoundWindowsHello',
  ],
];
for (const [rule, method, expected] of fidoCases) {
  test(`fido2 variant: ${rule}`, () => assert.deepEqual(names([method]), [expected]));
}

const tap = (over: GraphObject): GraphObject => ({ '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod', id: 't', ...over });
const tapCases: readonly [rule: string, method: GraphObject, listed: boolean][] = [
  ['A6: isUsable true is listed', tap({ isUsable: true }), true],
  ['A6: isUsable false is not listed, whatever the window says', tap({ isUsable: false, startDateTime: '2023-03-13T19:00:00Z', lifetimeInMinutes: 60 }), false],
  ['A6: inside start + lifetime', tap({ startDateTime: '2023-03-13T19:00:00Z', lifetimeInMinutes: 60 }), true],
  ['A6: expired (start + lifetime ≤ captured)', tap({ startDateTime: '2023-03-13T18:00:00Z', lifetimeInMinutes: 60 }), false],
  ['A6: not yet started', tap({ startDateTime: '2023-03-13T20:00:00Z', lifetimeInMinutes: 60 }), false],
  ['A6: createdDateTime stands in for a missing startDateTime', tap({ createdDateTime: '2023-03-13T19:10:00Z', lifetimeInMinutes: 10 }), true],
  ['A6: nothing to judge by → listed', tap({}), true],
];
for (const [rule, method, listed] of tapCases) {
  test(`TAP: ${rule}`, () => assert.deepEqual(names([method]), listed ? ['temporaryAccessPass'] : []));
}

test('§1.3 S15: security questions come from the snapshot count', () => {
  assert.deepEqual(names([], 3), ['securityQuestion']);
  assert.deepEqual(names([], 0), []);
});

test('unrecognised types are reported in input order and ignored by the rules', () => {
  const r = methodsFromGraph(
    [{ '@odata.type': '#microsoft.graph.fooAuthenticationMethod' }, M.email, { id: 'no-type' }, { '@odata.type': '#microsoft.graph.constructor' }],
    0,
    CAPTURED,
  );
  assert.deepEqual(r, { names: ['email'], unrecognisedTypes: ['#microsoft.graph.fooAuthenticationMethod', '', '#microsoft.graph.constructor'] });
});

test('KNOWN_METHOD_TYPES holds every mapped type with and without #', () => {
  assert.equal(KNOWN_METHOD_TYPES.size, 26); // 13 types × 2 spellings
  assert.ok(KNOWN_METHOD_TYPES.has('#microsoft.graph.fido2AuthenticationMethod'));
  assert.ok(KNOWN_METHOD_TYPES.has('microsoft.graph.passwordAuthenticationMethod'));
  assert.ok(!KNOWN_METHOD_TYPES.has('#microsoft.graph.fooAuthenticationMethod'));
});

test('canonicalOrder sorts, deduplicates and drops names outside the vocabulary', () => {
  assert.deepEqual(canonicalOrder(['qrCode', 'email', 'fido2', 'email', 'mobilePhone']), ['mobilePhone', 'email', 'qrCode']);
});

test("methodMaskFromGraph: the bits of methodsFromGraph's names, whatever the methods and their order", () => {
  const odd: readonly GraphObject[] = [
    { ...M.office, phoneType: undefined },
    { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: 'zz' },
    { ...M.macOs, platform: 'windows' },
    { '@odata.type': 'microsoft.graph.emailAuthenticationMethod' },
    { '@odata.type': '#emailAuthenticationMethod' },
    { '@odata.type': 'fido2AuthenticationMethod', passkeyType: 'synced' },
    { '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod', startDateTime: '2023-03-13T19:00:00Z', lifetimeInMinutes: 60 },
    { '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod', isUsable: false },
    { '@odata.type': '#microsoft.graph.somethingNew' },
    { '@odata.type': 42 },
    {},
  ];
  const all = [...Object.values(M), ...odd];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...all), { maxLength: 8 }), fc.constantFrom(0, 1, 4), (methods, questions) => {
      let expected = 0;
      for (const n of methodsFromGraph(methods, questions, CAPTURED).names) expected |= 1 << methodIndex(n);
      assert.equal(methodMaskFromGraph(methods, questions, CAPTURED), expected);
    }),
    { seed: 20261206, numRuns: 2000 },
  );
});
