// Sign-in facts (entra-rules §3.2, §4.4 PROPOSAL; decisions 0044, 0045). Shapes: log-samples signinlogs.eventhub.elastic-test.jsonl,
// graph.beta.signIn.list.example1.json; step strings: entra-rules §4.4 (S65, S67, S68) and vocabulary signInMfaResultDetails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveSignInFact } from './sign-in-fact.js';
import { signInMethodOf } from './sign-in-methods.js';
import { signIn, step } from './test-records.js';

const MFA = { requirement: 'MFA' };

test('elastic sample: a "Previously satisfied" step is dropped, the requirement kept', () => {
  const f = deriveSignInFact(
    signIn({
      id: '933f20c0-efdf-477f-9586-e5cc566d2e00',
      createdDateTime: '2022-01-24T05:10:08.681Z',
      authenticationDetails: [step('Previously satisfied', { resultDetail: 'First factor requirement satisfied by claim in the token' })],
    }),
  );
  assert.deepEqual(f, {
    id: '933f20c0-efdf-477f-9586-e5cc566d2e00',
    userId: '26be570a-1111-5555-b4e2-a37c6808512d',
    createdDateTime: '2022-01-24T05:10:08.681Z',
    isInteractive: true,
    isSuccess: true,
    requirement: 'singleFactor',
    methods: [],
  });
});

test('Graph example: a failed password sign-in', () => {
  const f = deriveSignInFact(
    signIn({
      id: '1691d37b-8579-43a7-966a-0f35583c1300',
      errorCode: 50126,
      failureReason: 'Error validating credentials due to invalid username or password.',
      authenticationDetails: [
        step('Password', {
          methodDetail: 'Password in the cloud',
          succeeded: false,
          resultDetail: 'Invalid username or password or Invalid on-premise username or password.',
        }),
      ],
    }),
  );
  assert.deepEqual([f.isSuccess, f.requirement, f.methods], [false, 'singleFactor', [{ method: 'password', succeeded: false, primary: true }]]);
});

test('MFA with a push after a password; a token-satisfied MFA step is dropped', () => {
  const f = deriveSignInFact(
    signIn({
      id: 'm1',
      authenticationRequirement: 'multiFactorAuthentication',
      authenticationDetails: [
        step('Password', { resultDetail: 'Correct password' }),
        step('Mobile app notification', { ...MFA, resultDetail: 'MFA successfully completed' }),
        step('Text message', { ...MFA, succeeded: true, resultDetail: 'MFA requirement satisfied by claim in the token' }),
        step('Satisfied by token', MFA),
      ],
    }),
  );
  assert.deepEqual(
    [f.requirement, f.methods],
    [
      'multiFactor',
      [
        { method: 'password', succeeded: true, primary: true },
        { method: 'microsoftAuthenticatorPush', succeeded: true, primary: false },
      ],
    ],
  );
});

test('a text message is smsSignIn as the first factor and sms as the second', () => {
  const f = deriveSignInFact(
    signIn({
      id: 's1',
      authenticationDetails: [step('Text message', { methodDetail: '+X XXXXXXXXX' }), step('Text message', MFA)],
    }),
  );
  assert.deepEqual(
    f.methods.map((m) => [m.method, m.primary]),
    [
      ['smsSignIn', true],
      ['sms', false],
    ],
  );
  const noRequirement = deriveSignInFact(
    signIn({
      id: 's2',
      authenticationDetails: [step('Text message', { requirement: null }), step('Text message', { requirement: null })],
    }),
  );
  assert.deepEqual(
    noRequirement.methods.map((m) => m.method),
    ['smsSignIn', 'sms'],
  );
});

test('every mapped method string', () => {
  const cases: readonly (readonly [string, string | null, boolean, string])[] = [
    ['Password', 'Password in the cloud', true, 'password'],
    ['SMS', null, false, 'sms'], // S65
    ['Mobile app notification', null, false, 'microsoftAuthenticatorPush'], // S68
    ['Authenticator App', null, false, 'microsoftAuthenticatorPush'], // S65
    ['OATH verification code', null, false, 'oneTimePasscode'], // S67
    ['Software OATH token', null, false, 'oneTimePasscode'], // S65
    ['Authenticator App code', null, false, 'oneTimePasscode'],
    ['Phone call', '+1 4255550100', false, 'mobilePhone'],
    ['Phone call', 'Alternate mobile phone', false, 'alternateMobilePhone'],
    ['Voice', 'Office phone', false, 'officePhone'], // S65
    ['FIDO2 security key', 'YubiKey 5', true, 'fido2SecurityKey'], // S68
    ['Passkey (device-bound)', null, true, 'passKeyDeviceBound'], // S68
    ['Passkey (synced)', null, true, 'passKeySynced'],
    ['Windows Hello for Business', null, true, 'windowsHelloForBusiness'], // S68
    ['Temporary Access Pass', null, true, 'temporaryAccessPass'],
    ['Microsoft Authenticator passwordless', null, true, 'microsoftAuthenticatorPasswordless'],
    ['Passwordless phone sign-in', null, true, 'microsoftAuthenticatorPasswordless'],
    ['macOS Platform Credential', null, true, 'macOsSecureEnclaveKey'],
    ['External authentication method', null, false, 'externalAuthMethod'],
    ['Email OTP', null, true, 'unknownFutureValue'], // not in any source list: the fallback
    ['', null, true, 'unknownFutureValue'],
  ];
  assert.deepEqual(
    cases.map(([m, d, p]) => signInMethodOf(m, d, p)),
    cases.map(([, , , want]) => want),
  );
});

test('requirement: absent or unknown → null; MFA by an external provider → null', () => {
  assert.equal(deriveSignInFact(signIn({ id: 'r1', authenticationRequirement: '' })).requirement, null);
  assert.equal(deriveSignInFact(signIn({ id: 'r2', authenticationRequirement: 'somethingElse' })).requirement, null);
  const external = deriveSignInFact(
    signIn({
      id: 'r3',
      authenticationRequirement: 'multiFactorAuthentication',
      authenticationDetails: [
        step('Password'),
        step('Previously satisfied', { ...MFA, resultDetail: 'MFA requirement satisfied by claim provided by external provider' }),
      ],
    }),
  );
  assert.deepEqual([external.requirement, external.methods.map((m) => m.method)], [null, ['password']]);
});

test('non-interactive sample: kept as a fact, flagged non-interactive, no steps', () => {
  const f = deriveSignInFact(signIn({ id: '290faffa-477b-4b28-ae92-579daae7b000', isInteractive: false, authenticationDetails: [] }));
  assert.deepEqual([f.isInteractive, f.isSuccess, f.methods], [false, true, []]);
});
