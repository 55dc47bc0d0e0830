// JSON batching for sync: up to 20 GETs in one POST /{version}/$batch, each inner failure retried on its own.
import { graphError } from './graph-errors.js';
import type { GraphClient, RequestOptions, Slot } from './graph-client.js';
import { classifyRequest, type LimitClass } from './limits.js';
import { SyncError } from './sync-error.js';

export type GraphVersion = 'v1.0' | 'beta';

/** One inner request: a GET of a path relative to the version ("/users/{id}/authentication/methods"). */
export interface BatchRequest {
  readonly id: string;
  readonly url: string;
  readonly method?: 'GET';
  readonly headers?: Readonly<Record<string, string>>;
}

export type BatchResult =
  | { readonly id: string; readonly ok: true; readonly status: number; readonly body: unknown; readonly headers: Readonly<Record<string, string>> }
  | { readonly id: string; readonly ok: false; readonly status: number | undefined; readonly error: SyncError };

/** Graph's limit on requests in one batch (JSON batching, "Batch size limitations"). */
export const MAX_BATCH = 20;

interface Pending {
  readonly req: BatchRequest;
  readonly cls: LimitClass;
  readonly cost: number;
  attempts: number;
  notBefore: number;
}

export async function runBatch(client: GraphClient, version: GraphVersion, requests: readonly BatchRequest[], options: RequestOptions): Promise<BatchResult[]> {
  check(requests);
  const results = new Map<string, BatchResult>();
  const pending = requests.map((req): Pending => {
    const { cls, cost } = classifyRequest('GET', `/${version}/${req.url.replace(/^\/+/, '')}`);
    return { req, cls, cost, attempts: 0, notBefore: 0 };
  });
  const url = client.resolve(`/${version}/$batch`);
  while (pending.length > 0) {
    const now = client.clock.now();
    const ready = chunk(
      client,
      pending.filter((p) => p.notBefore <= now),
    );
    if (ready.length === 0) {
      await client.wait(Math.min(...pending.map((p) => p.notBefore)) - now, options.signal);
      continue;
    }
    client.accounting.batches++;
    const answer = await client.send(
      'POST',
      url,
      JSON.stringify({
        requests: ready.map((p) => ({
          id: p.req.id,
          method: 'GET',
          url: `/${p.req.url.replace(/^\/+/, '')}`,
          ...(p.req.headers === undefined ? {} : { headers: p.req.headers }),
        })),
      }),
      slots(client, ready),
      options,
    );
    const responses = readResponses(answer.body);
    for (const p of ready) {
      const outcome = settle(client, version, p, responses.get(p.req.id));
      if (outcome !== undefined) {
        results.set(p.req.id, outcome);
        pending.splice(pending.indexOf(p), 1);
      }
    }
  }
  return requests.map((r) => results.get(r.id)!);
}

function check(requests: readonly BatchRequest[]): void {
  if (requests.length > MAX_BATCH) throw new RangeError(`a $batch holds at most ${MAX_BATCH} requests (got ${requests.length})`);
  const ids = new Set(requests.map((r) => r.id));
  if (ids.size !== requests.length) throw new RangeError('$batch request ids must be unique');
  if (requests.some((r) => /^[a-z]+:/i.test(r.url))) throw new RangeError('$batch request urls are relative to the version');
}

/** The ready requests, in order, while each class's cost stays within the tenant's budget for it (one send must fit). */
function chunk(client: GraphClient, ready: readonly Pending[]): Pending[] {
  const used = new Map<LimitClass, number>();
  const out: Pending[] = [];
  for (const p of ready) {
    const budget = client.scheduler.tenantBudget(client.slotKey(p.cls));
    const u = used.get(p.cls) ?? 0;
    if (u + p.cost > budget && u > 0) continue;
    used.set(p.cls, u + p.cost);
    out.push(p);
  }
  return out;
}

function slots(client: GraphClient, ready: readonly Pending[]): Slot[] {
  const by = new Map<LimitClass, { cost: number; requests: number }>();
  for (const p of ready) {
    const s = by.get(p.cls) ?? { cost: 0, requests: 0 };
    by.set(p.cls, { cost: s.cost + p.cost, requests: s.requests + 1 });
  }
  return [...by].map(([cls, s]) => ({ key: client.slotKey(cls), cost: s.cost, requests: s.requests }));
}

interface InnerResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

function readResponses(body: unknown): Map<string, InnerResponse> {
  const list = typeof body === 'object' && body !== null ? (body as { responses?: unknown }).responses : undefined;
  if (!Array.isArray(list)) throw new SyncError('protocol', 'POST $batch: Graph answered without a "responses" array');
  const out = new Map<string, InnerResponse>();
  for (const r of list as unknown[]) {
    if (typeof r !== 'object' || r === null) continue;
    const o = r as Record<string, unknown>;
    if (typeof o.id !== 'string' || typeof o.status !== 'number') continue;
    out.set(o.id, { status: o.status, headers: lowerHeaders(o.headers), body: o.body });
  }
  return out;
}

function lowerHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof h !== 'object' || h === null) return out;
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

/** A final result for `p`, or undefined when it is to be sent again (its notBefore set past any Retry-After). */
function settle(client: GraphClient, version: GraphVersion, p: Pending, r: InnerResponse | undefined): BatchResult | undefined {
  const id = p.req.id;
  const path = `/${version}/${p.req.url.replace(/^\/+/, '')}`;
  const status = r?.status ?? 503;
  if (r !== undefined && status < 400) return { id, ok: true, status, body: r.body, headers: r.headers };
  if (status !== 429 && status !== 503 && status !== 504) {
    return { id, ok: false, status, error: graphError(status, r?.body, r?.headers['request-id'] ?? null, { method: 'GET', path }) };
  }
  if (status === 429) client.accounting.innerThrottled++;
  else client.accounting.unavailable++;
  client.accounting.retries++;
  const get = (name: string): string | null => r?.headers[name] ?? null;
  const delay = client.retryDelay(status, { get }, p.attempts);
  p.attempts++;
  if (p.attempts >= client.maxAttempts || delay > client.maxRetryAfterMs) {
    return { id, ok: false, status, error: graphError(status, r?.body, get('request-id'), { method: 'GET', path }) };
  }
  p.notBefore = client.clock.now() + delay;
  return undefined;
}
