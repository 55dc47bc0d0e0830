// Runs one import or recompute in its own process, so the benchmark can report its own time
// and peak RSS: `node import-worker.js import DB FILE [MAX_RECORD_BYTES MAX_RECORD_ELEMENTS]` or
// `… recompute DB TENANT`. The bench's snapshot holds groups past the default record limits
// (decision 0054), so it passes limits raised to its longest line, as `amr import` would be told.
import { createReadStream } from 'node:fs';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { importLogs } from '../ingest/import-logs.js';
import { openStore } from '../store/open-store.js';
import { threadCpuSeconds } from './machine.js';

/**
 * Without limits given: the bench's 1M-user tenant has all-staff groups of up to ~300,000 members,
 * lines of 11 MB, past the default 1 MiB / 200,000-value record limits (decision 0054), as
 * `amr import --max-…` allows. snapshot-import.ts gives the file's own longest line instead.
 */
const BENCH_LIMITS = { maxRecordBytes: 64 * 1024 * 1024, maxRecordElements: 10_000_000 };

const [mode, db, arg, maxRecordBytes, maxRecordElements] = process.argv.slice(2);
if (!mode || !db || !arg) throw new Error('usage: import-worker (import DB FILE | logs DB FILE | recompute DB TENANT)');
const store = await openStore({ db });
const started = performance.now();
let detail: Record<string, unknown>;
if (mode === 'import') {
  const limits = maxRecordBytes && maxRecordElements ? { maxRecordBytes: Number(maxRecordBytes), maxRecordElements: Number(maxRecordElements) } : BENCH_LIMITS;
  const s = await importSnapshot(store, createReadStream(arg, { highWaterMark: 1 << 20 }), {
    sourceName: arg,
    encoding: 'auto',
    now: () => new Date(),
    limits,
  });
  detail = { tenantId: s.tenantId, users: s.read.users, listed: s.recompute.listedUsers, recomputeMs: s.recompute.milliseconds };
} else if (mode === 'logs') {
  const s = await importLogs(store, createReadStream(arg, { highWaterMark: 1 << 20 }), { sourceName: arg, rejectsPath: null });
  detail = { records: s.read.records, signIns: s.stored.newSignIns, audits: s.stored.newAudits, refused: s.read.refused };
} else {
  const r = await store.recompute(arg);
  detail = { tenantId: r.tenantId, listed: r.listedUsers };
}
const ms = performance.now() - started;
// Read before close, while the writer thread still runs (its CPU goes with it).
const cpu = threadCpuSeconds();
await store.close();
process.stdout.write(
  JSON.stringify({
    ms: Math.round(ms),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(cpu ? { cpuMain: cpu.main, cpuOthers: cpu.others, cpuBusiestOther: cpu.busiest } : {}),
    ...detail,
  }),
);
