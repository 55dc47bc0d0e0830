// Property-based tests (fast-check) of the admin uploads (issue 4 §6): damaged tenant snapshots and
// audit/sign-in log exports posted to POST /admin/tenants/{id}/snapshot and /logs. Never a 5xx; and
// each upload keeps its contract (README "Tenant snapshots", "Audit and sign-in logs"):
// - a snapshot is all or nothing: refused (4xx), nothing a caller can see changes, in any tenant;
//   accepted, the tenant's reports still answer and no other tenant changes;
// - a log export stores its good records and refuses bad ones with reasons: the answer's counts add
//   up, nothing is stored when it says nothing new was, sending it again adds nothing, and a log
//   upload never touches directory state or another tenant. A 400 "stopped at" keeps what came before
//   the fault (decision 0010); any other refusal stores nothing.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { importSnapshot } from '../ingest/import-snapshot.js';
import {
  ADMIN_KEY,
  FIXTURE_USERS,
  LISTED,
  NOW,
  OTHER_TENANT,
  TENANT,
  fixtureSnapshot,
  startTestServer,
  type TestServer,
} from '../test-support/fixture-tenant.js';
import { Tally, assertGraphAnswer, runs, type Answer, type GraphErrorEnvelope } from '../test-support/fuzz.js';
import { logUploadArb, snapshotUploadArb, type Upload } from '../test-support/fuzz-bodies.js';
import { activityDigest, ALL_SCOPES, getOk, graphDigest, seedActivity, stillServes, tenantFingerprint } from '../test-support/fuzz-graph.js';

let s: TestServer;
let token: string;
let otherToken: string;

before(async () => {
  s = await startTestServer();
  token = await s.token({ scopes: ALL_SCOPES });
  await importSnapshot(s.store, Readable.from([fixtureSnapshot(OTHER_TENANT, FIXTURE_USERS.slice(0, 4))]), {
    sourceName: 'other',
    encoding: 'ndjson',
    now: () => NOW,
  });
  otherToken = await s.token({ scopes: ALL_SCOPES, tenantId: OTHER_TENANT });
  await seedActivity(s, token);
});
// After each property the server still answers ordinary requests.
afterEach(() => stillServes(s, token));
after(() => s.close());

/** How the admin key is sent: right (either header), wrong, missing, or a Graph token instead. */
type KeyChoice = 'header' | 'bearer' | 'wrong' | 'none' | 'graph';
const keyArb = fc.oneof(
  { weight: 17, arbitrary: fc.constantFrom<KeyChoice>('header', 'bearer') },
  { weight: 3, arbitrary: fc.constantFrom<KeyChoice>('wrong', 'none', 'graph') },
);

function keyHeaders(k: KeyChoice): Record<string, string> {
  switch (k) {
    case 'header':
      return { 'x-amr-admin-key': ADMIN_KEY };
    case 'bearer':
      return { authorization: `Bearer ${ADMIN_KEY}` };
    case 'wrong':
      return { 'x-amr-admin-key': `${ADMIN_KEY}x` };
    case 'none':
      return {};
    case 'graph':
      return { authorization: `Bearer ${token}` };
  }
}

async function post(path: string, u: Upload, k: KeyChoice): Promise<Answer> {
  const headers = { ...keyHeaders(k), ...(u.contentType === null ? {} : { 'content-type': u.contentType }) };
  const r = await s.app.inject({ method: 'POST', url: path, payload: u.body, headers });
  return { status: r.statusCode, headers: r.headers, body: r.body };
}

const sentOf = (path: string, u: Upload): string[] => [path, u.body.toString('utf8'), u.body.toString('latin1'), u.contentType ?? ''];

/** What a caller and an operator can see: the fixture tenant's reports, the other tenant's, the tenant list. */
async function everything(): Promise<{ tenants: string; main: string; other: string }> {
  return { tenants: JSON.stringify(await s.store.listTenants()), main: await graphDigest(s, token), other: await tenantFingerprint(s, otherToken) };
}

/** The tenant in the path: the right one mostly; in other case, another held tenant, or one not held. */
const pathTenantArb = fc.constantFrom(TENANT, TENANT, TENANT, TENANT, TENANT.toUpperCase(), OTHER_TENANT, '0f0f0f0f-0000-4000-8000-000000000001');

describe('fuzz: admin snapshot uploads are all or nothing', () => {
  test('damaged snapshots: never a 5xx; refused, nothing changes; accepted, the tenant still answers and no other changes', async (t) => {
    const tally = new Tally();
    // What the store shows between runs: each run checks it is unchanged (or restores it), so the
    // state before a run is the one after the last: computed once, and again after a restore.
    let before = await everything();
    await fc.assert(
      fc.asyncProperty(pathTenantArb, keyArb, snapshotUploadArb(TENANT), async (pathTenant, key, u) => {
        const path = `/admin/tenants/${pathTenant}/snapshot`;
        const a = await post(path, u, key);
        tally.addGraph(a);
        const context = `POST ${path} (${key}) ${fc.stringify(u)}`;
        assertGraphAnswer(a, { sent: sentOf(path, u), context });
        if (key !== 'header' && key !== 'bearer') assert.equal(a.status, 401, `${context}: the admin API let in a request without its key`);
        if (a.status !== 200) {
          assert.deepEqual(await everything(), before, `${context}: refused with ${a.status}, yet the store changed`);
          return;
        }
        const summary = JSON.parse(a.body) as { tenantId: string; recompute: { listedUsers: number } };
        assert.equal(summary.tenantId, pathTenant.toLowerCase(), context);
        const after = await everything();
        if (summary.tenantId !== OTHER_TENANT) assert.equal(after.other, before.other, `${context}: another tenant changed`);
        if (summary.tenantId !== TENANT) assert.equal(after.main, before.main, `${context}: another tenant changed`);
        // The accepted state is served (graphDigest asserts 200 on every report), then the fixture comes back.
        const listed = (await getOk(s, token, '/beta/reports/authenticationMethods/userRegistrationDetails/$count')) as string;
        assert.equal(Number(listed), summary.recompute.listedUsers, context);
        await importSnapshot(s.store, Readable.from([fixtureSnapshot()]), { sourceName: 'restore', encoding: 'ndjson', now: () => NOW });
        before = await everything();
      }),
      runs(400, 21),
    );
    t.diagnostic(tally.toString());
  });
});

describe('fuzz: concurrent snapshot and log uploads', () => {
  test('uploads at once: the tenant ends in the state of one accepted snapshot, never a mix, and refused ones leave no trace', async (t) => {
    const tally = new Tally();
    // A variant is the fixture with some users left out: its listed ids name it.
    const variant = fc.subarray([...FIXTURE_USERS.keys()], { minLength: 1 });
    const upload = fc.oneof(
      {
        weight: 3,
        arbitrary: variant.map((keep) => ({
          kind: 'snapshot' as const,
          keep,
          u: {
            body: Buffer.from(
              fixtureSnapshot(
                TENANT,
                keep.map((i) => FIXTURE_USERS[i]!),
              ),
            ),
            contentType: 'application/x-ndjson',
            label: `users ${keep.join(',')}`,
          },
        })),
      },
      { weight: 2, arbitrary: snapshotUploadArb(TENANT).map((u) => ({ kind: 'snapshot' as const, keep: null, u })) },
      { weight: 2, arbitrary: logUploadArb(TENANT).map((u) => ({ kind: 'logs' as const, keep: null, u })) },
    );
    const listedIds = async (): Promise<string[]> =>
      ((await getOk(s, token, '/beta/reports/authenticationMethods/userRegistrationDetails?$select=id')) as { value: { id: string }[] }).value
        .map((r) => r.id)
        .sort();
    await fc.assert(
      fc.asyncProperty(fc.array(upload, { minLength: 2, maxLength: 6 }), async (batch) => {
        const before = await listedIds();
        const answers = await Promise.all(batch.map((b) => post(`/admin/tenants/${TENANT}/${b.kind}`, b.u, 'header')));
        const states: string[][] = [before];
        answers.forEach((a, i) => {
          tally.add(a, batch[i]!.kind);
          assertGraphAnswer(a, {
            sent: sentOf(`/admin/tenants/${TENANT}/${batch[i]!.kind}`, batch[i]!.u),
            context: `${batch[i]!.kind} ${fc.stringify(batch[i]!.u)}`,
          });
          const keep = batch[i]!.keep;
          if (batch[i]!.kind === 'snapshot' && a.status === 200) {
            states.push(
              keep === null
                ? ['(a damaged snapshot was accepted)']
                : LISTED.filter((u) => keep.some((k) => FIXTURE_USERS[k] === u))
                    .map((u) => u.id)
                    .sort(),
            );
          }
        });
        const after = await listedIds();
        const accepted = states.slice(1);
        // Some accepted snapshot is the last to commit; with none accepted, nothing changed.
        const allowed = accepted.length === 0 ? [before] : accepted;
        if (!accepted.some((st) => st[0] === '(a damaged snapshot was accepted)')) {
          assert.ok(
            allowed.some((st) => JSON.stringify(st) === JSON.stringify(after)),
            `ended in ${JSON.stringify(after)}; accepted: ${JSON.stringify(accepted)}; before: ${JSON.stringify(before)}`,
          );
        }
        await importSnapshot(s.store, Readable.from([fixtureSnapshot()]), { sourceName: 'restore', encoding: 'ndjson', now: () => NOW });
      }),
      runs(40, 24),
    );
    t.diagnostic(tally.toString());
  });
});

interface LogSummary {
  readonly read: { records: number; audits: number; signIns: number; refused: number; skippedByCategory: Record<string, number> };
  readonly stored: { newAudits: number; duplicateAudits: number; newSignIns: number; duplicateSignIns: number };
  readonly refusedForTenant: number;
  /** Rows deleted as older than the retention (AMR_RETENTION_DAYS) once the export was in. */
  readonly pruned: number;
  readonly refusals: readonly { where: unknown; reason: unknown; text: unknown }[];
}

/** The answer's own arithmetic: every record met is stored, a duplicate, refused or skipped; the shown refusals are the first ones. */
function checkLogSummary(body: string, context: string): LogSummary {
  const sum = JSON.parse(body) as LogSummary;
  const skipped = Object.values(sum.read.skippedByCategory).reduce((x, y) => x + y, 0);
  assert.equal(sum.read.records, sum.read.audits + sum.read.signIns + sum.read.refused + skipped, `${context}: read counts`);
  const stored = sum.stored.newAudits + sum.stored.duplicateAudits + sum.stored.newSignIns + sum.stored.duplicateSignIns;
  assert.equal(stored + sum.refusedForTenant, sum.read.audits + sum.read.signIns, `${context}: stored + refused for the tenant ≠ records read`);
  assert.equal(sum.refusals.length, Math.min(100, sum.read.refused + sum.refusedForTenant), `${context}: refusals shown`);
  for (const r of sum.refusals) {
    assert.ok(
      typeof r.where === 'string' && r.where !== '' && typeof r.reason === 'string' && r.reason !== '',
      `${context}: a refusal without place or reason: ${JSON.stringify(r)}`,
    );
  }
  return sum;
}

const stoppedAt = (a: Answer): boolean => a.status === 400 && /^The log export stopped at /.test((JSON.parse(a.body) as GraphErrorEnvelope).error.message);

describe('fuzz: admin log uploads keep good records and refuse bad ones', () => {
  test('damaged exports: never a 5xx; counts add up; nothing new means nothing changed; a re-send adds nothing', async (t) => {
    const tally = new Tally();
    const root = '/beta/reports/authenticationMethods';
    const directory = async () =>
      JSON.stringify([
        await tenantFingerprint(s, otherToken),
        await getOk(s, token, `${root}/userRegistrationDetails`),
        await getOk(s, token, `${root}/usersRegisteredByFeature()`),
        await getOk(s, token, `${root}/usersRegisteredByMethod()`),
      ]);
    // As for snapshots: each run checks (or records) the state it leaves, which the next run starts from.
    const dir = await directory();
    let activity = await activityDigest(s, token);
    await fc.assert(
      fc.asyncProperty(
        pathTenantArb.filter((x) => x !== OTHER_TENANT),
        keyArb,
        logUploadArb(TENANT),
        async (pathTenant, key, u) => {
          const path = `/admin/tenants/${pathTenant}/logs`;
          const context = `POST ${path} (${key}) ${fc.stringify(u)}`;
          const a = await post(path, u, key);
          tally.addGraph(a);
          assertGraphAnswer(a, { sent: sentOf(path, u), context });
          if (key !== 'header' && key !== 'bearer') assert.equal(a.status, 401, `${context}: the admin API let in a request without its key`);
          // Logs never touch directory state, nor a tenant they do not name.
          assert.equal(await directory(), dir, `${context}: a log upload changed directory state or another tenant`);
          const afterFirst = await activityDigest(s, token);
          const previous = activity;
          activity = afterFirst;
          if (a.status === 200) {
            const sum = checkLogSummary(a.body, context);
            if (sum.stored.newAudits + sum.stored.newSignIns === 0)
              assert.equal(afterFirst, previous, `${context}: nothing new was stored, yet the reports changed`);
          } else if (!stoppedAt(a)) {
            assert.equal(afterFirst, previous, `${context}: refused with ${a.status}, yet the reports changed`);
          }
          if (a.status !== 200 && !stoppedAt(a)) return;
          // Records are keyed by their source id: the same export again stores nothing new. (Records older
          // than the retention are stored, pruned at once, and so "new" every time: see the report.)
          const again = await post(path, u, key);
          assert.equal(again.status, a.status, `${context}: sent again, ${again.status} (first ${a.status}): ${again.body.slice(0, 300)}`);
          if (again.status === 200) {
            const sum = checkLogSummary(again.body, `${context} (again)`);
            if (sum.pruned === 0) assert.deepEqual([sum.stored.newAudits, sum.stored.newSignIns], [0, 0], `${context}: sent again, it stored new records`);
          }
          assert.equal(await activityDigest(s, token), afterFirst, `${context}: sent again, the reports changed`);
        },
      ),
      runs(400, 22),
    );
    t.diagnostic(tally.toString());
  });

  // Graph objects name no tenant: the path's must be a GUID, as a token's tid is, or nothing is stored.
  test('a log upload to a path that names no GUID tenant is refused and stores nothing', async () => {
    const notGuid = fc
      .oneof(fc.constantFrom('not-a-guid', '..', 'x', `${TENANT}x`, TENANT.replace(/-/g, ''), '%20'), fc.string({ minLength: 1, maxLength: 40 }))
      .filter((x) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(x));
    await fc.assert(
      fc.asyncProperty(notGuid, async (tenant) => {
        const before = JSON.stringify(await s.store.listTenants());
        const body = Buffer.from(
          JSON.stringify({
            id: 'x1',
            activityDateTime: '2026-11-20T10:00:00Z',
            activityDisplayName: 'User registered security info',
            loggedByService: 'Authentication Methods',
            category: 'UserManagement',
            result: 'success',
          }),
        );
        const a = await post(`/admin/tenants/${encodeURIComponent(tenant)}/logs`, { body, contentType: 'application/json', label: 'one audit' }, 'header');
        assert.ok(a.status >= 400 && a.status < 500, `${tenant}: ${a.status}`);
        assert.equal(JSON.stringify(await s.store.listTenants()), before);
      }),
      runs(30, 23),
    );
  });
});
