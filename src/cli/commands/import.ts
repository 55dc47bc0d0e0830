// `amr import FILE…`: imports tenant snapshots, each file in its own transaction.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { importSnapshot, type ImportSnapshotSummary } from '../../ingest/import-snapshot.js';
import { SnapshotError } from '../../ingest/snapshot/index.js';
import { openStore } from '../../store/open-store.js';
import { CliError, configFor, type CliIO, type CommonOptions } from '../context.js';
import { byteProgress } from '../progress.js';
import { formatImportSummary, formatLogSummary } from '../format.js';
import { detectFileKind } from '../../ingest/detect-kind.js';
import { importLogs } from '../../ingest/import-logs.js';
import { LogFileError } from '../../ingest/logs/index.js';
import { parseLimitsOf, type ParseLimits } from '../../ingest/parse-limits.js';
import { evaluateAfterImport } from './alerts.js';

export interface ImportOptions extends CommonOptions {
  readonly tenant?: string;
  readonly maxRecordBytes?: string;
  readonly maxRecordElements?: string;
  readonly maxDepth?: string;
}

/** The parse limits the flags give (decision 0054); the defaults for the others. */
function limitsOf(options: ImportOptions): ParseLimits {
  const given: Record<keyof ParseLimits, string | undefined> = {
    maxRecordBytes: options.maxRecordBytes,
    maxRecordElements: options.maxRecordElements,
    maxDepth: options.maxDepth,
  };
  const flags: Record<keyof ParseLimits, string> = {
    maxRecordBytes: '--max-record-bytes',
    maxRecordElements: '--max-record-elements',
    maxDepth: '--max-depth',
  };
  const limits: Partial<Record<keyof ParseLimits, number>> = {};
  for (const key of Object.keys(given) as (keyof ParseLimits)[]) {
    const text = given[key];
    if (text === undefined) continue;
    if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text))) throw new CliError(`${flags[key]} takes a positive whole number, got '${text}'`);
    limits[key] = Number(text);
  }
  return parseLimitsOf(limits);
}

function encodingOf(file: string): 'json' | 'ndjson' | 'auto' {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.json')) return 'json';
  return 'auto';
}

async function importLogFile(
  io: CliIO,
  store: Awaited<ReturnType<typeof openStore>>,
  file: string,
  tenant: string | undefined,
  retentionDays: number,
  limits: ParseLimits,
): Promise<void> {
  const size = (await stat(file)).size;
  const progress = byteProgress(io.err, basename(file), size);
  const started = performance.now();
  try {
    const summary = await importLogs(store, createReadStream(file, { highWaterMark: 1 << 20 }), {
      sourceName: file,
      ...(tenant ? { tenantId: tenant } : {}),
      rejectsPath: `${file}.rejects.jsonl`,
      retentionDays,
      onProgress: (b) => progress.update(b),
      limits,
    });
    progress.stop();
    io.out.write(formatLogSummary(file, summary, performance.now() - started));
  } catch (err) {
    progress.stop();
    throw err;
  }
}

async function importOne(io: CliIO, store: Awaited<ReturnType<typeof openStore>>, file: string, limits: ParseLimits): Promise<ImportSnapshotSummary> {
  const size = (await stat(file)).size;
  const progress = byteProgress(io.err, basename(file), size);
  const started = performance.now();
  try {
    const summary = await importSnapshot(store, createReadStream(file, { highWaterMark: 1 << 20 }), {
      sourceName: file,
      encoding: encodingOf(file),
      now: () => new Date(),
      onProgress: (b) => progress.update(b),
      limits,
    });
    progress.stop();
    io.out.write(formatImportSummary(file, summary, performance.now() - started));
    return summary;
  } catch (err) {
    progress.stop();
    throw err;
  }
}

/** Returns the process exit code: 0 when every file was imported. */
export async function importCommand(io: CliIO, files: readonly string[], options: ImportOptions): Promise<number> {
  const config = configFor(io, options);
  const limits = limitsOf(options);
  const store = await openStore({ db: config.db });
  let failed = 0;
  try {
    for (const file of files) {
      try {
        if ((await stat(file)).size === 0) {
          failed++;
          io.err.write(`amr: ${file}: the file is empty: nothing to import (expected a tenant snapshot or a log export)\n`);
          continue;
        }
        if ((await detectFileKind(file)) === 'snapshot') await evaluateAfterImport(io, store, (await importOne(io, store, file, limits)).recompute.tenantId);
        else await importLogFile(io, store, file, options.tenant, config.retentionDays, limits);
      } catch (err) {
        failed++;
        if (err instanceof LogFileError) {
          // Log imports commit batch by batch: what came before the fault is kept, and a re-run skips it.
          io.err.write(
            `amr: ${file}: stopped at ${err.where}: ${err.message}. The records before it were stored; fix the file and import it again (stored records are skipped).\n`,
          );
          continue;
        }
        const reason = err instanceof SnapshotError ? `${err.where}: ${err.message}` : (err as Error).message;
        io.err.write(`amr: ${file}: refused, nothing from it was stored: ${reason}\n`);
      }
    }
  } finally {
    await store.close();
  }
  return failed === 0 ? 0 : 1;
}
