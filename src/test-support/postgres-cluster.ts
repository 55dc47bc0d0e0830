// A throwaway PostgreSQL cluster for tests, one database per caller; nothing is assumed running
// (issue 13). Under `node --test` the test processes of one run share one cluster: the first to
// need it starts it (initdb and a postmaster took 3 to 5 s per test file), a detached watchdog
// (postgres-watchdog.ts) drops the databases of test processes that have ended and stops it when
// the run ends. A process run on its own starts its own and stops it when it exits. Databases are
// made from a template that holds amr's schema, migrated once per cluster (migrating each took
// about a second). Debian's `postgresql` package supplies the binaries; .ci/run installs it.
// Without them, outside CI, the tests that need it say loudly that they skipped; in CI (CI=true) a
// missing server is a failure, never a skip.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openEngine } from '../store/open-store.js';
import { migrate } from '../store/sql/migrations.js';
import { postgresBinDir, startServer } from './postgres-server.js';

export { postgresBinDir } from './postgres-server.js';

export interface PostgresCluster {
  readonly port: number;
  /** A new database on this cluster; its URL. `migrated`: holding amr's schema already (openStore finds nothing to apply). */
  createDatabase(name?: string, options?: { readonly migrated?: boolean }): Promise<string>;
  /** Stops a cluster this process started for itself; a run's shared cluster is stopped by its watchdog. */
  stop(): Promise<void>;
}

/** The database new test databases are copied from when they hold amr's schema. */
const TEMPLATE = 'amr_template';

let current: Promise<PostgresCluster> | null = null;

/**
 * This process's cluster, started (or joined) on first use. Returns null when PostgreSQL is not
 * installed and this is not CI; the caller skips, saying so.
 */
export function testCluster(): Promise<PostgresCluster> | null {
  if (current) return current;
  const bin = postgresBinDir();
  if (bin === null) {
    if (process.env['CI'])
      throw new Error("PostgreSQL is not installed (no initdb found): .ci/run installs Debian's postgresql; the PostgreSQL store tests never skip in CI");
    return null;
  }
  current = process.env['NODE_TEST_CONTEXT'] && process.ppid > 1 ? runCluster(bin) : ownCluster(bin);
  return current;
}

/**
 * Settings of a test cluster: fast, not durable (a test's data dies with it). The bench passes
 * `durable` for what a real server would run: fsync on, commits not waited for (as SQLite's WAL
 * with synchronous=NORMAL: a crash may lose the last commits, never corrupts), bigger buffers.
 */
export interface ClusterSettings {
  readonly durable?: boolean;
}

/** A cluster of its own (the bench's); testCluster() is the one tests share in a process. */
export async function startPostgres(settings: ClusterSettings = {}): Promise<PostgresCluster | null> {
  const bin = postgresBinDir();
  return bin === null ? null : ownCluster(bin, settings);
}

/** For tests: the reason printed when the PostgreSQL half of a suite is skipped. */
export const SKIP_NOTICE =
  "*** SKIPPED: PostgreSQL is not installed here (no initdb; set AMR_PG_BINDIR or install Debian's postgresql). The store contract suite ran on SQLite only. In CI this is a failure. ***";

function admin(port: number): pg.Client {
  return new pg.Client({ host: '127.0.0.1', port, user: 'amr', database: 'postgres' });
}

/** The template: amr's migrations applied once, so each test database is a copy (tens of milliseconds). */
async function prepareTemplate(port: number): Promise<void> {
  const client = admin(port);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${TEMPLATE}`);
  } finally {
    await client.end();
  }
  const engine = await openEngine(`postgres://amr@127.0.0.1:${port}/${TEMPLATE}`);
  try {
    await migrate(engine, () => new Date());
  } finally {
    // No connection may stay on a template while it is copied.
    await engine.close();
  }
}

function clusterAt(port: number, stop: () => Promise<void>): PostgresCluster {
  let counter = 0;
  return {
    port,
    async createDatabase(name?: string, options: { readonly migrated?: boolean } = {}): Promise<string> {
      // The process id in the name: the watchdog drops it once this process has ended.
      const db = (name ?? `amr_test_${process.pid}_${++counter}`).replace(/"/g, '');
      const client = admin(port);
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${db}"${options.migrated ? ` TEMPLATE ${TEMPLATE} STRATEGY FILE_COPY` : ''}`);
      } finally {
        await client.end();
      }
      return `postgres://amr@127.0.0.1:${port}/${db}`;
    },
    stop,
  };
}

/** A cluster of this process's own, stopped and removed when it exits. */
async function ownCluster(bin: string, settings: ClusterSettings = {}): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'amr-pg-'));
  const { port, postmaster, exited } = await startServer(bin, dir, false, settings);
  const kill = (): void => {
    if (postmaster.exitCode === null) postmaster.kill('SIGQUIT');
  };
  process.once('exit', () => {
    kill();
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* best effort at exit */
    }
  });
  await prepareTemplate(port);
  return clusterAt(port, async () => {
    kill();
    await exited;
    rmSync(dir, { recursive: true, force: true });
    current = null;
  });
}

/** The runner process of this test run: its pid and, where Linux says, when it started (pids are reused). */
function runnerId(): string {
  try {
    const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    return `${process.ppid}-${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
  } catch {
    return String(process.ppid);
  }
}

/** The cluster of this `node --test` run: started by the first test process that needs it, joined by the others. */
async function runCluster(bin: string): Promise<PostgresCluster> {
  const dir = join(tmpdir(), `amr-pg-run-${runnerId()}`);
  const ready = join(dir, 'ready.json');
  const failed = join(dir, 'failed.txt');
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Another test process of this run is starting it (or has).
    for (let i = 0; i < 1200; i++) {
      if (existsSync(ready)) return clusterAt((JSON.parse(readFileSync(ready, 'utf8')) as { port: number }).port, async () => undefined);
      if (existsSync(failed)) throw new Error(`this test run's PostgreSQL cluster failed to start: ${readFileSync(failed, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`this test run's PostgreSQL cluster (${dir}) was not ready within 120 s`);
  }
  try {
    // First, so that a start that fails half-way is cleaned up too.
    const watchdog = spawn(process.execPath, [fileURLToPath(new URL('./postgres-watchdog.js', import.meta.url)), String(process.ppid), dir], {
      detached: true,
      stdio: 'ignore',
    });
    watchdog.unref();
    const { port } = await startServer(bin, dir, true);
    await prepareTemplate(port);
    writeFileSync(`${ready}.tmp`, JSON.stringify({ port }));
    renameSync(`${ready}.tmp`, ready);
    return clusterAt(port, async () => undefined);
  } catch (err) {
    writeFileSync(failed, String(err instanceof Error ? err.stack : err));
    throw err;
  }
}
