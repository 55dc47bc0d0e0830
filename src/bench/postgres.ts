// Issue 13 §8: `npm run bench -- --store postgres [--users N] [--pg-url URL]`. The same tenant on
// SQLite and on PostgreSQL in one run, on one machine: snapshot import, full export through
// @odata.nextLink, the filtered ordered first page, a summary function; then CLIENTS clients for
// SECONDS_LOAD seconds against one PostgreSQL server and against two servers on the same database.
// PostgreSQL is a throwaway cluster started here (durable settings) unless --pg-url names one.
import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { startPostgres } from '../test-support/postgres-cluster.js';
import { fullExport, load, sequentialLatency, type ExportResult, type LatencyResult, type LoadResult } from './http-scenarios.js';
import { loadUnderImport, type LoadUnderImportResult } from './load-under-import.js';

export interface PostgresBenchDeps {
  readonly users: number;
  readonly snapshotFile: () => Promise<string>;
  readonly sqliteDb: string;
  readonly pgUrl: string | null;
  readonly clients: number;
  readonly loadSeconds: number;
  readonly summarySeconds: number;
  readonly log: (line: string) => void;
  readonly worker: (args: string[]) => Promise<Record<string, number | string>>;
  readonly startServer: (db: string, env?: Record<string, string>) => Promise<{ url: string; child: ChildProcess }>;
  readonly token: (db: string, tenantId: string) => Promise<string>;
}

interface StoreFigures {
  readonly importSeconds: number;
  readonly usersPerSecond: number;
  readonly exported: ExportResult;
  readonly filtered: LatencyResult;
  readonly summary: LoadResult;
}

const LIST = '/v1.0/reports/authenticationMethods/userRegistrationDetails';

async function measureStore(d: PostgresBenchDeps, name: string, db: string, file: string): Promise<StoreFigures & { tenantId: string }> {
  const imported = await d.worker(['import', db, file]);
  const importSeconds = Number(imported.ms) / 1000;
  const tenantId = String(imported.tenantId);
  d.log(
    `${name}: import of ${d.users} users in ${importSeconds.toFixed(1)} s (${Math.round(d.users / importSeconds)} users/s), peak RSS ${imported.maxRssMB} MB`,
  );
  const token = await d.token(db, tenantId);
  const { url, child } = await d.startServer(db);
  try {
    const filter = encodeURIComponent("isMfaCapable eq false and methodsRegistered/any(m:m eq 'email')");
    const filtered = await sequentialLatency(`${url}${LIST}?$filter=${filter}&$orderby=userPrincipalName`, token, 200);
    const runs: ExportResult[] = [];
    for (let i = 0; i < 3; i++) runs.push(await fullExport(url, token, LIST));
    const exported = [...runs].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond)[1]!;
    const summary = await load(
      `${url}/v1.0/reports/authenticationMethods/usersRegisteredByFeature(includedUserTypes='all',includedUserRoles='all')`,
      token,
      50,
      d.summarySeconds,
    );
    d.log(
      `${name}: export ${exported.rowsPerSecond} rows/s (median of ${runs.map((r) => r.rowsPerSecond).join(', ')}); filtered first page p50 ${filtered.p50ms} ms, p99 ${filtered.p99ms} ms; usersRegisteredByFeature ${summary.requestsPerSecond} req/s, p99 ${summary.p99ms} ms`,
    );
    return { importSeconds, usersPerSecond: d.users / importSeconds, exported, filtered, summary, tenantId };
  } finally {
    child.kill('SIGTERM');
  }
}

/** CLIENTS clients split evenly over the servers; requests summed, the worst server's latencies reported. */
async function loadOn(d: PostgresBenchDeps, urls: readonly string[], token: string, tenantId: string): Promise<LoadUnderImportResult> {
  const share = Math.ceil(d.clients / urls.length);
  const results = await Promise.all(
    urls.map((baseUrl) =>
      loadUnderImport({
        baseUrl,
        token,
        adminKey: '',
        tenantId,
        snapshotFile: '',
        clients: share,
        seconds: d.loadSeconds,
        importing: false,
      }),
    ),
  );
  const first = results[0]!;
  return {
    ...first,
    clients: share * urls.length,
    requests: results.reduce((n, r) => n + r.requests, 0),
    requestsPerSecond: results.reduce((n, r) => n + r.requestsPerSecond, 0),
    rowsPerSecond: results.reduce((n, r) => n + r.rowsPerSecond, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    p50ms: Math.max(...results.map((r) => r.p50ms)),
    p99ms: Math.max(...results.map((r) => r.p99ms)),
    maxMs: Math.max(...results.map((r) => r.maxMs)),
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 5),
  };
}

export async function postgresBench(d: PostgresBenchDeps): Promise<Record<string, unknown>> {
  const file = await d.snapshotFile();
  const cluster = d.pgUrl === null ? await startPostgres({ durable: true }) : null;
  if (d.pgUrl === null && cluster === null) throw new Error("--store postgres: no PostgreSQL here (install Debian's postgresql, or pass --pg-url URL)");
  try {
    for (const suffix of ['', '-wal', '-shm']) await rm(`${d.sqliteDb}${suffix}`, { force: true });
    const sqlite = await measureStore(d, 'SQLite', d.sqliteDb, file);
    const pgDb = d.pgUrl ?? (await cluster!.createDatabase(`amr_bench_${d.users}_${Date.now()}`));
    const postgres = await measureStore(d, 'PostgreSQL', pgDb, file);
    const ratios = {
      import: postgres.usersPerSecond / sqlite.usersPerSecond,
      export: postgres.exported.rowsPerSecond / sqlite.exported.rowsPerSecond,
    };
    d.log(`PostgreSQL / SQLite: import ${ratios.import.toFixed(2)}, export ${ratios.export.toFixed(2)} (target ≥ 0.70 each)`);
    const token = await d.token(pgDb, postgres.tenantId);
    const one = await d.startServer(pgDb);
    let single: LoadUnderImportResult;
    try {
      single = await loadOn(d, [one.url], token, postgres.tenantId);
    } finally {
      one.child.kill('SIGTERM');
    }
    const pair = await Promise.all([d.startServer(pgDb), d.startServer(pgDb)]);
    let double: LoadUnderImportResult;
    try {
      double = await loadOn(
        d,
        pair.map((s) => s.url),
        token,
        postgres.tenantId,
      );
    } finally {
      for (const s of pair) s.child.kill('SIGTERM');
    }
    for (const [name, r] of [
      ['one PostgreSQL server', single],
      ['two PostgreSQL servers', double],
    ] as const) {
      d.log(
        `load, ${name}: ${r.clients} clients for ${r.seconds} s: ${r.requests} requests = ${r.requestsPerSecond} req/s (${r.rowsPerSecond} rows/s), p50 ${r.p50ms} ms, p99 ${r.p99ms} ms, max ${r.maxMs} ms, errors ${r.errors}`,
      );
    }
    d.log(
      `two servers / one: ${(double.requestsPerSecond / single.requestsPerSecond).toFixed(2)}× the requests/s (target ≥ 1.7× one reader thread, p99 ≤ 1 s)`,
    );
    return { sqlite, postgres, ratios, load: { single, double } };
  } finally {
    await cluster?.stop();
  }
}
