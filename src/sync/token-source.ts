// App-only access tokens for Graph: the client-credentials grant with a secret or a signed assertion, cached, single-flight.
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { SignJWT } from 'jose';
import { aadError } from './aad-errors.js';
import { RequestAccounting } from './accounting.js';
import { sleep, systemClock, type Clock } from './clock.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './retry-after.js';
import { Secret } from './secret.js';
import type { SyncSettings } from './settings.js';
import { SyncError } from './sync-error.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** An access token; its value shows only through `authorization()`. */
export class BearerToken {
  readonly #value: Secret;
  readonly expiresAt: number;

  constructor(value: string, expiresAt: number) {
    this.#value = new Secret(value);
    this.expiresAt = expiresAt;
  }

  /** The Authorization header value. */
  authorization(): string {
    return `Bearer ${this.#value.reveal()}`;
  }

  /** The raw token, for scrubbing text that might echo it. */
  secret(): Secret {
    return this.#value;
  }

  toJSON(): Record<string, string> {
    return { token: '[redacted]', expiresAt: new Date(this.expiresAt).toISOString() };
  }

  [inspect.custom](): string {
    return `BearerToken ${JSON.stringify(this.toJSON())}`;
  }
}

export interface TokenProvider {
  getToken(signal?: AbortSignal): Promise<BearerToken>;
  /** Forget `token` (Graph refused it); the next getToken fetches a new one. */
  invalidate(token: BearerToken): void;
}

export interface TokenSourceOptions {
  readonly fetch?: FetchLike;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Refresh this long before expiry (default 5 min, at most half the token's lifetime). */
  readonly refreshMarginMs?: number;
  readonly timeoutMs?: number;
  /** Attempts for connection errors and 5xx/429 answers (default 4). */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffPolicy;
  readonly accounting?: RequestAccounting;
}

/** Lifetime of a client assertion: Microsoft asks for 5–10 minutes after nbf. */
export const ASSERTION_LIFETIME_S = 600;

export class TokenSource implements TokenProvider {
  readonly #settings: SyncSettings;
  readonly #fetch: FetchLike;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #margin: number;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #backoff: BackoffPolicy;
  readonly #accounting: RequestAccounting;
  #cached: { token: BearerToken; refreshAt: number } | undefined;
  #inflight: Promise<BearerToken> | undefined;

  constructor(settings: SyncSettings, options: TokenSourceOptions = {}) {
    this.#settings = settings;
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#clock = options.clock ?? systemClock();
    this.#random = options.random ?? Math.random;
    this.#margin = options.refreshMarginMs ?? 5 * 60_000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxAttempts = options.maxAttempts ?? 4;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#accounting = options.accounting ?? new RequestAccounting();
  }

  /** The token endpoint: `{login}/{tenant}/oauth2/v2.0/token`, also the assertion's audience. */
  get tokenEndpoint(): string {
    return `${this.#settings.loginUrl}/${encodeURIComponent(this.#settings.tenant)}/oauth2/v2.0/token`;
  }

  async getToken(signal?: AbortSignal): Promise<BearerToken> {
    const c = this.#cached;
    if (c !== undefined && this.#clock.now() < c.refreshAt) return c.token;
    // One request however many callers wait; it runs on its own timeout, not on the first caller's signal.
    if (this.#inflight === undefined) {
      this.#inflight = this.#fetchToken(undefined).finally(() => {
        this.#inflight = undefined;
      });
    }
    return signal === undefined ? this.#inflight : raceAbort(this.#inflight, signal);
  }

  invalidate(token: BearerToken): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  async #fetchToken(signal: AbortSignal | undefined): Promise<BearerToken> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(signal);
      if (outcome instanceof BearerToken) return outcome;
      if (attempt + 1 >= this.#maxAttempts) throw outcome.error;
      await sleep(this.#clock, backoffDelay(attempt, this.#backoff, this.#random), signal);
    }
  }

  /** One request: a token, or a retryable failure (a thrown SyncError is final). */
  async #attempt(signal: AbortSignal | undefined): Promise<BearerToken | { error: SyncError }> {
    const body = await this.#form();
    this.#accounting.tokenRequests++;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(this.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
      text = await res.text();
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      return { error: new SyncError('network', `token endpoint ${new URL(this.tokenEndpoint).host} could not be reached`, { cause: e }) };
    }
    const json = parseJson(text);
    if (res.ok) return this.#accept(json);
    if (res.status >= 500 || res.status === 429) {
      return { error: new SyncError('network', `token endpoint answered HTTP ${res.status}`, { status: res.status }) };
    }
    const s = this.#settings;
    throw aadError(
      res.status,
      json,
      {
        tenant: s.tenant,
        clientId: s.clientId,
        credential: s.credential.kind,
        ...(s.credential.kind === 'certificate' ? { thumbprint: s.credential.certificate.x5tS256 } : {}),
      },
      [s.credential.kind === 'secret' ? s.credential.secret : undefined],
    );
  }

  #accept(json: unknown): BearerToken {
    const o = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
    const token = o.access_token;
    const type = o.token_type;
    const expiresIn = typeof o.expires_in === 'string' ? Number(o.expires_in) : o.expires_in;
    if (
      typeof token !== 'string' ||
      token === '' ||
      typeof expiresIn !== 'number' ||
      !(expiresIn > 0) ||
      (typeof type === 'string' && type.toLowerCase() !== 'bearer')
    ) {
      throw new SyncError('protocol', 'the token endpoint answered without a usable access token');
    }
    const now = this.#clock.now();
    const lifetime = expiresIn * 1000;
    const bearer = new BearerToken(token, now + lifetime);
    this.#cached = { token: bearer, refreshAt: now + lifetime - Math.min(this.#margin, lifetime / 2) };
    return bearer;
  }

  async #form(): Promise<string> {
    const s = this.#settings;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: s.clientId,
      scope: `${s.graphUrl}/.default`,
    });
    if (s.credential.kind === 'secret') form.set('client_secret', s.credential.secret.reveal());
    else {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', await this.#assertion());
    }
    return form.toString();
  }

  /** The private_key_jwt assertion as Microsoft's certificate-credentials page describes it (PS256, x5t#S256). */
  async #assertion(): Promise<string> {
    const s = this.#settings;
    if (s.credential.kind !== 'certificate') throw new Error('no certificate');
    const cert = s.credential.certificate;
    const now = Math.floor(this.#clock.now() / 1000);
    return new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': cert.x5tS256, x5t: cert.x5t })
      .setAudience(this.tokenEndpoint)
      .setIssuer(s.clientId)
      .setSubject(s.clientId)
      .setNotBefore(now)
      .setIssuedAt(now)
      .setExpirationTime(now + ASSERTION_LIFETIME_S)
      .sign(cert.privateKey());
  }
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
