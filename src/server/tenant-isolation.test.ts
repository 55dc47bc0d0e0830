// Tenant isolation through real HTTP. Two tenants share every user object id and every audit and
// sign-in source id (the same demo tenant under two tenant ids and two domains). Every answer a
// tenant gets on the shared server must equal the answer of a server holding that tenant alone —
// for every operation, filters (including random ones), ids, $count and whole paged exports —
// and must never carry the other tenant's domain.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { demoTenant, type DemoTenant, type JsonObject } from '../demo/index.js';
import { demoActivity } from '../demo/activity/index.js';
import { OPERATIONS } from '../graph/operations.js';
import type { SegmentPattern } from '../graph/operation.js';
import { importActivityObjects } from '../ingest/import-activity-objects.js';
import { importObjects } from '../ingest/import-objects.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { ensureSigningKey, mintDevToken } from './tokens.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import type { Store } from '../store/store.js';
import { NOW } from '../test-support/fixture-tenant.js';

const A = { tenantId: 'aaaaaaaa-0000-4000-8000-00000000000a', domain: 'tenanta' };
const B = { tenantId: 'bbbbbbbb-0000-4000-8000-00000000000b', domain: 'tenantb' };

const demo = demoTenant({ users: 120, seed: 'isolation', now: NOW });

/** The demo under another tenant id and domain names (contoso → label): same object ids, same record ids. */
function relabel<T>(value: T, to: { tenantId: string; domain: string }): T {
  const text = JSON.stringify(value).split(demo.tenantId).join(to.tenantId).split('contoso').join(to.domain);
  return JSON.parse(text) as T;
}

function relabelTenant(to: { tenantId: string; domain: string }): DemoTenant {
  return {
    tenantId: to.tenantId,
    userCount: demo.userCount,
    header: () => relabel(demo.header(), to),
    *users() {
      for (const u of demo.users()) yield relabel(u, to);
    },
    groups: () => relabel(demo.groups(), to),
    roleAssignments: () => relabel(demo.roleAssignments(), to),
  };
}

async function load(store: Store, to: { tenantId: string; domain: string }): Promise<void> {
  const tenant = relabelTenant(to);
  await importObjects(store, tenant, () => NOW);
  const activity = demoActivity(demo, { now: NOW, days: 30, density: 0.3 });
  await importActivityObjects(store, to.tenantId, {
    *audits() {
      for (const a of activity.audits()) yield relabel(a as JsonObject, to);
    },
    *signIns() {
      for (const s of activity.signIns()) yield relabel(s as JsonObject, to);
    },
  });
}

interface Server {
  base: string;
  close(): Promise<void>;
  token(tenantId: string): Promise<string>;
}

async function serve(tenants: readonly { tenantId: string; domain: string }[]): Promise<Server> {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  for (const t of tenants) await load(store, t);
  const key = await ensureSigningKey(store);
  const app = await buildApp({ config: loadConfig({}), store, signingKey: key, skipTokenSecret: 'same-secret', logger: false, now: () => NOW });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  // The same caller everywhere, so that next links differ only in their host.
  return {
    base,
    close: async () => {
      await app.close();
      await store.close();
    },
    token: (tenantId) => mintDevToken(key, { tenantId, objectId: 'reader', appId: 'app' }, NOW),
  };
}

let shared: Server;
let onlyA: Server;
let onlyB: Server;

before(async () => {
  [shared, onlyA, onlyB] = await Promise.all([serve([B, A]), serve([A]), serve([B])]);
});
after(async () => {
  await Promise.all([shared.close(), onlyA.close(), onlyB.close()]);
});

async function getJson(server: Server, tenantId: string, path: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`${server.base}${path}`, {
    headers: { authorization: `Bearer ${await server.token(tenantId)}`, prefer: 'include-unknown-enum-members' },
  });
  const text = (await r.text())
    .split(server.base)
    .join('{base}')
    .replace(/"innerError":\{[^}]*\}/, '"innerError":{…}');
  return { status: r.status, text };
}

/** Every page of a listing, following next links. */
async function exportAll(server: Server, tenantId: string, path: string): Promise<{ status: number; text: string }[]> {
  const pages: { status: number; text: string }[] = [];
  let next: string | null = path;
  while (next !== null && pages.length < 100) {
    const page = await getJson(server, tenantId, next);
    pages.push({ status: page.status, text: page.text.replace(/\$skiptoken=[^"]+/g, '$skiptoken=…') });
    const link = page.status === 200 ? (JSON.parse(page.text) as { '@odata.nextLink'?: string })['@odata.nextLink'] : undefined;
    next = link === undefined ? null : link.replace('{base}', '');
  }
  return pages;
}

async function assertIsolated(path: string): Promise<void> {
  for (const [own, other, alone] of [
    [A, B, () => onlyA],
    [B, A, () => onlyB],
  ] as const) {
    const got = await exportAll(shared, own.tenantId, path);
    const expected = await exportAll(alone(), own.tenantId, path);
    assert.deepEqual(got, expected, `${path} as ${own.domain}`);
    for (const page of got) {
      assert.ok(!page.text.includes(other.domain), `${path} as ${own.domain} shows ${other.domain}`);
      assert.ok(!page.text.includes(other.tenantId), `${path} as ${own.domain} shows ${other.tenantId}`);
    }
  }
}

const sampleUser = () => [...demo.users()].find((u) => u.accountEnabled === true && u.deletedDateTime === undefined)!.id as string;

function urlsOf(): string[] {
  const urls: string[] = [];
  for (const op of OPERATIONS) {
    for (const version of op.versions) {
      const part = (p: SegmentPattern): string =>
        p.kind === 'name'
          ? p.name
          : p.kind === 'key'
            ? sampleUser()
            : `${p.name}(${p.overloads[p.overloads.length - 1]!.map((q) => `${q.name}='${q.allowed[q.allowed.length - 1]}'`).join(',')})`;
      urls.push(`/${version}/${op.path.map(part).join('/')}`);
    }
  }
  return urls;
}

describe('tenants sharing object ids and record ids see only their own rows', () => {
  test("the two tenants' data really overlap (same ids, different domains)", async () => {
    const a = await getJson(shared, A.tenantId, `/v1.0/reports/authenticationMethods/userRegistrationDetails/${sampleUser()}`);
    const b = await getJson(shared, B.tenantId, `/v1.0/reports/authenticationMethods/userRegistrationDetails/${sampleUser()}`);
    assert.equal(a.status, 200);
    assert.match(a.text, /@tenanta\./);
    assert.match(b.text, /@tenantb\./);
  });
  for (const url of urlsOf()) test(`every operation: ${url}`, () => assertIsolated(url));
  const lists: readonly string[] = [
    '/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=7&$count=true',
    '/beta/reports/authenticationMethods/userRegistrationDetails?$orderby=userPrincipalName desc&$top=50',
    "/v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=startswith(userPrincipalName,'a')",
    '/v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=isMfaCapable eq false or isAdmin eq true',
    "/v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=methodsRegistered/any(m:m eq 'email')",
    '/v1.0/reports/authenticationMethods/userRegistrationDetails/$count',
    '/beta/reports/authenticationMethods/userEventsSummary?$top=13',
    "/beta/reports/authenticationMethods/userEventsSummary?$filter=feature eq 'reset'&$orderby=userPrincipalName",
    '/beta/reports/authenticationMethods/userEventsSummary?$filter=isSuccess eq false&$count=true',
    '/beta/reports/userCredentialUsageDetails?$top=11',
    '/beta/reports/credentialUserRegistrationDetails?$filter=isMfaRegistered eq true&$top=9',
    "/beta/reports/getCredentialUsageSummary(period='D30')?$filter=feature eq 'registration'",
    "/beta/reports/authenticationMethods/userSignInsByAuthMethodSummary(period='d7')",
    '/beta/reports/authenticationMethods/userMfaSignInSummary',
    '/beta/reports/authenticationMethods/userPasswordResetsAndChangesSummary?$filter=resetPasswordByAdminCount gt 0',
  ];
  for (const url of lists) test(`listings, filters and whole exports: ${url}`, () => assertIsolated(url));
  test('an event id of one tenant is found in that tenant only as its own row', async () => {
    const page = await getJson(shared, A.tenantId, '/beta/reports/authenticationMethods/userEventsSummary?$top=3');
    const ids = (JSON.parse(page.text) as { value: { id: string }[] }).value.map((r) => r.id);
    assert.ok(ids.length > 0);
    for (const id of ids) {
      await assertIsolated(`/beta/reports/authenticationMethods/userEventsSummary/${id}`);
      await assertIsolated(`/beta/reports/userCredentialUsageDetails/${id}`);
    }
  });
});

describe('random $filter expressions never reach the other tenant (fast-check)', () => {
  const clause = fc.oneof(
    fc
      .constantFrom('isAdmin', 'isMfaCapable', 'isMfaRegistered', 'isPasswordlessCapable', 'isSsprCapable', 'isSsprEnabled', 'isSsprRegistered')
      .chain((p) => fc.boolean().map((v) => `${p} eq ${v}`)),
    fc.constantFrom('a', 'b', 'e', 'j', 'm', 's', 'tenant', '').map((p) => `startswith(userPrincipalName,'${p}')`),
    fc
      .constantFrom('email', 'mobilePhone', 'microsoftAuthenticatorPush', 'fido2SecurityKey', 'softwareOneTimePasscode')
      .map((m) => `methodsRegistered/any(x:x eq '${m}')`),
    fc.constantFrom('member', 'guest').map((t) => `userType eq '${t}'`),
  );
  const filter: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      clause,
      fc.tuple(tie('f'), fc.constantFrom('and', 'or'), tie('f')).map(([l, op, r]) => `(${l} ${op} ${r})`),
      tie('f').map((f) => `not (${f})`),
    ),
  })).f;
  test('userRegistrationDetails', async () => {
    await fc.assert(
      fc.asyncProperty(filter, fc.constantFrom('', '&$orderby=userDisplayName', '&$top=5'), async (f, extra) => {
        await assertIsolated(`/v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=${encodeURIComponent(f)}${extra}`);
      }),
      { numRuns: 40, seed: 20261123 },
    );
  });
});
