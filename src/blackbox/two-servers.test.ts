// Black-box: two `amr serve` processes on one PostgreSQL database answer as one (issue 13): a
// listing begun on one continues on the other, a snapshot imported through one is served by
// the other, and the throttle's budget is held across both (not granted once per server).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AMR, serveBuilt, type BuiltServer } from '../test-support/built-server.js';
import { testCluster, SKIP_NOTICE } from '../test-support/postgres-cluster.js';
import { fixtureSnapshot, FIXTURE_USERS } from '../test-support/fixture-tenant.js';

const run = promisify(execFile);
const ADMIN_KEY = 'two-servers-admin-key-0123456789abcdef';
const PER_TENANT = 40;
const LIST = '/v1.0/reports/authenticationMethods/userRegistrationDetails';

const cluster = testCluster();
if (cluster === null) console.warn(SKIP_NOTICE);

let db = '';
let tenantId = '';
let token = '';
const servers: BuiltServer[] = [];

before(async () => {
  if (cluster === null) return;
  db = await (await cluster).createDatabase();
  await run(process.execPath, [AMR, 'seed', '--db', db, '--users', '700', '--no-activity', '--no-history']);
  const listed = await run(process.execPath, [AMR, 'tenants', '--db', db]);
  tenantId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(listed.stdout)![0];
  token = (await run(process.execPath, [AMR, 'token', '--db', db, '--tenant', tenantId])).stdout.trim();
  const env = { AMR_ADMIN_KEY: ADMIN_KEY, AMR_THROTTLE: 'custom', AMR_THROTTLE_PER_TENANT: `${PER_TENANT}/600`, AMR_THROTTLE_PER_APP: '1000/600' };
  // Started together: both migrate (one waits for the other) and both find the signing keys made by `amr token`.
  servers.push(...(await Promise.all([serveBuilt(db, { env }), serveBuilt(db, { env })])));
});

after(async () => {
  for (const s of servers) s.process.kill();
});

let requests = 0;
async function get(
  server: BuiltServer,
  pathAndQuery: string,
): Promise<{ status: number; body: { value?: { id: string }[]; '@odata.nextLink'?: string; error?: { code: string } } }> {
  requests++;
  const response = await fetch(server.url + pathAndQuery, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as never };
}

/** The path and query of a next link, to send to either server. */
function pathOf(link: string): string {
  const u = new URL(link);
  return u.pathname + u.search;
}

test('a listing paged alternately on two servers is the listing of one', { skip: cluster === null }, async () => {
  const [a, b] = [servers[0]!, servers[1]!];
  const ids: string[] = [];
  let page = await get(a, `${LIST}?$top=100&$orderby=userPrincipalName`);
  let hops = 0;
  for (;;) {
    assert.equal(page.status, 200, JSON.stringify(page.body));
    ids.push(...page.body.value!.map((r) => r.id));
    const next = page.body['@odata.nextLink'];
    if (next === undefined) break;
    hops++;
    page = await get(hops % 2 === 1 ? b : a, pathOf(next));
  }
  assert.ok(hops >= 5, `paged ${hops} times`);
  assert.equal(new Set(ids).size, ids.length, 'no row twice');
  const whole = await get(b, `${LIST}?$top=999&$orderby=userPrincipalName`);
  const rest = whole.body['@odata.nextLink'] ? (await get(b, pathOf(whole.body['@odata.nextLink']))).body.value! : [];
  assert.deepEqual(
    ids,
    [...whole.body.value!, ...rest].map((r) => r.id),
  );
});

test('a snapshot imported through one server is served by the other', { skip: cluster === null }, async () => {
  const [a, b] = [servers[0]!, servers[1]!];
  const before = await get(b, `${LIST}?$top=999`);
  assert.ok(before.body.value!.length > FIXTURE_USERS.length);
  const imported = await fetch(`${a.url}/admin/tenants/${tenantId}/snapshot`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/x-ndjson' },
    body: fixtureSnapshot(tenantId),
  });
  assert.equal(imported.status, 200, await imported.text());
  // B caches a tenant's record for a second (sql-store.ts TENANT_TTL_MS); poll a little longer.
  let rows = -1;
  for (let i = 0; i < 30 && rows !== 6; i++) {
    rows = (await get(b, `${LIST}?$top=999`)).body.value!.length;
    if (rows !== 6) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(rows, 6, 'the other server serves the new snapshot');
});

test('the throttle budget is held across both servers', { skip: cluster === null }, async () => {
  const [a, b] = [servers[0]!, servers[1]!];
  // Every earlier request of this file was admitted and counted in the same 600 s window.
  let refused: { status: number; body: { error?: { code: string } } } | null = null;
  for (let i = 0; i < 2 * PER_TENANT && refused === null; i++) {
    const r = await get(i % 2 === 0 ? a : b, `${LIST}?$top=1`);
    if (r.status === 429) refused = r;
    else assert.equal(r.status, 200);
  }
  assert.ok(refused, 'refused before twice the budget');
  assert.equal(refused!.body.error?.code, 'TooManyRequests');
  assert.equal(requests - 1, PER_TENANT, 'admitted exactly the one budget between the two servers');
});
