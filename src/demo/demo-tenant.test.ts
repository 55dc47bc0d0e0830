// Shape tests: the demo tenant's objects carry what tenant-snapshot.md requires, and their
// references (group members, role principals, policy targets) all resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoTenant } from './demo-tenant.js';
import { DEMO_ROLES, GLOBAL_ADMINISTRATOR } from './roles.js';
import { arr, materialise, methodsOf, obj, objects, PINNED_NOW, str, typeOf } from './test-support.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const t = materialise(3000);

test('header: version, tenant, capture time, the four policies', () => {
  assert.equal(t.header['amrSnapshot'], 1);
  const tenant = obj(t.header, 'tenant');
  assert.match(str(tenant, 'id') ?? '', GUID);
  assert.equal(str(tenant, 'id'), t.tenantId);
  assert.equal(tenant['license'], 'P2');
  assert.equal(t.header['capturedDateTime'], '2026-03-01T09:30:00Z');
  const policies = obj(t.header, 'policies');
  for (const key of ['authenticationMethodsPolicy', 'passwordResetPolicy', 'authorizationPolicy', 'legacyMfaPolicy']) obj(policies, key);
});

test('every user has the required fields; ids and UPNs are unique', () => {
  const ids = new Set<string>();
  const upns = new Set<string>();
  for (const u of t.users) {
    const id = str(u, 'id') ?? '';
    const upn = (str(u, 'userPrincipalName') ?? '').toLowerCase();
    assert.match(id, GUID);
    assert.ok(!ids.has(id) && !upns.has(upn), `duplicate ${id} / ${upn}`);
    ids.add(id);
    upns.add(upn);
    assert.ok((str(u, 'displayName') ?? '').length > 0);
    assert.ok(u['userType'] === 'Member' || u['userType'] === 'Guest');
    assert.equal(typeof u['accountEnabled'], 'boolean');
    assert.match(str(u, 'createdDateTime') ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  }
  assert.equal(ids.size, 3000);
});

test('guests use the B2B #EXT# UPN form in the initial domain', () => {
  const guests = t.users.filter((u) => u['userType'] === 'Guest');
  assert.ok(guests.length > 0);
  for (const g of guests) assert.match(str(g, 'userPrincipalName') ?? '', /^[a-z0-9.-]+_[a-z0-9.-]+\.[a-z]+#EXT#@contoso\.onmicrosoft\.com$/);
});

test('every method has an @odata.type and an id unique within its user', () => {
  for (const u of t.users) {
    const ids = methodsOf(u).map((m) => {
      assert.match(str(m, '@odata.type') ?? '', /^#microsoft\.graph\.\w+AuthenticationMethod$/);
      return str(m, 'id') ?? '';
    });
    assert.equal(new Set(ids).size, ids.length, `${str(u, 'id') ?? ''}: ${ids.join(',')}`);
  }
});

// entra-rules §5: Graph's fixed phone method ids, one per phone type.
const PHONE_IDS: Readonly<Record<string, string>> = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
};

test('phone methods use the fixed ids, fictional numbers, and sensible SMS sign-in states', () => {
  let phones = 0;
  for (const u of t.users) {
    for (const m of methodsOf(u).filter((x) => typeOf(x) === 'phoneAuthenticationMethod')) {
      phones++;
      const type = str(m, 'phoneType') ?? '';
      assert.equal(str(m, 'id'), PHONE_IDS[type]);
      assert.match(str(m, 'phoneNumber') ?? '', /^(\+1 \d{3}55501\d\d|\+44 7700900\d{3})(x\d{4})?$/);
      if (type !== 'mobile') assert.equal(m['smsSignInState'], 'notSupported');
    }
  }
  assert.ok(phones > 1000);
});

test('signInPreferences name only a mode the user registered', () => {
  const needs: Readonly<Record<string, (types: readonly string[], phones: readonly string[]) => boolean>> = {
    push: (ty) => ty.includes('microsoftAuthenticatorAuthenticationMethod'),
    oath: (ty) => ty.some((x) => x.includes('Oath') || x === 'microsoftAuthenticatorAuthenticationMethod'),
    sms: (_, ph) => ph.includes('mobile'),
    voiceMobile: (_, ph) => ph.includes('mobile'),
    voiceAlternateMobile: (_, ph) => ph.includes('alternateMobile'),
    voiceOffice: (_, ph) => ph.includes('office'),
  };
  for (const u of t.users) {
    const prefs = obj(u, 'authentication')['signInPreferences'];
    if (prefs === undefined) continue;
    const preferred = str(obj(obj(u, 'authentication'), 'signInPreferences'), 'userPreferredMethodForSecondaryAuthentication');
    if (preferred === null) continue;
    const methods = methodsOf(u);
    const phones = methods.filter((m) => typeOf(m) === 'phoneAuthenticationMethod').map((m) => str(m, 'phoneType') ?? '');
    assert.ok(needs[preferred]?.(methods.map(typeOf), phones), `${str(u, 'userPrincipalName') ?? ''} prefers ${preferred}`);
  }
});

test('Temporary Access Passes agree with the clock', () => {
  const now = PINNED_NOW.getTime();
  let seen = 0;
  for (const u of t.users) {
    for (const m of methodsOf(u).filter((x) => typeOf(x) === 'temporaryAccessPassAuthenticationMethod')) {
      seen++;
      const start = Date.parse(str(m, 'startDateTime') ?? '');
      const end = start + Number(m['lifetimeInMinutes']) * 60_000;
      assert.equal(m['isUsable'], start <= now && now < end, JSON.stringify(m));
      assert.ok(Date.parse(str(m, 'createdDateTime') ?? '') <= now);
    }
  }
  assert.ok(seen > 0);
});

test('group members and nested groups reference existing objects; there is a cycle', () => {
  const userIds = new Set(t.users.filter((u) => u['deletedDateTime'] === undefined).map((u) => str(u, 'id')));
  const groupIds = new Set(t.groups.map((g) => str(g, 'id')));
  const nested = new Map<string, string[]>();
  for (const g of t.groups) {
    const children: string[] = [];
    for (const m of objects(g, 'members')) {
      const id = str(m, 'id');
      if (m['@odata.type'] === '#microsoft.graph.user') assert.ok(userIds.has(id), `${str(g, 'displayName') ?? ''}: ${id ?? ''}`);
      else {
        assert.equal(m['@odata.type'], '#microsoft.graph.group');
        assert.ok(groupIds.has(id));
        children.push(id ?? '');
      }
    }
    nested.set(str(g, 'id') ?? '', children);
  }
  const cyclic = [...nested].some(([id, children]) => children.some((c) => (nested.get(c) ?? []).includes(id)));
  assert.ok(cyclic, 'expected a two-group cycle');
});

test('role assignments use known template ids and existing principals', () => {
  const known = new Set(DEMO_ROLES.map((r) => r.templateId));
  const principals = new Set([...t.users.map((u) => str(u, 'id')), ...t.groups.map((g) => str(g, 'id'))]);
  for (const a of t.roleAssignments) {
    assert.ok(known.has(str(a, 'roleDefinitionId') ?? ''), str(a, 'roleDefinitionId') ?? '');
    assert.ok(principals.has(str(a, 'principalId')));
    assert.equal(a['directoryScopeId'], '/');
    assert.ok(a['status'] === 'active' || a['status'] === 'eligible');
  }
  const globals = t.roleAssignments.filter((a) => a['roleDefinitionId'] === GLOBAL_ADMINISTRATOR.templateId);
  assert.ok(globals.length >= 3 && globals.length <= 6, `${globals.length} Global Administrators`);
  assert.ok(globals.some((a) => a['status'] === 'eligible'));
});

test('policy targets name all_users or an existing group', () => {
  const groupIds = new Set(t.groups.map((g) => str(g, 'id')));
  const policies = obj(t.header, 'policies');
  const amp = obj(policies, 'authenticationMethodsPolicy');
  for (const c of objects(amp, 'authenticationMethodConfigurations')) {
    for (const target of [...objects(c, 'includeTargets'), ...objects(c, 'excludeTargets')]) {
      const id = str(target, 'id');
      assert.ok(id === 'all_users' || groupIds.has(id), `${str(c, 'id') ?? ''} → ${id ?? ''}`);
    }
  }
  assert.ok(groupIds.has(str(obj(policies, 'passwordResetPolicy'), 'selectedGroupId')));
  const authenticator = objects(amp, 'authenticationMethodConfigurations').find((c) => c['id'] === 'MicrosoftAuthenticator');
  assert.ok(authenticator !== undefined && arr(authenticator, 'excludeTargets').length === 1);
});

test('the same options give the same tenant; another seed gives another', () => {
  const a = [...demoTenant({ users: 50, seed: 'test-seed', now: PINNED_NOW }).users()];
  const b = [...demoTenant({ users: 50, seed: 'test-seed', now: PINNED_NOW }).users()];
  assert.deepEqual(a, b);
  // A user depends on (seed, index) only, so a smaller tenant is a prefix of a larger one.
  assert.deepEqual(a, t.users.slice(0, 50));
  const other = demoTenant({ users: 50, seed: 'other-seed', now: PINNED_NOW });
  assert.notEqual(other.tenantId, t.tenantId);
  assert.notDeepEqual([...other.users()], a);
});

test('bad options are refused', () => {
  assert.throws(() => demoTenant({ users: -1, seed: 's', now: PINNED_NOW }), RangeError);
  assert.throws(() => demoTenant({ users: 1.5, seed: 's', now: PINNED_NOW }), RangeError);
  assert.throws(() => demoTenant({ users: 1, seed: 's', now: new Date('nope') }), TypeError);
  assert.throws(() => demoTenant({ users: 1, seed: 's', now: PINNED_NOW, domain: 'not a domain' }), RangeError);
  assert.equal([...demoTenant({ users: 0, seed: 's', now: PINNED_NOW }).users()].length, 0);
});

test('a custom domain flows into UPNs and the initial domain', () => {
  const users = [...demoTenant({ users: 40, seed: 's', now: PINNED_NOW, domain: 'woodgrove.example' }).users()];
  assert.ok(users.some((u) => (str(u, 'userPrincipalName') ?? '').endsWith('@woodgrove.example')));
  assert.ok(users.some((u) => (str(u, 'userPrincipalName') ?? '').endsWith('@woodgrove.onmicrosoft.com')));
});

test('employees carry department, company and job title; contractors and guests no department; everyone a licence list', () => {
  const people = t.users.filter((u) => u['givenName'] !== undefined && u['userType'] === 'Member');
  const contractors = people.filter((u) => u['employeeType'] === 'Contractor');
  assert.ok(contractors.length > 0 && contractors.length < people.length * 0.08, `${contractors.length} contractors`);
  for (const u of people) {
    const contractor = u['employeeType'] === 'Contractor';
    assert.equal(typeof u['department'] === 'string', !contractor, str(u, 'userPrincipalName') ?? '');
    assert.equal(typeof u['jobTitle'] === 'string', !contractor);
    assert.equal(typeof u['companyName'], 'string');
  }
  for (const u of t.users.filter((x) => x['userType'] === 'Guest')) assert.equal(u['department'], undefined);
  for (const u of t.users) {
    for (const l of objects(u, 'assignedLicenses')) {
      assert.match(str(l, 'skuId') ?? '', GUID);
      assert.deepEqual(l['disabledPlans'], []);
    }
  }
  assert.ok(
    t.users.every((u) => u['userType'] === 'Member' || arr(u, 'assignedLicenses').length === 0),
    'a guest holds a licence',
  );
});
