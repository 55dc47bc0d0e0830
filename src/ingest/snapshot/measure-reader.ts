// Measures the snapshot reader's throughput on a generated ~200 MB snapshot (sink doing nothing).
// Run: node --import tsx src/ingest/snapshot/measure-reader.ts [sizeMB=200] [dir=/tmp/amr-measure]
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { readSnapshot } from './read-snapshot.js';
import { sampleJsonDocument, sampleNdjson, sampleUser } from './sample-snapshot.js';

const sizeMb = Number(process.argv[2] ?? 200);
const dir = process.argv[3] ?? '/tmp/amr-measure';
const RUNS = 5;

async function writePieces(path: string, pieces: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length < 1 << 20) continue;
    const full = !out.write(pending);
    pending = '';
    if (full) await once(out, 'drain');
  }
  out.end(pending);
  await once(out, 'finish');
}

interface Files {
  readonly json: string;
  readonly ndjson: string;
  readonly gz: string;
}

async function prepare(): Promise<Files> {
  mkdirSync(dir, { recursive: true });
  const users = Math.round((sizeMb * 1024 * 1024) / (JSON.stringify(sampleUser(1)).length + 6));
  const content = { users, groups: Math.ceil(users / 100), roleAssignments: 200 };
  const files: Files = {
    json: join(dir, `snapshot-${sizeMb}.json`),
    ndjson: join(dir, `snapshot-${sizeMb}.ndjson`),
    gz: join(dir, `snapshot-${sizeMb}.json.gz`),
  };
  if (!existsSync(files.json)) await writePieces(files.json, sampleJsonDocument(content));
  if (!existsSync(files.ndjson)) await writePieces(files.ndjson, sampleNdjson(content));
  if (!existsSync(files.gz)) await pipeline(createReadStream(files.json), createGzip(), createWriteStream(files.gz));
  return files;
}

const noop = { header: () => undefined, users: () => undefined, groups: () => undefined, roleAssignments: () => undefined };

async function timeIt(label: string, bytes: number, run: () => Promise<unknown>): Promise<void> {
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    await run();
    rates.push(bytes / 1024 / 1024 / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(42)} median ${rates[Math.floor(RUNS / 2)]?.toFixed(0)} MB/s, best ${rates[RUNS - 1]?.toFixed(0)} MB/s  (runs: ${rates.map((x) => x.toFixed(0)).join(', ')})`,
  );
}

async function main(): Promise<void> {
  const files = await prepare();
  const size = statSync(files.json).size;
  console.log(
    `JSON ${(size / 1048576).toFixed(0)} MB, NDJSON ${(statSync(files.ndjson).size / 1048576).toFixed(0)} MB, gz ${(statSync(files.gz).size / 1048576).toFixed(0)} MB; MB/s of uncompressed JSON text`,
  );
  const now = (): Date => new Date();
  await timeIt('read file only (fs stream, 64 KiB chunks)', size, async () => {
    for await (const chunk of createReadStream(files.json) as AsyncIterable<Buffer>) void chunk;
  });
  await timeIt('readSnapshot JSON document', size, () => readSnapshot(createReadStream(files.json), { sourceName: 'm', now }, noop));
  await timeIt('readSnapshot JSON document, 1 MiB chunks', size, () =>
    readSnapshot(createReadStream(files.json, { highWaterMark: 1 << 20 }), { sourceName: 'm', now }, noop),
  );
  await timeIt('readSnapshot NDJSON', statSync(files.ndjson).size, () => readSnapshot(createReadStream(files.ndjson), { sourceName: 'm', now }, noop));
  await timeIt('readSnapshot JSON document, gzip', size, () => readSnapshot(createReadStream(files.gz), { sourceName: 'm', now }, noop));
}

await main();
