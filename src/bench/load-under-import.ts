// Issue 4's load scenario: many concurrent clients paging and filtering the registration report
// while the same server imports a snapshot of the tenant they read (through the admin API), so
// the report state switches under them mid-export. Counts every error: a non-200, a broken body,
// a page whose rows do not follow on from the previous one's.
import { createReadStream } from 'node:fs';
import { Agent, get, request } from 'node:http';

export interface LoadUnderImportOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly adminKey: string;
  readonly tenantId: string;
  /** Snapshot file (NDJSON) to import while the clients run. */
  readonly snapshotFile: string;
  readonly clients: number;
  readonly seconds: number;
  /** False: the same load without the import, as the yardstick. */
  readonly importing: boolean;
}

export interface LoadUnderImportResult {
  readonly clients: number;
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly rowsPerSecond: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly p50ms: number;
  readonly p99ms: number;
  readonly maxMs: number;
  /**
   * First pages only (a query's first request, not a next link): what a person waiting on a page
   * sees. `steady`: those sent after the first RAMP_SECONDS, when all clients started at once.
   */
  readonly firstPages: {
    readonly requests: number;
    readonly p50ms: number;
    readonly p99ms: number;
    readonly steady: { readonly requests: number; readonly p50ms: number; readonly p99ms: number };
  };
  /** Seconds the import took, and when it ended relative to the start of the load (null: still running). */
  readonly importSeconds: number | null;
  readonly importStatus: number | null;
}

const LIST = '/v1.0/reports/authenticationMethods/userRegistrationDetails';
/** What the clients ask: filtered, ordered, selected, first pages and continued exports. */
const QUERIES: readonly string[] = [
  `${LIST}?$filter=${encodeURIComponent("isMfaCapable eq false and methodsRegistered/any(m:m eq 'email')")}&$orderby=userPrincipalName`,
  `${LIST}?$filter=${encodeURIComponent('isAdmin eq true')}&$top=200`,
  `${LIST}?$filter=${encodeURIComponent("startswith(userPrincipalName,'a')")}&$select=userPrincipalName,isMfaCapable`,
  `${LIST}?$filter=${encodeURIComponent("userType eq 'guest' or isSsprRegistered eq false")}&$count=true`,
  `${LIST}?$orderby=userDisplayName desc&$top=500`,
  `${LIST}`,
  "/v1.0/reports/authenticationMethods/usersRegisteredByFeature(includedUserTypes='all',includedUserRoles='all')",
  "/beta/reports/authenticationMethods/usersRegisteredByMethod(includedUserTypes='member',includedUserRoles='privilegedAdmin')",
];
/**
 * The clients all start at once: their first requests queue together. First pages are also
 * reported without those sent in the first seconds, the server's steady state.
 */
const RAMP_SECONDS = 5;
/** Pages a client follows before it starts a new query: short browses and longer exports. */
const PAGES_PER_QUERY = [1, 1, 2, 3, 5, 10];

function getPage(agent: Agent, url: string, token: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

function postSnapshot(o: LoadUnderImportOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${o.baseUrl}/admin/tenants/${o.tenantId}/snapshot`,
      {
        method: 'POST',
        headers: { 'x-amr-admin-key': o.adminKey, 'content-type': 'application/x-ndjson' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    createReadStream(o.snapshotFile).on('error', reject).pipe(req);
  });
}

export async function loadUnderImport(o: LoadUnderImportOptions): Promise<LoadUnderImportResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.clients });
  const times: number[] = [];
  const firstTimes: number[] = [];
  const steadyFirstTimes: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let rows = 0;
  let seed = 0x2f6e2b1;
  const random = (n: number): number => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return seed % n;
  };
  const fail = (what: string): void => {
    errors++;
    if (errorSamples.length < 10) errorSamples.push(what.slice(0, 300));
  };

  const started = performance.now();
  const deadline = started + o.seconds * 1000;
  let importSeconds: number | null = null;
  let importStatus: number | null = null;
  const importing = !o.importing
    ? Promise.resolve()
    : postSnapshot(o).then(
        (status) => {
          importStatus = status;
          importSeconds = (performance.now() - started) / 1000;
          if (status !== 200) fail(`snapshot import answered ${status}`);
        },
        (err: unknown) => fail(`snapshot import failed: ${(err as Error).message}`),
      );

  async function client(): Promise<void> {
    while (performance.now() < deadline) {
      let url: string | undefined = `${o.baseUrl}${QUERIES[random(QUERIES.length)]!}`;
      const pages = PAGES_PER_QUERY[random(PAGES_PER_QUERY.length)]!;
      let previousLast: string | null = null;
      for (let p = 0; p < pages && url !== undefined && performance.now() < deadline; p++) {
        const t0 = performance.now();
        let page: { status: number; text: string };
        try {
          page = await getPage(agent, url, o.token);
        } catch (err) {
          fail(`${url}: ${(err as Error).message}`);
          break;
        }
        times.push(performance.now() - t0);
        if (p === 0) firstTimes.push(times[times.length - 1]!);
        if (p === 0 && t0 - started >= RAMP_SECONDS * 1000) steadyFirstTimes.push(times[times.length - 1]!);
        if (page.status !== 200) {
          fail(`${url} → ${page.status} ${page.text}`);
          break;
        }
        let body: { value?: { id?: string; userPrincipalName?: string }[]; '@odata.nextLink'?: string };
        try {
          body = JSON.parse(page.text) as typeof body;
        } catch {
          fail(`${url}: body is not JSON`);
          break;
        }
        const value = body.value ?? [];
        rows += value.length;
        // A continued page must not repeat the previous page's last row.
        if (previousLast !== null && value.some((r) => r.id === previousLast)) fail(`${url}: a page repeats a row of the page before`);
        previousLast = value.at(-1)?.id ?? null;
        url = body['@odata.nextLink'];
      }
    }
  }

  await Promise.all(Array.from({ length: o.clients }, () => client()));
  const seconds = (performance.now() - started) / 1000;
  // The import is part of the scenario: wait for it, but its time is reported on its own.
  await importing;
  agent.destroy();
  times.sort((a, b) => a - b);
  firstTimes.sort((a, b) => a - b);
  steadyFirstTimes.sort((a, b) => a - b);
  const quantile = (xs: readonly number[], q: number) => Math.round((xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0) * 10) / 10;
  const at = (q: number) => quantile(times, q);
  return {
    clients: o.clients,
    seconds: Math.round(seconds * 10) / 10,
    requests: times.length,
    requestsPerSecond: Math.round(times.length / seconds),
    rowsPerSecond: Math.round(rows / seconds),
    errors,
    errorSamples,
    p50ms: at(0.5),
    p99ms: at(0.99),
    maxMs: at(1),
    firstPages: {
      requests: firstTimes.length,
      p50ms: quantile(firstTimes, 0.5),
      p99ms: quantile(firstTimes, 0.99),
      steady: { requests: steadyFirstTimes.length, p50ms: quantile(steadyFirstTimes, 0.5), p99ms: quantile(steadyFirstTimes, 0.99) },
    },
    importSeconds: importSeconds === null ? null : Math.round((importSeconds as number) * 10) / 10,
    importStatus,
  };
}
