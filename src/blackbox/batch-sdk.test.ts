// Black-box: the built server over https, and Microsoft's two JavaScript SDKs' batch helpers (another
// process, batch-sdk-client.ts) sending JSON batches to it with only the base URL changed.
import { selfSignedCert, tlsArgs, tlsIn } from '../test-support/tls-cert.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AMR, serveBuilt } from '../test-support/built-server.js';
import { testDatabaseFile } from '../test-support/test-db.js';
import { LISTED, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';

const run = promisify(execFile);
const CLIENT = fileURLToPath(new URL('./batch-sdk-client.js', import.meta.url));

interface Seen {
  status: number;
  contentType: string | null;
  body: unknown;
}
interface Result {
  graphClient: Record<string, Seen>;
  kiota: { statuses: Record<string, number>; ids: string[]; headers: Record<string, unknown> };
}

let dir: string;
let server: ChildProcess | undefined;
let url: string;
let result: Result;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-batch-sdk-'));
  await selfSignedCert(dir);
  const db = await testDatabaseFile(dir);
  await writeFile(join(dir, 'tenant.ndjson'), fixtureSnapshot(TENANT));
  await run(process.execPath, [AMR, 'import', '--db', db, join(dir, 'tenant.ndjson')]);
  const token = (await run(process.execPath, [AMR, 'token', '--db', db])).stdout.trim();
  const started = await serveBuilt(db, { args: tlsArgs(tlsIn(dir)) });
  server = started.process;
  url = started.url.replace('127.0.0.1', 'localhost');
  const out = await run(process.execPath, [CLIENT], {
    env: { ...process.env, AMR_URL: url, AMR_TOKEN: token, AMR_USER_ID: LISTED[0]!.id, NODE_EXTRA_CA_CERTS: tlsIn(dir).certFile },
  });
  result = JSON.parse(out.stdout) as Result;
});

after(async () => {
  server?.kill('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('graph-client: each response reads as the request alone would (JSON, $count text, 404)', () => {
  const { page, count, user, missing } = result.graphClient;
  assert.equal(page!.status, 200);
  const body = page!.body as { value: unknown[]; '@odata.nextLink': string };
  assert.equal(body.value.length, 2);
  assert.ok(body['@odata.nextLink'].startsWith(`${url}/v1.0/reports/authenticationMethods/userRegistrationDetails?`), 'the next link points to amr over https');
  assert.equal(count!.status, 200);
  assert.match(count!.contentType!, /^text\/plain/);
  assert.equal(count!.body, String(LISTED.length), 'Response.text() of $count is the number');
  assert.equal(user!.status, 200);
  assert.equal((user!.body as { id: string }).id, LISTED[0]!.id);
  assert.equal(missing!.status, 404);
  assert.equal((missing!.body as { error: { code: string } }).error.code, 'Request_ResourceNotFound');
});

test("Kiota's BatchRequestContent: the batch goes through the adapter over https; each id has its status", () => {
  assert.deepEqual(result.kiota.ids, ['byId', 'feature', 'list', 'missing']);
  // The dev token is a delegated Reports Reader: usersRegisteredByFeature is allowed.
  assert.deepEqual(result.kiota.statuses, { list: 200, byId: 200, feature: 200, missing: 404 });
  assert.ok(JSON.stringify(result.kiota.headers).includes('application/json'), JSON.stringify(result.kiota.headers));
});
