// The keeper of a PostgreSQL cluster shared by one `node --test` run (postgres-cluster.ts), run as
// its own detached process from before the cluster starts: `node postgres-watchdog.js RUNNER_PID
// DIR`. While the run's runner lives it drops the databases of test processes that have ended (a
// run makes hundreds, 8 MB each); once the runner has ended, it stops the postmaster (found, with
// its port, in DIR/data/postmaster.pid) and removes DIR.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const runner = Number(process.argv[2]);
const dir = process.argv[3]!;

/** The postmaster's pid and port once it runs (postmaster.pid: pid, data directory, start time, port, …). */
function postmaster(): { pid: number; port: number } | null {
  const file = join(dir, 'data', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid > 0 && port > 0 ? { pid, port } : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, run by another account.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Test databases are named amr_test_<pid>_<n> by the process that made them (postgres-cluster.ts). */
async function dropEnded(port: number): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'amr', database: 'postgres' });
  await client.connect();
  try {
    const rows = (await client.query<{ datname: string }>("select datname from pg_database where datname like 'amr\\_test\\_%'")).rows;
    for (const { datname } of rows) {
      const pid = Number(/^amr_test_(\d+)_/.exec(datname)?.[1] ?? 0);
      if (pid > 0 && !alive(pid)) await client.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await client.end();
  }
}

async function keep(): Promise<void> {
  while (alive(runner)) {
    const server = postmaster();
    // A failed round (the server starting, busy or gone) is tried again at the next.
    if (server !== null) await dropEnded(server.port).catch(() => undefined);
    await sleep(2000);
  }
  const server = postmaster();
  if (server !== null && alive(server.pid)) process.kill(server.pid, 'SIGQUIT');
  for (let i = 0; i < 100 && server !== null && alive(server.pid); i++) await sleep(100);
  rmSync(dir, { recursive: true, force: true });
}

void keep();
