// importLogs end to end: an Event Hub export with a bad line, its rejects file, and a re-import
// that adds nothing. Record shapes follow ../shared/spec/log-samples/*.eventhub.elastic-test.jsonl.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openStore } from '../store/open-store.js';
import { testDatabaseFile } from '../test-support/test-db.js';
import { importLogs } from './import-logs.js';
import { LogFileError } from './logs/log-file-error.js';
import { GIVE_UP_AFTER_REFUSALS } from './logs/log-batcher.js';

const T = '4bbb79f7-5724-4c9e-95f3-de075f6ec090';

/** An AuditLogs record as Event Hub writes it (auditlogs.eventhub.elastic-test.jsonl), SSPR strings from the vocabulary file. */
function ssprRecord(id: string, minute: number, reason: string): object {
  const at = `2026-11-20T10:${String(minute).padStart(2, '0')}:00.0000000Z`;
  return {
    time: at,
    resourceId: `/tenants/${T}/providers/Microsoft.aadiam`,
    operationName: 'Self-service password reset flow activity progress',
    operationVersion: '1.0',
    category: 'AuditLogs',
    tenantId: T,
    resultSignature: 'None',
    resultDescription: reason,
    durationMs: 0,
    correlationId: 'c0ffee00-0000-4000-8000-000000000001',
    Level: 4,
    properties: {
      id,
      category: 'UserManagement',
      correlationId: 'c0ffee00-0000-4000-8000-000000000001',
      result: 'success',
      resultReason: reason,
      activityDisplayName: 'Self-service password reset flow activity progress',
      activityDateTime: at,
      loggedByService: 'Self-service Password Management',
      operationType: 'Update',
      initiatedBy: { user: { id: null, displayName: null, userPrincipalName: 'alice@contoso.com', ipAddress: '1.128.3.4' } },
      targetResources: [
        { id: '2ce85a15-8640-465d-b916-d2eac620a717', displayName: 'Alice', type: 'User', userPrincipalName: 'alice@contoso.com', modifiedProperties: [] },
      ],
      additionalDetails: [],
    },
  };
}

/** A SignInLogs record as Event Hub writes it (signinlogs.eventhub.elastic-test.jsonl), trimmed. */
function signInRecord(id: string): object {
  return {
    time: '2026-11-20T05:10:08.6816663Z',
    resourceId: `/tenants/${T}/providers/Microsoft.aadiam`,
    operationName: 'Sign-in activity',
    category: 'SignInLogs',
    tenantId: T,
    resultType: '0',
    correlationId: id,
    properties: {
      id,
      createdDateTime: '2026-11-20T05:10:08.6816663+00:00',
      userDisplayName: 'Alice',
      userPrincipalName: 'alice@contoso.com',
      userId: '2ce85a15-8640-465d-b916-d2eac620a717',
      status: { errorCode: 0 },
      isInteractive: true,
      authenticationRequirement: 'multiFactorAuthentication',
      authenticationDetails: [
        {
          authenticationStepDateTime: '2026-11-20T05:10:08+00:00',
          authenticationMethod: 'Password',
          succeeded: true,
          authenticationStepRequirement: 'Primary authentication',
        },
        {
          authenticationStepDateTime: '2026-11-20T05:10:20+00:00',
          authenticationMethod: 'Mobile app notification',
          succeeded: true,
          authenticationStepResultDetail: 'MFA successfully completed',
          authenticationStepRequirement: 'Primary authentication',
        },
      ],
    },
  };
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-logs-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('an export with a bad line: the rest is stored, the bad line goes to the rejects file, a re-import adds nothing', async () => {
  const lines = [
    JSON.stringify(ssprRecord('a1', 0, 'User started the mobile SMS verification option')),
    '{"time": "2026-11-20T10:01:00Z", "category": "AuditLogs", "properties": {',
    JSON.stringify(ssprRecord('a2', 2, 'User completed the mobile SMS verification option')),
    JSON.stringify(signInRecord('si-1')),
    JSON.stringify({ time: '2026-11-20T10:03:00Z', category: 'ServicePrincipalSignInLogs', properties: { id: 'sp-1' } }),
  ].join('\n');
  const store = await openStore({ db: await testDatabaseFile(dir, 'logs.db') });
  try {
    const rejectsPath = join(dir, 'export.rejects.jsonl');
    const first = await importLogs(store, Readable.from([lines]), { sourceName: 'export.jsonl', rejectsPath });
    assert.deepEqual([first.read.audits, first.read.signIns, first.read.refused], [2, 1, 1]);
    assert.deepEqual([first.stored.newAudits, first.stored.newSignIns, first.stored.resetEvents], [2, 1, 1]);
    assert.equal(first.read.skippedByCategory.ServicePrincipalSignInLogs, 1);
    assert.deepEqual(first.tenants, [T]);
    const rejected = (await readFile(rejectsPath, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { where: string; reason: string });
    assert.equal(rejected.length, 1);
    assert.match(rejected[0]!.where, /line 2/);
    const again = await importLogs(store, Readable.from([lines]), { sourceName: 'export.jsonl', rejectsPath: null });
    assert.deepEqual([again.stored.newAudits, again.stored.newSignIns, again.stored.duplicateAudits, again.stored.duplicateSignIns], [0, 0, 2, 1]);
  } finally {
    await store.close();
  }
});

test('records that name no tenant need --tenant; with it they land there', async () => {
  const graphAudit = { ...(ssprRecord('g1', 5, 'User started the email verification option') as { properties: object }).properties };
  const store = await openStore({ db: await testDatabaseFile(dir, 'tenant.db') });
  try {
    const without = await importLogs(store, Readable.from([JSON.stringify(graphAudit)]), { sourceName: 'audit.json', rejectsPath: null });
    assert.deepEqual([without.stored.newAudits, without.refusedForTenant], [0, 1]);
    const withTenant = await importLogs(store, Readable.from([JSON.stringify(graphAudit)]), { sourceName: 'audit.json', rejectsPath: null, tenantId: T });
    assert.deepEqual([withTenant.stored.newAudits, withTenant.refusedForTenant], [1, 0]);
  } finally {
    await store.close();
  }
});

test('activity older than the retention is deleted once the file is in', async () => {
  const store = await openStore({ db: await testDatabaseFile(dir, 'retention.db') });
  try {
    const old = ssprRecord('old-1', 0, 'User started the email verification option') as { time: string; properties: Record<string, unknown> };
    const aged = JSON.stringify({
      ...old,
      time: '2025-01-01T10:00:00Z',
      properties: { ...old.properties, id: 'old-1', activityDateTime: '2025-01-01T10:00:00Z', correlationId: 'old-session' },
    });
    const fresh = JSON.stringify(ssprRecord('new-1', 1, 'User started the email verification option'));
    const summary = await importLogs(store, Readable.from([`${aged}\n${fresh}\n`]), {
      sourceName: 'export.jsonl',
      rejectsPath: null,
      retentionDays: 400,
      now: () => new Date('2026-11-21T00:00:00Z'),
    });
    assert.equal(summary.stored.newAudits, 2);
    assert.equal(summary.pruned, 3, 'the aged record, the reset attempt derived from it, and its hour of the rollup');
    const again = await importLogs(store, Readable.from([fresh]), { sourceName: 'again.jsonl', rejectsPath: null });
    assert.equal(again.stored.duplicateAudits, 1);
  } finally {
    await store.close();
  }
});

describe('a file of refusals is stopped, and the rejects file stays bounded (decision 0054)', () => {
  /** `{"records":[0,0,…]}`: each element an in-limit record that is refused. */
  const zeros = (n: number): string => `{"records":[${'0,'.repeat(n - 1)}0]}`;

  test('tiny bad records: reading stops after GIVE_UP_AFTER_REFUSALS, the rejects file holds only those, nothing is stored', async () => {
    for (const [name, text] of [
      ['zeros', zeros(60_000)],
      ['empty objects', `[${'{},'.repeat(59_999)}{}]`],
      ['ndjson', '{}\n'.repeat(60_000)],
    ] as const) {
      const store = await openStore({ db: await testDatabaseFile(dir, `refusals-${name}.db`) });
      try {
        const rejectsPath = join(dir, `refusals-${name}.rejects.jsonl`);
        const refusedSeen: number[] = [];
        await assert.rejects(
          importLogs(store, Readable.from([text]), { sourceName: name, rejectsPath, onRefused: (b) => refusedSeen.push(b.length) }),
          (err: unknown) => {
            assert.ok(err instanceof LogFileError, name);
            assert.match(
              err.message,
              /^10,000 of the first 10,000 records were refused \(the first: (line 1: )?(records\[0\]|\[0\]|line 1): (expected a JSON object|not an audit or sign-in record).*\): this is not a log export/,
              name,
            );
            return true;
          },
        );
        const sum = refusedSeen.reduce((a, b) => a + b, 0);
        assert.ok(sum < GIVE_UP_AFTER_REFUSALS, `${name}: ${sum} refusals handed over before the stop`);
        // Refusals held when the reader stops are not handed over (the error names the first).
        const lines = (await readFile(rejectsPath, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
        assert.equal(lines.length, sum, name);
        assert.equal((await store.listTenants()).length, 0, name);
      } finally {
        await store.close();
      }
    }
  });

  test('a real export with a bad record here and there is read to its end', async () => {
    const good = Array.from({ length: 12_000 }, (_, i) => JSON.stringify(signInRecord(`si-ok-${i}`)));
    const lines = good.flatMap((l, i) => (i < 11_000 ? [l, '{"broken":'] : [l])).join('\n');
    const store = await openStore({ db: await testDatabaseFile(dir, 'mixed.db') });
    try {
      const s = await importLogs(store, Readable.from([lines]), { sourceName: 'mixed.jsonl', rejectsPath: join(dir, 'mixed.rejects.jsonl') });
      assert.deepEqual([s.read.signIns, s.read.refused, s.stored.newSignIns], [12_000, 11_000, 12_000]);
      assert.equal(s.rejectsWritten, 11_000);
    } finally {
      await store.close();
    }
  });

  test('the rejects file takes the first refusals only; the count goes on', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${JSON.stringify(signInRecord(`si-r-${i}`))}\n{"bad":${i}`).join('\n');
    const store = await openStore({ db: await testDatabaseFile(dir, 'capped.db') });
    try {
      const rejectsPath = join(dir, 'capped.rejects.jsonl');
      const s = await importLogs(store, Readable.from([lines]), { sourceName: 'capped.jsonl', rejectsPath, rejectsLimit: { records: 50, bytes: 1 << 20 } });
      assert.equal(s.read.refused, 300);
      assert.equal(s.rejectsWritten, 50);
      assert.equal((await readFile(rejectsPath, 'utf8')).trim().split('\n').length, 50);
      const byBytes = await importLogs(store, Readable.from([lines]), { sourceName: 'capped.jsonl', rejectsPath, rejectsLimit: { records: 1000, bytes: 500 } });
      const written = (await readFile(rejectsPath, 'utf8')).trim().split('\n');
      assert.equal(byBytes.rejectsWritten, written.length);
      assert.ok(written.length < 300 && written.slice(0, -1).join('\n').length < 500);
    } finally {
      await store.close();
    }
  });

  test('records for no tenant: stopped once they are most of the file, with the reason', async () => {
    const graphSignIn = (i: number) => JSON.stringify((signInRecord(`si-nt-${i}`) as { properties: object }).properties);
    const text = Array.from({ length: 25_000 }, (_, i) => graphSignIn(i)).join('\n');
    const store = await openStore({ db: await testDatabaseFile(dir, 'no-tenant.db') });
    try {
      await assert.rejects(importLogs(store, Readable.from([text]), { sourceName: 'nt.jsonl', rejectsPath: null }), (err: unknown) => {
        assert.ok(err instanceof LogFileError);
        assert.match(err.message, /records were refused \(the first: record si-nt-0: the record names no tenant: give one with --tenant ID\)/);
        return true;
      });
    } finally {
      await store.close();
    }
  });
});
