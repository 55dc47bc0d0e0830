// `amr token`: the tokens it mints carry what its options say, and the server accepts them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { decodeJwt } from 'jose';
import { run } from './main.js';
import { seedDatabase } from './commands/seed.js';
import { openStore } from '../store/open-store.js';
import { testDatabaseFile } from '../test-support/test-db.js';
import { devVerifier, ensureSigningKey, REPORTS_READER } from '../server/tokens.js';

let dir: string;
let db: string;
let tenantId: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amr-token-'));
  db = await testDatabaseFile(dir);
  tenantId = (await seedDatabase(db, 20, 'token-test', new Date(), false)).tenant.tenantId;
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function amr(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c: Buffer) => {
    chunks.out += c.toString();
  });
  err.on('data', (c: Buffer) => {
    chunks.err += c.toString();
  });
  const before = process.exitCode;
  await run(['node', 'amr', ...args, '--db', db], { env: {}, out, err });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { ...chunks, code };
}

async function mint(...args: string[]): Promise<Record<string, unknown>> {
  const r = await amr('token', ...args);
  assert.equal(r.code, 0, r.err);
  const token = r.out.trim();
  // The server accepts it (dev mode): signature, issuer, audience, lifetime.
  const store = await openStore({ db });
  try {
    await devVerifier(await ensureSigningKey(store)).verify(token, new Date());
  } finally {
    await store.close();
  }
  return decodeJwt(token) as Record<string, unknown>;
}

describe('amr token', () => {
  test('--tenant must name a tenant the database holds, by its GUID (any case)', async () => {
    for (const [tenant, message] of [
      ['contoso', /not a tenant id: give the tenant's GUID/],
      ['0f0f0f0f-0000-4000-8000-000000000001', /holds no such tenant/],
    ] as const) {
      const r = await amr('token', '--tenant', tenant);
      assert.notEqual(r.code, 0, tenant);
      assert.equal(r.out, '', 'no token printed');
      assert.match(r.err, message);
      assert.match(r.err, new RegExp(tenantId));
    }
    const c = await mint('--tenant', tenantId.toUpperCase());
    assert.equal(c.tid, tenantId);
  });
  test('no options: what the demo needs, a Reports Reader for the only tenant', async () => {
    const c = await mint();
    assert.equal(c.tid, tenantId);
    assert.equal(c.scp, 'AuditLog.Read.All Reports.Read.All');
    assert.deepEqual(c.wids, [REPORTS_READER]);
    assert.equal(c.idtyp, 'user');
    assert.equal((c.exp as number) - (c.iat as number), 3600);
  });
  test('--app --roles: app-only, no scp, no user', async () => {
    const c = await mint('--app', '--roles', 'AuditLog.Read.All,Reports.Read.All');
    assert.deepEqual(c.roles, ['AuditLog.Read.All', 'Reports.Read.All']);
    assert.equal(c.scp, undefined);
    assert.equal(c.upn, undefined);
    assert.equal(c.idtyp, 'app');
  });
  test('--user --scp --wids --expires-in', async () => {
    const c = await mint(
      '--user',
      'ann@contoso.com',
      '--scp',
      'User.Read AuditLog.Read.All',
      '--wids',
      'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
      '--expires-in',
      '60',
    );
    assert.equal(c.upn, 'ann@contoso.com');
    assert.equal(c.scp, 'User.Read AuditLog.Read.All');
    assert.deepEqual(c.wids, ['f2ef992c-3afb-46b9-b7cf-a126ee74c451']);
    assert.equal((c.exp as number) - (c.iat as number), 60);
  });
  test('--wids "" mints a user without directory roles', async () => {
    assert.deepEqual((await mint('--wids', '')).wids, []);
  });
  test('--claims sets and overrides any claim', async () => {
    const c = await mint('--claims', '{"department":"Sales","appid":"11111111-1111-1111-1111-111111111111"}');
    assert.equal(c.department, 'Sales');
    assert.equal(c.appid, '11111111-1111-1111-1111-111111111111');
  });
  const refused: readonly [string[], RegExp][] = [
    [['--claims', '{nope'], /--claims is not valid JSON/],
    [['--claims', '[1]'], /--claims must be a JSON object/],
    [['--app', '--user', 'x@y'], /--app and --user/],
    [['--app', '--scp', 'AuditLog.Read.All'], /--scp is for delegated tokens/],
    [['--expires-in', '0'], /--expires-in 0 is not valid/],
  ];
  for (const [args, message] of refused) {
    test(`refuses ${args.join(' ')}`, async () => {
      const r = await amr('token', ...args);
      assert.equal(r.code, 1);
      assert.match(r.err, message);
      assert.equal(r.out, '');
    });
  }
});
