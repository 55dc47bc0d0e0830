// Imports one tenant snapshot (a file or an HTTP body) into the store, atomically: the reader
// streams records into the store's transaction; any error rolls the whole snapshot back.
import type { Readable } from 'node:stream';
import type { ParseLimits } from './parse-limits.js';
import type { RecomputeSummary, SnapshotSink, Store } from '../store/store.js';
import { readSnapshot, SnapshotError, type SnapshotReadSummary } from './snapshot/index.js';

export interface ImportSnapshotOptions {
  readonly sourceName: string;
  readonly encoding: 'json' | 'ndjson' | 'auto';
  readonly now: () => Date;
  /** Refuse the snapshot unless it is for this tenant (the admin API's path names one). */
  readonly expectTenantId?: string;
  readonly onProgress?: (bytesRead: number) => void;
  /** Limits on one record (decision 0054); the defaults for what is left out. */
  readonly limits?: Partial<ParseLimits> | undefined;
  /** Stops the import (rolled back) once aborted. */
  readonly signal?: AbortSignal;
}

export interface ImportSnapshotSummary {
  readonly tenantId: string;
  readonly read: SnapshotReadSummary;
  readonly recompute: RecomputeSummary;
}

function guardTenant(sink: SnapshotSink, expected: string | undefined, sourceName: string): SnapshotSink {
  if (expected === undefined) return sink;
  return {
    header: (h) => {
      if (h.tenant.id.toLowerCase() !== expected.toLowerCase()) {
        throw new SnapshotError('tenant.id', `the snapshot is for tenant '${h.tenant.id}', but ${sourceName} names tenant '${expected}'.`);
      }
      return sink.header(h);
    },
    users: (b) => sink.users(b),
    groups: (b) => sink.groups(b),
    roleAssignments: (b) => sink.roleAssignments(b),
  };
}

/**
 * Records per sink call. Small, so that a batch of parsed users is turned into rows and let go
 * before the next young-generation collection copies it (decision 0007); the store inserts its
 * rows in larger chunks of its own.
 */
const IMPORT_BATCH_RECORDS = 100;

export async function importSnapshot(store: Store, input: Readable, options: ImportSnapshotOptions): Promise<ImportSnapshotSummary> {
  const { result, recompute } = await store.replaceTenantSnapshot((sink) =>
    readSnapshot(
      input,
      {
        sourceName: options.sourceName,
        encoding: options.encoding,
        batchSize: IMPORT_BATCH_RECORDS,
        now: options.now,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      guardTenant(sink, options.expectTenantId, options.sourceName),
    ),
  );
  return { tenantId: recompute.tenantId, read: result, recompute };
}
