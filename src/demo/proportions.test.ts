// Proportion tests on a 20,000-user demo tenant: the mix decision 0020 promises, within tolerance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUTURE_METHOD_TYPE } from './other-methods.js';
import { hasStrongMethod, materialise, methodsOf, obj, objects, str, typeOf } from './test-support.js';

const N = 20_000;
const t = materialise(N);
const live = t.users.filter((u) => u['deletedDateTime'] === undefined);
const share = (count: number, of: number): number => count / of;

function assertBetween(value: number, low: number, high: number, what: string): void {
  assert.ok(value >= low && value <= high, `${what}: ${(value * 100).toFixed(2)}% not in [${low * 100}%, ${high * 100}%]`);
}

test('guests are 5–10% of accounts', () => {
  assertBetween(share(t.users.filter((u) => u['userType'] === 'Guest').length, N), 0.05, 0.1, 'guests');
});

test('a few % of accounts are disabled, a handful soft-deleted', () => {
  assertBetween(share(live.filter((u) => u['accountEnabled'] === false).length, live.length), 0.02, 0.08, 'disabled');
  const deleted = N - live.length;
  assert.ok(deleted >= 3 && deleted <= N * 0.005, `${deleted} deleted`);
});

test('shared mailboxes, rooms and service accounts exist and have no methods', () => {
  const resources = t.users.filter(
    (u) => u['userType'] === 'Member' && u['givenName'] === undefined && !String(u['userPrincipalName']).startsWith('emergency'),
  );
  assertBetween(share(resources.length, N), 0.02, 0.04, 'resource accounts');
  for (const u of resources) assert.equal(methodsOf(u).length, 0, str(u, 'userPrincipalName') ?? '');
});

test('about 1% of accounts hold an admin role, directly or through a group', () => {
  const groupMembers = new Map(t.groups.map((g) => [str(g, 'id'), objects(g, 'members').map((m) => str(m, 'id'))]));
  const admins = new Set<string | null>();
  for (const a of t.roleAssignments) {
    const via = groupMembers.get(str(a, 'principalId'));
    for (const id of via ?? [str(a, 'principalId')]) admins.add(id);
  }
  assertBetween(share(admins.size, N), 0.006, 0.016, 'admins');
  assert.ok(t.roleAssignments.some((a) => a['status'] === 'eligible'));
});

test('20–30% of enabled members have no strong method', () => {
  const members = live.filter((u) => u['userType'] === 'Member' && u['accountEnabled'] === true);
  assertBetween(share(members.filter((u) => !hasStrongMethod(u)).length, members.length), 0.2, 0.3, 'members without a strong method');
});

test('Microsoft Authenticator is the most common strong method among people', () => {
  const people = live.filter((u) => u['givenName'] !== undefined && u['userType'] === 'Member');
  const count = (type: string): number => people.filter((u) => methodsOf(u).some((m) => typeOf(m) === type)).length;
  const authenticator = count('microsoftAuthenticatorAuthenticationMethod');
  assertBetween(share(authenticator, people.length), 0.5, 0.7, 'Authenticator');
  assert.ok(authenticator > count('phoneAuthenticationMethod') * 0.9);
  assert.ok(count('fido2AuthenticationMethod') < authenticator / 3);
});

test('every method type appears, including both passkey kinds and an unknown future type', () => {
  const types = new Set<string>();
  const passkeyTypes = new Set<string>();
  for (const u of t.users) {
    for (const m of methodsOf(u)) {
      types.add(str(m, '@odata.type') ?? '');
      if (typeOf(m) === 'fido2AuthenticationMethod') passkeyTypes.add(str(m, 'passkeyType') ?? '');
    }
  }
  for (const type of [
    'phoneAuthenticationMethod',
    'emailAuthenticationMethod',
    'microsoftAuthenticatorAuthenticationMethod',
    'passwordlessMicrosoftAuthenticatorAuthenticationMethod',
    'fido2AuthenticationMethod',
    'windowsHelloForBusinessAuthenticationMethod',
    'softwareOathAuthenticationMethod',
    'hardwareOathAuthenticationMethod',
    'temporaryAccessPassAuthenticationMethod',
    'platformCredentialAuthenticationMethod',
    'externalAuthenticationMethod',
    'qrCodePinAuthenticationMethod',
    'passwordAuthenticationMethod',
  ])
    assert.ok(types.has(`#microsoft.graph.${type}`), type);
  assert.ok(types.has(FUTURE_METHOD_TYPE));
  assert.deepEqual([...passkeyTypes].sort(), ['deviceBound', 'synced']);
});

test('names are varied: non-ASCII display names and several usage locations', () => {
  const people = t.users.filter((u) => u['givenName'] !== undefined);
  assertBetween(share(people.filter((u) => /[^\x20-\x7e]/.test(str(u, 'displayName') ?? '')).length, people.length), 0.1, 0.4, 'non-ASCII names');
  assert.ok(new Set(people.map((u) => u['usageLocation'])).size >= 20);
  const synced = people.filter((u) => u['onPremisesSyncEnabled'] === true).length;
  assertBetween(share(synced, people.length), 0.5, 0.75, 'synced from AD');
});

test('security questions and e-mail are registered by a minority', () => {
  const people = live.filter((u) => u['givenName'] !== undefined);
  const questions = people.filter((u) => typeof obj(u, 'authentication')['securityQuestionsRegistered'] === 'number').length;
  assertBetween(share(questions, people.length), 0.04, 0.12, 'security questions');
  const email = people.filter((u) => methodsOf(u).some((m) => typeOf(m) === 'emailAuthenticationMethod')).length;
  assertBetween(share(email, people.length), 0.25, 0.4, 'e-mail');
});
