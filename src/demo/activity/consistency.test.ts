// The activity agrees with the tenant: users sign in and reset only with methods they have registered by
// then, registrations match their methods and dates, and only the SSPR pilot gets past the first step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../wire.js';
import { profileOf, type MethodKind, type UserProfile } from './user-profile.js';
import { SSPR_PILOT_DEPARTMENTS } from './sspr-scope.js';
import { activityOf, child, children, text, timeOf } from './test-support.js';

const a = activityOf(3000);
const profiles = new Map<string, UserProfile>(a.users.map((u, i) => [text(u, 'id'), profileOf(u, i)]));

/** The kinds a logged method string needs (null: none, like the password or a token). */
const STEP_NEEDS: Readonly<Record<string, readonly MethodKind[] | null>> = {
  Password: null,
  'Previously satisfied': null,
  'Text message': ['mobile'],
  'Phone call': ['mobile'],
  'Mobile app notification': ['authenticator'],
  'OATH verification code': ['authenticator', 'softwareOath', 'hardwareOath'],
  'FIDO2 security key': ['securityKey'],
  'Passkey (device-bound)': ['authenticatorPasskey', 'helloPasskey'],
  'Windows Hello for Business': ['windowsHello'],
  'Temporary Access Pass': ['temporaryAccessPass'],
  'Passwordless phone sign-in': ['phoneSignIn'],
};

function heldAt(u: UserProfile, kinds: readonly MethodKind[], atMs: number): boolean {
  return u.methods.some((m) => kinds.includes(m.kind) && (m.createdMs === null || m.createdMs <= atMs));
}

function userOf(o: JsonObject, key: 'userId' | 'target'): UserProfile {
  const id = key === 'userId' ? text(o, 'userId') : text(children(o, 'targetResources')[0] ?? {}, 'id');
  const u = profiles.get(id);
  assert.ok(u !== undefined, `unknown user ${id}`);
  return u;
}

test('every successful step uses a method the user had registered by then', () => {
  let checked = 0;
  for (const s of a.signIns) {
    const u = userOf(s, 'userId');
    for (const step of children(s, 'authenticationDetails')) {
      const needs = STEP_NEEDS[text(step, 'authenticationMethod')];
      assert.ok(needs !== undefined, `unexpected method ${String(step['authenticationMethod'])}`);
      if (needs === null || step['succeeded'] !== true) continue;
      assert.ok(heldAt(u, needs, timeOf(s)), `${u.upn} used ${text(step, 'authenticationMethod')} without it`);
      checked++;
    }
  }
  assert.ok(checked > 1000);
});

/** registration-audits.ts REASON_NAME, inverted. */
const REASON_KIND: Readonly<Record<string, MethodKind>> = {
  'Authenticator app': 'authenticator',
  Phone: 'mobile',
  'Alternate phone': 'alternateMobile',
  Email: 'email',
  'Security questions': 'securityQuestions',
  'Office phone': 'office',
  'Passwordless phone sign-in': 'phoneSignIn',
  'Security key': 'securityKey',
  'Passkey in Microsoft Authenticator': 'authenticatorPasskey',
  Passkey: 'helloPasskey',
  'Synced passkey': 'syncedPasskey',
  'Windows Hello for Business': 'windowsHello',
  'macOS Platform Credential': 'macPlatform',
  'Software OATH token': 'softwareOath',
  'Hardware OATH token': 'hardwareOath',
  'External authentication method': 'external',
  'QR code': 'qrCode',
};

test('each registration names a method the user holds; dated methods are registered at their createdDateTime', () => {
  const registrations = a.audits.filter((o) => /registered security info$/.test(text(o, 'activityDisplayName')) && o['result'] === 'success');
  assert.ok(registrations.length > 100);
  for (const o of registrations) {
    const u = userOf(o, 'target');
    const reason = text(o, 'resultReason');
    const kind = reason.includes('temporary access pass') ? 'temporaryAccessPass' : REASON_KIND[reason.replace(/^(User|Admin) registered (.+)\.$/, '$2')];
    assert.ok(kind !== undefined, `unexpected reason ${reason}`);
    const held = u.methods.filter((m) => m.kind === kind);
    assert.ok(held.length > 0, `${u.upn} registered ${kind} without holding it`);
    if (held.every((m) => m.createdMs !== null))
      assert.ok(
        held.some((m) => m.createdMs === timeOf(o)),
        `${u.upn} ${kind} at another time`,
      );
  }
});

test('administrators register passes and tokens; users register the rest for themselves', () => {
  for (const o of a.audits.filter((x) => /registered security info$/.test(text(x, 'activityDisplayName')))) {
    const initiator = text(child(child(o, 'initiatedBy'), 'user'), 'id');
    const target = text(children(o, 'targetResources')[0] ?? {}, 'id');
    assert.equal(initiator === target, text(o, 'activityDisplayName') === 'User registered security info');
  }
});

test('reset sessions: verification only for the SSPR pilot, with the options of registered methods', () => {
  const OPTION_KIND: ReadonlyArray<readonly [RegExp, MethodKind]> = [
    [/mobile SMS|mobile voice call/, 'mobile'],
    [/office voice call/, 'office'],
    [/mobile app (notification|code)/, 'authenticator'],
    [/the email/, 'email'],
    [/security questions/, 'securityQuestions'],
  ];
  let verified = 0;
  for (const o of a.audits.filter((x) => text(x, 'activityDisplayName') === 'Self-service password reset flow activity progress')) {
    const u = userOf(o, 'target');
    const reason = text(o, 'resultReason');
    if (!/^User (started|completed) the /.test(reason)) continue;
    assert.ok(SSPR_PILOT_DEPARTMENTS.includes(u.department ?? ''), `${u.upn} (${u.department ?? '-'}) verified outside the pilot`);
    const kind = OPTION_KIND.find(([re]) => re.test(reason))?.[1];
    assert.ok(kind !== undefined && u.methods.some((m) => m.kind === kind), `${u.upn}: ${reason}`);
    verified++;
  }
  assert.ok(verified > 50);
});
