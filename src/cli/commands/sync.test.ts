// End to end through the built CLI (`node bin/amr.js`) against the Graph test double on loopback:
// `amr sync` gives the reports `amr import` of the same state gives, full then incremental; a missing
// permission is named and changes nothing; `amr tenants add` + `amr sync --all`; `amr verify`.
// Needs the orchestrator (src/sync/run/index.ts) of issue 12.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../store/open-store.js';
import { testDatabaseFile } from '../../test-support/test-db.js';
import { storedText } from '../../test-support/read-rows.js';
import type { RegistrationDetails } from '../../reports/model.js';
import { startGraphDouble, type GraphDouble } from '../../test-support/graph-double/index.js';
import { ALL_PERMISSIONS, APP_ID, SECRET, TENANT_ID, smallSnapshot, userId } from '../../test-support/graph-double/test-fixture.js';

const AMR = fileURLToPath(new URL('../../../bin/amr.js', import.meta.url));
const NARROW_APP = 'b1b1b1b1-0000-4000-8000-000000000002';
const NARROW_SECRET = 'narrow-secret-value';

interface Ran {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

function amr(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Ran> {
  return new Promise((resolve) => {
    // Only what the test gives: no AMR_* from the developer's shell.
    const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    execFile(process.execPath, [AMR, ...args], { env: { ...base, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}

/** Every user's registration row as the reports serve them, without the computation time. */
async function rows(db: string, tenantId: string): Promise<Omit<RegistrationDetails, 'lastUpdatedDateTime'>[]> {
  const store = await openStore({ db });
  try {
    const tenant = await store.getTenant(tenantId);
    assert.ok(tenant?.currentGeneration != null, `tenant ${tenantId} has reports in ${db}`);
    const out: Omit<RegistrationDetails, 'lastUpdatedDateTime'>[] = [];
    let after: readonly string[] | null = null;
    do {
      const page = await store.listRegistrationDetails({
        tenantId,
        generation: tenant.currentGeneration,
        filter: null,
        orderby: [],
        top: 500,
        after,
        count: false,
      });
      for (const { lastUpdatedDateTime: _t, ...row } of page.rows) out.push(row);
      after = page.next;
    } while (after !== null);
    return out.sort((a, b) => a.id.localeCompare(b.id));
  } finally {
    await store.close();
  }
}

async function summary(db: string, tenantId: string): Promise<unknown> {
  const store = await openStore({ db });
  try {
    const generation = (await store.getTenant(tenantId))?.currentGeneration ?? -1;
    return await store.getRegistrationSummary(tenantId, generation, 'all', 'all');
  } finally {
    await store.close();
  }
}

let dir: string;
let double: GraphDouble;
let env: Record<string, string>;
let ssprFile: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-sync-e2e-'));
  const snapshot = smallSnapshot(30);
  double = await startGraphDouble({
    snapshot,
    apps: [
      { clientId: APP_ID, secrets: [SECRET], permissions: ALL_PERMISSIONS },
      { clientId: NARROW_APP, secrets: [NARROW_SECRET], permissions: ALL_PERMISSIONS.filter((p) => p !== 'UserAuthenticationMethod.Read.All') },
    ],
  });
  env = { AMR_SYNC_CLIENT_ID: APP_ID, AMR_SYNC_CLIENT_SECRET: SECRET, AMR_GRAPH_URL: double.graphUrl, AMR_LOGIN_URL: double.loginUrl };
  ssprFile = join(dir, 'sspr.json');
  const policies = snapshot.policies as Record<string, unknown>;
  await writeFile(ssprFile, JSON.stringify(policies.passwordResetPolicy));
});
after(async () => {
  await double.close();
  await rm(dir, { recursive: true, force: true });
});

/** `amr import` of the double's state now, into a fresh database. */
async function imported(name: string): Promise<string> {
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(double.state.toSnapshot()));
  const db = await testDatabaseFile(dir, `${name}.db`);
  const r = await amr(['import', '--db', db, file], {});
  assert.equal(r.code, 0, r.err);
  return db;
}

describe('amr sync against the Graph double', { timeout: 180_000 }, () => {
  test('missing settings are named, nothing is requested', async () => {
    const before = double.requests.length;
    const r = await amr(['sync', '--db', await testDatabaseFile(dir, 'none.db'), '--tenant', TENANT_ID], {
      AMR_GRAPH_URL: double.graphUrl,
      AMR_LOGIN_URL: double.loginUrl,
    });
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`amr: sync ${TENANT_ID}: AMR_SYNC_CLIENT_ID is not set`));
    assert.equal(double.requests.length, before);
  });

  test('a missing permission: exit 1 naming it, the database unchanged', async () => {
    const db = await testDatabaseFile(dir, 'narrow.db');
    const r = await amr(['sync', '--db', db, '--tenant', TENANT_ID, '--sspr-policy', ssprFile], {
      ...env,
      AMR_SYNC_CLIENT_ID: NARROW_APP,
      AMR_SYNC_CLIENT_SECRET: NARROW_SECRET,
    });
    assert.equal(r.code, 1, r.out);
    assert.match(r.err, new RegExp(`amr: sync ${TENANT_ID}: permission missing: .*UserAuthenticationMethod\\.Read\\.All.*grant admin consent`));
    assert.ok(!r.err.includes(NARROW_SECRET) && !r.out.includes(NARROW_SECRET));
    const store = await openStore({ db });
    try {
      assert.equal((await store.getTenant(TENANT_ID))?.currentGeneration ?? null, null, 'no state stored');
    } finally {
      await store.close();
    }
  });

  // One database for the tests below, which continue from each other.
  let synced: Promise<string> | null = null;
  const db = (): Promise<string> => (synced ??= testDatabaseFile(dir, 'synced.db'));

  test('a full sync: exit 0, a summary, the reports `amr import` of the same state gives, no secret anywhere', async () => {
    const r = await amr(['sync', '--db', await db(), '--tenant', TENANT_ID, '--sspr-policy', ssprFile], env);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`tenant ${TENANT_ID}: synced \\(full pass, full mode\\)`));
    assert.match(r.out, /users +30/);
    assert.match(r.out, /SSPR policy +from the --sspr-policy file/);
    assert.match(r.out, /licence +Microsoft Entra ID P2/);
    const reference = await imported('full');
    assert.deepEqual(await rows(await db(), TENANT_ID), await rows(reference, TENANT_ID));
    assert.deepEqual(await summary(await db(), TENANT_ID), await summary(reference, TENANT_ID));
    for (const text of [r.out, r.err, await storedText(await db())]) assert.ok(!text.includes(SECRET), 'the secret appears nowhere');
  });

  test('after a change, the next sync is incremental and equals an import of the new state', async () => {
    double.state.addMethod(userId(2), { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'fido-new', displayName: 'Key', model: 'YubiKey 5' });
    const r = await amr(['sync', '--db', await db(), '--tenant', TENANT_ID, '--sspr-policy', ssprFile], env);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /incremental pass/);
    assert.deepEqual(await rows(await db(), TENANT_ID), await rows(await imported('incremental'), TENANT_ID));
  });

  test("amr verify: every user compared against Entra's userRegistrationDetails, as JSON", async () => {
    const r = await amr(['verify', '--db', await db(), '--tenant', TENANT_ID, '--json'], {});
    assert.equal(r.code, 0, r.err);
    const parsed: unknown = JSON.parse(r.out);
    const report = parsed as { tenantId: string; usersCompared: number; differences: unknown[] };
    assert.equal(report.tenantId, TENANT_ID);
    assert.ok(report.usersCompared > 0);
    const text = await amr(['verify', '--db', await db(), '--tenant', TENANT_ID], {});
    assert.match(text.out, /users compared/);
  });

  test('amr tenants add, then amr sync --all with the secret in its own variable; amr tenants shows the sync', async () => {
    const many = await testDatabaseFile(dir, 'many.db');
    const add = await amr(
      ['tenants', 'add', TENANT_ID, '--db', many, '--client-id', APP_ID, '--secret-env', 'CONTOSO_SYNC_SECRET', '--sspr-policy', ssprFile],
      {},
    );
    assert.equal(add.code, 0, add.err);
    const all = await amr(['sync', '--db', many, '--all'], { CONTOSO_SYNC_SECRET: SECRET, AMR_GRAPH_URL: double.graphUrl, AMR_LOGIN_URL: double.loginUrl });
    assert.equal(all.code, 0, all.err);
    assert.match(all.out, /1 of 1 tenant synced/);
    assert.deepEqual(await rows(many, TENANT_ID), await rows(await db(), TENANT_ID));
    const list = await amr(['tenants', '--db', many], {});
    assert.match(list.out, new RegExp(`${TENANT_ID} .* outcome succeeded  age \\d+s ago`));
    // The same tenant by name: its stored credentials, no AMR_SYNC_CLIENT_ID needed.
    const one = await amr(['sync', '--db', many, '--tenant', TENANT_ID], {
      CONTOSO_SYNC_SECRET: SECRET,
      AMR_GRAPH_URL: double.graphUrl,
      AMR_LOGIN_URL: double.loginUrl,
    });
    assert.equal(one.code, 0, one.err);
    assert.match(one.out, /incremental/);
    const unset = await amr(['sync', '--db', many, '--tenant', TENANT_ID], { AMR_GRAPH_URL: double.graphUrl, AMR_LOGIN_URL: double.loginUrl });
    assert.equal(unset.code, 1);
    assert.match(unset.err, /CONTOSO_SYNC_SECRET is not set/);
  });
});
