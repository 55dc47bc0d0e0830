// `amr seed`: writes the deterministic demo tenant into the database, or to a snapshot file.
import { redactUrl } from '../../store/open-store.js';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { DEMO_HISTORY_DAYS, demoTenant, demoTenantAsOf, writeSnapshot } from '../../demo/index.js';
import { importObjects } from '../../ingest/import-objects.js';
import { importActivityObjects } from '../../ingest/import-activity-objects.js';
import { demoActivity } from '../../demo/activity/index.js';
import type { ActivityAppendSummary } from '../../store/store.js';
import type { ImportSnapshotSummary } from '../../ingest/import-snapshot.js';
import { openStore } from '../../store/open-store.js';
import { CliError, configFor, type CliIO, type CommonOptions } from '../context.js';
import { formatImportSummary } from '../format.js';

export interface SeedOptions extends CommonOptions {
  readonly users?: string;
  readonly seed?: string;
  readonly out?: string;
  readonly now?: string;
  /** commander's --no-activity. */
  readonly activity?: boolean;
  /** commander's --no-history. */
  readonly history?: boolean;
}

/** Above this many users the past states are left out: each is a whole import. */
const HISTORY_MAX_USERS = 50_000;

const MAX_USERS = 5_000_000;

function parseUsers(text: string | undefined): number {
  const n = Number(text ?? '5000');
  if (!Number.isInteger(n) || n < 1 || n > MAX_USERS) throw new CliError(`--users ${text} is not valid: give a whole number from 1 to ${MAX_USERS}`);
  return n;
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new CliError(`--now ${text} is not an ISO-8601 date-time`);
  return d;
}

async function writeFile(io: CliIO, path: string, tenant: ReturnType<typeof demoTenant>): Promise<void> {
  const lower = path.toLowerCase().replace(/\.gz$/, '');
  const encoding = lower.endsWith('.ndjson') || lower.endsWith('.jsonl') ? 'ndjson' : 'json';
  const file = createWriteStream(path);
  const gzip = path.toLowerCase().endsWith('.gz') ? createGzip({ level: 6 }) : null;
  if (gzip) gzip.pipe(file);
  const written = await writeSnapshot(tenant, gzip ?? file, encoding);
  (gzip ?? file).end();
  await once(file, 'close');
  io.out.write(
    `${path}: tenant ${tenant.tenantId}, ${written.users.toLocaleString('en-US')} users, ${written.groups} groups, ${written.roleAssignments} role assignments (${encoding}${gzip ? ', gzip' : ''})\n${tenant.tenantId}\n`,
  );
}

export interface SeedSummary {
  readonly tenant: ImportSnapshotSummary;
  /** The month of audit and sign-in activity, unless it was left out. */
  readonly activity: ActivityAppendSummary | null;
}

/** Seeds into an open database; used by `amr seed` and by `amr start` on an empty database. */
export async function seedDatabase(db: string, users: number, seed: string, now: Date, withActivity = true, withHistory = true): Promise<SeedSummary> {
  const store = await openStore({ db });
  try {
    const demo = demoTenant({ users, seed, now });
    // Trends: the demo as it stood at a few past dates, by its users' and methods' own creation dates.
    if (withHistory && users <= HISTORY_MAX_USERS) {
      for (const days of DEMO_HISTORY_DAYS) await importObjects(store, demoTenantAsOf(demo, new Date(now.getTime() - days * 86_400_000)), () => now);
    }
    const tenant = await importObjects(store, demo, () => now);
    const activity = withActivity ? await importActivityObjects(store, demo.tenantId, demoActivity(demo, { now })) : null;
    return { tenant, activity };
  } finally {
    await store.close();
  }
}

export function formatActivity(a: ActivityAppendSummary): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return `  activity      ${n(a.newAudits)} audit records (${n(a.registrationEvents)} registrations, ${n(a.resetEvents)} reset attempts, ${n(a.passwordEvents)} password events), ${n(a.newSignIns)} sign-ins over 30 days\n`;
}

export async function seedCommand(io: CliIO, options: SeedOptions): Promise<void> {
  const users = parseUsers(options.users);
  const now = parseNow(options.now);
  const seed = options.seed ?? 'amr-demo';
  if (options.out !== undefined) {
    await writeFile(io, options.out, demoTenant({ users, seed, now }));
    return;
  }
  const config = configFor(io, options);
  const started = performance.now();
  const summary = await seedDatabase(config.db, users, seed, now, options.activity !== false, options.history !== false);
  io.out.write(formatImportSummary(`demo tenant (seed '${seed}') into ${redactUrl(config.db)}`, summary.tenant, performance.now() - started));
  if (summary.activity) io.out.write(formatActivity(summary.activity));
  io.out.write(`${summary.tenant.tenantId}\n`);
}
