// Black-box: the built CLI seeds and imports a 2,500-user tenant, the built server runs as its own
// process over https, and Microsoft's Graph JavaScript client (another process) pages through it.
import { selfSignedCert, tlsArgs, tlsIn } from '../test-support/tls-cert.js';
import { after, before, test } from 'node:test';
import { AMR, serveBuilt, type BuiltServer } from '../test-support/built-server.js';
import { testDatabaseFile } from '../test-support/test-db.js';
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { expectedRegistrationRows, type RawSnapshot } from '../test-support/expected-rows.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLIENT = join(ROOT, 'dist', 'blackbox', 'graph-client-export.js');
const USERS = 2500;

type Row = Record<string, unknown> & { id: string };
interface ClientResult {
  v1: Row[];
  beta: Row[];
  filtered: Row[];
  feature: { totalUserCount: number; userRegistrationFeatureCounts: { feature: string; userCount: number }[] };
  method: { totalUserCount: number; userRegistrationMethodCounts: { authenticationMethod: string; userCount: number }[] };
  guests: { totalUserCount: number };
  notFound: { statusCode: number; code: string } | null;
  activity: { value: Row[] };
  events: Row[];
  passwords: { value: Row[] };
  badPeriod: { statusCode: number; code: string; message: string } | null;
}

let dir: string;
let server: ChildProcess | undefined;
let result: ClientResult;
let snapshot: RawSnapshot;

const startServer = (db: string): Promise<BuiltServer> => serveBuilt(db, { args: tlsArgs(tlsIn(dir)) });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-blackbox-'));
  await selfSignedCert(dir);
  const db = await testDatabaseFile(dir);
  const file = join(dir, 'tenant.ndjson');
  await run(process.execPath, [AMR, 'seed', '--users', String(USERS), '--seed', 'blackbox', '--now', '2026-11-01T00:00:00Z', '--out', file]);
  await run(process.execPath, [AMR, 'import', '--db', db, file]);
  snapshot = parseNdjson(await readFile(file, 'utf8'));
  // A month of self-service registrations and admin resets, as Event Hub exports them.
  const logs = join(dir, 'audit.jsonl');
  await writeFile(logs, auditExport(snapshot, new Date()));
  await run(process.execPath, [AMR, 'import', '--db', db, logs]);
  const token = (await run(process.execPath, [AMR, 'token', '--db', db])).stdout.trim();
  const started = await startServer(db);
  server = started.process;
  const out = await run(process.execPath, [CLIENT], {
    env: { ...process.env, AMR_URL: started.url, AMR_TOKEN: token, NODE_EXTRA_CA_CERTS: tlsIn(dir).certFile },
    maxBuffer: 256 * 1024 * 1024,
  });
  result = JSON.parse(out.stdout) as ClientResult;
});

after(async () => {
  server?.kill('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** 300 registrations (Authenticator app or Email, a tenth failing) and 30 admin resets over 30 days. */
function auditExport(s: RawSnapshot, now: Date): string {
  const tenantId = String((s.header.tenant as { id: string }).id);
  const users = s.users.slice(0, 300);
  const record = (i: number, activity: string, service: string, reason: string, result: string): string => {
    const at = new Date(now.getTime() - (i % 28) * 86_400_000 - 3_600_000).toISOString();
    const u = users[i % users.length]!;
    return JSON.stringify({
      time: at,
      category: 'AuditLogs',
      tenantId,
      operationName: activity,
      resultDescription: reason,
      properties: {
        id: `audit-${i}`,
        activityDateTime: at,
        activityDisplayName: activity,
        category: 'UserManagement',
        loggedByService: service,
        operationType: 'Add',
        result,
        resultReason: reason,
        correlationId: `corr-${i}`,
        initiatedBy: { user: { id: u.id, userPrincipalName: u.userPrincipalName } },
        targetResources: [{ id: u.id, type: 'User', userPrincipalName: u.userPrincipalName, displayName: u.displayName }],
        additionalDetails: [],
      },
    });
  };
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    lines.push(
      record(
        i,
        'User registered security info',
        'Authentication Methods',
        i % 2 ? 'User registered Authenticator app.' : 'User registered Email.',
        i % 10 === 0 ? 'failure' : 'success',
      ),
    );
  }
  for (let i = 0; i < 30; i++) lines.push(record(1000 + i, 'Reset password (by admin)', 'Self-service Password Management', '', 'success'));
  return `${lines.join('\n')}\n`;
}

function parseNdjson(text: string): RawSnapshot {
  const lines = text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    header: lines[0]!,
    users: lines.filter((l) => 'user' in l).map((l) => l.user as Record<string, unknown>),
    groups: lines.filter((l) => 'group' in l).map((l) => l.group as Record<string, unknown>),
    roleAssignments: lines.filter((l) => 'roleAssignment' in l).map((l) => l.roleAssignment as Record<string, unknown>),
  };
}

const listedUsers = () => snapshot.users.filter((u) => u.accountEnabled === true && (u.deletedDateTime ?? null) === null);
const methodTypes = (u: Record<string, unknown>) => (u.authentication as { methods?: Record<string, unknown>[] } | undefined)?.methods ?? [];

test('PageIterator reads every listed user exactly once, on v1.0 and beta', () => {
  const listed = new Set(listedUsers().map((u) => u.id as string));
  for (const rows of [result.v1, result.beta]) {
    assert.equal(rows.length, listed.size);
    assert.deepEqual(new Set(rows.map((r) => r.id)), listed);
  }
  assert.ok(listed.size > 2000 && listed.size < USERS, `a realistic share is disabled or deleted (${listed.size})`);
});

const NO_METHOD_ENUMS = new Set(['userPreferredMethodForSecondaryAuthentication', 'defaultMfaMethod']);

test('each row carries exactly the flags the rules give for the snapshot', () => {
  const expected = expectedRegistrationRows(snapshot);
  for (const row of result.beta) {
    const e = expected.get(row.id);
    assert.ok(e, `${row.id} is not a listed user of the snapshot`);
    assert.deepEqual(Object.keys(row).sort(), Object.keys(e).sort());
    // Decision 0083: the rules' '' for no method is sent as the enum member 'none'.
    for (const [k, v] of Object.entries(e)) assert.deepEqual(row[k], v === '' && NO_METHOD_ENUMS.has(k) ? 'none' : v, `${row.id}.${k}`);
  }
  for (const row of result.v1) assert.equal('defaultMfaMethod' in row, false);
});

test('independent facts from the raw snapshot hold for every row', () => {
  const byId = new Map(listedUsers().map((u) => [u.id as string, u]));
  for (const row of result.v1) {
    const raw = byId.get(row.id)!;
    const types = methodTypes(raw).map((m) => m['@odata.type']);
    const methods = row.methodsRegistered as string[];
    assert.equal(methods.includes('email'), types.includes('#microsoft.graph.emailAuthenticationMethod'), `${row.id} email`);
    assert.equal(methods.includes('windowsHelloForBusiness'), types.includes('#microsoft.graph.windowsHelloForBusinessAuthenticationMethod'));
    assert.equal(row.userType, String(raw.userType).toLowerCase());
    assert.equal(row.userPrincipalName, raw.userPrincipalName);
    assert.equal(row.isSsprCapable, row.isSsprRegistered === true && row.isSsprEnabled === true);
    if (row.isMfaCapable) assert.equal(row.isMfaRegistered, true);
  }
});

test('the filtered export matches the rows that satisfy the filter', () => {
  const want = result.v1
    .filter((r) => r.isMfaCapable === false && (r.methodsRegistered as string[]).includes('email'))
    .map((r) => r.id)
    .sort();
  assert.deepEqual(result.filtered.map((r) => r.id).sort(), want);
  assert.ok(want.length > 0);
});

test('the summaries agree with counts made from the snapshot and from the rows', () => {
  const listed = listedUsers();
  assert.equal(result.feature.totalUserCount, listed.length);
  assert.equal(result.method.totalUserCount, listed.length);
  assert.equal(result.guests.totalUserCount, listed.filter((u) => String(u.userType).toLowerCase() === 'guest').length);
  const methodCount = (name: string) => result.method.userRegistrationMethodCounts.find((c) => c.authenticationMethod === name)!.userCount;
  const rawCount = (type: string, extra: (m: Record<string, unknown>) => boolean = () => true) =>
    listed.filter((u) => methodTypes(u).some((m) => m['@odata.type'] === type && extra(m))).length;
  assert.equal(methodCount('email'), rawCount('#microsoft.graph.emailAuthenticationMethod'));
  assert.equal(
    methodCount('mobilePhone'),
    rawCount('#microsoft.graph.phoneAuthenticationMethod', (m) => m.phoneType === 'mobile'),
  );
  assert.equal(
    methodCount('officePhone'),
    rawCount('#microsoft.graph.phoneAuthenticationMethod', (m) => m.phoneType === 'office'),
  );
  assert.equal(methodCount('windowsHelloForBusiness'), rawCount('#microsoft.graph.windowsHelloForBusinessAuthenticationMethod'));
  const feature = (name: string) => result.feature.userRegistrationFeatureCounts.find((c) => c.feature === name)!.userCount;
  const rows = result.v1;
  assert.equal(feature('mfaCapable'), rows.filter((r) => r.isMfaCapable).length);
  assert.equal(feature('passwordlessCapable'), rows.filter((r) => r.isPasswordlessCapable).length);
  assert.equal(feature('ssprRegistered'), rows.filter((r) => r.isSsprRegistered).length);
  assert.equal(feature('ssprEnabled'), rows.filter((r) => r.isSsprEnabled).length);
  assert.equal(feature('ssprCapable'), rows.filter((r) => r.isSsprCapable).length);
});

test('an unknown id reaches the client as a 404 GraphError', () => {
  assert.deepEqual(result.notFound, { statusCode: 404, code: 'Request_ResourceNotFound' });
});

test('the activity reports reach the client: counts, paging, errors', () => {
  const find = (method: string) => result.activity.value.find((r) => r.feature === 'registration' && r.authMethod === method);
  assert.deepEqual([find('microsoftAuthenticatorPush')?.successfulActivityCount, find('microsoftAuthenticatorPush')?.failureActivityCount], [150, 0]);
  assert.deepEqual([find('email')?.successfulActivityCount, find('email')?.failureActivityCount], [120, 30]);
  assert.equal(result.events.length, 300);
  assert.equal(new Set(result.events.map((e) => e.id)).size, 300);
  const resets = result.passwords.value.reduce((n, r) => n + Number(r.passwordResetsByAdminCount), 0);
  assert.equal(resets, 30);
  assert.equal(result.badPeriod?.statusCode, 400);
  assert.match(result.badPeriod?.message ?? '', /period/);
});
