// Starting a throwaway PostgreSQL server for tests (postgres-cluster.ts decides whose it is):
// initdb into a directory, a postmaster on a free loopback port, tuned for speed over durability.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

/** The directory of initdb and postgres: AMR_PG_BINDIR, then Debian's newest, then PATH. */
export function postgresBinDir(): string | null {
  const configured = process.env['AMR_PG_BINDIR'];
  if (configured) return existsSync(join(configured, 'initdb')) ? configured : null;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
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
  if (!Number.isInteger(uid) || uid <= 0)
    throw new Error("tests run as root and there is no `postgres` account to run PostgreSQL as (Debian's postgresql package creates it)");
  return { uid, gid };
}

function icuArgs(bin: string): string[] {
  const help = spawnSync(join(bin, 'initdb'), ['--help'], { encoding: 'utf8' });
  return /--locale-provider/.test(help.stdout) ? ['--locale-provider=icu', '--icu-locale=en-US'] : [];
}

export interface StartedServer {
  readonly port: number;
  readonly postmaster: ChildProcess;
  /** Resolves when the postmaster exits. */
  readonly exited: Promise<number | null>;
}

/**
 * initdb into `dir`/data and a postmaster on a free port, ready for connections. `detached`: the
 * postmaster outlives this process (a cluster shared by a test run; its log goes to
 * `dir`/postmaster.log); otherwise its stderr is kept for the error of a failed start.
 */
export async function startServer(bin: string, dir: string, detached: boolean, settings: { readonly durable?: boolean } = {}): Promise<StartedServer> {
  const data = join(dir, 'data');
  const owner = runAs();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const ids = owner ? { uid: owner.uid, gid: owner.gid } : {};
  // An ICU default collation (en-US) on purpose: amr must not depend on the database's collation
  // for its order (its text keys are COLLATE "C"), and a C-locale test cluster would hide that.
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'amr', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C.UTF-8', ...icuArgs(bin)], {
    encoding: 'utf8',
    ...ids,
  });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  const port = await freePort();
  const logFile = join(dir, 'postmaster.log');
  const logFd = detached ? openSync(logFile, 'a') : null;
  const postmaster: ChildProcess = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'synchronous_commit=off',
      // A run's test processes share it (and each opens stores of its own).
      '-c',
      'max_connections=300',
      // Tests: fast, not durable. The bench: what a real server runs (fsync on; commits not waited for,
      // as SQLite's WAL with synchronous=NORMAL: a crash may lose the last commits, never corrupts).
      ...(settings.durable
        ? ['-c', 'shared_buffers=2GB', '-c', 'max_wal_size=8GB', '-c', 'work_mem=64MB', '-c', 'maintenance_work_mem=512MB']
        : ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'shared_buffers=64MB']),
    ],
    { stdio: ['ignore', 'ignore', logFd ?? 'pipe'], detached, ...ids },
  );
  if (logFd !== null) closeSync(logFd);
  let log = '';
  postmaster.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  // Not what keeps a test process alive: whoever owns the cluster stops it.
  postmaster.unref();
  (postmaster.stderr as { unref?: () => void } | null)?.unref?.();
  const exited = new Promise<number | null>((resolve) => postmaster.once('exit', (code) => resolve(code)));
  const tail = (): string => (detached && existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : log);
  await waitReady(port, exited, tail);
  return { port, postmaster, exited };
}

async function waitReady(port: number, exited: Promise<number | null>, log: () => string): Promise<void> {
  let done = false;
  void exited.then(() => {
    done = true;
  });
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
