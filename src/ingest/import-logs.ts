// Imports one audit/sign-in log export into the store. Every batch the reader hands over is its
// own transaction, committed before more is read: a killed import loses nothing it reported, and
// running it again completes it (records are keyed by their source id, so nothing doubles).
import { changesReports, refreshReports } from './refresh-reports.js';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { AuditRecord, SignInRecord } from '../reports/activity-model.js';
import type { ActivityAppendSummary, Store } from '../store/store.js';
import type { ParseLimits } from './parse-limits.js';
import { readLogs, type LogReadSummary, type RefusedRecord } from './logs/index.js';
import { tooManyRefused, tooManyRefusedError } from './logs/log-batcher.js';

export interface ImportLogsOptions {
  readonly sourceName: string;
  /** The tenant for records that name none (`--tenant`, or the admin API's path). */
  readonly tenantId?: string;
  /** Refuse records that name another tenant than tenantId (the admin API). */
  readonly strictTenant?: boolean;
  /** Where refused records go, one JSON object per line; null keeps only their count. */
  readonly rejectsPath: string | null;
  /** How many refused records (and bytes of them) the rejects file takes; default MAX_REJECTS_WRITTEN and MAX_REJECTS_BYTES. */
  readonly rejectsLimit?: { readonly records: number; readonly bytes: number };
  /** Activity older than this many days is deleted once the file is in (the operator's retention). */
  readonly retentionDays?: number;
  /** The clock retention is measured from. */
  readonly now?: () => Date;
  /** Also hands every refused record to the caller (the admin API shows the first ones). */
  readonly onRefused?: (batch: readonly RefusedRecord[]) => void;
  readonly onProgress?: (bytesRead: number) => void;
  /** Limits on one record or line (decision 0054); the defaults for what is left out. */
  readonly limits?: Partial<ParseLimits> | undefined;
  /** Stops reading once aborted; batches committed before stay. */
  readonly signal?: AbortSignal;
  /** Recompute the touched tenants' reports when the activity can change them (default true; decision 0091). */
  readonly refreshReports?: boolean;
}

export interface ImportLogsSummary {
  readonly read: LogReadSummary;
  readonly stored: ActivityAppendSummary;
  /** Records refused here (no tenant, another tenant) on top of those the reader refused. */
  readonly refusedForTenant: number;
  readonly tenants: readonly string[];
  readonly rejectsFile: string | null;
  /** Refused records written to rejectsFile: all of them, or the first MAX_REJECTS_WRITTEN (or MAX_REJECTS_BYTES). */
  readonly rejectsWritten: number;
  /** Rows deleted because they were older than the retention. */
  readonly pruned: number;
}

type Totals = { -readonly [K in keyof ActivityAppendSummary]: number };

const zero = (): Totals => ({ newAudits: 0, duplicateAudits: 0, newSignIns: 0, duplicateSignIns: 0, registrationEvents: 0, resetEvents: 0, passwordEvents: 0 });

/**
 * The rejects file holds the first refusals only: a refusal's line (place, reason and text) can be
 * thirty times the bytes it refuses (`0,` → a line of 60 bytes), so a small gzip of tiny bad
 * records would otherwise write gigabytes (decision 0054). The count goes on past the cap.
 */
export const MAX_REJECTS_WRITTEN = 100_000;
export const MAX_REJECTS_BYTES = 64 * 1024 * 1024;

class Rejects {
  private out: WriteStream | null = null;
  count = 0;
  written = 0;
  private bytes = 0;
  constructor(
    private readonly path: string | null,
    private readonly onRefused: ((batch: readonly RefusedRecord[]) => void) | undefined,
    private readonly limit = { records: MAX_REJECTS_WRITTEN, bytes: MAX_REJECTS_BYTES },
  ) {}

  async write(batch: readonly RefusedRecord[]): Promise<void> {
    this.count += batch.length;
    this.onRefused?.(batch);
    if (this.path === null || batch.length === 0) return;
    this.out ??= createWriteStream(this.path, { flags: 'w' });
    for (const r of batch) {
      if (this.written >= this.limit.records || this.bytes >= this.limit.bytes) return;
      const line = `${JSON.stringify(r)}\n`;
      this.written++;
      this.bytes += Buffer.byteLength(line);
      if (!this.out.write(line)) await once(this.out, 'drain');
    }
  }

  async close(): Promise<string | null> {
    if (!this.out) return null;
    this.out.end();
    await once(this.out, 'close');
    return this.path;
  }
}

/**
 * Records per batch, and each batch one transaction (decision 0012). 2,000 rather than 5,000: the
 * records a batch holds until it is full survive the young generation's collections and are
 * copied by each, so smaller batches halve the reader's collection time, and the writer's
 * transactions cost no more (bench/README.md, log import). A killed import loses at most these.
 */
export const LOG_BATCH_RECORDS = 2000;

/**
 * Appends waiting for their transaction at once (decision 0012): while batches are stored on the
 * writer thread, the reader parses the next ones. Appends run in order (the store serialises its
 * write transactions), so the pipeline changes when a batch commits, never what is stored. Four:
 * the writer has the next batches at hand when the reader is slow for a while, and the reader goes
 * on when the writer is (from sign-ins to registrations, say); measured in bench/README.md.
 */
const APPENDS_IN_FLIGHT = 4;

/** Store appends in flight, in order; the first failure is thrown by the next push and by settle(). */
class AppendPipeline {
  private readonly pending: Promise<void>[] = [];
  private failure: { error: unknown } | null = null;

  constructor(private readonly totals: Totals) {}

  async push(append: Promise<ActivityAppendSummary>): Promise<void> {
    this.pending.push(
      append.then(
        (added) => {
          for (const k of Object.keys(this.totals) as (keyof Totals)[]) this.totals[k] += added[k];
        },
        (error: unknown) => {
          this.failure ??= { error };
        },
      ),
    );
    if (this.pending.length > APPENDS_IN_FLIGHT) await this.pending.shift();
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every append; throws the first failure. */
  async settle(): Promise<void> {
    await Promise.all(this.pending.splice(0));
    if (this.failure) throw this.failure.error;
  }
}

export async function importLogs(store: Store, input: Readable, options: ImportLogsOptions): Promise<ImportLogsSummary> {
  const totals = zero();
  const tenants = new Set<string>();
  const rejects = new Rejects(options.rejectsPath, options.onRefused, options.rejectsLimit);
  const appends = new AppendPipeline(totals);
  let refusedForTenant = 0;
  let routed = 0;
  let firstForTenant: RefusedRecord | null = null;
  const route = async <T extends AuditRecord | SignInRecord>(batch: readonly T[], kind: 'audits' | 'signIns', textOf: (r: T) => string) => {
    const byTenant = new Map<string, T[]>();
    const refused: RefusedRecord[] = [];
    // Records of one export name one tenant: decide once per run of equal tenant ids.
    let seen: string | null | undefined;
    let tenant: string | { reason: string } = '';
    let list: T[] = [];
    for (const r of batch) {
      if (r.tenantId !== seen) {
        seen = r.tenantId;
        tenant = pickTenant(r.tenantId, options);
        if (typeof tenant === 'string') {
          list = byTenant.get(tenant) ?? [];
          byTenant.set(tenant, list);
        }
      }
      if (typeof tenant !== 'string') refused.push({ where: `record ${r.id}`, reason: tenant.reason, text: textOf(r) });
      else list.push(r);
    }
    refusedForTenant += refused.length;
    routed += batch.length;
    firstForTenant ??= refused[0] ?? null;
    await rejects.write(refused);
    // A file whose records are for another tenant (or none) is stopped like one of bad records.
    if (tooManyRefused(refusedForTenant, routed)) throw tooManyRefusedError(refusedForTenant, routed, firstForTenant, refused.at(-1) ?? null);
    for (const [tenant, records] of byTenant) {
      tenants.add(tenant);
      await appends.push(
        store.appendActivity(
          tenant,
          kind === 'audits' ? { audits: records as AuditRecord[], signIns: [] } : { audits: [], signIns: records as SignInRecord[] },
        ),
      );
    }
  };
  try {
    let read: LogReadSummary;
    try {
      read = await readLogs(
        input,
        {
          sourceName: options.sourceName,
          batchSize: LOG_BATCH_RECORDS,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.now ? { now: options.now } : {}),
          ...(options.limits ? { limits: options.limits } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        },
        {
          audits: (b) => route(b, 'audits', (r) => JSON.stringify(r)),
          signIns: (b) => route(b, 'signIns', (r) => JSON.stringify(r)),
          refused: (b) => rejects.write(b),
        },
      );
    } finally {
      // A file that stops with an error still stores the batches read before the fault.
      await appends.settle().catch(() => undefined);
    }
    await appends.settle();
    let pruned = 0;
    if (options.retentionDays !== undefined) {
      const before = new Date((options.now ?? (() => new Date()))().getTime() - options.retentionDays * 86_400_000).toISOString();
      for (const tenant of tenants) pruned += await store.pruneActivity(tenant, before);
    }
    if (options.refreshReports !== false && changesReports(totals)) await refreshReports(store, tenants);
    return { read, stored: totals, refusedForTenant, tenants: [...tenants], rejectsFile: await rejects.close(), rejectsWritten: rejects.written, pruned };
  } catch (err) {
    await rejects.close();
    throw err;
  }
}

function pickTenant(recordTenant: string | null, options: ImportLogsOptions): string | { reason: string } {
  const given = options.tenantId?.toLowerCase();
  if (recordTenant === null) {
    return given ?? { reason: 'the record names no tenant: give one with --tenant ID' };
  }
  if (options.strictTenant && given !== undefined && recordTenant !== given) {
    return { reason: `the record is for tenant ${recordTenant}, not ${given}` };
  }
  return recordTenant;
}
