// startGraphDouble: the Graph double on loopback, two origins like the real services: the Entra
// token endpoint (loginUrl) and Microsoft Graph (graphUrl = url). node:http only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { runBatch, type InnerLog } from './batch.js';
import { OffsetClock, systemClock, type Clock } from './clock.js';
import { dispatch, type DoubleEnv } from './dispatch.js';
import { AadError, GraphError, aadErrorBody, graphErrorBody, type RequestIds } from './errors.js';
import { Faults } from './faults.js';
import { DoubleInputError, parseJson, requireRecord, type JsonRecord } from './json.js';
import { Limiter, limitTable, type LimitOverrides } from './limits.js';
import { loadSnapshot, parseLicense } from './load-snapshot.js';
import type { AppRegistration, License } from './model.js';
import { Pager } from './paging.js';
import { DEFAULT_PAGE_SIZES, type ApiVersion, type PageSizes } from './route.js';
import { TenantState } from './state.js';
import { createIssuer, issueToken } from './tokens.js';
import { DeltaTokens } from './users-delta.js';

export interface GraphDoubleOptions {
  /** An amr tenant snapshot object (tenant-snapshot.md, JSON-document form). */
  readonly snapshot: unknown;
  /** App registrations the token endpoint knows, with their granted Graph application permissions. */
  readonly apps?: readonly AppRegistration[];
  /** Overrides snapshot.tenant.license. */
  readonly license?: License;
  /** subscribedSkus exactly (default: derived from the licence). */
  readonly skus?: readonly JsonRecord[];
  /** Entra's userRegistrationDetails rows exactly (default: computed, registration-rows.ts). */
  readonly registrationDetails?: readonly JsonRecord[];
  readonly directoryAudits?: readonly JsonRecord[];
  readonly signIns?: readonly JsonRecord[];
  /** Base clock (default: the system clock); state.advanceTime() moves the double's time past it. */
  readonly clock?: Clock;
  /** true: Microsoft's published limits; an object: those with overrides; a Limiter: shared between doubles. Default off. */
  readonly limits?: boolean | LimitOverrides | Limiter;
  readonly pageSizes?: Partial<PageSizes>;
  /** Access-token lifetime (default 3599 s, as Entra's expires_in). */
  readonly tokenLifetimeSeconds?: number;
  /** Loopback address to listen on (default 127.0.0.1). */
  readonly host?: string;
}

export interface RequestLogEntry {
  readonly service: 'login' | 'graph';
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** 0 when the connection was dropped. */
  readonly status: number;
  readonly appId: string | null;
  readonly at: number;
  /** A $batch's inner requests, in order. */
  readonly inner?: readonly InnerLog[];
}

export interface GraphDouble {
  /** The Graph origin (same as graphUrl). */
  readonly url: string;
  readonly graphUrl: string;
  readonly loginUrl: string;
  readonly tenantId: string;
  /** `${loginUrl}/${tenantId}/oauth2/v2.0/token`: a client assertion's audience. */
  readonly tokenUrl: string;
  readonly state: TenantState;
  readonly faults: Faults;
  readonly limiter: Limiter | null;
  /** Every request, in arrival order. */
  readonly requests: RequestLogEntry[];
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<unknown>) {
    const bytes = chunk instanceof Uint8Array ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > MAX_BODY) throw new GraphError(413, 'Request_EntityTooLarge', `The request body is over ${MAX_BODY} bytes.`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: JsonRecord, headers: Readonly<Record<string, string>>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': status < 400 ? JSON_TYPE : 'application/json',
    'cache-control': 'no-cache',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function requestIds(req: IncomingMessage): RequestIds {
  const requestId = randomUUID();
  const given = req.headers['client-request-id'];
  return { requestId, clientRequestId: typeof given === 'string' && given !== '' ? given : requestId };
}

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function buildLimiter(limits: GraphDoubleOptions['limits']): Limiter | null {
  if (limits === undefined || limits === false) return null;
  if (limits instanceof Limiter) return limits;
  return new Limiter(limitTable(limits === true ? {} : limits));
}

function buildState(options: GraphDoubleOptions, clock: OffsetClock): TenantState {
  const state = new TenantState(loadSnapshot(options.snapshot), clock);
  if (options.license !== undefined) state.license = parseLicense(options.license, 'options.license');
  for (const app of options.apps ?? []) state.putApp(app);
  if (options.skus) state.skus = options.skus.map((s, i) => requireRecord(s, `options.skus[${i}]`));
  if (options.registrationDetails) state.setRegistrationDetails(options.registrationDetails);
  for (const e of options.directoryAudits ?? []) state.addDirectoryAudit(e);
  for (const e of options.signIns ?? []) state.addSignIn(e);
  return state;
}

export async function startGraphDouble(options: GraphDoubleOptions): Promise<GraphDouble> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new DoubleInputError('options.host', `the double listens on loopback only, not ${host}`);
  const state = buildState(options, new OffsetClock(options.clock ?? systemClock));
  const faults = new Faults();
  let graphUrl = '';
  const pageSizes: PageSizes = { ...DEFAULT_PAGE_SIZES, ...(options.pageSizes ?? {}) };
  const sizes: Readonly<Record<keyof PageSizes, number>> = pageSizes;
  for (const [k, v] of Object.entries(sizes))
    if (!Number.isInteger(v) || v < 1) throw new DoubleInputError(`options.pageSizes.${k}`, `${String(v)} is not a positive integer`);
  const env: DoubleEnv = {
    state,
    faults,
    issuer: await createIssuer(options.tokenLifetimeSeconds ?? 3599),
    limiter: buildLimiter(options.limits),
    pager: new Pager(faults, () => graphUrl),
    deltas: new DeltaTokens(),
    pageSizes,
    graphUrl: () => graphUrl,
  };
  const requests: RequestLogEntry[] = [];
  const graph = createServer((req, res) => {
    void serveGraph(env, req, res, requests);
  });
  const login = createServer((req, res) => {
    void serveLogin(
      env,
      req,
      res,
      requests,
      () => loginUrl,
      () => graphUrl,
    );
  });
  graphUrl = await listen(graph, host);
  const loginUrl = await listen(login, host);
  return {
    url: graphUrl,
    graphUrl,
    loginUrl,
    tenantId: state.tenantId,
    tokenUrl: `${loginUrl}/${state.tenantId}/oauth2/v2.0/token`,
    state,
    faults,
    limiter: env.limiter,
    requests,
    close: async () => {
      for (const server of [graph, login]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

async function serveGraph(env: DoubleEnv, req: IncomingMessage, res: ServerResponse, log: RequestLogEntry[]): Promise<void> {
  const ids = requestIds(req);
  const url = new URL(req.url ?? '/', 'http://double');
  url.pathname = url.pathname.replace(/\/{2,}/g, '/'); // Graph tolerates the "//" some clients join
  const method = req.method ?? 'GET';
  const at = env.state.now();
  const idHeaders = { 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId };
  const authorization = req.headers.authorization;
  const batch = /^\/(v1\.0|beta)\/\$batch$/.exec(url.pathname);
  try {
    if (batch && method === 'POST') {
      const text = await readBody(req);
      let body: unknown;
      try {
        body = parseJson(text);
      } catch {
        throw new GraphError(400, 'BadRequest', 'Invalid batch payload format: the body is not JSON.');
      }
      const outcome = await runBatch(env, batch[1] as ApiVersion, body, authorization, ids);
      log.push({ service: 'graph', method, path: url.pathname, query: {}, status: outcome.drop ? 0 : 200, appId: null, at, inner: outcome.inner });
      if (outcome.drop) {
        req.socket.destroy();
        return;
      }
      if (outcome.delayMs > 0) await sleep(outcome.delayMs);
      send(res, 200, outcome.body, idHeaders);
      return;
    }
    const outcome = await dispatch(env, { method, path: url.pathname, query: url.searchParams, authorization });
    log.push({ service: 'graph', method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: outcome.status, appId: outcome.appId, at });
    if (outcome.drop) {
      req.socket.destroy();
      return;
    }
    if (outcome.delayMs) await sleep(outcome.delayMs);
    const body = outcome.body instanceof GraphError ? graphErrorBody(outcome.body, ids, env.state.now()) : outcome.body;
    send(res, outcome.status, body, { ...idHeaders, ...outcome.headers });
  } catch (e) {
    const error = e instanceof GraphError ? e : new GraphError(500, 'generalException', e instanceof Error ? e.message : String(e));
    log.push({ service: 'graph', method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: error.status, appId: null, at });
    send(res, error.status, graphErrorBody(error, ids, env.state.now()), { ...idHeaders, ...error.headers });
  }
}

async function serveLogin(
  env: DoubleEnv,
  req: IncomingMessage,
  res: ServerResponse,
  log: RequestLogEntry[],
  loginUrl: () => string,
  graphUrl: () => string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://double');
  const method = req.method ?? 'GET';
  const at = env.state.now();
  const m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
  let status = 200;
  let body: JsonRecord;
  let appId: string | null = null;
  try {
    if (!m) throw new AadError(404, 'invalid_request', 900561, `The endpoint ${url.pathname} is not served by the double; use /{tenant}/oauth2/v2.0/token.`);
    if (method !== 'POST') throw new AadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
    const type = req.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded'))
      throw new AadError(400, 'invalid_request', 900144, 'The request body must be application/x-www-form-urlencoded.');
    const form = new URLSearchParams(await readBody(req));
    appId = form.get('client_id');
    body = await issueToken(env.state, env.issuer, { tenant: decodeURIComponent(m[1]!), form, tokenUrl: `${loginUrl()}${url.pathname}`, graphUrl: graphUrl() });
  } catch (e) {
    const error = e instanceof AadError ? e : new AadError(500, 'server_error', 50000, e instanceof Error ? e.message : String(e));
    status = error.status;
    body = aadErrorBody(error, env.state.now());
  }
  log.push({ service: 'login', method, path: url.pathname, query: {}, status, appId, at });
  send(res, status, body, { 'cache-control': 'no-store, no-cache' });
}
