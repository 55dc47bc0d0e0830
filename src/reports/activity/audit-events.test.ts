// deriveAuditEvents over a mixed batch (entra-rules §3.4, §4.2; decisions 0040–0043, 0049).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '../activity-model.js';
import { deriveAuditEvents } from './audit-events.js';
import { ADMIN, ALICE, audit, byUser, registered, ssprStep, userTarget } from './test-records.js';

const TENANT = '4bbb79f7-5724-4c9e-95f3-de075f6ec090';
const SSPR = 'Self-service Password Management';

const BATCH: readonly AuditRecord[] = [
  registered('g1', 'User registered Authenticator app.'), // vocabulary combinedRegistrationResults
  registered('g2', 'User registered Phone.', { result: 'failure' }),
  registered('g3', 'Something unexpected', { result: 'failure' }), // unmapped
  registered('g4', 'User registered all required security info.', { activityDisplayName: 'User registered all required security info' }), // ignored
  audit({ id: 'g5', loggedByService: SSPR, activityDisplayName: 'Reset password (by admin)', initiatedBy: byUser(ADMIN), targets: [userTarget(ALICE)] }),
  audit({ id: 'g6', loggedByService: SSPR, activityDisplayName: 'Reset password (self-service)', correlationId: 'c-1' }),
  ssprStep('g7', 0, 'User started the mobile app code verification option', { correlationId: 'c-1' }), // vocabulary ssprFlowProgress_observed
  ssprStep('g8', 1, 'User completed the mobile app code verification option', { correlationId: 'c-1' }),
  ssprStep('g9', 2, 'User started the strange verification option', { correlationId: 'c-2' }), // unmapped
  audit({ id: 'g10', activityDisplayName: 'Add member to group' }), // Core Directory: ignored
  audit({ id: 'g11', loggedByService: SSPR, activityDisplayName: 'Blocked from self-service password reset' }), // ignored
];

test('a mixed batch: every record lands in exactly one bucket', () => {
  const d = deriveAuditEvents(BATCH);
  assert.deepEqual(
    d.registrations.map((e) => [e.sourceIds[0], e.authMethod, e.isSuccess]),
    [
      ['g1', 'microsoftAuthenticatorPush', true],
      ['g2', 'mobilePhone', false],
      ['g3', 'unknownFutureValue', false],
    ],
  );
  assert.deepEqual(
    d.passwords.map((e) => [e.kind, e.user.userPrincipalName]),
    [
      ['resetByAdmin', ALICE.upn],
      ['resetSelfService', ALICE.upn],
    ],
  );
  assert.deepEqual(
    d.resets.map((e) => [e.sourceIds, e.authMethod, e.isSuccess]),
    [
      [['g7', 'g8'], 'oneTimePasscode', true],
      [['g9'], 'unknownFutureValue', false],
    ],
  );
  assert.equal(d.ignored, 3);
  assert.equal(d.unmapped, 2);
  assert.deepEqual(d.resetSessions, [`${TENANT}|c-1`, `${TENANT}|c-2`]);
});

test('re-deriving the same batch gives identical events (stable ids)', () => {
  assert.deepEqual(deriveAuditEvents([...BATCH].reverse()).resets, deriveAuditEvents(BATCH).resets);
  assert.deepEqual(deriveAuditEvents(BATCH), deriveAuditEvents(BATCH));
});

test('sessions of two tenants with one correlation id stay apart', () => {
  const d = deriveAuditEvents([
    ssprStep('t1', 0, 'User started the email verification option', { correlationId: 'same', tenantId: 'A' }),
    ssprStep('t2', 1, 'User completed the email verification option', { correlationId: 'same', tenantId: 'B' }),
  ]);
  assert.deepEqual(
    d.resets.map((e) => e.isSuccess),
    [false, true],
  );
  assert.deepEqual(d.resetSessions, ['A|same', 'B|same']);
});
