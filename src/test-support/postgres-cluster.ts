// A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, a postmaster on a
// free loopback port, one database per caller, everything removed when the test process ends.
// Nothing is assumed running (issue 13). Debian's `postgresql` package supplies the binaries;
// .ci/run installs it. Without them, outside CI, the tests that need it say loudly that they
// skipped; in CI (CI=true) a missing server is a failure, never a skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  readonly port: number;
  /** A new empty database on this cluster; its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The directory of initdb and postgres: AMR_PG_BINDIR, then Debian's newest, then PATH. */
export function postgresBinDir(): string | null {
  const configured = process.env['AMR_PG_BINDIR'];
  if (configured) return existsSync(join(configured, 'initdb')) ? configured : null;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(debian, v, 'bin', 'initdb'))) return join(debian, v, 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.status === 0 ? which.stdout.trim() : '';
  return found ? join(found, '..') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` account. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('tests run as root and there is no `postgres` account to run PostgreSQL as (Debian\'s postgresql package creates it)');
  return { uid, gid };
}

let shared: Promise<PostgresCluster> | null = null;

/**
 * This process's cluster, started on first use. Returns null when PostgreSQL is not installed
 * and this is not CI; the caller skips, saying so.
 */
export function testCluster(): Promise<PostgresCluster> | null {
  if (shared) return shared;
  const bin = postgresBinDir();
  if (bin === null) {
    if (process.env['CI']) throw new Error('PostgreSQL is not installed (no initdb found): .ci/run installs Debian\'s postgresql; the PostgreSQL store tests never skip in CI');
    return null;
  }
  shared = startCluster(bin);
  return shared;
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
  return bin === null ? null : startCluster(bin, settings);
}

/** For tests: the reason printed when the PostgreSQL half of a suite is skipped. */
export const SKIP_NOTICE = '*** SKIPPED: PostgreSQL is not installed here (no initdb; set AMR_PG_BINDIR or install Debian\'s postgresql). The store contract suite ran on SQLite only. In CI this is a failure. ***';

async function startCluster(bin: string, settings: ClusterSettings = {}): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'amr-pg-'));
  const data = join(dir, 'data');
  const owner = runAs();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const ids = owner ? { uid: owner.uid, gid: owner.gid } : {};
  // An ICU default collation (en-US) on purpose: amr must not depend on the database's collation
  // for its order (its text keys are COLLATE "C"), and a C-locale test cluster would hide that.
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'amr', '--auth=trust', '-E', 'UTF8', '--no-sync',
    '--locale=C.UTF-8', ...icuArgs(bin)], { encoding: 'utf8', ...ids });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  const port = await freePort();
  const postmaster: ChildProcess = spawn(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir,
    '-c', 'listen_addresses=127.0.0.1', '-c', 'synchronous_commit=off', '-c', 'max_connections=200',
    ...(settings.durable
      ? ['-c', 'shared_buffers=2GB', '-c', 'max_wal_size=8GB', '-c', 'work_mem=64MB', '-c', 'maintenance_work_mem=512MB']
      : ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'shared_buffers=64MB'])], { stdio: ['ignore', 'ignore', 'pipe'], ...ids });
  let log = '';
  postmaster.stderr?.on('data', (chunk: Buffer) => { log = (log + chunk.toString()).slice(-4000); });
  // Not what keeps a test process alive: its tests end, then the exit hook below stops it.
  postmaster.unref();
  (postmaster.stderr as { unref?: () => void } | null)?.unref?.();
  const exited = new Promise<number | null>((resolve) => postmaster.once('exit', (code) => resolve(code)));
  const kill = (): void => { if (postmaster.exitCode === null) postmaster.kill('SIGQUIT'); };
  process.once('exit', () => {
    kill();
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort at exit */ }
  });
  await waitReady(port, exited, () => log);
  let counter = 0;
  return {
    port,
    async createDatabase(name?: string): Promise<string> {
      const db = name ?? `amr_test_${process.pid}_${++counter}`;
      const admin = new pg.Client({ host: '127.0.0.1', port, user: 'amr', database: 'postgres' });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${db.replace(/"/g, '')}"`);
      } finally {
        await admin.end();
      }
      return `postgres://amr@127.0.0.1:${port}/${db}`;
    },
    async stop(): Promise<void> {
      kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
      shared = null;
    },
  };
}

function icuArgs(bin: string): string[] {
  const help = spawnSync(join(bin, 'initdb'), ['--help'], { encoding: 'utf8' });
  return /--locale-provider/.test(help.stdout) ? ['--locale-provider=icu', '--icu-locale=en-US'] : [];
}

async function waitReady(port: number, exited: Promise<number | null>, log: () => string): Promise<void> {
  let done = false;
  void exited.then(() => { done = true; });
  for (let attempt = 0; attempt < 300; attempt++) {
    if (done) throw new Error(`PostgreSQL exited while starting: ${log()}`);
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'amr', database: 'postgres' });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`PostgreSQL did not accept connections on port ${port} within 30 s: ${log()}`);
}
