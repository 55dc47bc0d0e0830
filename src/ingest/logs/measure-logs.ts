// Measures readLogs against merely reading + JSON.parse-ing the same file, on generated ~200 MB exports.
// Run: node --import tsx src/ingest/logs/measure-logs.ts [sizeMB=200] [dir=/tmp/amr-measure]
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { readLogs } from './read-logs.js';
import { azureMonitorRecord, graphSignIn, logAnalyticsSignIn } from './sample-logs.js';

const sizeMb = Number(process.argv[2] ?? 200);
const dir = process.argv[3] ?? '/tmp/amr-measure';
const RUNS = 3;

async function write(path: string, line: (i: number) => string, prefix = '', separator = '\n', suffix = '\n'): Promise<void> {
  if (existsSync(path)) return;
  const out = createWriteStream(path);
  let pending = prefix;
  let written = 0;
  for (let i = 0; written < sizeMb * 1024 * 1024; i++) {
    const piece = `${i === 0 ? '' : separator}${line(i)}`;
    pending += piece;
    written += piece.length;
    if (pending.length < 1 << 20) continue;
    const full = !out.write(pending);
    pending = '';
    if (full) await once(out, 'drain');
  }
  out.end(pending + suffix);
  await once(out, 'finish');
}

/** The baseline: read the file in 1 MiB chunks, split lines, JSON.parse each. */
async function parseOnly(path: string): Promise<number> {
  let n = 0;
  let rest = '';
  for await (const buf of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let pos = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, pos)) {
      const line = rest + buf.toString('utf8', pos, nl);
      rest = '';
      pos = nl + 1;
      if (line.length > 0) {
        JSON.parse(line) as unknown;
        n++;
      }
    }
    rest += buf.toString('utf8', pos);
  }
  if (rest.length > 0) {
    JSON.parse(rest) as unknown;
    n++;
  }
  return n;
}

const noop = { audits: () => undefined, signIns: () => undefined, refused: () => undefined };

async function time(label: string, run: () => Promise<number>): Promise<number> {
  const rates: number[] = [];
  let records = 0;
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    records = await run();
    rates.push(records / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(RUNS / 2)] ?? 0;
  console.log(`${label.padEnd(48)} ${records} records, median ${Math.round(median)} records/s (runs ${rates.map(Math.round).join(', ')})`);
  return median;
}

/** The baseline of a JSON document: read it whole and JSON.parse it once. */
async function parseWhole(path: string): Promise<number> {
  const page = JSON.parse(readFileSync(path, 'utf8')) as { value: unknown[] };
  return page.value.length;
}

async function compare(name: string, path: string, lineRecords: number, document = false): Promise<void> {
  console.log(`${name}: ${(statSync(path).size / 1048576).toFixed(0)} MB`);
  const base = document
    ? await time('  read whole + JSON.parse', () => parseWhole(path))
    : await time('  read + split lines + JSON.parse', async () => (await parseOnly(path)) * lineRecords);
  const ours = await time('  readLogs (1 MiB chunks, sink does nothing)', async () => {
    const s = await readLogs(createReadStream(path, { highWaterMark: 1 << 20 }), { sourceName: path }, noop);
    return s.records;
  });
  await time('  readLogs (64 KiB chunks)', async () => (await readLogs(createReadStream(path), { sourceName: path }, noop)).records);
  console.log(`  ratio ${(ours / base).toFixed(2)}; rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
}

mkdirSync(dir, { recursive: true });
const eh = join(dir, `signins-eventhub-${sizeMb}.ndjson`);
const la = join(dir, `signins-loganalytics-${sizeMb}.ndjson`);
const graph = join(dir, `signins-graph-${sizeMb}.ndjson`);
const ehBatched = join(dir, `signins-eventhub-records-${sizeMb}.ndjson`);
const page = join(dir, `signins-graph-page-${sizeMb}.json`);
await write(eh, (i) => JSON.stringify(azureMonitorRecord('SignInLogs', graphSignIn(i))));
await write(la, (i) => JSON.stringify(logAnalyticsSignIn(i)));
await write(graph, (i) => JSON.stringify(graphSignIn(i)));
await write(ehBatched, (i) => JSON.stringify({ records: Array.from({ length: 50 }, (_, k) => azureMonitorRecord('SignInLogs', graphSignIn(i * 50 + k))) }));
await write(
  page,
  (i) => JSON.stringify(graphSignIn(i)),
  '{"@odata.context":"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns","value":[',
  ',\n',
  ']}\n',
);
await compare('NDJSON of Event Hub sign-in records', eh, 1);
await compare('NDJSON of Log Analytics SigninLogs rows', la, 1);
await compare('NDJSON of Graph signIn objects', graph, 1);
await compare('NDJSON of {"records":[50 sign-ins]} per line', ehBatched, 50);
await compare('one Graph page of signIns (a JSON document)', page, 1, true);
