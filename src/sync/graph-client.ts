// A Graph client for sync: every request through the scheduler, retried within bounds, failures as typed SyncErrors.
// Over 200 lines because the retry loop, paging and the batch share one exchange; the batch's own loop is graph-batch.ts.
import { randomUUID } from 'node:crypto';
import { RequestAccounting } from './accounting.js';
import { sleep, systemClock, type Clock } from './clock.js';
import { runBatch, type BatchRequest, type BatchResult, type GraphVersion } from './graph-batch.js';
import { graphError } from './graph-errors.js';
import { classifyRequest } from './limits.js';
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter, type BackoffPolicy } from './retry-after.js';
import { RequestScheduler, type SlotKey } from './scheduler.js';
import type { SyncSettings } from './settings.js';
import { SyncError } from './sync-error.js';
import type { BearerToken, FetchLike, TokenProvider } from './token-source.js';

export type { BatchRequest, BatchResult, GraphVersion } from './graph-batch.js';

export interface GraphClientOptions {
  readonly settings: Pick<SyncSettings, 'graphUrl' | 'tenant' | 'clientId'>;
  readonly tokens: TokenProvider;
  /** Shared by every client of one process, so tenants share the per-application budgets. */
  readonly scheduler?: RequestScheduler;
  readonly fetch?: FetchLike;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Per HTTP exchange, connect to last body byte (default 60 s). */
  readonly timeoutMs?: number;
  /** Sends of one request in all (429/503/504 retries included), default 8. */
  readonly maxAttempts?: number;
  /** Connection failures tolerated for one request before it fails as `network` (default 4). */
  readonly maxNetworkAttempts?: number;
  readonly backoff?: BackoffPolicy;
  /** A Retry-After longer than this fails the request as `throttled` instead of waiting (default 10 min). */
  readonly maxRetryAfterMs?: number;
  readonly accounting?: RequestAccounting;
}

/** Units of one limit class a request takes. */
export interface Slot {
  readonly key: SlotKey;
  readonly cost: number;
  /** Graph requests the slot stands for (a batch takes one slot per class for all its requests of that class). */
  readonly requests: number;
}

/** A 2xx answer, its body parsed. */
export interface GraphAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** One page of a collection. */
export interface GraphPage {
  readonly value: readonly unknown[];
  readonly nextLink: string | undefined;
  readonly deltaLink: string | undefined;
  /** The whole page object (for @odata.context, @odata.count…). */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
}

export class GraphClient {
  readonly accounting: RequestAccounting;
  readonly scheduler: RequestScheduler;
  readonly clock: Clock;
  readonly random: () => number;
  readonly backoff: BackoffPolicy;
  readonly maxAttempts: number;
  readonly maxRetryAfterMs: number;
  readonly #settings: Pick<SyncSettings, 'graphUrl' | 'tenant' | 'clientId'>;
  readonly #origin: string;
  readonly #tokens: TokenProvider;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #maxNetwork: number;

  constructor(o: GraphClientOptions) {
    this.#settings = o.settings;
    this.#origin = new URL(o.settings.graphUrl).origin;
    this.#tokens = o.tokens;
    this.clock = o.clock ?? systemClock();
    this.scheduler = o.scheduler ?? new RequestScheduler({ clock: this.clock });
    this.#fetch = o.fetch ?? ((url, init) => fetch(url, init));
    this.random = o.random ?? Math.random;
    this.#timeoutMs = o.timeoutMs ?? 60_000;
    this.maxAttempts = o.maxAttempts ?? 8;
    this.#maxNetwork = o.maxNetworkAttempts ?? 4;
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
    this.maxRetryAfterMs = o.maxRetryAfterMs ?? 10 * 60_000;
    this.accounting = o.accounting ?? new RequestAccounting();
  }

  /** The scheduler key of this client's tenant for a limit class. */
  slotKey(cls: SlotKey['cls']): SlotKey {
    return { app: this.#settings.clientId, tenant: this.#settings.tenant, cls };
  }

  /** GET a Graph path (`/v1.0/…`, `/beta/…`) or an absolute URL on Graph's host; the parsed body of a 2xx answer. */
  async get(pathOrUrl: string, options: RequestOptions = {}): Promise<unknown> {
    const url = this.resolve(pathOrUrl);
    const { cls, cost } = classifyRequest('GET', this.graphPath(url));
    return (await this.send('GET', url, undefined, [{ key: this.slotKey(cls), cost, requests: 1 }], options)).body;
  }

  /** Every page of a collection, following `@odata.nextLink` (only on Graph's own host) until a page has none. */
  async *pages(pathOrUrl: string, options: RequestOptions = {}): AsyncGenerator<GraphPage, void, undefined> {
    let next: string | undefined = this.resolve(pathOrUrl);
    while (next !== undefined) {
      const page = readPage(await this.get(next, options), this.graphPath(next));
      yield page;
      next = page.nextLink === undefined ? undefined : this.#checkedLink(page.nextLink);
    }
  }

  /** `POST /{version}/$batch` with at most 20 GETs; each inner 429/503/504 is retried on its own. Results in input order. */
  batch(version: GraphVersion, requests: readonly BatchRequest[], options: RequestOptions = {}): Promise<BatchResult[]> {
    return runBatch(this, version, requests, options);
  }

  /** An absolute URL for a Graph path, or the given URL if it is on Graph's host; a `protocol` error otherwise. */
  resolve(pathOrUrl: string): string {
    if (pathOrUrl.startsWith('/')) return `${this.#settings.graphUrl}${pathOrUrl}`;
    return this.#checkedLink(pathOrUrl);
  }

  /** The path (and query) of a Graph URL after Graph's root. */
  graphPath(url: string): string {
    return url.slice(this.#settings.graphUrl.length);
  }

  #checkedLink(link: string): string {
    let u: URL;
    try {
      u = new URL(link);
    } catch {
      throw new SyncError('protocol', 'Graph gave a next link that is not an absolute URL');
    }
    if (u.origin !== this.#origin || !link.startsWith(`${this.#settings.graphUrl}/`)) {
      throw new SyncError('protocol', `Graph gave a next link to another host (${u.host}); amr follows links only on ${new URL(this.#origin).host}`);
    }
    return link;
  }

  /**
   * One request with its retries: a 429 holds the request's classes for the tenant until Retry-After has passed
   * (or a full-jitter back-off when it gives none); 503/504 wait the same way for this request alone; connection
   * failures and timeouts back off up to the bound; a refused token is replaced once.
   */
  async send(method: string, url: string, body: string | undefined, slots: readonly Slot[], options: RequestOptions): Promise<GraphAnswer> {
    let network = 0;
    let tokenRetried = false;
    for (let attempt = 0; ; attempt++) {
      const r = await this.#exchange(method, url, body, slots, options);
      if (r instanceof SyncError) {
        this.accounting.networkErrors++;
        if (++network >= this.#maxNetwork) throw r;
        await this.wait(backoffDelay(network - 1, this.backoff, this.random), options.signal);
        continue;
      }
      const { res, json, token } = r;
      if (res.status === 401 && !tokenRetried) {
        tokenRetried = true;
        this.#tokens.invalidate(token);
        continue;
      }
      if (res.status !== 429 && res.status !== 503 && res.status !== 504) {
        if (res.ok) return { status: res.status, headers: res.headers, body: json };
        throw graphError(res.status, json, res.headers.get('request-id'), { method, path: this.graphPath(url) }, [token.secret()]);
      }
      this.accounting.retries++;
      const delay = this.retryDelay(res.status, res.headers, attempt);
      if (attempt + 1 >= this.maxAttempts || delay > this.maxRetryAfterMs) {
        throw graphError(res.status, json, res.headers.get('request-id'), { method, path: this.graphPath(url) }, [token.secret()]);
      }
      if (res.status === 429) {
        this.accounting.throttled++;
        const scope = res.headers.get('x-ms-throttle-scope')?.startsWith('Application/') === true ? 'application' : 'tenant';
        for (const s of slots) this.scheduler.hold(s.key, this.clock.now() + delay, scope);
      } else {
        this.accounting.unavailable++;
        await this.wait(delay, options.signal);
      }
    }
  }

  /** Retry-After when the answer has one, else the back-off for this attempt. */
  retryDelay(status: number, headers: { get(name: string): string | null }, attempt: number): number {
    return parseRetryAfter(headers.get('retry-after'), this.clock.now()) ?? backoffDelay(attempt, this.backoff, this.random);
  }

  async wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    this.accounting.waitedMs += Math.max(0, ms);
    await sleep(this.clock, ms, signal);
  }

  /** Takes the slots, then sends at once, with no hold in force; a SyncError for a failed connection. */
  async #exchange(
    method: string,
    url: string,
    body: string | undefined,
    slots: readonly Slot[],
    options: RequestOptions,
  ): Promise<{ res: Response; json: unknown; token: BearerToken } | SyncError> {
    let token: BearerToken;
    for (;;) {
      token = await this.#slotsAndToken(slots, options.signal);
      // Checked in the same turn as the fetch call below: no hold can begin in between.
      const now = this.clock.now();
      if (slots.every((s) => this.scheduler.heldUntil(s.key) <= now)) break;
    }
    this.accounting.httpCalls++;
    for (const s of slots) this.accounting.requests[s.key.cls] += s.requests;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    try {
      const res = await this.#fetch(url, {
        method,
        headers: {
          ...options.headers,
          authorization: token.authorization(),
          accept: 'application/json',
          'client-request-id': randomUUID(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body }),
        signal: options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]),
      });
      const text = await res.text();
      return { res, json: parseJson(text, res.ok, method, this.graphPath(url)), token };
    } catch (e) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (e instanceof SyncError) throw e;
      const timedOut = timeout.aborted;
      return new SyncError(
        'network',
        `${method} ${this.graphPath(url).split('?', 1)[0]}: ${timedOut ? `no answer within ${this.#timeoutMs} ms` : `could not reach ${new URL(url).host}`}`,
        { cause: e },
      );
    }
  }

  /**
   * Every slot, then the token (after the wait, so it is fresh; the token source refreshes it ahead of expiry).
   * The caller gives the slots up and takes them again if a hold began meanwhile.
   */
  async #slotsAndToken(slots: readonly Slot[], signal: AbortSignal | undefined): Promise<BearerToken> {
    for (const s of slots) this.accounting.waitedMs += await this.scheduler.acquire(s.key, s.cost, signal);
    return this.#tokens.getToken(signal);
  }
}

function parseJson(text: string, ok: boolean, method: string, path: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (!ok) return undefined;
    throw new SyncError('protocol', `${method} ${path.split('?', 1)[0]}: Graph answered with a body that is not JSON`);
  }
}

function readPage(body: unknown, path: string): GraphPage {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray((body as { value?: unknown }).value)) {
    throw new SyncError('protocol', `GET ${path.split('?', 1)[0]}: Graph answered without a "value" array`);
  }
  const raw = body as Record<string, unknown>;
  const link = (name: string): string | undefined => (typeof raw[name] === 'string' ? (raw[name] as string) : undefined);
  return { value: raw.value as unknown[], nextLink: link('@odata.nextLink'), deltaLink: link('@odata.deltaLink'), raw };
}
