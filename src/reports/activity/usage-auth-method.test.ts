// usageAuthMethod gating and legacy names (graph-api §2.7, §6, §3.10; decision 0048).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { USAGE_AUTH_METHODS, gateUsageAuthMethod, isEvolvable, legacyAuthMethod } from './usage-auth-method.js';

test('the CSDL enum: 29 members, sentinel at 10', () => {
  assert.equal(USAGE_AUTH_METHODS.length, 29);
  assert.equal(USAGE_AUTH_METHODS.indexOf('unknownFutureValue'), 10);
  assert.deepEqual(['appPassword', 'unknownFutureValue', 'externalAuthMethod', 'qrCode'].map(isEvolvable), [false, false, true, true]);
});

test('members after unknownFutureValue are hidden unless the caller opted in; unknown names always are', () => {
  assert.deepEqual(
    ['email', 'officePhone', 'microsoftAuthenticatorPush', 'sms', 'password'].map((m) => gateUsageAuthMethod(m, false)),
    ['email', 'officePhone', 'unknownFutureValue', 'unknownFutureValue', 'unknownFutureValue'],
  );
  assert.deepEqual(
    ['email', 'microsoftAuthenticatorPush', 'sms', 'password'].map((m) => gateUsageAuthMethod(m, true)),
    ['email', 'microsoftAuthenticatorPush', 'sms', 'unknownFutureValue'],
  );
});

test('legacy names for the deprecated credential reports', () => {
  const reg = ['mobilePhone', 'alternateMobilePhone', 'microsoftAuthenticatorPush', 'passKeySynced', 'email', 'windowsHelloForBusiness'];
  assert.deepEqual(
    reg.map((m) => legacyAuthMethod('registration', m)),
    ['mobileSMS', 'alternateMobileCall', 'appNotification', 'fido', 'email', 'windowsHelloForBusiness'],
  );
  const reset = ['mobilePhone', 'sms', 'oneTimePasscode', 'officePhone', 'securityQuestion'];
  assert.deepEqual(
    reset.map((m) => legacyAuthMethod('reset', m)),
    ['mobileCall', 'mobileSMS', 'appCode', 'officePhone', 'securityQuestion'],
  );
});
