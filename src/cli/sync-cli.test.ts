// `amr sync`, `amr verify`, `amr tenants add` and `amr tenants` against a stand-in orchestrator: the
// options they take and refuse, what they print, their exit codes. No sync runs here (the real one:
// commands/sync.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from './main.js';
import type { SyncApi, SyncOutcome, SyncRequest, SyncStatus, TenantCredentialRef, VerifyReport } from '../sync/run/contract.js';
import { SyncError } from '../sync/sync-error.js';
import { formatSyncColumns, formatSyncOutcome, formatVerifyReport, parseMode, redactSecrets, syncFailureReason, syncTarget } from './sync-format.js';
import { syncProgress } from './sync-progress.js';
import { CliError } from './context.js';
import { createTestCertificate } from '../test-support/graph-double/index.js';
import { testDatabaseFile } from '../test-support/test-db.js';

const TENANT = '0b3c5e2a-1111-4222-8333-944455556666';
const OTHER = '1c4d6f3b-2222-4333-8444-a55566667777';
const APP = 'a0a0a0a0-0000-4000-8000-000000000001';
const SECRET = 'very-secret-value-9f8e7d';
const NOW = new Date('2026-12-01T12:00:00Z');
const ENV = { AMR_SYNC_CLIENT_ID: APP, AMR_SYNC_CLIENT_SECRET: SECRET };

const outcome = (over: Partial<SyncOutcome> = {}): SyncOutcome => ({
  tenantId: TENANT,
  mode: 'full',
  pass: 'full',
  users: 1234,
  usersRead: 1234,
  groups: 12,
  roleAssignments: 7,
  audits: 345,
  signIns: 6789,
  license: 'P2',
  ssprPolicySource: 'inferred',
  requests: 150,
  throttled: 2,
  waitedMs: 3500,
  startedAt: '2026-12-01T11:59:00.000Z',
  finishedAt: '2026-12-01T12:00:00.000Z',
  warnings: [],
  generation: 4,
  ...over,
});

const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  tenantId: TENANT,
  hasCredentials: true,
  lastAttemptAt: '2026-12-01T06:00:00.000Z',
  lastSuccessAt: '2026-12-01T06:00:00.000Z',
  lastOutcome: 'succeeded',
  lastError: null,
  retentionDays: 30,
  logsAtRisk: false,
  ...over,
});

const report: VerifyReport = {
  tenantId: TENANT,
  syncedAt: '2026-12-01T06:00:00.000Z',
  usersCompared: 100,
  onlyInEntra: ['u-9'],
  onlyInAmr: [],
  differences: [
    {
      property: 'isMfaCapable',
      users: [
        { id: 'u-1', userPrincipalName: 'ann@contoso.com', amr: true, entra: false },
        { id: 'u-2', userPrincipalName: 'bob@contoso.com', amr: true, entra: false },
      ],
    },
    { property: 'methodsRegistered', users: [{ id: 'u-3', userPrincipalName: 'cy@contoso.com', amr: ['email'], entra: [] }] },
  ],
};

/** A stand-in orchestrator recording its calls. */
class FakeSync implements SyncApi {
  readonly calls: { fn: string; request?: SyncRequest | Omit<SyncRequest, 'tenant' | 'credentials'>; ref?: TenantCredentialRef; tenantId?: string }[] = [];
  constructor(
    private readonly behave: {
      run?: (r: SyncRequest) => Promise<SyncOutcome>;
      all?: () => Promise<readonly (SyncOutcome | { readonly tenantId: string; readonly error: Error })[]>;
      statuses?: readonly SyncStatus[];
    } = {},
  ) {}
  async runSync(_store: unknown, request: SyncRequest): Promise<SyncOutcome> {
    this.calls.push({ fn: 'runSync', request });
    request.onProgress?.({ phase: 'users', done: 10, total: null, requests: 3, throttled: 0 });
    request.onProgress?.({ phase: 'methods', done: 5, total: 10, requests: 8, throttled: 1 });
    return this.behave.run ? this.behave.run(request) : outcome();
  }
  async runSyncAll(
    _store: unknown,
    options: Omit<SyncRequest, 'tenant' | 'credentials'>,
  ): Promise<readonly (SyncOutcome | { readonly tenantId: string; readonly error: Error })[]> {
    this.calls.push({ fn: 'runSyncAll', request: options });
    return this.behave.all ? this.behave.all() : [outcome()];
  }
  async saveTenantCredentials(_store: unknown, ref: TenantCredentialRef): Promise<void> {
    this.calls.push({ fn: 'saveTenantCredentials', ref });
  }
  async syncStatus(): Promise<readonly SyncStatus[]> {
    return this.behave.statuses ?? [];
  }
  async verifyTenant(_store: unknown, tenantId: string): Promise<VerifyReport> {
    this.calls.push({ fn: 'verifyTenant', tenantId });
    return report;
  }
}

let dir: string;
let db: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amr-sync-cli-'));
  db = await testDatabaseFile(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Ran {
  readonly out: string;
  readonly err: string;
  readonly code: number;
}

async function amr(args: readonly string[], options: { env?: Record<string, string>; sync?: SyncApi } = {}): Promise<Ran> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c: Buffer) => {
    chunks.out += c.toString();
  });
  err.on('data', (c: Buffer) => {
    chunks.err += c.toString();
  });
  const saved = process.exitCode;
  process.exitCode = undefined;
  await run(['node', 'amr', ...args, '--db', db], { env: options.env ?? ENV, out, err, now: () => NOW, ...(options.sync ? { sync: options.sync } : {}) });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = saved;
  return { ...chunks, code };
}

describe('option checks', () => {
  test('--mode: full or mirror, anything else refused by name', () => {
    assert.equal(parseMode(undefined), undefined);
    assert.equal(parseMode('MIRROR'), 'mirror');
    assert.throws(
      () => parseMode('fast'),
      (e: unknown) => e instanceof CliError && /--mode "fast" is not a sync mode: use full .* or mirror/.test(e.message),
    );
  });
  test('--tenant and --all: exactly one', () => {
    assert.deepEqual(syncTarget({ tenant: TENANT }), { kind: 'tenant', tenant: TENANT });
    assert.deepEqual(syncTarget({ all: true }), { kind: 'all' });
    assert.throws(() => syncTarget({ tenant: TENANT, all: true }), /either --tenant ID or --all, not both/);
    assert.throws(() => syncTarget({}), /give --tenant TENANT_ID/);
  });
});

describe('formatting', () => {
  test('the summary names every count, the SSPR policy source, requests, 429s, time waited, pass and generation', () => {
    const text = formatSyncOutcome(outcome({ warnings: ['sign-ins: the tenant has no P1/P2 licence'] }));
    for (const expected of [
      /tenant 0b3c5e2a-1111-4222-8333-944455556666: synced \(full pass, full mode\) in 60\.0 s/,
      /users +1,234/,
      /methods read +for 1,234 users/,
      /groups +12/,
      /roles +7 assignments/,
      /audits +345 records/,
      /sign-ins +6,789 records/,
      /licence +Microsoft Entra ID P2/,
      /SSPR policy +inferred from Entra's isSsprEnabled/,
      /requests +150; throttled \(429\) 2; waited 3\.5 s/,
      /generation 4/,
      /warning +sign-ins: the tenant has no P1\/P2 licence/,
    ]) {
      assert.match(text, expected);
    }
    assert.match(formatSyncOutcome(outcome({ ssprPolicySource: 'file' })), /SSPR policy +from the --sspr-policy file/);
    assert.match(formatSyncOutcome(outcome({ mode: 'mirror' })), /methods read +none \(mirror mode/);
    assert.match(
      formatSyncOutcome(outcome({ pass: 'incremental', usersRead: 1 })),
      /incremental pass.*\n(?:.*\n)*.*for 1 user \(new or changed since the last sync\)/,
    );
  });

  test('failure reasons: the permission named with admin consent; licence, auth, network, throttled, settings', () => {
    const permission = syncFailureReason(
      new SyncError('permission', 'Graph answered 403 Authorization_RequestDenied', {
        permission: 'AuditLog.Read.All',
        request: 'GET /v1.0/auditLogs/directoryAudits',
        requestId: 'r-1',
      }),
    );
    assert.match(permission, /application permission AuditLog\.Read\.All; add it to the app registration and grant admin consent/);
    assert.match(permission, /GET \/v1\.0\/auditLogs\/directoryAudits, request-id r-1/);
    assert.match(syncFailureReason(new SyncError('licence', 'sign-in logs need a premium licence')), /^licence: .*P1 or P2/);
    assert.match(
      syncFailureReason(new SyncError('auth', 'AADSTS7000215: Invalid client secret provided.', { reason: 'invalidSecret' })),
      /authentication failed: the client secret was refused: check AMR_SYNC_CLIENT_SECRET/,
    );
    assert.match(syncFailureReason(new SyncError('auth', 'AADSTS65001', { reason: 'consentMissing' })), /grant admin consent/i);
    assert.match(syncFailureReason(new SyncError('network', 'ECONNREFUSED')), /^network: ECONNREFUSED.*AMR_GRAPH_URL/);
    assert.match(syncFailureReason(new SyncError('throttled', 'Retry-After 900 s is beyond the bound')), /^throttled: .*run again later/);
    assert.equal(syncFailureReason(new SyncError('settings', 'AMR_SYNC_CLIENT_ID is not set')), 'AMR_SYNC_CLIENT_ID is not set');
    assert.match(syncFailureReason(new DOMException('SIGINT received', 'AbortError')), /interrupted; .*run the same command again to resume/);
  });

  test('secrets are cut out of any text', () => {
    assert.equal(redactSecrets(`bad secret ${SECRET}!`, ENV), 'bad secret [redacted]!');
  });

  test('verify: counts per property, the first users behind each, Entra-only and amr-only users', () => {
    const text = formatVerifyReport(report);
    assert.match(text, /users compared +100/);
    assert.match(text, /only in Entra +1: u-9/);
    assert.match(text, /differences +3 in 2 properties/);
    assert.match(text, /isMfaCapable +2 +ann@contoso\.com, bob@contoso\.com/);
    assert.match(text, /ann@contoso\.com: amr true, Entra false/);
    assert.match(text, /methodsRegistered +1 +cy@contoso\.com/);
    assert.match(formatVerifyReport({ ...report, differences: [], onlyInEntra: [] }), /differences +none/);
  });

  test('tenants columns: last sync, outcome, age; a warning when logs are at risk', () => {
    const ok = formatSyncColumns(status(), NOW);
    assert.equal(ok.columns, 'last sync 2026-12-01T06:00:00.000Z  outcome succeeded  age 6h ago');
    assert.equal(ok.warning, null);
    const failed = formatSyncColumns(
      status({
        lastOutcome: 'failed',
        lastAttemptAt: '2026-12-01T11:00:00.000Z',
        lastSuccessAt: '2026-11-02T00:00:00.000Z',
        lastError: { kind: 'permission', message: 'needs AuditLog.Read.All' },
        logsAtRisk: true,
      }),
      NOW,
    );
    assert.match(failed.columns, /outcome failed  age 29d ago  \(permission: needs AuditLog\.Read\.All\)/);
    assert.match(failed.warning ?? '', /last successful sync 29d ago; Entra keeps its audit and sign-in logs 30 days/);
    assert.equal(formatSyncColumns(undefined, NOW).columns, 'sync -');
  });

  test('progress off a terminal: pino lines per phase, no bar', () => {
    const err = new PassThrough();
    let text = '';
    err.on('data', (c: Buffer) => {
      text += c.toString();
    });
    let t = 0;
    const p = syncProgress(err, TENANT, { everyMs: 1000, now: () => t });
    p.update({ phase: 'users', done: 1, total: null, requests: 1, throttled: 0 });
    t = 10;
    p.update({ phase: 'users', done: 2, total: null, requests: 2, throttled: 0 }); // too soon: no line
    t = 2000;
    p.update({ phase: 'users', done: 3, total: null, requests: 3, throttled: 0 });
    p.update({ phase: 'methods', done: 0, total: 3, requests: 3, throttled: 0 });
    p.stop();
    const lines = text
      .trim()
      .split('\n')
      .map((l): { msg: string; phase: string; done: number } => {
        const v: unknown = JSON.parse(l);
        return v as { msg: string; phase: string; done: number };
      });
    assert.deepEqual(
      lines.map((l) => [l.msg, l.phase, l.done]),
      [
        ['sync phase started', 'users', 1],
        ['sync progress', 'users', 3],
        ['sync phase done', 'users', 3],
        ['sync phase started', 'methods', 0],
        ['sync phase done', 'methods', 0],
      ],
    );
  });

  test('progress on a terminal: a bar per phase', () => {
    const err = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let text = '';
    err.on('data', (c: Buffer) => {
      text += c.toString();
    });
    const p = syncProgress(err, TENANT);
    p.update({ phase: 'methods', done: 1, total: 4, requests: 2, throttled: 0 });
    p.update({ phase: 'methods', done: 4, total: 4, requests: 5, throttled: 1 });
    p.stop();
    assert.match(text, /methods/);
  });
});

describe('amr sync', () => {
  test('missing settings are named before anything is read: AMR_SYNC_CLIENT_ID, then the secret', async () => {
    const sync = new FakeSync();
    const none = await amr(['sync', '--tenant', TENANT], { env: {}, sync });
    assert.equal(none.code, 1);
    assert.match(none.err, new RegExp(`^amr: sync ${TENANT}: AMR_SYNC_CLIENT_ID is not set`));
    const noSecret = await amr(['sync', '--tenant', TENANT], { env: { AMR_SYNC_CLIENT_ID: APP }, sync });
    assert.equal(noSecret.code, 1);
    assert.match(noSecret.err, /neither AMR_SYNC_CLIENT_SECRET nor AMR_SYNC_CERTIFICATE is set/);
    const badUrl = await amr(['sync', '--tenant', TENANT], { env: { ...ENV, AMR_GRAPH_URL: 'http://graph.example.com' }, sync });
    assert.match(badUrl.err, /AMR_GRAPH_URL must use https:\/\//);
    assert.deepEqual(sync.calls, [], 'the orchestrator is not called');
  });

  test('a tenant with stored credentials needs no environment', async () => {
    const sync = new FakeSync({ statuses: [status()] });
    const r = await amr(['sync', '--tenant', TENANT], { env: {}, sync });
    assert.equal(r.code, 0, r.err);
  });

  test('success: exit 0, the summary on stdout, progress on stderr, the request as given', async () => {
    const policy = join(dir, 'sspr.json');
    writeFileSync(policy, JSON.stringify({ enabledFor: 'all', numberOfMethodsRequired: 1, methods: ['email'] }));
    const sync = new FakeSync();
    const r = await amr(['sync', '--tenant', TENANT.toUpperCase(), '--mode', 'mirror', '--sspr-policy', policy, '--out', join(dir, 'out.ndjson'), '--full'], {
      sync,
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /synced \(full pass, full mode\)/);
    assert.match(r.out, /snapshot +written to .*out\.ndjson/);
    assert.match(r.err, /"phase":"users".*"msg":"sync phase started"/);
    const request = sync.calls[0]?.request as SyncRequest;
    assert.equal(request.tenant, TENANT);
    assert.equal(request.mode, 'mirror');
    assert.equal(request.ssprPolicyFile, policy);
    assert.equal(request.full, true);
    assert.equal(request.env?.AMR_SYNC_CLIENT_ID, APP);
    assert.ok(request.signal instanceof AbortSignal);
    assert.ok(!r.out.includes(SECRET) && !r.err.includes(SECRET));
  });

  test('a missing permission: exit 1, `amr: sync <tenant>: …` naming it; no secret even if an error quotes one', async () => {
    const sync = new FakeSync({
      run: async () => {
        throw new SyncError('permission', `403 from Graph (client secret ${SECRET})`, { permission: 'UserAuthenticationMethod.Read.All' });
      },
    });
    const r = await amr(['sync', '--tenant', TENANT], { sync });
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      new RegExp(`amr: sync ${TENANT}: permission missing: .*UserAuthenticationMethod\\.Read\\.All; add it to the app registration and grant admin consent`),
    );
    assert.ok(!r.err.includes(SECRET));
    assert.equal(r.out, '');
  });

  test('SIGINT aborts the sync through its AbortSignal: exit 1, resume advice', async () => {
    const sync = new FakeSync({
      run: (request) =>
        new Promise((_resolve, reject) => {
          request.signal?.addEventListener('abort', () => reject(request.signal?.reason));
          setImmediate(() => process.emit('SIGINT'));
        }),
    });
    const r = await amr(['sync', '--tenant', TENANT], { sync });
    assert.equal(r.code, 1);
    assert.match(r.err, /SIGINT received: stopping the sync/);
    assert.match(r.err, new RegExp(`amr: sync ${TENANT}: interrupted; completed work is kept`));
    assert.equal(process.listenerCount('SIGINT'), 0, 'handlers removed');
  });

  const refused: readonly [string[], RegExp][] = [
    [['sync'], /give --tenant TENANT_ID/],
    [['sync', '--tenant', TENANT, '--all'], /either --tenant ID or --all, not both/],
    [['sync', '--tenant', TENANT, '--mode', 'delta'], /--mode "delta" is not a sync mode/],
    [['sync', '--tenant', 'common'], /"common" names no tenant/],
    [['sync', '--all', '--out', 'x.ndjson'], /--out writes one tenant's snapshot/],
    [['sync', '--tenant', TENANT, '--sspr-policy', '/nonexistent/sspr.json'], /--sspr-policy \/nonexistent\/sspr\.json: cannot read the file \(ENOENT\)/],
  ];
  for (const [args, message] of refused) {
    test(`refuses ${args.join(' ')}`, async () => {
      const sync = new FakeSync();
      const r = await amr(args, { sync });
      assert.equal(r.code, 1);
      assert.match(r.err, message);
      assert.equal(r.out, '');
      assert.deepEqual(sync.calls, []);
    });
  }

  test('--all: each tenant summarised, failures named, exit 1 if any failed', async () => {
    const sync = new FakeSync({
      all: async () => [outcome(), { tenantId: OTHER, error: new SyncError('auth', 'AADSTS7000222', { reason: 'secretExpired' }) }],
    });
    const r = await amr(['sync', '--all', '--full'], { sync });
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`tenant ${TENANT}: synced`));
    assert.match(r.out, /1 of 2 tenants synced; 1 failed/);
    assert.match(r.err, new RegExp(`amr: sync ${OTHER}: authentication failed: the client secret has expired`));
    assert.equal((sync.calls[0]?.request as SyncRequest).full, true);
    const ok = await amr(['sync', '--all'], { sync: new FakeSync() });
    assert.equal(ok.code, 0, ok.err);
    const none = await amr(['sync', '--all'], { sync: new FakeSync({ all: async () => [] }) });
    assert.equal(none.code, 1);
    assert.match(none.err, /no tenant .* has sync credentials: add one with `amr tenants add/);
  });
});

describe('amr verify', () => {
  test('text and --json', async () => {
    const sync = new FakeSync();
    const text = await amr(['verify', '--tenant', TENANT], { sync });
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /isMfaCapable +2/);
    const json = await amr(['verify', '--tenant', TENANT, '--json'], { sync });
    const parsed: unknown = JSON.parse(json.out);
    assert.deepEqual(parsed, report);
    const bad = await amr(['verify', '--tenant', 'contoso'], { sync });
    assert.equal(bad.code, 1);
    assert.match(bad.err, /not a tenant id/);
  });
});

describe('amr tenants add and amr tenants', () => {
  test('stores the reference, never a secret', async () => {
    const sync = new FakeSync();
    const r = await amr(['tenants', 'add', TENANT, '--client-id', APP.toUpperCase(), '--secret-env', 'CONTOSO_SECRET', '--mode', 'mirror'], { sync });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(sync.calls[0]?.ref, { tenantId: TENANT, clientId: APP, secretEnv: 'CONTOSO_SECRET', mode: 'mirror' });
    assert.match(r.out, /sync credentials saved .*client secret from \$CONTOSO_SECRET/);
    assert.match(r.err, /warning: CONTOSO_SECRET is not set here/);
  });

  test('a certificate file is checked when added', async () => {
    const cert = createTestCertificate('amr cli test', NOW);
    const file = join(dir, 'app.pem');
    writeFileSync(file, `${cert.privateKeyPem}${cert.certificatePem}`);
    const sync = new FakeSync();
    const r = await amr(['tenants', 'add', TENANT, '--client-id', APP, '--certificate', file], { sync });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(sync.calls[0]?.ref, { tenantId: TENANT, clientId: APP, certificateFile: file });
    const broken = join(dir, 'broken.pem');
    writeFileSync(broken, cert.certificatePem);
    const bad = await amr(['tenants', 'add', TENANT, '--client-id', APP, '--certificate', broken], { sync });
    assert.equal(bad.code, 1);
    assert.match(bad.err, /no private key found/);
  });

  const refused: readonly [string[], RegExp][] = [
    [['tenants', 'add', TENANT], /required option '--client-id <id>' not specified/],
    [['tenants', 'add', TENANT, '--client-id', 'my-app'], /--client-id must be the application \(client\) id/],
    [['tenants', 'add', TENANT, '--client-id', APP, '--secret-env', 'A', '--certificate', 'x.pem'], /either --secret-env NAME or --certificate FILE, not both/],
    [['tenants', 'add', TENANT, '--client-id', APP, '--secret-env', 'abc def!'], /--secret-env takes the NAME of an environment variable/],
    [['tenants', 'add', TENANT, '--client-id', APP, '--mode', 'x'], /--mode "x" is not a sync mode/],
    [['tenants', 'add', 'not a tenant', '--client-id', APP], /--tenant must be the tenant id/],
  ];
  for (const [args, message] of refused) {
    test(`refuses ${args.slice(2).join(' ')}`, async () => {
      const sync = new FakeSync();
      const r = await amr(args, { sync });
      assert.equal(r.code, 1);
      assert.match(r.err, message);
      assert.deepEqual(sync.calls, []);
    });
  }

  test('the list shows last sync, outcome and age, and warns when logs are at risk', async () => {
    const sync = new FakeSync({ statuses: [status({ lastSuccessAt: '2026-11-02T00:00:00.000Z', logsAtRisk: true })] });
    const r = await amr(['tenants'], { sync });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`${TENANT}  \\(not synced yet\\)  last sync 2026-12-01T06:00:00.000Z  outcome succeeded  age 29d ago`));
    assert.match(r.err, /warning: tenant .* last successful sync 29d ago; Entra keeps its audit and sign-in logs 30 days/);
  });
});
