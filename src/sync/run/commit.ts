// The writing end of a sync (decision 0073): --out, the snapshot imported through `amr import`'s
// path (atomic), the logs appended, the state saved; and the failure recorded when a run throws.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../../ingest/parse-limits.js';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { changesReports, refreshReports } from '../../ingest/refresh-reports.js';
import { importLogs } from '../../ingest/import-logs.js';
import type { Store } from '../../store/store.js';
import type { SyncSettings } from '../settings.js';
import { SyncError } from '../sync-error.js';
import { GraphBodyError, type AssembledSnapshot, type AssemblyResult } from '../assemble/index.js';
import type { SyncMode, SyncRequest } from './contract.js';
import { itemsOf, type ReadContext } from './graph-reads.js';
import { EMPTY_STATE, loadSyncState, type LicenseName, type RunState, type TenantSyncState } from './state.js';

/** One run's context, shared by its passes and its commit. */
export interface Run {
  readonly store: Store;
  readonly request: SyncRequest;
  readonly settings: SyncSettings;
  readonly ctx: ReadContext;
  readonly tenantId: string;
  readonly organization: readonly unknown[];
  readonly previous: TenantSyncState | null;
  readonly startedAt: Date;
  readonly now: () => Date;
  readonly mode: SyncMode;
  readonly ssprPolicyFile: unknown;
}

export interface Logs {
  readonly audits: readonly unknown[];
  readonly signIns: readonly unknown[] | null;
}

export interface Commit {
  readonly mode: SyncMode;
  readonly license: LicenseName;
  readonly deltaLink: string | null;
  readonly deltaLinkAt: string;
  readonly watermark: string;
  readonly registrationRows: readonly unknown[] | null;
}

/** NDJSON snapshot lines, as `amr import` reads them (tenant-snapshot.md). */
function* ndjsonLines(s: AssembledSnapshot): Generator<string> {
  const { users, groups, roleAssignments, ...header } = s;
  yield `${JSON.stringify(header)}\n`;
  for (const user of users) yield `${JSON.stringify({ user })}\n`;
  for (const group of groups) yield `${JSON.stringify({ group })}\n`;
  for (const roleAssignment of roleAssignments) yield `${JSON.stringify({ roleAssignment })}\n`;
}

/**
 * The parse limits for importing a snapshot sync wrote itself: at least the defaults, raised to its
 * longest line. A group of 100,000 members is one line of several MB, past the 1 MiB a record may
 * be in an uploaded file (decision 0054); here the text is amr's own serialisation of what it has
 * already parsed from Graph, so the limits guard nothing and would refuse real tenants. A line of L
 * bytes holds at most (L+1)/2 JSON values.
 */
function ownSnapshotLimits(s: AssembledSnapshot): ParseLimits {
  let longest = 0;
  for (const line of ndjsonLines(s)) longest = Math.max(longest, Buffer.byteLength(line));
  return {
    maxRecordBytes: Math.max(DEFAULT_PARSE_LIMITS.maxRecordBytes, longest),
    maxRecordElements: Math.max(DEFAULT_PARSE_LIMITS.maxRecordElements, Math.ceil((longest + 1) / 2)),
    maxDepth: DEFAULT_PARSE_LIMITS.maxDepth,
  };
}

/** Graph log objects as NDJSON lines (one record each; no string the size of 30 days of sign-ins). */
function* logLines(items: readonly unknown[]): Generator<string> {
  for (const item of items) yield `${JSON.stringify(item)}\n`;
}

/** Writes --out, imports the snapshot (atomic), appends the logs, then saves the state. */
export async function commit(run: Run, result: AssemblyResult, logs: Logs, c: Commit): Promise<number> {
  const { ctx, store, tenantId } = run;
  if (run.request.out !== undefined) await pipeline(Readable.from(ndjsonLines(result.snapshot)), createWriteStream(run.request.out));
  ctx.progress('import', 0, result.snapshot.users.length);
  const imported = await importSnapshot(store, Readable.from(ndjsonLines(result.snapshot)), {
    sourceName: `sync of tenant ${tenantId}`,
    encoding: 'ndjson',
    now: run.now,
    expectTenantId: tenantId,
    limits: ownSnapshotLimits(result.snapshot),
    ...(run.request.signal === undefined ? {} : { signal: run.request.signal }),
  });
  ctx.progress('import', result.snapshot.users.length, result.snapshot.users.length);
  let activityChanged = false;
  for (const [pages, what] of [
    [logs.audits, 'directoryAudits'],
    [logs.signIns, 'signIns'],
  ] as const) {
    if (pages === null || itemsOf(pages).length === 0) continue;
    const added = await importLogs(store, Readable.from(logLines(itemsOf(pages))), {
      sourceName: `sync of tenant ${tenantId} (${what})`,
      tenantId,
      strictTenant: true,
      rejectsPath: null,
      now: run.now,
      // Once for both kinds, below.
      refreshReports: false,
    });
    activityChanged ||= changesReports(added.stored);
  }
  if (activityChanged) await refreshReports(store, [tenantId]);
  const prev = run.previous?.state ?? EMPTY_STATE;
  const state: RunState = {
    ...prev,
    mode: c.mode,
    license: c.license,
    deltaLink: c.deltaLink,
    deltaLinkAt: c.deltaLink === null ? null : c.deltaLinkAt,
    auditWatermark: c.watermark,
    signInWatermark: logs.signIns === null ? prev.signInWatermark : c.watermark,
    registrationReadAt: c.registrationRows === null ? prev.registrationReadAt : run.startedAt.toISOString(),
    lastAttemptAt: run.startedAt.toISOString(),
    lastSuccessAt: run.now().toISOString(),
    lastOutcome: 'succeeded',
    lastError: null,
  };
  await store.putSyncState(tenantId, {
    state: JSON.stringify(state),
    snapshot: JSON.stringify(result.snapshot),
    checkpoint: null,
    ...(c.registrationRows === null ? {} : { registrationRows: JSON.stringify(itemsOf(c.registrationRows)) }),
  });
  return imported.recompute.generation;
}

export async function recordFailure(store: Store, tenantId: string, e: unknown, startedAt: Date): Promise<void> {
  const prev = await loadSyncState(store, tenantId);
  const lastError =
    e instanceof SyncError
      ? { kind: e.kind, message: e.message }
      : e instanceof GraphBodyError
        ? { kind: 'protocol' as const, message: e.message }
        : { kind: 'other' as const, message: e instanceof Error ? e.message : String(e) };
  const state: RunState = { ...(prev?.state ?? EMPTY_STATE), lastAttemptAt: startedAt.toISOString(), lastOutcome: 'failed', lastError };
  await store.putSyncState(tenantId, { state: JSON.stringify(state) });
}
