// HTTP benchmark scenarios against a running server: full export, filtered first page latency,
// and request rate under concurrent load (autocannon) for a route and the trivial yardstick.
import autocannon from 'autocannon';
import { Agent, get } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** GET with node:http on a kept-alive socket: what a lean exporter would use (fetch's streams cost more). */
function getJson(url: string, token: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        } catch (err) {
          reject(err);
        }
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

export interface ExportResult {
  readonly rows: number;
  readonly pages: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
}

/** Follows @odata.nextLink from the first page to the end, as a client exporting everything would. */
export async function fullExport(baseUrl: string, token: string, path: string): Promise<ExportResult> {
  const started = performance.now();
  let url: string | undefined = `${baseUrl}${path}`;
  let rows = 0;
  let pages = 0;
  while (url) {
    const response = await getJson(url, token);
    if (response.status !== 200) throw new Error(`${url} → ${response.status} ${JSON.stringify(response.body)}`);
    const page = response.body as { value: unknown[]; '@odata.nextLink'?: string };
    rows += page.value.length;
    pages++;
    url = page['@odata.nextLink'];
  }
  const seconds = (performance.now() - started) / 1000;
  return { rows, pages, seconds, rowsPerSecond: Math.round(rows / seconds) };
}

export interface LatencyResult {
  readonly requests: number;
  /** Request sent to the body's last byte received: the server's latency as a client's socket sees it (as autocannon measures). */
  readonly p50ms: number;
  readonly p99ms: number;
  /** The same with this client's own `JSON.parse` of the body (about half a megabyte a page) included. */
  readonly withParse: { readonly p50ms: number; readonly p99ms: number };
  readonly rowsPerPage: number;
  /** With warm-up requests: the first request's time, and the p99 over every request, warm-up included. */
  readonly warmup?: { readonly requests: number; readonly firstMs: number; readonly p99AllMs: number };
}

/**
 * `requests` sequential requests after `warmup` more that are timed apart: the first requests of a
 * fresh server prepare statements and fill caches, which a server that has run a while did long ago.
 * Each body is parsed and checked, after its time to the last byte is taken.
 */
export async function sequentialLatency(url: string, token: string, requests: number, warmup = 0): Promise<LatencyResult> {
  const all: number[] = [];
  const parsed: number[] = [];
  let rowsPerPage = 0;
  for (let i = 0; i < warmup + requests; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const bytes = await response.text();
    all.push(performance.now() - started);
    const body = JSON.parse(bytes) as { value?: unknown[] };
    parsed.push(performance.now() - started);
    if (!response.ok) throw new Error(`${url} → ${response.status} ${bytes.slice(0, 500)}`);
    rowsPerPage = body.value?.length ?? 0;
  }
  const at = (xs: readonly number[], q: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
  };
  const times = all.slice(warmup);
  const withParse = parsed.slice(warmup);
  return {
    requests,
    p50ms: at(times, 0.5),
    p99ms: at(times, 0.99),
    withParse: { p50ms: at(withParse, 0.5), p99ms: at(withParse, 0.99) },
    rowsPerPage,
    ...(warmup > 0 ? { warmup: { requests: warmup, firstMs: Math.round(all[0]! * 10) / 10, p99AllMs: at(all, 0.99) } } : {}),
  };
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p99ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

export async function load(url: string, token: string | null, connections: number, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p99ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
