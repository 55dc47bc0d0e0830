// (A .test.ts file so the layering check, which reads only non-test sources, lets it reach test-support and demo; it holds no tests.)
// Shared by the sync run's tests: a Graph double, a store on a temporary SQLite file (a fresh
// PostgreSQL database under AMR_TEST_STORE=postgres), and the
// registration rows `amr import` of the double's state serves (the reference every sync is held to).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import type { ParseLimits } from '../../ingest/parse-limits.js';
import { openStore } from '../../store/open-store.js';
import { testDatabaseFile } from '../../test-support/test-db.js';
import type { Store } from '../../store/store.js';
import { materialise } from '../../demo/test-support.js';
import { startGraphDouble, type GraphDouble, type GraphDoubleOptions } from '../../test-support/graph-double/index.js';
import { ALL_PERMISSIONS, APP_ID, SECRET } from '../../test-support/graph-double/test-fixture.js';
import { isRecord } from './state.js';
import { runSync, type SyncOutcome, type SyncRequest } from './index.js';

export interface Harness {
  readonly double: GraphDouble;
  readonly store: Store;
  /** Where `store` lives (--db): a SQLite file in `dir`, or a PostgreSQL URL. */
  readonly db: string;
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly ssprFile: string;
  readonly tenantId: string;
  openAnother(name: string): Promise<Store>;
  /** runSync of the double's tenant into `store`, with the harness's environment and SSPR file. */
  sync(extra?: Partial<SyncRequest>): Promise<SyncOutcome>;
  close(): Promise<void>;
}

/** A demo tenant of `users` users as a snapshot object, without the legacy MFA policy (sync cannot see it). */
export function demoSnapshot(users: number, seed = 'sync-run'): Record<string, unknown> {
  const m = materialise(users, seed);
  const policies = isRecord(m.header['policies']) ? { ...m.header['policies'] } : {};
  delete policies['legacyMfaPolicy'];
  return { ...m.header, policies, users: m.users, groups: m.groups, roleAssignments: m.roleAssignments };
}

export async function harness(snapshot: Record<string, unknown>, options: Partial<GraphDoubleOptions> = {}, permissions = ALL_PERMISSIONS): Promise<Harness> {
  const double = await startGraphDouble({ snapshot, apps: [{ clientId: APP_ID, secrets: [SECRET], permissions }], ...options });
  const dir = await mkdtemp(join(tmpdir(), 'amr-sync-run-'));
  const stores: Store[] = [];
  const locate = (name: string) => testDatabaseFile(dir, `${name}.db`);
  const open = async (name: string, db?: string) => {
    const s = await openStore({ db: db ?? (await locate(name)) });
    stores.push(s);
    return s;
  };
  const db = await locate('sync');
  const store = await open('sync', db);
  const ssprFile = join(dir, 'sspr.json');
  const policies = snapshot['policies'];
  await writeFile(ssprFile, JSON.stringify(isRecord(policies) ? (policies['passwordResetPolicy'] ?? null) : null));
  const tenant = snapshot['tenant'];
  const tenantId = isRecord(tenant) && typeof tenant['id'] === 'string' ? tenant['id'].toLowerCase() : '';
  const env = { AMR_SYNC_CLIENT_ID: APP_ID, AMR_SYNC_CLIENT_SECRET: SECRET, AMR_GRAPH_URL: double.graphUrl, AMR_LOGIN_URL: double.loginUrl };
  return {
    double,
    store,
    db,
    dir,
    ssprFile,
    openAnother: (name: string) => open(name),
    tenantId,
    env,
    sync: (extra = {}) => runSync(store, { tenant: tenantId, env, ssprPolicyFile: ssprFile, ...extra }),
    close: async () => {
      for (const s of stores) await s.close();
      await double.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `body` with a harness of `snapshot`, closing it however the body ends. */
export async function withHarness<T>(
  snapshot: Record<string, unknown>,
  body: (h: Harness) => Promise<T>,
  options: Partial<GraphDoubleOptions> = {},
  permissions = ALL_PERMISSIONS,
): Promise<T> {
  const h = await harness(snapshot, options, permissions);
  try {
    return await body(h);
  } finally {
    await h.close();
  }
}

/** The served registration rows of a tenant, without the time they were computed. */
export async function servedRows(store: Store, tenantId: string): Promise<Record<string, unknown>[]> {
  const tenant = await store.getTenant(tenantId);
  if (tenant === null || tenant.currentGeneration === null) return [];
  const page = await store.listRegistrationDetails({
    tenantId,
    generation: tenant.currentGeneration,
    filter: null,
    orderby: [],
    top: 100_000,
    after: null,
    count: false,
  });
  return page.rows.map(({ lastUpdatedDateTime: _, ...rest }) => rest);
}

/** What `amr import` of the double's current state serves (in a store of its own). */
export async function importedRows(h: Harness, name = 'import', limits?: Partial<ParseLimits>): Promise<Record<string, unknown>[]> {
  const store = await h.openAnother(`${name}-${Date.now()}-${Math.random().toString(16).slice(2)}`);
  const { tenantId } = await importSnapshot(store, Readable.from([JSON.stringify(h.double.state.toSnapshot())]), {
    sourceName: 'reference',
    encoding: 'json',
    now: () => new Date(),
    ...(limits === undefined ? {} : { limits }),
  });
  return servedRows(store, tenantId);
}
