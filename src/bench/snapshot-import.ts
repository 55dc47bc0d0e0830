// The snapshot import of `npm run bench` (issue 13 §6): the import of the NDJSON snapshot in its own
// process, next to the yardstick of merely reading the same file and JSON.parse-ing each line,
// both as bytes of the file per second (the same file, so the ratio is also the inverse ratio of
// their times, and the same as it would be in records per second).
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { DEFAULT_PARSE_LIMITS } from '../ingest/parse-limits.js';
import { readAndParseRate } from './activity.js';

export interface SnapshotImportRound {
  readonly ms: number;
  readonly bytesPerSecond: number;
  /** Read + JSON.parse of the same file, right before and right after this import, and their mean. */
  readonly yardstick: { readonly before: number; readonly after: number; readonly bytesPerSecond: number };
  /** bytesPerSecond / yardstick.bytesPerSecond. */
  readonly ratio: number;
  readonly load: number;
  readonly imported: Record<string, number | string>;
}

export interface SnapshotImportResult {
  /** Bytes per second of the file, for the import and for the yardstick alike. */
  readonly rateUnit: 'bytes/s';
  readonly fileBytes: number;
  readonly records: number;
  /** The record limits the import was given (raised to the file's longest line). */
  readonly limits: { readonly maxRecordBytes: number; readonly maxRecordElements: number };
  readonly rounds: readonly SnapshotImportRound[];
  readonly medianRatio: number;
  /** The median round by ratio (its database is not the one left: that is the last round's). */
  readonly median: SnapshotImportRound;
}

export interface SnapshotImportOptions {
  readonly file: string;
  readonly db: string;
  readonly users: number;
  readonly rounds: number;
  /** Runs `import DB FILE` in the import worker process and returns its JSON. */
  readonly worker: (args: string[]) => Promise<Record<string, number | string>>;
  readonly log: (line: string) => void;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const mbps = (bytesPerSecond: number) => `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`;

/**
 * Imports the snapshot `rounds` times into a fresh database, each between two yardstick runs
 * (on a shared machine the speed drifts by minutes: decision 0012), and reports every round and
 * the median ratio. The last round's database is left for what the bench measures next.
 */
export async function measureSnapshotImport(o: SnapshotImportOptions): Promise<SnapshotImportResult> {
  const limits = await limitsFor(o.file);
  const rounds: SnapshotImportRound[] = [];
  let before = await readAndParseRate(o.file);
  for (let round = 1; round <= o.rounds; round++) {
    for (const suffix of ['', '-wal', '-shm']) await rm(`${o.db}${suffix}`, { force: true });
    const imported = await o.worker(['import', o.db, o.file, String(limits.maxRecordBytes), String(limits.maxRecordElements)]);
    const after = await readAndParseRate(o.file);
    const ms = Number(imported.ms);
    const bytesPerSecond = Math.round(before.bytes / (ms / 1000));
    const yardstick = {
      before: before.bytesPerSecond,
      after: after.bytesPerSecond,
      bytesPerSecond: Math.round((before.bytesPerSecond + after.bytesPerSecond) / 2),
    };
    const r: SnapshotImportRound = { ms, bytesPerSecond, yardstick, ratio: bytesPerSecond / yardstick.bytesPerSecond, load: loadavg()[0]!, imported };
    rounds.push(r);
    o.log(
      `import${o.rounds > 1 ? ` (round ${round} of ${o.rounds})` : ''}: ${o.users} users in ${seconds(ms)} s (${imported.listed} listed) = ${mbps(bytesPerSecond)}; ` +
        `read + JSON.parse alone: ${mbps(yardstick.bytesPerSecond)} (${mbps(yardstick.before)} before, ${mbps(yardstick.after)} after; ${before.records} lines); ratio ${r.ratio.toFixed(2)} (bytes/s); ` +
        `peak RSS ${imported.maxRssMB} MB; CPU s: main thread ${imported.cpuMain}, other threads ${imported.cpuOthers} (the busiest, the writer: ${imported.cpuBusiestOther}); load ${r.load.toFixed(1)}`,
    );
    before = after;
  }
  const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
  if (o.rounds > 1)
    o.log(
      `import: median ratio ${median.ratio.toFixed(2)} over ${o.rounds} rounds (${rounds.map((r) => r.ratio.toFixed(2)).join(', ')}); median import ${seconds(median.ms)} s`,
    );
  return { rateUnit: 'bytes/s', fileBytes: before.bytes, records: before.records, limits, rounds, medianRatio: median.ratio, median };
}

/**
 * The record limits this snapshot needs: its groups of all staff are lines of several MB (decision
 * 0054, "Large groups"), so the limits are raised to its longest line the way `amr sync` raises
 * them for the snapshot it wrote itself.
 */
async function limitsFor(file: string): Promise<{ maxRecordBytes: number; maxRecordElements: number }> {
  let longest = 0;
  let current = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      longest = Math.max(longest, current + nl - from);
      current = 0;
      from = nl + 1;
    }
    current += chunk.length - from;
  }
  longest = Math.max(longest, current);
  return {
    maxRecordBytes: Math.max(DEFAULT_PARSE_LIMITS.maxRecordBytes, longest),
    maxRecordElements: Math.max(DEFAULT_PARSE_LIMITS.maxRecordElements, Math.ceil((longest + 1) / 2)),
  };
}
