// Black-box: the built server (`amr serve`) as its own process. A log upload through the admin API
// killed with SIGKILL part-way, the server restarted and the upload sent again, ends exactly where a
// clean upload into another database does (store counts, rollups and the Graph answers). SIGTERM
// lets a request in flight finish, refuses new connections, and exits 0.
import { after, before, test } from 'node:test';
import { AMR, serveBuilt, type BuiltServer } from '../test-support/built-server.js';
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { request, get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { storedSignInFacts, storedSignInRollups, writeSignInExport } from '../test-support/signin-export.js';
import { LOG_BATCH_RECORDS } from '../ingest/import-logs.js';
import { testDatabaseFile } from '../test-support/test-db.js';

const run = promisify(execFile);
const TENANT = '5ccc79f7-5724-4c9e-95f3-de075f6ec091';
const ADMIN_KEY = 'blackbox-admin-key-0123456789';
const RECORDS = 60_000;
/** Each batch one transaction: a kill loses at most the one being stored. */
const BATCH = LOG_BATCH_RECORDS;

let dir: string;
const running = new Set<ChildProcess>();
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-kill-server-'));
});
after(async () => {
  for (const child of running) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

type Server = BuiltServer;

async function serve(db: string): Promise<Server> {
  const server = await serveBuilt(db, { env: { AMR_ADMIN_KEY: ADMIN_KEY } });
  running.add(server.process);
  server.process.once('exit', () => running.delete(server.process));
  return server;
}

/** Event Hub SignInLogs records of the last two days, so the Graph summaries show them. */
function writeExport(file: string): Promise<void> {
  const now = Date.now();
  return writeSignInExport(file, {
    tenantId: TENANT,
    records: RECORDS,
    idPrefix: 'srv-sign-in-',
    at: (i) => new Date(now - 3_600_000 - (i % 2_880) * 60_000).toISOString(),
  });
}

/** POSTs the file to the admin API; resolves with the answer, or rejects when the server dies. */
function upload(base: string, file: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/admin/tenants/${TENANT}/logs`,
      { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

const facts = storedSignInFacts;
const rollups = storedSignInRollups;

async function graph(server: Server, db: string, path: string): Promise<unknown> {
  const token = (await run(process.execPath, [AMR, 'token', '--db', db, '--tenant', TENANT])).stdout.trim();
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, path);
  return res.json();
}

async function stop(server: Server): Promise<number | null> {
  server.process.kill('SIGTERM');
  const [code] = (await once(server.process, 'exit')) as [number | null];
  return code;
}

test('an admin upload killed with SIGKILL, restarted and sent again, ends exactly where a clean upload does', { timeout: 180_000 }, async () => {
  const file = join(dir, 'signins.jsonl');
  await writeExport(file);

  const cleanDb = await testDatabaseFile(dir, 'clean.db');
  const clean = await serve(cleanDb);
  const first = await upload(clean.url, file);
  assert.equal(first.status, 200, first.body);
  assert.equal((JSON.parse(first.body) as { stored: { newSignIns: number } }).stored.newSignIns, RECORDS);

  const killedDb = await testDatabaseFile(dir, 'killed.db');
  const doomed = await serve(killedDb);
  const answer = upload(doomed.url, file).catch((err: Error) => err);
  for (let i = 0; i < 800 && (await facts(killedDb)) === 0; i++) await new Promise((r) => setTimeout(r, 25));
  doomed.process.kill('SIGKILL');
  await once(doomed.process, 'exit');
  assert.ok((await answer) instanceof Error, 'the killed server never answered the upload');
  const partial = await facts(killedDb);
  assert.ok(partial > 0 && partial < RECORDS, `killed part-way (${partial} of ${RECORDS} stored)`);
  assert.equal(partial % BATCH, 0, 'only whole batches were committed');

  const restarted = await serve(killedDb);
  const again = await upload(restarted.url, file);
  assert.equal(again.status, 200, again.body);
  const stored = (JSON.parse(again.body) as { stored: { newSignIns: number; duplicateSignIns: number } }).stored;
  assert.deepEqual(stored, { ...stored, newSignIns: RECORDS - partial, duplicateSignIns: partial });
  assert.equal(await facts(killedDb), RECORDS);
  assert.deepEqual(await rollups(killedDb), await rollups(cleanDb));
  for (const path of [
    "/beta/reports/authenticationMethods/userSignInsByAuthMethodSummary(period='d30')",
    '/beta/reports/authenticationMethods/userMfaSignInSummary',
  ]) {
    const [a, b] = [await graph(clean, cleanDb, path), await graph(restarted, killedDb, path)] as { value: unknown[] }[];
    assert.ok(a!.value.length > 0, path);
    assert.deepEqual(b!.value, a!.value, path);
  }
  assert.equal(await stop(clean), 0);
  assert.equal(await stop(restarted), 0);
});

/** A tenant whose full page of 1,000 rows is ~8 MB: more than the kernel buffers, so the answer stays in flight while the client does not read. */
async function writeWideSnapshot(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(
    `${JSON.stringify({ amrSnapshot: 1, tenant: { id: TENANT, displayName: 'Wide', license: 'P2' }, capturedDateTime: new Date().toISOString(), policies: {} })}\n`,
  );
  for (let i = 0; i < 1000; i++) {
    const user = {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      userPrincipalName: `w${i}@contoso.com`,
      displayName: `W${i} ${'x'.repeat(8000)}`,
      userType: 'Member',
      accountEnabled: true,
      authentication: { methods: [] },
    };
    if (!out.write(`${JSON.stringify({ user })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

test('SIGTERM: a request in flight finishes, new connections are refused, the process exits 0', { timeout: 120_000 }, async () => {
  const db = await testDatabaseFile(dir, 'wide.db');
  const file = join(dir, 'wide.ndjson');
  await writeWideSnapshot(file);
  await run(process.execPath, [AMR, 'import', '--db', db, file]);
  const token = (await run(process.execPath, [AMR, 'token', '--db', db, '--tenant', TENANT])).stdout.trim();
  const server = await serve(db);
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    get(`${server.url}/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1000`, { headers: { authorization: `Bearer ${token}` } }, resolve).on(
      'error',
      reject,
    );
  });
  res.pause();
  assert.equal(res.statusCode, 200);
  const exited = once(server.process, 'exit') as Promise<[number | null]>;
  server.process.kill('SIGTERM');
  for (let i = 0; i < 100 && !/SIGTERM received/.test(server.stderr()); i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(server.process.exitCode, null, 'the server waits for the answer in flight');
  await assert.rejects(fetch(`${server.url}/healthz`), 'no new connection is accepted');
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.resume();
  await once(res, 'end');
  const page = JSON.parse(Buffer.concat(chunks).toString()) as { value: unknown[] };
  assert.equal(page.value.length, 1000);
  const [code] = await exited;
  assert.equal(code, 0, server.stderr());
});
