// amr's full export against the bare yardstick (bare-export-server.ts), side by side in one run:
// the two are exported alternately, so a machine whose speed drifts (a shared virtual machine)
// moves both alike, and the ratio of each pair is reported with their median.
import { spawn, type ChildProcess } from 'node:child_process';
import { deepStrictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { fullExport, load, sequentialLatency, type ExportResult } from './http-scenarios.js';

const BARE = join(fileURLToPath(new URL('.', import.meta.url)), 'bare-export-server.js');
const LIST = '/v1.0/reports/authenticationMethods/userRegistrationDetails';

export async function startBareServer(db: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BARE, db], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (c: Buffer) => {
      seen += c.toString();
      const m = /serving (http:\/\/\S+)/.exec(seen);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bare export server exited ${code}: ${seen}`)));
  });
  return { url, child };
}

async function firstPage(url: string, token: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { value: unknown }).value;
}

/**
 * CPU seconds a process has used, its main thread and all its threads (/proc; 0 where there is
 * none). Unlike wall time it hardly moves when other work shares the machine: it tells what each
 * server costs per row, and on which thread.
 */
export function cpuSeconds(pid: number): { main: number; all: number } {
  const of = (stat: string) => {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  try {
    return { main: of(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')), all: of(readFileSync(`/proc/${pid}/stat`, 'utf8')) };
  } catch {
    return { main: 0, all: 0 };
  }
}

export type MeasuredExport = ExportResult & { readonly cpuUsPerRow: number; readonly mainCpuUsPerRow: number };

async function measured(pid: number, token: string, url: string): Promise<MeasuredExport> {
  const before = cpuSeconds(pid);
  const r = await fullExport(url, token, LIST);
  const after = cpuSeconds(pid);
  const perRow = (s: number) => Math.round((s / r.rows) * 1e7) / 10;
  return { ...r, cpuUsPerRow: perRow(after.all - before.all), mainCpuUsPerRow: perRow(after.main - before.main) };
}

export interface ExportComparison {
  readonly amr: readonly MeasuredExport[];
  readonly bare: readonly MeasuredExport[];
  /** amr's rows/s over the bare server's, per alternating pair. */
  readonly ratios: readonly number[];
  readonly medianRatio: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Alternates bare and amr exports `rounds` times; both must send the same rows. */
export async function compareExports(
  amr$: { url: string; pid: number },
  bare$: { url: string; pid: number },
  token: string,
  rounds: number,
): Promise<ExportComparison> {
  // The yardstick must send what amr sends, or the ratio means nothing.
  deepStrictEqual(await firstPage(`${bare$.url}${LIST}`, token), await firstPage(`${amr$.url}${LIST}`, token));
  const amr: MeasuredExport[] = [];
  const bare: MeasuredExport[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(await measured(bare$.pid, token, bare$.url));
    amr.push(await measured(amr$.pid, token, amr$.url));
    if (amr[i]!.rows !== bare[i]!.rows) throw new Error(`amr exported ${amr[i]!.rows} rows, the bare server ${bare[i]!.rows}`);
  }
  const ratios = amr.map((a, i) => a.rowsPerSecond / bare[i]!.rowsPerSecond);
  return { amr, bare, ratios, medianRatio: median(ratios) };
}

export function describeComparison(c: ExportComparison): string {
  const rates = (rs: readonly ExportResult[]) => rs.map((r) => r.rowsPerSecond).join(', ');
  const cpu = (rs: readonly MeasuredExport[]) =>
    `server CPU ${median(rs.map((r) => r.cpuUsPerRow))} µs/row, main thread ${median(rs.map((r) => r.mainCpuUsPerRow))}`;
  return (
    `full export, amr: median ${median(c.amr.map((r) => r.rowsPerSecond))} rows/s (${c.amr[0]!.rows} rows, ${c.amr[0]!.pages} pages; runs ${rates(c.amr)}; ${cpu(c.amr)}); ` +
    `bare node:http + SQLite: median ${median(c.bare.map((r) => r.rowsPerSecond))} rows/s (runs ${rates(c.bare)}; ${cpu(c.bare)}); ` +
    `ratio median ${c.medianRatio.toFixed(2)} (pairs ${c.ratios.map((r) => r.toFixed(2)).join(', ')})`
  );
}

/**
 * The registration scenario's HTTP part: the filtered, ordered first page's latency, the full
 * export against the bare yardstick, and (seconds > 0) summary throughput against a trivial route.
 */
export async function registrationHttpScenarios(
  server: { readonly url: string; readonly token: string; readonly db: string; readonly pid: number },
  o: { readonly exportRounds: number; readonly seconds: number; readonly log: (line: string) => void },
) {
  const { url, token, db, pid } = server;
  const { log } = o;
  const list = `${url}/v1.0/reports/authenticationMethods/userRegistrationDetails`;
  const filter = encodeURIComponent("isMfaCapable eq false and methodsRegistered/any(m:m eq 'email')");
  const filtered = await sequentialLatency(`${list}?$filter=${filter}&$orderby=userPrincipalName`, token, 200, 20);
  log(
    `filtered ordered first page: p50 ${filtered.p50ms} ms, p99 ${filtered.p99ms} ms (${filtered.rowsPerPage} rows, ${filtered.requests} requests after ${filtered.warmup!.requests} ` +
      `to warm up; the very first took ${filtered.warmup!.firstMs} ms, p99 over all ${filtered.requests + filtered.warmup!.requests}: ${filtered.warmup!.p99AllMs} ms; ` +
      `to the last byte; with the client's JSON.parse: p50 ${filtered.withParse.p50ms} ms, p99 ${filtered.withParse.p99ms} ms)`,
  );
  const bare = await startBareServer(db);
  let exported;
  try {
    exported = await compareExports({ url, pid }, { url: bare.url, pid: bare.child.pid! }, token, o.exportRounds);
  } finally {
    bare.child.kill('SIGTERM');
  }
  log(`${describeComparison(exported)}; load ${loadavg()[0]!.toFixed(1)}`);
  if (o.seconds <= 0) return { filtered, exported };
  const baseline = await load(`${url}/healthz`, null, 50, o.seconds);
  log(`baseline trivial JSON route: ${baseline.requestsPerSecond} req/s, p99 ${baseline.p99ms} ms, errors ${baseline.errors + baseline.non2xx}`);
  const summary = await load(
    `${url}/v1.0/reports/authenticationMethods/usersRegisteredByFeature(includedUserTypes='all',includedUserRoles='all')`,
    token,
    50,
    o.seconds,
  );
  log(
    `usersRegisteredByFeature: ${summary.requestsPerSecond} req/s (${Math.round((summary.requestsPerSecond / baseline.requestsPerSecond) * 100)}% of baseline), p99 ${summary.p99ms} ms, errors ${summary.errors + summary.non2xx}`,
  );
  return { filtered, exported, baseline, summary };
}
