// Every SSPR reason string of the vocabulary file classified (entra-rules §3.4, §4.3; decision 0041).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyResetStep } from './sspr-step.js';

/** Verbatim: vocabulary.sspr-mfa-audit-strings.DERIVED.json → ssprResetDetails (DET), by class. */
const DET = {
  Abandoned: [
    'User abandoned after completing the email verification option',
    'User abandoned after completing the mobile SMS verification option',
    'User abandoned after completing the mobile voice call verification option',
    'User abandoned after completing the office voice call verification option',
    'User abandoned after completing the security questions option',
    'User abandoned after entering their user ID',
    'User abandoned after starting the email verification option',
    'User abandoned after starting the mobile SMS verification option',
    'User abandoned after starting the mobile voice call verification option',
    'User abandoned after starting the office voice call verification option',
    'User abandoned after starting the security questions option',
    'User abandoned before selecting a new password',
    'User abandoned while selecting a new password',
  ],
  Blocked: [
    'User entered too many invalid SMS verification codes and is blocked for 24 hours',
    'User tried mobile phone voice verification too many times and is blocked for 24 hours',
    'User tried office phone voice verification too many times and is blocked for 24 hours',
    'User tried to answer security questions too many times and is blocked for 24 hours',
    'User tried to verify a phone number too many times and is blocked for 24 hours',
  ],
  Canceled: ['User canceled before passing the required authentication methods', 'User canceled before submitting a new password'],
  ContactedAdmin: [
    'User contacted an admin after trying the email verification option',
    'User contacted an admin after trying the mobile SMS verification option',
    'User contacted an admin after trying the mobile voice call verification option',
    'User contacted an admin after trying the office voice call verification option',
    'User contacted an admin after trying the security question verification option',
  ],
  Failed: [
    'Password reset is not enabled for this user. Enable password reset under the configure tab to resolve this',
    'User does not have a license. You can add a license to the user to resolve this',
    'User tried to reset from a device without cookies enabled',
    "User's account has insufficient authentication methods defined. Add authentication info to resolve this",
    "User's password is managed on-premises. You can enable Password Writeback to resolve this",
    "We could not reach your on-premises password reset service. Check your sync machine's event log",
    "We encountered a problem while resetting the user's on-premises password. Check your sync machine's event log",
    'This user is not a member of the password reset users group. Add this user to that group to resolve this.',
    'Password reset has been disabled entirely for this tenant. See [here](http://aka.ms/ssprtroubleshoot) to resolve this.',
  ],
  Succeeded: ['User successfully reset password'],
} as const;

/** Verbatim: the same file → ssprFlowProgress_observed (OBS). */
const OBS = {
  success: [
    'User submitted their user ID',
    'User was presented with verification options',
    'User started the mobile SMS verification option',
    'User completed the mobile SMS verification option',
    'User started the mobile voice call verification option',
    'User completed the mobile voice call verification option',
    'User started the mobile app notification verification option',
    'User completed the mobile app notification verification option',
    'User started the mobile app code verification option',
    'User completed the mobile app code verification option',
    'User started the email verification option',
    'User completed the email verification option',
    'User started the security questions verification option',
    'User completed the security questions verification option',
    'User completed all verification steps required',
    'User submitted a new password',
    'User successfully reset password',
  ],
  failure: [
    "User's account has insufficient authentication methods defined. Add authentication info to resolve this",
    'Password reset is not enabled for this user',
    'User cancelled before passing the required authentication methods',
  ],
} as const;

const summary = (reason: string, result = 'failure'): string => {
  const s = classifyResetStep(reason, result);
  return s.kind === 'neutral' ? 'neutral' : s.kind === 'failSession' ? 'failSession' : `${s.kind}:${s.method}`;
};

test('ssprResetDetails: every string, by class', () => {
  const got = Object.fromEntries(Object.entries(DET).map(([cls, list]) => [cls, list.map((r) => summary(r))]));
  assert.deepEqual(got, {
    Abandoned: [
      'completedThenAbandoned:email',
      'completedThenAbandoned:sms',
      'completedThenAbandoned:mobilePhone',
      'completedThenAbandoned:officePhone',
      'completedThenAbandoned:securityQuestion',
      'failSession',
      'failMethod:email',
      'failMethod:sms',
      'failMethod:mobilePhone',
      'failMethod:officePhone',
      'failMethod:securityQuestion',
      'failSession',
      'failSession',
    ],
    Blocked: ['failMethod:sms', 'failMethod:mobilePhone', 'failMethod:officePhone', 'failMethod:securityQuestion', 'failSession'],
    Canceled: ['failSession', 'failSession'],
    ContactedAdmin: ['failMethod:email', 'failMethod:sms', 'failMethod:mobilePhone', 'failMethod:officePhone', 'failMethod:securityQuestion'],
    Failed: Array(9).fill('failSession'),
    Succeeded: ['failSession'], // with result failure; with success it is neutral (next test)
  });
});

test('ssprFlowProgress_observed: progress rows with result success, failure rows with failure', () => {
  assert.deepEqual(
    OBS.success.map((r) => summary(r, 'success')),
    [
      'neutral',
      'neutral',
      'start:sms',
      'complete:sms',
      'start:mobilePhone',
      'complete:mobilePhone',
      'start:microsoftAuthenticatorPush',
      'complete:microsoftAuthenticatorPush',
      'start:oneTimePasscode',
      'complete:oneTimePasscode',
      'start:email',
      'complete:email',
      'start:securityQuestion',
      'complete:securityQuestion',
      'neutral',
      'neutral',
      'neutral',
    ],
  );
  assert.deepEqual(
    OBS.failure.map((r) => summary(r, 'success')),
    ['failSession', 'failSession', 'failSession'],
  );
});

test('the text decides over result for vocabulary strings; unknown text falls back on result', () => {
  assert.equal(summary('User abandoned after starting the email verification option', 'success'), 'failMethod:email');
  assert.equal(summary('Something new happened', 'success'), 'neutral');
  assert.equal(summary('Something new happened', 'failure'), 'failSession');
  assert.equal(summary('User started the mobile SMS verification option', 'failure'), 'failMethod:sms');
  assert.deepEqual(classifyResetStep('User started the mobile SMS verification option', 'success'), { kind: 'start', method: 'sms', phrase: 'mobile SMS' });
});
