// `amr alerts …` in process: rules and webhooks added, listed and removed; every bad flag a clear
// error naming it, with nothing stored; `amr import` evaluates the tenant it replaced.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../main.js';
import { openStore } from '../../store/open-store.js';
import { testDatabaseFile } from '../../test-support/test-db.js';
import { TENANT, fixtureSnapshot } from '../../test-support/fixture-tenant.js';

let dir: string;
let db: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amr-alerts-cli-'));
  db = await testDatabaseFile(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function amr(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c: Buffer) => (chunks.out += c.toString()));
  err.on('data', (c: Buffer) => (chunks.err += c.toString()));
  const before = process.exitCode;
  await run(['node', 'amr', ...args, '--db', db], { env: {}, out, err, now: () => new Date('2026-11-20T12:00:00Z') });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { ...chunks, code };
}

describe('amr alerts', () => {
  test('bad rules are refused naming the flag, and nothing is stored', async () => {
    const cases: [string[], RegExp][] = [
      [['--kind', 'coverageBelow', '--name', 'x', '--metric', 'mfa', '--threshold', 'lots'], /--threshold is "lots"; use a number from 0 to 100/],
      [['--kind', 'coverageBelow', '--name', 'x', '--metric', 'mfa', '--threshold', '10', '--group-by', 'city'], /--group-by is "city"/],
      [['--kind', 'coverageDrop', '--name', 'x', '--metric', 'mfa', '--points', '5'], /--days is missing/],
      [['--kind', 'coverageBelow', '--name', 'x', '--metric', 'mfa', '--threshold', '10', '--points', '3'], /--points is not accepted here/],
      [['--kind', 'nope', '--name', 'x'], /--kind is "nope"/],
    ];
    for (const [flags, expected] of cases) {
      const r = await amr('alerts', 'rules', 'add', '--tenant', TENANT, ...flags);
      assert.equal(r.code, 1, r.out);
      assert.match(r.err, expected);
    }
    assert.match((await amr('alerts', 'rules', 'list', '--tenant', 'contoso')).err, /--tenant "contoso" is not a tenant id/);
    assert.match((await amr('alerts', 'rules', 'list', '--tenant', TENANT)).out, /no alert rules/);
  });

  test('rules: add, list, remove', async () => {
    const added = await amr(
      'alerts',
      'rules',
      'add',
      '--tenant',
      TENANT,
      '--kind',
      'coverageBelow',
      '--name',
      'Weak only',
      '--metric',
      'weakMfa',
      '--threshold',
      '101',
    );
    assert.equal(added.code, 1);
    const ok = await amr(
      'alerts',
      'rules',
      'add',
      '--tenant',
      TENANT,
      '--kind',
      'adminWithoutPhishingResistant',
      '--name',
      'Admins',
      '--privileged-only',
      '--json',
    );
    assert.equal(ok.code, 0, ok.err);
    const rule = JSON.parse(ok.out) as { id: string; privilegedOnly: boolean };
    assert.equal(rule.privilegedOnly, true);
    const listed = await amr('alerts', 'rules', 'list', '--tenant', TENANT, '--json');
    assert.deepEqual(
      (JSON.parse(listed.out) as { id: string }[]).map((r) => r.id),
      [rule.id],
    );
    assert.match((await amr('alerts', 'rules', 'remove', 'nope', '--tenant', TENANT)).err, /"nope" is not a rule id/);
    assert.equal((await amr('alerts', 'rules', 'remove', rule.id, '--tenant', TENANT)).code, 0);
    assert.match((await amr('alerts', 'rules', 'remove', rule.id, '--tenant', TENANT)).err, /has no rule/);
  });

  test('webhooks: the URL is checked; the secret is printed once', async () => {
    const bad = await amr('alerts', 'webhooks', 'add', 'ftp://x.org/', '--tenant', TENANT);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /the URL uses 'ftp:'; only http: and https: are accepted/);
    const ok = await amr('alerts', 'webhooks', 'add', 'https://hooks.example.org/amr', '--tenant', TENANT);
    assert.equal(ok.code, 0, ok.err);
    const secret = /secret (\S+)/.exec(ok.out)![1]!;
    assert.equal(Buffer.from(secret, 'base64url').length, 32);
    const listed = await amr('alerts', 'webhooks', 'list', '--tenant', TENANT);
    assert.match(listed.out, /https:\/\/hooks\.example\.org\/amr/);
    assert.ok(!listed.out.includes(secret));
    const id = /added webhook (\S+)/.exec(ok.out)![1]!;
    assert.equal((await amr('alerts', 'webhooks', 'remove', id, '--tenant', TENANT)).code, 0);
  });

  test('list and evaluate; import evaluates the tenant it replaced', async () => {
    assert.match((await amr('alerts', 'list', '--tenant', TENANT, '--status', 'closed')).err, /--status "closed": use open, resolved or all/);
    assert.match((await amr('alerts', 'list', '--tenant', TENANT)).out, /no open alerts/);
    // An open alert of a rule since removed: the import's evaluation resolves it.
    const store = await openStore({ db });
    const at = '2026-11-19T00:00:00.000Z';
    await store.updateAlerts(TENANT, () => ({
      opened: [
        {
          tenantId: TENANT,
          id: 'a1',
          ruleId: 'removed',
          conditionKey: 'removed|user|u',
          status: 'open',
          firstSeenAt: at,
          lastSeenAt: at,
          resolvedAt: null,
          detailJson: '{}',
        },
      ],
      resolved: [],
      seen: [],
      deliveries: [],
    }));
    await store.close();
    const file = join(dir, 'snapshot.ndjson');
    writeFileSync(file, fixtureSnapshot());
    const imported = await amr('import', file);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /alerts +0 opened, 1 resolved/);
    const evaluated = await amr('alerts', 'evaluate', '--tenant', TENANT);
    assert.equal(evaluated.code, 0, evaluated.err);
    assert.match(evaluated.out, /0 alerts opened, 0 resolved/);
  });
});
