// `amr import FILE…`: imports tenant snapshots, each file in its own transaction.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { importSnapshot, type ImportSnapshotSummary } from '../../ingest/import-snapshot.js';
import { SnapshotError } from '../../ingest/snapshot/index.js';
import { openStore } from '../../store/open-store.js';
import { configFor, type CliIO, type CommonOptions } from '../context.js';
import { byteProgress } from '../progress.js';
import { formatImportSummary } from '../format.js';

function encodingOf(file: string): 'json' | 'ndjson' | 'auto' {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.json')) return 'json';
  return 'auto';
}

async function importOne(io: CliIO, store: Awaited<ReturnType<typeof openStore>>, file: string): Promise<ImportSnapshotSummary> {
  const size = (await stat(file)).size;
  const progress = byteProgress(io.err, basename(file), size);
  const started = performance.now();
  try {
    const summary = await importSnapshot(store, createReadStream(file, { highWaterMark: 1 << 20 }), {
      sourceName: file, encoding: encodingOf(file), now: () => new Date(), onProgress: (b) => progress.update(b),
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
export async function importCommand(io: CliIO, files: readonly string[], options: CommonOptions): Promise<number> {
  const config = configFor(io, options);
  const store = await openStore({ db: config.db });
  let failed = 0;
  try {
    for (const file of files) {
      try {
        await importOne(io, store, file);
      } catch (err) {
        failed++;
        const reason = err instanceof SnapshotError ? `${err.where}: ${err.message}` : (err as Error).message;
        io.err.write(`amr: ${file}: refused, nothing from it was stored: ${reason}\n`);
      }
    }
  } finally {
    await store.close();
  }
  return failed === 0 ? 0 : 1;
}
