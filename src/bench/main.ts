// `npm run bench`: builds a large tenant and measures import, recompute, export, filtered page
// latency and summary throughput against the real server, next to a trivial JSON route.
// Usage: npm run bench -- [--users N] [--dir DIR] [--seconds S]
import { describeProtectionBench, protectionBench } from './protection.js';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { demoTenant, writeSnapshot } from '../demo/index.js';
import { machineInfo } from './machine.js';
import { sequentialLatency } from './http-scenarios.js';
import { loadUnderImport } from './load-under-import.js';
import { cpuSeconds, registrationHttpScenarios } from './export-compare.js';
import { syncBench } from './sync.js';
import { postgresBench } from './postgres.js';
import { ACTIVITY_TENANT, readAndParseRate, writeActivityExport, writeEventsExport } from './activity.js';
import { measureSnapshotImport } from './snapshot-import.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const AMR = join(ROOT, 'bin', 'amr.js');
const WORKER = join(ROOT, 'dist', 'bench', 'import-worker.js');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const USERS = Number(option('users', '1000000'));
const DIR = option('dir', join(ROOT, 'bench', 'out'));
const SECONDS = Number(option('seconds', '10'));
const SIGN_INS = Number(option('sign-ins', '1000000'));
const AUDITS = Number(option('audits', '200000'));
/** activity, registration and import: imports (each between two yardstick runs) whose median ratio is reported. */
const ROUNDS = Math.max(1, Number(option('rounds', '1')));
/**
 * --only registration | import | export | protection | activity | activity-10m | load | sync: run one scenario (default registration and activity).
 * import: the snapshot import and its yardstick only (no recompute, no server).
 * export: the registration scenario's HTTP part on its database, kept from an earlier run (imported when missing).
 * sync: --sync-users N --changes K.
 */
const ONLY = option('only', '');
/** activity-10m: stored events (9 in 10 sign-ins, 1 in 10 registrations), users, days; --keep keeps its export and database. */
const EVENTS = Number(option('events', '10000000'));
const EVENT_USERS = Number(option('event-users', '200000'));
const EVENT_DAYS = Number(option('event-days', '35'));
const KEEP = process.argv.includes('--keep');
/** activity-10m: measure the summaries over the database a --keep run left, without importing again. */
const REUSE = process.argv.includes('--reuse');
/** load: concurrent clients and seconds of the load-under-import scenario. */
const CLIENTS = Number(option('clients', '200'));
const SECONDS_LOAD = Number(option('load-seconds', '60'));
/** Alternating pairs of exports (bare yardstick, then amr) whose median ratio is reported. */
const EXPORT_ROUNDS = Math.max(1, Number(option('export-rounds', '3')));
/** load --no-import: pairs of runs (one reader thread, then the pool). */
const LOAD_ROUNDS = Math.max(1, Number(option('load-rounds', '1')));
/** --readers N: the amr server's reader threads (AMR_READERS); its own default when absent. */
const READERS = option('readers', '');
const log = (s: string) => process.stdout.write(`${s}\n`);
/** --server-flags "…": node flags for the amr server (e.g. "--cpu-prof --cpu-prof-dir=bench/out/prof"). */
const NODE_FLAGS = option('server-flags', '')
  .split(' ')
  .filter((f) => f !== '');

async function snapshotFile(): Promise<string> {
  const file = join(DIR, `tenant-${USERS}.ndjson`);
  if (existsSync(file)) return file;
  const started = performance.now();
  const out = createWriteStream(file);
  const written = await writeSnapshot(demoTenant({ users: USERS, seed: 'bench', now: new Date('2026-11-01T00:00:00Z') }), out, 'ndjson');
  out.end();
  await once(out, 'close');
  log(`generated ${file}: ${(written.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

async function worker(args: string[]): Promise<Record<string, number | string>> {
  const { stdout } = await run(process.execPath, [WORKER, ...args], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Record<string, number | string>;
}

function peakRssMB(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (s) => Math.round(Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0) / 1024),
    () => -1,
  );
}

async function startServer(db: string, env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  const readers = READERS === '' ? {} : { AMR_READERS: READERS };
  const child = spawn(process.execPath, [...NODE_FLAGS, AMR, 'serve', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AMR_LOG_LEVEL: 'warn', ...readers, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (c: Buffer) => {
      seen += c.toString();
      const m = /serving (http:\/\/\S+)/.exec(seen);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${seen}`)));
  });
  return { url, child };
}

async function main(): Promise<void> {
  await mkdir(DIR, { recursive: true });
  const m = machineInfo();
  log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, node ${m.node}`);
  if (option('store', 'sqlite') === 'postgres') return postgresScenario(m);
  if (ONLY === 'activity-10m') return eventsScenario();
  if (ONLY === 'load') return loadScenario(m);
  if (ONLY === 'export') return exportScenario();
  if (ONLY === 'protection') return protectionScenario(m);
  if (ONLY === 'sync') return syncBench({ users: Number(option('sync-users', '100000')), changes: Number(option('changes', '100')), log });
  if (ONLY === 'import') return importScenario(m);
  if (ONLY !== 'activity') await registrationScenario(m);
  if (ONLY !== 'registration') await activityScenario();
}

async function activityScenario(): Promise<void> {
  const file = join(DIR, `activity-${SIGN_INS}-${AUDITS}.ndjson`);
  if (!existsSync(file)) {
    const bytes = await writeActivityExport(file, SIGN_INS, AUDITS, new Date());
    log(`generated ${file}: ${(bytes / 1e6).toFixed(0)} MB`);
  }
  const db = join(DIR, 'bench-activity.db');
  // The yardstick is taken right before and right after each import, and the ratio is to their mean:
  // on a shared machine the speed drifts, and a yardstick taken once can be far from the import's.
  const ratios: number[] = [];
  let before = await readAndParseRate(file);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const suffix of ['', '-wal', '-shm']) await rm(`${db}${suffix}`, { force: true });
    const imported = await worker(['logs', db, file]);
    const after = await readAndParseRate(file);
    const yardstick = Math.round((before.perSecond + after.perSecond) / 2);
    const perSecond = Math.round(Number(imported.records) / (Number(imported.ms) / 1000));
    ratios.push(perSecond / yardstick);
    log(
      `log import${ROUNDS > 1 ? ` (round ${round} of ${ROUNDS})` : ''}: ${imported.records} records (${imported.signIns} sign-ins, ${imported.audits} audits) in ${(Number(imported.ms) / 1000).toFixed(1)} s = ${perSecond} records/s; read + JSON.parse alone: ${yardstick} records/s (${before.perSecond} before, ${after.perSecond} after; ratio ${(perSecond / yardstick).toFixed(2)}); peak RSS ${imported.maxRssMB} MB; CPU s: main thread ${imported.cpuMain}, other threads ${imported.cpuOthers}; load ${loadavg()[0]!.toFixed(1)}`,
    );
    before = after;
  }
  if (ROUNDS > 1)
    log(
      `log import: median ratio ${[...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!.toFixed(2)} over ${ROUNDS} rounds (${ratios.map((r) => r.toFixed(2)).join(', ')})`,
    );
  const token = (await run(process.execPath, [AMR, 'token', '--db', db, '--tenant', ACTIVITY_TENANT, '--expires-in', '7200'])).stdout.trim();
  const { url, child } = await startServer(db);
  try {
    for (const fn of ["userRegistrationActivity(period='d30')", "userSignInsByAuthMethodSummary(period='d30')"]) {
      const l = await sequentialLatency(`${url}/beta/reports/authenticationMethods/${fn}`, token, 200);
      log(`${fn}: p50 ${l.p50ms} ms, p99 ${l.p99ms} ms (${l.rowsPerPage} rows)`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

const mb = (bytes: number) => Math.round(bytes / 1e6);
const fileBytes = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/**
 * Issue 3 §6: the period summaries over 10,000,000 stored events. The events are imported through
 * the real log import (amr's own reader, normalisers and store path), then the summaries are
 * measured over HTTP against the real server, as in the activity scenario.
 */
async function eventsScenario(): Promise<void> {
  const signIns = Math.round(EVENTS * 0.9);
  const audits = EVENTS - signIns;
  const file = join(DIR, `events-${EVENTS}.ndjson`);
  const db = join(DIR, `bench-events-${EVENTS}.db`);
  const now = new Date();
  if (!existsSync(file)) {
    const started = performance.now();
    const bytes = await writeEventsExport(file, { signIns, audits, users: EVENT_USERS, days: EVENT_DAYS, now, seed: 10 });
    log(
      `generated ${file}: ${mb(bytes)} MB (${signIns} sign-ins, ${audits} registrations, ${EVENT_USERS} users, ${EVENT_DAYS} days) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  try {
    if (REUSE && existsSync(db)) {
      log(`database: ${mb(fileBytes(db) + fileBytes(`${db}-wal`))} MB, kept from an earlier run (--reuse)`);
    } else {
      const yardstick = await readAndParseRate(file);
      for (const suffix of ['', '-wal', '-shm']) await rm(`${db}${suffix}`, { force: true });
      const imported = await worker(['logs', db, file]);
      const perSecond = Math.round(Number(imported.records) / (Number(imported.ms) / 1000));
      log(
        `log import: ${imported.records} records (${imported.signIns} sign-ins, ${imported.audits} audits) in ${(Number(imported.ms) / 1000).toFixed(1)} s = ${perSecond} records/s; read + JSON.parse alone: ${yardstick.perSecond} records/s (ratio ${(perSecond / yardstick.perSecond).toFixed(2)}); peak RSS ${imported.maxRssMB} MB; CPU s: main thread ${imported.cpuMain}, other threads ${imported.cpuOthers}`,
      );
      log(
        `database: ${mb(fileBytes(db) + fileBytes(`${db}-wal`))} MB for ${Number(imported.signIns) + Number(imported.audits)} stored events (export ${mb(fileBytes(file))} MB)`,
      );
    }
    const token = (await run(process.execPath, [AMR, 'token', '--db', db, '--tenant', ACTIVITY_TENANT, '--expires-in', '7200'])).stdout.trim();
    const { url, child } = await startServer(db);
    try {
      for (const fn of ["userRegistrationActivity(period='d30')", "userSignInsByAuthMethodSummary(period='d30')"]) {
        // Three rounds of 200 sequential requests; each round's p50 and p99, the median round reported first.
        const rounds = [];
        for (let r = 0; r < 3; r++) rounds.push(await sequentialLatency(`${url}/beta/reports/authenticationMethods/${fn}`, token, 200));
        const median = [...rounds].sort((a, b) => a.p99ms - b.p99ms)[1]!;
        log(
          `${fn}: p50 ${median.p50ms} ms, p99 ${median.p99ms} ms (${median.rowsPerPage} rows; rounds p50/p99 ${rounds.map((l) => `${l.p50ms}/${l.p99ms}`).join(', ')} ms)`,
        );
      }
      log(`server peak RSS: ${await peakRssMB(child.pid!)} MB`);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  } finally {
    if (!KEEP) {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${db}${suffix}`, { force: true });
      await rm(file, { force: true });
    }
  }
}

/** The snapshot import against reading and parsing the same file (issue 13 §6), ROUNDS times. */
function measureImport(file: string, db: string) {
  return measureSnapshotImport({ file, db, users: USERS, rounds: ROUNDS, worker, log });
}

async function importScenario(m: ReturnType<typeof machineInfo>): Promise<void> {
  const file = await snapshotFile();
  const db = join(DIR, `bench-${USERS}.db`);
  const measured = await measureImport(file, db);
  await writeFile(join(DIR, `import-${USERS}.json`), JSON.stringify({ machine: m, users: USERS, snapshotImport: measured }, null, 2));
}

async function registrationScenario(m: ReturnType<typeof machineInfo>): Promise<void> {
  const file = await snapshotFile();
  const db = join(DIR, `bench-${USERS}.db`);
  const measured = await measureImport(file, db);
  const imported = measured.rounds[measured.rounds.length - 1]!.imported;
  const recomputed = await worker(['recompute', db, String(imported.tenantId)]);
  log(`full recompute: ${(Number(recomputed.ms) / 1000).toFixed(1)} s, peak RSS ${recomputed.maxRssMB} MB`);
  const token = (await run(process.execPath, [AMR, 'token', '--db', db, '--expires-in', '7200'])).stdout.trim();
  const { url, child } = await startServer(db);
  try {
    const results = await httpScenarios(url, token, db, child.pid!);
    const serverRss = await peakRssMB(child.pid!);
    log(`server peak RSS: ${serverRss} MB`);
    await writeFile(
      join(DIR, `results-${USERS}.json`),
      JSON.stringify({ machine: m, users: USERS, imported, snapshotImport: measured, recomputed, ...results, serverPeakRssMB: serverRss }, null, 2),
    );
  } finally {
    child.kill('SIGTERM');
  }
}

function httpScenarios(url: string, token: string, db: string, pid: number) {
  return registrationHttpScenarios({ url, token, db, pid }, { exportRounds: EXPORT_ROUNDS, seconds: SECONDS, log });
}

/** A server on the bench database an earlier run left (imported now when there is none), with a token, for `use`. */
async function onBenchServer(use: (url: string, token: string, db: string, pid: number) => Promise<void>): Promise<void> {
  const file = await snapshotFile();
  const db = join(DIR, `bench-${USERS}.db`);
  if (!existsSync(db)) {
    const imported = await worker(['import', db, file]);
    log(`import: ${USERS} users in ${(Number(imported.ms) / 1000).toFixed(1)} s`);
  }
  const token = (await run(process.execPath, [AMR, 'token', '--db', db, '--expires-in', '7200'])).stdout.trim();
  const { url, child } = await startServer(db);
  try {
    await use(url, token, db, child.pid!);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

/** The registration scenario's HTTP part on its database as an earlier run left it (issue 13 §6: quick rounds). */
function exportScenario(): Promise<void> {
  return onBenchServer(async (url, token, db, pid) => {
    await httpScenarios(url, token, db, pid);
    log(`server peak RSS: ${await peakRssMB(pid)} MB`);
  });
}

/** Issue 15 §6: userProtection export against userRegistrationDetails, and the summary latency. */
function protectionScenario(m: ReturnType<typeof machineInfo>): Promise<void> {
  return onBenchServer(async (url, token) => {
    const results = await protectionBench(url, token, EXPORT_ROUNDS);
    log(`${describeProtectionBench(results)}; load ${loadavg()[0]!.toFixed(1)}`);
    await writeFile(join(DIR, `protection-${USERS}.json`), JSON.stringify({ machine: m, users: USERS, ...results }, null, 2));
  });
}

/**
 * Issue 4 §8: CLIENTS clients paging and filtering the USERS-user tenant for SECONDS_LOAD seconds
 * while the same server imports that tenant's snapshot again through the admin API (the report
 * state switches under the clients). Uses the registration scenario's database when it is there.
 * Issue 13 §8, with --no-import: the same load against a server reading on one thread
 * (AMR_READERS=1) and against one with the reader pool (--readers, default one per core),
 * alternately (--load-rounds pairs), and the ratio of their requests/s.
 */
async function loadScenario(m: ReturnType<typeof machineInfo>): Promise<void> {
  const file = await snapshotFile();
  const db = join(DIR, `bench-${USERS}.db`);
  if (!existsSync(db)) {
    const imported = await worker(['import', db, file]);
    log(`import: ${USERS} users in ${(Number(imported.ms) / 1000).toFixed(1)} s`);
  }
  const tenantId = (await run(process.execPath, [AMR, 'tenants', '--db', db])).stdout.trim().split(/\s+/)[0]!;
  const token = (await run(process.execPath, [AMR, 'token', '--db', db, '--tenant', tenantId, '--expires-in', '7200'])).stdout.trim();
  const adminKey = 'bench-admin-key-0123456789abcdef';
  const importing = !process.argv.includes('--no-import');
  const pool = READERS === '' ? String(availableParallelism()) : READERS;
  const configs = importing ? [READERS] : Array.from({ length: LOAD_ROUNDS }, () => ['1', pool]).flat();
  const results: { readers: string; requestsPerSecond: number }[] = [];
  for (const readers of configs) {
    const env = {
      AMR_ADMIN_KEY: adminKey,
      AMR_MAX_RECORD_BYTES: String(64 * 1024 * 1024),
      AMR_MAX_RECORD_ELEMENTS: '10000000',
      ...(readers === '' ? {} : { AMR_READERS: readers }),
    };
    const { url, child } = await startServer(db, env);
    try {
      const cpuBefore = cpuSeconds(child.pid!);
      const clientBefore = process.cpuUsage();
      const r = await loadUnderImport({ baseUrl: url, token, adminKey, tenantId, snapshotFile: file, clients: CLIENTS, seconds: SECONDS_LOAD, importing });
      const cpuAfter = cpuSeconds(child.pid!);
      const client = process.cpuUsage(clientBefore);
      const serverRss = await peakRssMB(child.pid!);
      const cpu =
        `server CPU s: main thread ${(cpuAfter.main - cpuBefore.main).toFixed(1)}, others ${(cpuAfter.all - cpuAfter.main - cpuBefore.all + cpuBefore.main).toFixed(1)}; ` +
        `clients' CPU s ${((client.user + client.system) / 1e6).toFixed(1)}`;
      const what = importing ? `under import (re-importing ${USERS} users)` : `without import (${USERS} users), readers ${readers}`;
      log(
        `load ${what}: ${r.clients} clients for ${r.seconds} s: ${r.requests} requests = ${r.requestsPerSecond} req/s (${r.rowsPerSecond} rows/s), ` +
          `p50 ${r.p50ms} ms, p99 ${r.p99ms} ms, max ${r.maxMs} ms; first pages (${r.firstPages.requests}) p50 ${r.firstPages.p50ms} ms, p99 ${r.firstPages.p99ms} ms, ` +
          `after the first 5 s (${r.firstPages.steady.requests}) p50 ${r.firstPages.steady.p50ms} ms, p99 ${r.firstPages.steady.p99ms} ms; errors ${r.errors}; ` +
          `import ${r.importStatus ?? 'none'} in ${r.importSeconds ?? '-'} s; server peak RSS ${serverRss} MB; ${cpu}; load ${loadavg()[0]!.toFixed(1)}`,
      );
      for (const e of r.errorSamples) log(`  error: ${e}`);
      results.push({ readers, requestsPerSecond: r.requestsPerSecond });
      await writeFile(
        join(DIR, `load-${USERS}${importing ? '' : `-no-import-readers-${readers}`}.json`),
        JSON.stringify({ machine: m, users: USERS, readers, ...r, serverPeakRssMB: serverRss }, null, 2),
      );
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
  if (!importing) {
    const rate = (readers: string) => results.filter((r) => r.readers === readers).map((r) => r.requestsPerSecond);
    const ratios = rate(pool).map((r, i) => r / rate('1')[i]!);
    log(`reader pool (${pool} threads) vs one reader thread: requests/s ratio ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
  }
}

/** Issue 13 §8: the same tenant on SQLite and PostgreSQL in one run (src/bench/postgres.ts). */
async function postgresScenario(m: ReturnType<typeof machineInfo>): Promise<void> {
  const results = await postgresBench({
    users: USERS,
    snapshotFile,
    sqliteDb: join(DIR, `bench-${USERS}.db`),
    pgUrl: option('pg-url', '') || null,
    clients: CLIENTS,
    loadSeconds: SECONDS_LOAD,
    summarySeconds: SECONDS,
    log,
    worker,
    startServer,
    token: async (db, tenantId) => (await run(process.execPath, [AMR, 'token', '--db', db, '--tenant', tenantId, '--expires-in', '7200'])).stdout.trim(),
  });
  await writeFile(join(DIR, `postgres-${USERS}.json`), JSON.stringify({ machine: m, users: USERS, ...results }, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
