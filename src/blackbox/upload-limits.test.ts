// Black-box (decision 0054): the built server as its own process, sent the adversarial uploads of
// issue 11 — gzip bodies that expand into a record of millions of tiny objects — while a probe
// polls /healthz. The probe is answered during each upload, the upload is refused naming the limit,
// the tenant's state does not change, and SIGTERM during an endless stream of tiny records exits.
// Also the built CLI: an empty file, the limits, and the flags that raise them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { AMR, serveBuilt, type BuiltServer } from '../test-support/built-server.js';
import { testDatabaseFile } from '../test-support/test-db.js';

const run = promisify(execFile);
const TENANT = '7d1c3b55-1f0e-4c3a-9f5e-0a2b4c6d8e10';
const ADMIN_KEY = 'blackbox-admin-key-limits-0123';
const METRICS_KEY = 'blackbox-metrics-key-limits-4567';
/** A record of a category the reader skips (read and counted, not refused, not stored): the cheapest work an upload can ask for. */
const SKIPPED = '{"category":"ServicePrincipalSignInLogs","properties":{}}\n';

let dir: string;
const running = new Set<ChildProcess>();
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-limits-'));
});
after(async () => {
  for (const child of running) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

async function serve(db: string): Promise<BuiltServer> {
  const server = await serveBuilt(db, { env: { AMR_ADMIN_KEY: ADMIN_KEY, AMR_METRICS_KEY: METRICS_KEY } });
  running.add(server.process);
  server.process.once('exit', () => running.delete(server.process));
  return server;
}

const user = (i: number) => ({ id: `u${i}`, userPrincipalName: `u${i}@contoso.example`, displayName: `User ${i}`, userType: 'Member', accountEnabled: true });
const header = { amrSnapshot: 1, tenant: { id: TENANT, displayName: 'Limits' }, capturedDateTime: '2026-01-01T00:00:00Z' };
const snapshotLines = (users: number) =>
  [JSON.stringify(header), ...Array.from({ length: users }, (_, i) => JSON.stringify({ user: user(i) }))].join('\n') + '\n';

/** POSTs a body; resolves with the answer (or the error, when the server goes away first). */
function post(
  base: string,
  path: string,
  body: Buffer | Iterable<Buffer>,
  contentType = 'application/gzip',
): Promise<{ status: number; body: string } | Error> {
  return new Promise((resolve) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { 'content-type': contentType, 'x-amr-admin-key': ADMIN_KEY } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', resolve);
    });
    req.on('error', resolve);
    if (Buffer.isBuffer(body)) req.end(body);
    else {
      for (const part of body) req.write(part);
      req.end();
    }
  });
}

/** Polls /healthz until stopped; the times its answers arrived. */
function probe(base: string): { readonly answers: number[]; stop(): Promise<void> } {
  const answers: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(60_000) });
        await res.text();
        if (res.status === 200) answers.push(performance.now());
      } catch {
        // the server is going away
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    answers,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

async function tenants(base: string): Promise<string> {
  const res = await fetch(`${base}/admin/tenants`, { headers: { 'x-amr-admin-key': ADMIN_KEY } });
  assert.equal(res.status, 200);
  return res.text();
}

/** Uploads while the probe polls: the answer, and how many probe answers arrived while it was in flight. */
async function attack(base: string, path: string, body: Buffer): Promise<{ status: number; message: string; during: number }> {
  const p = probe(base);
  const started = performance.now();
  const answer = await post(base, path, body);
  const ended = performance.now();
  await p.stop();
  assert.ok(!(answer instanceof Error), String(answer));
  const message = (JSON.parse(answer.body) as { error: { message: string } }).error?.message ?? answer.body;
  return { status: answer.status, message, during: p.answers.filter((t) => t > started && t < ended).length };
}

describe('the built server under gzip amplification uploads', { timeout: 120_000 }, () => {
  let server: BuiltServer;
  before(async () => {
    server = await serve(await testDatabaseFile(dir, 'server.db'));
    const first = await post(server.url, `/admin/tenants/${TENANT}/snapshot`, Buffer.from(snapshotLines(3)), 'application/x-ndjson');
    assert.ok(!(first instanceof Error) && first.status === 200, JSON.stringify(first));
  });
  after(async () => {
    server.process.kill('SIGTERM');
    if (server.process.exitCode === null) await once(server.process, 'exit');
  });

  test('a snapshot user of millions of {} (50 MB from 50 KB of gzip): /healthz answers, a 400 names the limit, the tenant is unchanged', async () => {
    const before = await tenants(server.url);
    // 30,000 real users first, so the server is busy for a while before the bomb.
    const body = gzipSync(`${snapshotLines(30_000)}{"user":{"id":"bomb","list":[${'{},'.repeat(16_000_000)}{}]}}\n`);
    const r = await attack(server.url, `/admin/tenants/${TENANT}/snapshot`, body);
    assert.equal(r.status, 400, r.message);
    assert.match(r.message, /^The snapshot was refused and nothing was stored: line 30002: holds more than 200000 JSON values .*AMR_MAX_RECORD_ELEMENTS/);
    assert.ok(r.during >= 3, `the probe was answered ${r.during} times during the upload`);
    assert.equal(await tenants(server.url), before);
  });

  test('a log line of millions of {}: /healthz answers, a 400 names the line and the limit, nothing is stored', async () => {
    const before = await tenants(server.url);
    const body = gzipSync(`${SKIPPED.repeat(100_000)}{"records":[${'{},'.repeat(16_000_000)}{}]}\n`);
    const r = await attack(server.url, `/admin/tenants/${TENANT}/logs`, body);
    assert.equal(r.status, 400, r.message);
    assert.match(r.message, /^The log export stopped at line 100001: holds more than 400000 JSON values .*AMR_MAX_RECORD_ELEMENTS/);
    assert.ok(r.during >= 3, `the probe was answered ${r.during} times during the upload`);
    assert.equal(await tenants(server.url), before);
  });

  test('millions of tiny refused records (`[0,0,…]`, `[{},{},…]`): /healthz answers, a 400 once they are most of the file, nothing is stored', async () => {
    const before = await tenants(server.url);
    for (const [body, first] of [
      [gzipSync(`{"records":[${'0,'.repeat(50_000_000)}0]}`), /records\[0\]: expected a JSON object/],
      [gzipSync(`[${'{},'.repeat(30_000_000)}{}]`), /\[0\]: not an audit or sign-in record/],
      [gzipSync(`${'{}\n'.repeat(30_000_000)}`), /line 1: not an audit or sign-in record/],
    ] as const) {
      const r = await attack(server.url, `/admin/tenants/${TENANT}/logs`, body);
      assert.equal(r.status, 400, r.message);
      assert.match(r.message, /^The log export stopped at .*: 10,000 of the first 10,000 records were refused \(the first: /);
      assert.match(r.message, first);
    }
    assert.equal(await tenants(server.url), before);
  });

  test('a record nested 100,000 deep is a 400 naming the depth limit, not a 500', async () => {
    const body = gzipSync(`${snapshotLines(1)}{"user":${JSON.stringify(user(9)).replace('}', `,"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)}}\n`);
    const r = await attack(server.url, `/admin/tenants/${TENANT}/snapshot`, body);
    assert.equal(r.status, 400, r.message);
    assert.match(r.message, /line 3: nests objects and arrays more than 64 levels deep .*AMR_MAX_DEPTH/);
  });
});

test('SIGTERM during an endless stream of tiny log records (5 GB from 20 MB of gzip) exits promptly', { timeout: 120_000 }, async () => {
  const server = await serve(await testDatabaseFile(dir, 'sigterm.db'));
  // Concatenated gzip members: 250 of 20 MB each of skipped records (read and counted, never stored).
  const member = gzipSync(SKIPPED.repeat(350_000));
  const upload = post(
    server.url,
    `/admin/tenants/${TENANT}/logs`,
    Array.from({ length: 250 }, () => member),
  );
  const p = probe(server.url);
  while (p.answers.length < 10) await new Promise((r) => setTimeout(r, 50));
  await p.stop();
  const exited = once(server.process, 'exit');
  const sent = performance.now();
  server.process.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  assert.ok(performance.now() - sent < 20_000, 'the process took over 20 s to exit');
  assert.equal(code, 0);
  const answer = await upload;
  if (!(answer instanceof Error)) assert.equal(answer.status, 503, answer.body);
});

/** A value of the server's /metrics (by the metrics key), 0 when the series is absent. */
async function metric(base: string, series: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_KEY}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

test('a client that goes away after sending a small gzip stops its import: it is counted aborted, not run to the end', { timeout: 120_000 }, async () => {
  const server = await serve(await testDatabaseFile(dir, 'gone.db'));
  try {
    // 800 KB of gzip (48 members) that expand to 280 MB of skipped records: seconds of reading
    // after the server has taken in the whole body, which its stream buffers do almost at once.
    const body = Buffer.concat(Array.from({ length: 48 }, () => gzipSync(SKIPPED.repeat(100_000))));
    const { port } = new URL(server.url);
    const client = connect(Number(port), '127.0.0.1');
    await once(client, 'connect');
    client.write(
      `POST /admin/tenants/${TENANT}/logs HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/gzip\r\nX-AMR-Admin-Key: ${ADMIN_KEY}\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    client.write(body);
    while ((await metric(server.url, 'amr_imports_in_progress{type="logs"}')) < 1) await new Promise((r) => setTimeout(r, 50));
    // Past the body's last byte: the server has read it (the importer is working through the expansion).
    await new Promise((r) => setTimeout(r, 300));
    client.destroy();
    while ((await metric(server.url, 'amr_imports_in_progress{type="logs"}')) > 0) await new Promise((r) => setTimeout(r, 300));
    assert.equal(await metric(server.url, 'amr_imports_total{type="logs",outcome="aborted"}'), 1);
    assert.equal(await metric(server.url, 'amr_imports_total{type="logs",outcome="imported"}'), 0);
  } finally {
    server.process.kill('SIGTERM');
    if (server.process.exitCode === null) await once(server.process, 'exit');
  }
});

describe('amr import: the same limits, the flags that raise them, and empty files', () => {
  const amr = async (...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> => {
    try {
      const r = await run(process.execPath, [AMR, ...args], { env: { ...process.env, AMR_LOG_LEVEL: 'warn' } });
      return { code: 0, stderr: r.stderr, stdout: r.stdout };
    } catch (err) {
      const e = err as { code: number; stderr: string; stdout: string };
      return { code: e.code, stderr: e.stderr, stdout: e.stdout };
    }
  };

  test('an empty file is refused with its name and a non-zero exit', async () => {
    const file = join(dir, 'empty.json');
    await writeFile(file, '');
    const db = await testDatabaseFile(dir, 'cli.db');
    const r = await amr('import', '--db', db, file);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`amr: ${file.replace(/[.\\]/g, '\\$&')}: the file is empty: nothing to import`));
    const blanks = join(dir, 'blanks.ndjson');
    await writeFile(blanks, gzipSync(' \n'));
    const b = await amr('import', '--db', db, blanks);
    assert.equal(b.code, 1);
    assert.match(b.stderr, /byte 0: the input holds no JSON value/);
  });

  test('a user past the depth or size limit is refused, naming the flag; the flag raises the limit', async () => {
    const db = await testDatabaseFile(dir, 'cli.db');
    const deepFile = join(dir, 'deep.ndjson');
    await writeFile(
      deepFile,
      `${snapshotLines(1)}{"user":${JSON.stringify({ ...user(5), deep: JSON.parse(`${'['.repeat(80)}${']'.repeat(80)}`) as unknown })}}\n`,
    );
    const refused = await amr('import', '--db', db, deepFile);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused, nothing from it was stored: line 3: nests objects and arrays more than 64 levels deep .*amr import --max-depth N/);
    assert.equal((await amr('import', '--db', db, '--max-depth', '90', deepFile)).code, 0);

    const bigFile = join(dir, 'big.json');
    await writeFile(bigFile, JSON.stringify({ ...header, users: [{ ...user(1), note: 'x'.repeat(2 * 1024 * 1024) }] }));
    const big = await amr('import', '--db', db, bigFile);
    assert.equal(big.code, 1);
    assert.match(big.stderr, /users\[0\]: is larger than 1 MiB, the limit on one record .*--max-record-bytes N/);
    assert.equal((await amr('import', '--db', db, '--max-record-bytes', String(4 * 1024 * 1024), bigFile)).code, 0);

    const manyFile = join(dir, 'many.json');
    await writeFile(manyFile, JSON.stringify({ ...header, users: [{ ...user(1), list: Array.from({ length: 250_000 }, () => 0) }] }));
    assert.match((await amr('import', '--db', db, manyFile)).stderr, /users\[0\]: holds more than 200000 JSON values/);
    assert.equal((await amr('import', '--db', db, '--max-record-elements', '300000', manyFile)).code, 0);

    const wrong = await amr('import', '--db', db, '--max-depth', 'deep', deepFile);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /--max-depth takes a positive whole number, got 'deep'/);
    assert.match((await amr('import', '--help')).stdout, /--max-record-bytes <n>[\s\S]*--max-record-elements <n>[\s\S]*--max-depth <n>/);
  });
});
