// The demo's strings are the documented ones, and the activity rules read each as the method it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classifyResetStep, registrationMethodOf, signInMethodOf, isTokenSatisfied } from '../../reports/activity/index.js';
import {
  ABANDONED_AFTER_STARTING,
  ACTIVITY,
  BLOCKED,
  CONTACTED_ADMIN,
  FLOW,
  FLOW_FAILURE,
  PASSWORD_REASON,
  REGISTRATION_REASON,
  SIGN_IN_METHOD,
  SSPR_PHRASE,
  STEP_TEXT,
  registeredReason,
  type SsprOption,
} from './vocabulary.js';

const VOCABULARY = fileURLToPath(new URL('../../../../shared/spec/log-samples/vocabulary.sspr-mfa-audit-strings.DERIVED.json', import.meta.url));

function allStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(allStrings);
  return typeof v === 'object' && v !== null ? Object.values(v).flatMap(allStrings) : [];
}

test('activity names, fixed reasons and step texts appear verbatim in the vocabulary file', { skip: !existsSync(VOCABULARY) && 'no ../shared/spec' }, () => {
  const known = new Set(allStrings(JSON.parse(readFileSync(VOCABULARY, 'utf8')) as unknown));
  const options = Object.keys(SSPR_PHRASE) as SsprOption[];
  const ours = [
    ...Object.values(ACTIVITY),
    REGISTRATION_REASON.allRequired,
    REGISTRATION_REASON.canceled,
    FLOW.submittedUserId,
    FLOW.presented,
    FLOW.completedAll,
    FLOW.submittedPassword,
    FLOW.succeeded,
    ...Object.values(FLOW_FAILURE),
    PASSWORD_REASON.resetCompleted,
    ...[ABANDONED_AFTER_STARTING, CONTACTED_ADMIN, BLOCKED].flatMap((t) => options.map((o) => t[o]).filter((x): x is string => x !== null)),
    STEP_TEXT.correctPassword,
    STEP_TEXT.firstFactorByToken,
    STEP_TEXT.mfaByToken,
    STEP_TEXT.mfaCompleted,
    STEP_TEXT.mfaDeclined,
    STEP_TEXT.mfaWrongNumber,
    STEP_TEXT.mfaBadCode,
    STEP_TEXT.wrongPassword,
  ];
  const flowTexts = options.flatMap((o) => [FLOW.started(o), FLOW.completed(o)]).filter((t) => known.has(t));
  assert.ok(flowTexts.length >= 12, 'the started/completed template covers the observed texts');
  assert.deepEqual(
    ours.filter((s) => !known.has(s)),
    [],
  );
  assert.ok(known.has(`${PASSWORD_REASON.bannedPassword} (doc)`));
});

test('the registration rule reads every reason as its method', () => {
  const cases: readonly (readonly [string, string])[] = [
    [registeredReason('User', 'Authenticator app'), 'microsoftAuthenticatorPush'],
    [registeredReason('User', 'Phone'), 'mobilePhone'],
    [registeredReason('User', 'Passkey in Microsoft Authenticator'), 'passKeyDeviceBoundAuthenticator'],
    [registeredReason('User', 'Synced passkey'), 'passKeySynced'],
    [registeredReason('Admin', 'Hardware OATH token'), 'hardwareOneTimePasscode'],
    [REGISTRATION_REASON.temporaryAccessPass, 'temporaryAccessPass'],
    ['User failed to register Alternate phone.', 'alternateMobilePhone'],
  ];
  for (const [reason, method] of cases) assert.equal(registrationMethodOf(reason), method, reason);
});

test('the reset rule reads each option phrase and failure text as intended', () => {
  const expected: Readonly<Record<SsprOption, string>> = {
    mobileSms: 'sms',
    mobileVoice: 'mobilePhone',
    officeVoice: 'officePhone',
    appNotification: 'microsoftAuthenticatorPush',
    appCode: 'oneTimePasscode',
    email: 'email',
    securityQuestions: 'securityQuestion',
  };
  for (const o of Object.keys(expected) as SsprOption[]) {
    assert.deepEqual(classifyResetStep(FLOW.started(o), 'success'), { kind: 'start', method: expected[o], phrase: SSPR_PHRASE[o] });
    assert.equal(classifyResetStep(FLOW.completed(o), 'success').kind, 'complete');
    const blocked = BLOCKED[o];
    if (blocked !== null) assert.deepEqual(classifyResetStep(blocked, 'failure'), { kind: 'failMethod', method: expected[o], reason: blocked });
  }
  assert.equal(classifyResetStep(FLOW_FAILURE.canceledBeforeMethods, 'failure').kind, 'failSession');
  assert.equal(classifyResetStep(FLOW.succeeded, 'success').kind, 'neutral');
});

test('the sign-in rule maps every method string the demo logs', () => {
  for (const m of Object.values(SIGN_IN_METHOD)) {
    if (m === SIGN_IN_METHOD.previouslySatisfied) assert.ok(isTokenSatisfied(m, null));
    else assert.notEqual(signInMethodOf(m, null, true), 'unknownFutureValue', m);
  }
  assert.equal(signInMethodOf(SIGN_IN_METHOD.textMessage, null, false), 'sms');
  assert.equal(signInMethodOf(SIGN_IN_METHOD.textMessage, null, true), 'smsSignIn');
});
