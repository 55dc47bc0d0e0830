// Limits that need a real socket: header and body timeouts, a stalled upload, oversized headers —
// all answered in Graph's envelope — and an upload cut short by shutdown at a batch boundary.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { ADMIN_KEY, NOW, TENANT } from '../test-support/fixture-tenant.js';
import { buildApp } from './app.js';
import { loadConfig, type Env } from './config.js';
import { ensureSigningKey } from './tokens.js';
import { LOG_BATCH_RECORDS } from '../ingest/import-logs.js';
import { testDatabase, testDatabaseFile } from '../test-support/test-db.js';
import { readRows } from '../test-support/read-rows.js';

interface Listening {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly port: number;
  close(): Promise<void>;
}

async function listen(db: string, env: Env): Promise<Listening> {
  const store = await openStore({ db, now: () => NOW });
  const config = loadConfig({ AMR_ADMIN_KEY: ADMIN_KEY, ...env });
  const app = await buildApp({ config, store, signingKey: await ensureSigningKey(store), skipTokenSecret: 's', logger: false, now: () => NOW });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let closed: Promise<void> | null = null;
  return {
    app,
    store,
    port,
    close: () =>
      (closed ??= (async () => {
        await app.close();
        await store.close();
      })()),
  };
}

/** Writes raw bytes and reads until the server closes the connection. */
function raw(port: number, text: string): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (c: Buffer) => {
      got += c.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ text: got, ms: Date.now() - started }));
  });
}

function envelope(text: string): { status: number; code: string; requestId: string | undefined } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { error: { code: string; innerError: Record<string, string> } };
  return { status, code: body.error.code, requestId: body.error.innerError['request-id'] };
}

function signIn(i: number): string {
  return JSON.stringify({
    time: '2026-11-20T10:00:00Z',
    category: 'SignInLogs',
    tenantId: TENANT,
    resultType: '0',
    properties: {
      id: `limits-${i}`,
      createdDateTime: '2026-11-20T10:00:00Z',
      userId: `user-${i % 50}`,
      userPrincipalName: `u${i % 50}@contoso.com`,
      isInteractive: true,
      status: { errorCode: 0 },
      authenticationRequirement: 'singleFactorAuthentication',
      authenticationDetails: [{ authenticationMethod: 'Password', succeeded: true, authenticationStepRequirement: 'Primary authentication' }],
    },
  });
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-limits-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('timeouts and sizes on a real socket', () => {
  let s: Listening;
  before(async () => {
    s = await listen(await testDatabase(), { AMR_HEADERS_TIMEOUT_MS: '1000', AMR_REQUEST_TIMEOUT_MS: '1000' });
  });
  after(() => s.close());

  test("headers not received in AMR_HEADERS_TIMEOUT_MS: 408 in Graph's envelope, connection closed", async () => {
    const r = await raw(s.port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    const e = envelope(r.text);
    assert.deepEqual([e.status, e.code], [408, 'RequestTimeout']);
    assert.match(r.text, new RegExp(`request-id: ${e.requestId}`));
    assert.ok(r.ms < 5_000, `${r.ms} ms`);
  });

  test('a Graph request body still arriving after AMR_REQUEST_TIMEOUT_MS: 408, connection closed', async () => {
    const r = await raw(
      s.port,
      'POST /v1.0/reports/authenticationMethods/userRegistrationDetails HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    );
    assert.deepEqual(Object.values(envelope(r.text)).slice(0, 2), [408, 'RequestTimeout']);
    assert.ok(r.ms < 5_000, `${r.ms} ms`);
  });

  test('an upload whose client stalls for AMR_REQUEST_TIMEOUT_MS: 408', async () => {
    const lines = `${signIn(1)}\n${signIn(2)}\n`;
    const r = await raw(
      s.port,
      `POST /admin/tenants/${TENANT}/logs HTTP/1.1\r\nHost: localhost\r\nX-Amr-Admin-Key: ${ADMIN_KEY}\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n${lines}`,
    );
    const e = envelope(r.text);
    assert.deepEqual([e.status, e.code], [408, 'RequestTimeout']);
  });

  test("headers larger than the URL limit and 16 KiB: 431 in Graph's envelope", async () => {
    const r = await raw(s.port, `GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`);
    assert.deepEqual(Object.values(envelope(r.text)).slice(0, 2), [431, 'RequestHeaderFieldsTooLarge']);
  });
});

describe('shutdown during an upload', () => {
  const TWO_BATCHES = 2 * LOG_BATCH_RECORDS;
  test('app.close() stops the import at a batch boundary: committed batches stay, the upload gets a 503', { timeout: 60_000 }, async () => {
    const db = await testDatabaseFile(dir, 'shutdown.db');
    const s = await listen(db, {});
    let req: ReturnType<typeof httpRequest> | null = null;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req = httpRequest(
        {
          host: '127.0.0.1',
          port: s.port,
          method: 'POST',
          path: `/admin/tenants/${TENANT}/logs`,
          headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY },
        },
        (res: IncomingMessage) => {
          let body = '';
          res.on('data', (c: Buffer) => {
            body += c.toString();
          });
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body });
            req?.destroy();
          });
        },
      );
      req.on('error', reject);
      // Two batches and part of a third, then the body stays open.
      for (let i = 0; i < TWO_BATCHES + LOG_BATCH_RECORDS / 2; i++) req.write(`${signIn(i)}\n`);
    });
    answer.catch(() => undefined);
    try {
      const committed = async () => Number((await readRows<{ n: number }>(db, 'select count(*) n from signin_facts'))[0]?.n);
      for (let i = 0; i < 400 && (await committed()) < TWO_BATCHES; i++) await new Promise((r) => setTimeout(r, 25));
      assert.equal(await committed(), TWO_BATCHES);
      const closing = s.close();
      const r = await answer;
      await closing;
      assert.equal(r.status, 503, r.body);
      const error = (JSON.parse(r.body) as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'serviceNotAvailable');
      assert.match(error.message, new RegExp(`after ${TWO_BATCHES} records were committed`));
      assert.equal(await committed(), TWO_BATCHES);
    } finally {
      // A failed assertion must not leave the upload open (the test file would never end).
      (req as ReturnType<typeof httpRequest> | null)?.destroy();
      await s.close();
    }
  });
});
