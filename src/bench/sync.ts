// `npm run bench -- --only sync`: a tenant of --sync-users users (default 100,000) in the Graph test
// double with Microsoft's limits enforced in real time; a full `amr sync`, then 100 changes and an
// incremental one. Reports requests per user, 429s received, time waiting at the limits, and the
// ratio of requests made to the fewest the plan needs (issue 12 §10).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoTenant } from '../demo/index.js';
import { openStore } from '../store/open-store.js';
import { runSync } from '../sync/run/index.js';
import type { SyncOutcome } from '../sync/run/contract.js';
import { DEFAULT_PAGE_SIZES, startGraphDouble, type GraphDouble, type RequestLogEntry } from '../test-support/graph-double/index.js';

const CLIENT_ID = 'b3c4d5e6-0000-4000-8000-00000000be9c';
const SECRET = 'bench-sync-secret-value';
const PERMISSIONS = [
  'User.Read.All',
  'AuditLog.Read.All',
  'UserAuthenticationMethod.Read.All',
  'Policy.Read.All',
  'RoleManagement.Read.Directory',
  'GroupMember.Read.All',
  'Organization.Read.All',
  'Reports.Read.All',
];

export interface SyncBenchOptions {
  readonly users: number;
  readonly changes: number;
  readonly log: (line: string) => void;
}

interface Counted {
  /** HTTP requests to Graph (a $batch is one). */
  readonly topLevel: number;
  /** Graph operations: top-level requests other than $batch, plus each batch's inner requests. */
  readonly operations: number;
  readonly throttled: number;
}

function count(entries: readonly RequestLogEntry[]): Counted {
  let topLevel = 0;
  let operations = 0;
  let throttled = 0;
  for (const e of entries) {
    if (e.service !== 'graph') continue;
    topLevel++;
    if (e.status === 429) throttled++;
    if (e.inner === undefined) operations++;
    else {
      operations += e.inner.length;
      throttled += e.inner.filter((i) => i.status === 429).length;
    }
  }
  return { topLevel, operations, throttled };
}

/** Where 429s were answered, when any were. */
function throttledPaths(entries: readonly RequestLogEntry[]): string {
  const paths = entries.flatMap((e) => [...(e.status === 429 ? [e.path] : []), ...(e.inner ?? []).filter((i) => i.status === 429).map((i) => i.path)]);
  return paths.length === 0 ? '' : ` (429 on ${[...new Set(paths)].join(', ')})`;
}

/** The fewest Graph operations a full pass needs: every list paged at the double's page sizes, two reads per user. */
function minimumFullOperations(users: number, groupsRead: number): number {
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  return (
    2 /* organization, subscribedSkus */ +
    pages(users, DEFAULT_PAGE_SIZES.usersDelta) +
    2 * users /* methods and signInPreferences */ +
    groupsRead +
    2 /* role assignments, eligibility instances */ +
    2 /* authentication methods policy, authorization policy */ +
    pages(users, DEFAULT_PAGE_SIZES.registrationDetails) +
    2
  ); /* audits, sign-ins: at least one page each */
}

export async function syncBench(options: SyncBenchOptions): Promise<void> {
  const { log } = options;
  const now = new Date();
  const tenant = demoTenant({ users: options.users, seed: 'bench-sync', now });
  const snapshot = { ...tenant.header(), users: [...tenant.users()], groups: tenant.groups(), roleAssignments: tenant.roleAssignments() };
  const dir = await mkdtemp(join(tmpdir(), 'amr-bench-sync-'));
  // Per-user methods counted against the directory budget (decision 0071); the reports reading is in 0070.
  const double: GraphDouble = await startGraphDouble({
    snapshot,
    apps: [{ clientId: CLIENT_ID, secrets: [SECRET], permissions: PERMISSIONS }],
    license: 'P2',
    limits: { authenticationMethods: 'identity' },
  });
  const store = await openStore({ db: join(dir, 'sync.db') });
  const env = { ...process.env, AMR_SYNC_CLIENT_ID: CLIENT_ID, AMR_SYNC_CLIENT_SECRET: SECRET, AMR_GRAPH_URL: double.graphUrl, AMR_LOGIN_URL: double.loginUrl };
  try {
    const t0 = performance.now();
    const full: SyncOutcome = await runSync(store, { tenant: double.tenantId, env });
    const fullSeconds = (performance.now() - t0) / 1000;
    const fullCount = count(double.requests);
    const groupsRead =
      double.requests.filter((e) => /\/groups\/[^/]+\/members/.test(e.path)).length +
      double.requests.flatMap((e) => e.inner ?? []).filter((i) => /\/groups\/[^/]+\/members/.test(i.path)).length;
    const minimum = minimumFullOperations(options.users, groupsRead);
    log(
      `sync full: ${options.users} users in ${fullSeconds.toFixed(1)} s (${(options.users / fullSeconds).toFixed(0)} users/s); ` +
        `${fullCount.topLevel} HTTP requests, ${fullCount.operations} Graph operations (${(fullCount.operations / options.users).toFixed(3)} per user), ` +
        `minimum ${minimum} → ratio ${(fullCount.operations / minimum).toFixed(3)} (target ≤ 1.2); 429s ${fullCount.throttled}; ` +
        `waited ${(full.waitedMs / 1000).toFixed(1)} s at the limits (scheduler)${throttledPaths(double.requests)}`,
    );

    // 100 changes: methods added to and removed from distinct users, as an administrator would.
    const ids = snapshot.users.map((u) => String(u['id']));
    for (let k = 0; k < options.changes; k++) {
      const id = ids[(k * 7919) % ids.length]!;
      double.state.addMethod(id, {
        '@odata.type': '#microsoft.graph.emailAuthenticationMethod',
        id: `bench-email-${k}`,
        emailAddress: `bench${k}@example.com`,
      });
    }
    // Syncs run hours apart: start the incremental pass with the limits' windows (10 s) clear of the full one.
    await new Promise((r) => setTimeout(r, 11_000));
    const before = double.requests.length;
    const t1 = performance.now();
    const incremental = await runSync(store, { tenant: double.tenantId, env });
    const incSeconds = (performance.now() - t1) / 1000;
    const incCount = count(double.requests.slice(before));
    log(
      `sync incremental (${incremental.pass}) after ${options.changes} changes: ${incSeconds.toFixed(1)} s; ` +
        `${incCount.topLevel} HTTP requests (${(incCount.topLevel / options.changes).toFixed(2)} per change; target ≤ 1 per change plus a constant), ` +
        `${incCount.operations} Graph operations (${(incCount.operations / options.changes).toFixed(2)} per change); 429s ${incCount.throttled}; ` +
        `users read ${incremental.usersRead}${throttledPaths(double.requests.slice(before))}`,
    );
  } finally {
    await store.close();
    await double.close();
    await rm(dir, { recursive: true, force: true });
  }
}
