// Reset attempts per SSPR session (entra-rules §3.4 PROPOSAL, §4.3; decision 0041). Reason strings: vocabulary
// ssprFlowProgress_observed (OBS) and ssprResetDetails (DET, with its class).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '../activity-model.js';
import { deriveAuditEvents } from './audit-events.js';
import { deriveResetSession } from './reset-session.js';
import { stableId } from './stable-id.js';
import { ALICE, audit, ssprStep } from './test-records.js';
import { prng } from '../../util/prng.js';

const CORR = 'da159bfb-54fa-4092-8a38-6e1fa7870e30';
const USER = { id: ALICE.id, userPrincipalName: ALICE.upn, displayName: ALICE.name };
const at = (minute: number): string => `2026-01-02T10:${String(minute).padStart(2, '0')}:00.000Z`;

const SESSION: readonly AuditRecord[] = [
  ssprStep('s1', 0, 'User submitted their user ID'), // OBS
  ssprStep('s2', 1, 'User was presented with verification options'), // OBS
  ssprStep('s3', 2, 'User started the mobile SMS verification option'), // OBS
  ssprStep('s4', 3, 'User completed the mobile SMS verification option'), // OBS
  ssprStep('s5', 4, 'User started the email verification option'), // OBS
  ssprStep('s6', 5, 'User abandoned after starting the email verification option', { result: 'failure' }), // DET Abandoned
];

const EXPECTED = [
  {
    id: stableId('reset', CORR, 's3'),
    feature: 'reset',
    user: USER,
    eventDateTime: at(3),
    authMethod: 'sms',
    isSuccess: true,
    failureReason: '',
    sourceIds: ['s3', 's4'],
  },
  {
    id: stableId('reset', CORR, 's5'),
    feature: 'reset',
    user: USER,
    eventDateTime: at(5),
    authMethod: 'email',
    isSuccess: false,
    failureReason: 'User abandoned after starting the email verification option',
    sourceIds: ['s5', 's6'],
  },
];

test('a whole session: one event per verification attempt, success by completion, failure by abandonment', () => {
  assert.deepEqual(deriveResetSession(SESSION), EXPECTED);
});

test('any arrival order gives the same events', () => {
  const rnd = prng(7);
  for (let i = 0; i < 25; i++) {
    const shuffled = [...SESSION].sort(() => rnd() - 0.5);
    assert.deepEqual(deriveResetSession(shuffled), EXPECTED);
  }
});

test('a session split over two batches: re-deriving from all stored rows replaces the first result', () => {
  const first = [SESSION[0]!, SESSION[2]!, SESSION[4]!];
  const second = [SESSION[1]!, SESSION[3]!, SESSION[5]!];
  const early = deriveAuditEvents(first).resets;
  assert.deepEqual(
    early.map((e) => [e.id, e.authMethod, e.isSuccess, e.failureReason]),
    [
      [stableId('reset', CORR, 's3'), 'sms', false, 'User abandoned after starting the mobile SMS verification option'],
      [stableId('reset', CORR, 's5'), 'email', false, 'User abandoned after starting the email verification option'],
    ],
  );
  // Same ids as before: the store's replace of the session swaps rows one for one.
  assert.deepEqual(deriveResetSession([...second, ...first]), EXPECTED);
  assert.deepEqual(deriveAuditEvents([...first, ...second]).resets, EXPECTED);
});

test('a started option left open is a failure with the documented Abandoned wording', () => {
  const events = deriveResetSession([
    ssprStep('a1', 0, 'User started the mobile app notification verification option'), // OBS
    ssprStep('a2', 1, 'User started the mobile app code verification option'), // OBS
    ssprStep('a3', 2, 'User completed the mobile app code verification option'), // OBS
    ssprStep('a4', 3, 'User completed all verification steps required'), // OBS
    ssprStep('a5', 4, 'User submitted a new password'), // OBS
    ssprStep('a6', 5, 'User successfully reset password'), // OBS, DET Succeeded
  ]);
  assert.deepEqual(
    events.map((e) => [e.authMethod, e.isSuccess, e.failureReason, e.eventDateTime, e.sourceIds]),
    [
      ['microsoftAuthenticatorPush', false, 'User abandoned after starting the mobile app notification verification option', at(0), ['a1']],
      ['oneTimePasscode', true, '', at(2), ['a2', 'a3']],
    ],
  );
});

test('open security questions and unknown phrases get their own wording; unknown methods are unknownFutureValue', () => {
  const events = deriveResetSession([
    ssprStep('q1', 0, 'User started the security questions verification option'), // OBS
    ssprStep('q2', 1, 'User started the carrier pigeon verification option'), // invented: not in the vocabulary
  ]);
  assert.deepEqual(
    events.map((e) => [e.authMethod, e.isSuccess, e.failureReason]),
    [
      ['securityQuestion', false, 'User abandoned after starting the security questions option'], // DET Abandoned
      ['unknownFutureValue', false, 'User abandoned after starting the carrier pigeon verification option'],
    ],
  );
});

test('a repeated start of the same option continues the attempt', () => {
  const events = deriveResetSession([
    ssprStep('r1', 0, 'User started the mobile SMS verification option'),
    ssprStep('r2', 1, 'User started the mobile SMS verification option'),
    ssprStep('r3', 2, 'User completed the mobile SMS verification option'),
  ]);
  assert.deepEqual(
    events.map((e) => [e.id, e.isSuccess, e.sourceIds]),
    [[stableId('reset', CORR, 'r1'), true, ['r1', 'r2', 'r3']]],
  );
});

test('"abandoned after completing" means the verification passed, with or without its completed row', () => {
  const abandon = ssprStep('c3', 2, 'User abandoned after completing the office voice call verification option', { result: 'failure' }); // DET Abandoned
  const withCompleted = deriveResetSession([
    ssprStep('c1', 0, 'User started the office voice call verification option'),
    ssprStep('c2', 1, 'User completed the office voice call verification option'),
    abandon,
  ]);
  assert.deepEqual(
    withCompleted.map((e) => [e.authMethod, e.isSuccess, e.failureReason, e.sourceIds]),
    [['officePhone', true, '', ['c1', 'c2', 'c3']]],
  );
  const alone = deriveResetSession([abandon]);
  assert.deepEqual(
    alone.map((e) => [e.authMethod, e.isSuccess, e.eventDateTime]),
    [['officePhone', true, at(2)]],
  );
});

test('failure reasons naming a method fail that method; others fail every open attempt; none alone makes an event', () => {
  const events = deriveResetSession([
    ssprStep('f1', 0, 'User started the mobile SMS verification option'),
    ssprStep('f2', 1, 'User entered too many invalid SMS verification codes and is blocked for 24 hours', { result: 'failure' }), // DET Blocked
    ssprStep('f3', 2, 'User contacted an admin after trying the mobile voice call verification option', { result: 'failure' }), // DET ContactedAdmin
    ssprStep('f4', 3, 'User started the security questions verification option'),
    ssprStep('f5', 4, 'User started the email verification option'),
    ssprStep('f6', 5, 'User cancelled before passing the required authentication methods', { result: 'failure' }), // OBS failure
    ssprStep('f7', 6, 'Password reset is not enabled for this user', { result: 'failure' }), // OBS failure
  ]);
  assert.deepEqual(
    events.map((e) => [e.authMethod, e.isSuccess, e.failureReason, e.sourceIds]),
    [
      ['sms', false, 'User entered too many invalid SMS verification codes and is blocked for 24 hours', ['f1', 'f2']],
      ['mobilePhone', false, 'User contacted an admin after trying the mobile voice call verification option', ['f3']],
      ['securityQuestion', false, 'User cancelled before passing the required authentication methods', ['f4', 'f6']],
      ['email', false, 'User cancelled before passing the required authentication methods', ['f5', 'f6']],
    ],
  );
  assert.deepEqual(
    deriveResetSession([
      ssprStep('g1', 0, 'User submitted their user ID'),
      ssprStep('g2', 1, "User's account has insufficient authentication methods defined. Add authentication info to resolve this", { result: 'failure' }), // DET Failed
    ]),
    [],
  );
});

test('"verify a phone number" names no single method: it fails the open phone attempt', () => {
  const events = deriveResetSession([
    ssprStep('p1', 0, 'User started the mobile voice call verification option'),
    ssprStep('p2', 1, 'User tried to verify a phone number too many times and is blocked for 24 hours', { result: 'failure' }), // DET Blocked
  ]);
  assert.deepEqual(
    events.map((e) => [e.authMethod, e.failureReason]),
    [['mobilePhone', 'User tried to verify a phone number too many times and is blocked for 24 hours']],
  );
});

test('rows without a correlationId are sessions of their own; other activities are skipped; mixed sessions throw', () => {
  const noCorr = { correlationId: null };
  const derived = deriveAuditEvents([
    ssprStep('n1', 0, 'User started the email verification option', noCorr),
    ssprStep('n2', 1, 'User completed the email verification option', noCorr),
  ]);
  assert.deepEqual(
    derived.resets.map((e) => [e.id, e.isSuccess]),
    [
      [stableId('reset', 'record:n1', 'n1'), false],
      [stableId('reset', 'record:n2', 'n2'), true],
    ],
  );
  assert.deepEqual(derived.resetSessions, ['4bbb79f7-5724-4c9e-95f3-de075f6ec090|record:n1', '4bbb79f7-5724-4c9e-95f3-de075f6ec090|record:n2']);
  const other = audit({
    id: 'x1',
    correlationId: CORR,
    activityDisplayName: 'Reset password (self-service)',
    loggedByService: 'Self-service Password Management',
  });
  assert.deepEqual(deriveResetSession([...SESSION, other]), EXPECTED);
  assert.throws(
    () => deriveResetSession([SESSION[2]!, ssprStep('o1', 9, 'User started the email verification option', { correlationId: 'other' })]),
    /several sessions/,
  );
});
