// Registration events (entra-rules §3.4 PROPOSAL, §4.2; decision 0040). Reasons: vocabulary combinedRegistrationResults
// (DOC = methodNamesInReasons_doc in the "User registered <method>." template), OBS = its observed activity, UI = decision 0040.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveRegistrationEvent } from './registration-event.js';
import { registrationMethodOf } from './registration-methods.js';
import { stableId } from './stable-id.js';
import { ADMIN, ALICE, audit, byUser, registered, userTarget } from './test-records.js';

test('every method phrase of the vocabulary and of decision 0040 maps to one name', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['User registered Authenticator app.', 'microsoftAuthenticatorPush'], // DOC
    ['User registered Phone.', 'mobilePhone'], // DOC
    ['User registered Email.', 'email'], // DOC
    ['User registered Security questions.', 'securityQuestion'], // DOC
    ['User registered App password.', 'appPassword'], // DOC
    ['User registered Alternate phone.', 'alternateMobilePhone'], // DOC
    ['User registered Mobile phone.', 'mobilePhone'], // UI
    ['User registered Office phone.', 'officePhone'], // UI
    ['User registered FIDO2 security key.', 'fido2SecurityKey'], // UI
    ['User registered Security key.', 'fido2SecurityKey'], // UI
    ['User registered Passkey (device-bound).', 'passKeyDeviceBound'], // OBS "Add Passkey (device-bound) security key"
    ['User registered Passkey in Microsoft Authenticator.', 'passKeyDeviceBoundAuthenticator'], // UI
    ['User registered Passkey (synced).', 'passKeySynced'], // UI
    ['User registered Windows Hello for Business.', 'windowsHelloForBusiness'], // UI
    ['User registered Hardware token.', 'hardwareOneTimePasscode'], // UI
    ['User registered Software OATH token.', 'softwareOneTimePasscode'], // UI
    ['User registered Temporary Access Pass.', 'temporaryAccessPass'], // UI
    ['User registered Microsoft Authenticator passwordless.', 'microsoftAuthenticatorPasswordless'], // UI
    ['User registered Passwordless phone sign-in.', 'microsoftAuthenticatorPasswordless'], // UI
    ['User registered macOS Platform Credential.', 'macOsSecureEnclaveKey'], // UI
    ['User registered External authentication method.', 'externalAuthMethod'], // UI
    ['User registered QR code.', 'qrCode'], // UI
    ['Admin registered Office phone.', 'officePhone'], // "Admin registered security info" analogue
    ['User failed to register Alternate phone.', 'alternateMobilePhone'], // failure wording: phrase found anywhere
    ['User canceled security info registration.', ''], // DOC (a "registered all required" failure)
  ];
  assert.deepEqual(
    cases.map(([r]) => registrationMethodOf(r) ?? ''),
    cases.map(([, m]) => m),
  );
});

test('a successful self-service registration', () => {
  const r = registered('Directory_1', 'User registered Authenticator app.');
  assert.deepEqual(deriveRegistrationEvent(r), {
    mapped: true,
    event: {
      id: stableId('registration', 'Directory_1'),
      feature: 'registration',
      user: { id: ALICE.id, userPrincipalName: ALICE.upn, displayName: ALICE.name },
      eventDateTime: '2026-01-02T03:04:05.678Z',
      authMethod: 'microsoftAuthenticatorPush',
      isSuccess: true,
      failureReason: '',
      sourceIds: ['Directory_1'],
    },
  });
});

test('a failure keeps its reason; timeout is a failure; an unnamed method is unknownFutureValue and unmapped', () => {
  const failed = deriveRegistrationEvent(registered('r2', 'User failed to register Email.', { result: 'failure' }));
  assert.deepEqual([failed?.event.authMethod, failed?.event.isSuccess, failed?.event.failureReason], ['email', false, 'User failed to register Email.']);
  const timeout = deriveRegistrationEvent(registered('r3', 'User registered Email.', { result: 'timeout' }));
  assert.deepEqual([timeout?.event.isSuccess, timeout?.event.failureReason], [false, 'User registered Email.']);
  const unnamed = deriveRegistrationEvent(registered('r4', 'A system error has occurred.', { result: 'failure' })); // graph-api userEventsSummary filter example
  assert.deepEqual([unnamed?.mapped, unnamed?.event.authMethod, unnamed?.event.failureReason], [false, 'unknownFutureValue', 'A system error has occurred.']);
});

test('an admin registration is about its target user, not the admin', () => {
  const r = registered('r5', 'Admin registered Mobile phone.', {
    activityDisplayName: 'Admin registered security info',
    initiatedBy: byUser(ADMIN),
    targets: [userTarget(ALICE)],
  });
  assert.deepEqual(deriveRegistrationEvent(r)?.event.user, { id: ALICE.id, userPrincipalName: ALICE.upn, displayName: ALICE.name });
});

test('legacy SSPR-portal rows count only when they name a method', () => {
  const legacy = { loggedByService: 'Self-service Password Management', activityDisplayName: 'Security info saved for self-service password reset' };
  assert.equal(
    deriveRegistrationEvent(audit({ id: 'l1', ...legacy, resultReason: 'User registered Security questions.' }))?.event.authMethod,
    'securityQuestion',
  );
  assert.equal(deriveRegistrationEvent(audit({ id: 'l2', ...legacy, resultReason: '' })), null);
  const doc = { ...legacy, activityDisplayName: 'User registered for self-service password reset' }; // vocabulary legacyOrDocOnly
  assert.equal(deriveRegistrationEvent(audit({ id: 'l3', ...doc, resultReason: 'User registered Email.' }))?.event.authMethod, 'email');
});

test('other activities and services are not registrations', () => {
  const none = [
    registered('n1', 'User registered all required security info.', { activityDisplayName: 'User registered all required security info' }), // DOC
    registered('n2', 'User deleted Email.', { activityDisplayName: 'User deleted security info' }), // DOC
    registered('n3', 'User registered Phone.', { loggedByService: 'Microsoft Entra multifactor authentication' }), // vocabulary MFA service
    registered('n4', 'Add Passkey (device-bound) security key', { activityDisplayName: 'Add Passkey (device-bound) security key' }), // OBS
    audit({ id: 'n5' }), // Core Directory
  ];
  assert.deepEqual(none.map(deriveRegistrationEvent), [null, null, null, null, null]);
});
