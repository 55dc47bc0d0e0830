// A small hand-written tenant snapshot (NDJSON) whose report rows are known, for HTTP tests.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { ensureSigningKey, mintDevToken, type MintOptions, type SigningKey } from '../server/tokens.js';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from './test-db.js';
import type { Store } from '../store/store.js';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
export const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
export const NOW = new Date('2026-11-20T12:00:00Z');
export const CAPTURED = '2026-11-20T06:00:00Z';

const phone = (phoneType: string, id: string) => ({
  '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
  id,
  phoneType,
  phoneNumber: '+1 5550100123',
  smsSignInState: 'notEnabled',
});
const authenticator = { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: 'a1', displayName: 'iPhone' };
const email = { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: 'e1', emailAddress: 'x@example.com' };
const fido2 = { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'f1', model: 'YubiKey 5 NFC', aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8' };
const whfb = { '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod', id: 'w1' };

interface FixtureUser {
  readonly id: string;
  readonly upn: string;
  readonly name: string;
  readonly type?: string;
  readonly enabled?: boolean;
  readonly deleted?: boolean;
  readonly methods?: readonly object[];
}

/** Ids are chosen so id order differs from UPN and name order. */
export const FIXTURE_USERS: readonly FixtureUser[] = [
  {
    id: '00000000-0000-0000-0000-00000000000a',
    upn: 'alice@contoso.com',
    name: 'Alice Archer',
    methods: [authenticator, phone('mobile', '3179e48a-750b-4051-897c-87b9720928f7')],
  },
  { id: '00000000-0000-0000-0000-000000000009', upn: 'Bob@contoso.com', name: 'bob builder', methods: [email] },
  { id: '00000000-0000-0000-0000-000000000008', upn: 'carol_fabrikam.com#EXT#@contoso.onmicrosoft.com', name: 'Carol Guest', type: 'Guest' },
  { id: '00000000-0000-0000-0000-000000000007', upn: 'dave@contoso.com', name: 'Dave Disabled', enabled: false, methods: [authenticator] },
  { id: '00000000-0000-0000-0000-000000000006', upn: 'erin@contoso.com', name: 'Erin Deleted', deleted: true },
  { id: '00000000-0000-0000-0000-000000000005', upn: 'frank.admin@contoso.com', name: 'Frank Admin', methods: [fido2, authenticator, email] },
  {
    id: '00000000-0000-0000-0000-000000000004',
    upn: 'elodie@contoso.com',
    name: 'Élodie Élan',
    methods: [whfb, email, phone('mobile', '3179e48a-750b-4051-897c-87b9720928f7')],
  },
  { id: '00000000-0000-0000-0000-000000000003', upn: 'zoe@contoso.com', name: 'Zoë Zed', methods: [phone('office', 'e37fc753-ff3b-4958-9484-eaa9425c82bc')] },
];

export const LISTED = FIXTURE_USERS.filter((u) => u.enabled !== false && !u.deleted);

export function fixtureSnapshot(tenantId = TENANT, users: readonly FixtureUser[] = FIXTURE_USERS, license: 'free' | 'P1' | 'P2' = 'P2'): string {
  const header = {
    amrSnapshot: 1,
    tenant: { id: tenantId, displayName: 'Contoso (fixture)', license },
    capturedDateTime: CAPTURED,
    policies: {
      passwordResetPolicy: {
        enabledFor: 'selected',
        selectedGroupId: 'g-sspr',
        numberOfMethodsRequired: 1,
        methods: ['email', 'mobilePhone', 'mobileAppCode'],
      },
    },
  };
  const lines: object[] = [header];
  for (const u of users) {
    lines.push({
      user: {
        id: u.id,
        userPrincipalName: u.upn,
        displayName: u.name,
        userType: u.type ?? 'Member',
        accountEnabled: u.enabled ?? true,
        ...(u.deleted ? { deletedDateTime: '2026-11-01T00:00:00Z' } : {}),
        department: 'Sales',
        authentication: { methods: u.methods ?? [] },
      },
    });
  }
  lines.push({ group: { id: 'g-sspr', displayName: 'SSPR', members: [{ '@odata.type': '#microsoft.graph.group', id: 'g-nested' }] } });
  lines.push({
    group: {
      id: 'g-nested',
      displayName: 'Nested',
      members: [
        { '@odata.type': '#microsoft.graph.user', id: FIXTURE_USERS[1]!.id },
        { '@odata.type': '#microsoft.graph.user', id: FIXTURE_USERS[6]!.id },
      ],
    },
  });
  lines.push({ roleAssignment: { principalId: FIXTURE_USERS[5]!.id, roleDefinitionId: GLOBAL_ADMIN, directoryScopeId: '/' } });
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly key: SigningKey;
  token(options?: Partial<MintOptions>): Promise<string>;
  close(): Promise<void>;
}

export const ADMIN_KEY = 'test-admin-key-0123456789';

/** An in-memory store with the fixture tenant imported, and the app over it (no port). */
export async function startTestServer(): Promise<TestServer> {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
  const key = await ensureSigningKey(store);
  const config = loadConfig({ AMR_ADMIN_KEY: ADMIN_KEY });
  const app = await buildApp({ config, store, signingKey: key, skipTokenSecret: 'test-secret', logger: false, now: () => NOW });
  return {
    app,
    store,
    key,
    token: (options = {}) => mintDevToken(key, { tenantId: TENANT, ...options }, NOW),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** The fixture server with a default token: `before(async () => ({ s, token } = await serverWithToken()));`. */
export async function serverWithToken(): Promise<{ s: TestServer; token: string }> {
  const s = await startTestServer();
  return { s, token: await s.token() };
}
