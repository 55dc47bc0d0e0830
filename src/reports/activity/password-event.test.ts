// Password resets, changes and unlocks (graph-api §3.9; entra-rules §4.2, A12; decision 0043). Activity names:
// vocabulary auditActivities["Self-service Password Management"].UserManagement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '../activity-model.js';
import { derivePasswordEvent } from './password-event.js';
import { stableId } from './stable-id.js';
import { ADMIN, ALICE, audit, byUser, userTarget } from './test-records.js';

const SSPR = 'Self-service Password Management';
const row = (id: string, activity: string, over: Partial<AuditRecord> = {}): AuditRecord =>
  audit({ id, loggedByService: SSPR, activityDisplayName: activity, ...over });

test('admin reset: the event is about the target user, success from result', () => {
  const r = row('p1', 'Reset password (by admin)', {
    initiatedBy: byUser(ADMIN),
    targets: [userTarget(ALICE)],
    additionalDetails: { OnPremisesAgent: 'None' }, // entra-rules §4.2
  });
  assert.deepEqual(derivePasswordEvent(r), {
    id: stableId('password', 'p1'),
    kind: 'resetByAdmin',
    user: { id: ALICE.id, userPrincipalName: ALICE.upn, displayName: ALICE.name },
    eventDateTime: '2026-01-02T03:04:05.678Z',
    isSuccess: true,
  });
});

test('self-service reset, change and unlock; failures stay failures', () => {
  const events = [
    row('p2', 'Reset password (self-service)', { resultReason: 'Successfully completed reset.' }), // vocabulary resetPasswordSelfService_resultDescription
    row('p3', 'Change password (self-service)', { result: 'failure', resultReason: 'PasswordDoesnotComplyFuzzyPolicy' }), // vocabulary (observed)
    row('p4', 'Change password (self-service)'),
    row('p5', 'Unlock user account (self-service)'),
    row('p6', 'reset password (SELF-SERVICE)'), // casing differs between exports
  ].map(derivePasswordEvent);
  assert.deepEqual(
    events.map((e) => [e?.kind, e?.isSuccess]),
    [
      ['resetSelfService', true],
      ['changeSelfService', false],
      ['changeSelfService', true],
      ['unlockSelfService', true],
      ['resetSelfService', true],
    ],
  );
});

test('only the Self-service Password Management service counts', () => {
  assert.equal(derivePasswordEvent(audit({ id: 'c1', activityDisplayName: 'Reset user password' })), null); // Core Directory
  assert.equal(derivePasswordEvent(row('c2', 'Reset password (by admin)', { loggedByService: 'Core Directory' })), null);
  assert.equal(derivePasswordEvent(row('c3', 'Blocked from self-service password reset')), null);
});
