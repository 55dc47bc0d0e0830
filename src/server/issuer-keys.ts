// The oidc mode's signing keys, fetched with bounds (decision 0057): one shared key set per Entra
// issuer template (no per-tenant fetch at all), or per-issuer discovery with single flight, a
// remembered failure for `failureTtlMs`, a budget on issuers never seen before, LRU caps on what is
// remembered, and fetch deadlines and body caps (bounded-fetch.ts). It says whether a failure
// concerns a *known* issuer (503, retry later) or one amr has never reached (401).
import { createLocalJWKSet, errors, type JWK, type JWTVerifyGetKey } from 'jose';
import { FetchFailure, fetchJson, type FetchLimits } from './bounded-fetch.js';
import { LruMap } from './lru-map.js';

export interface IssuerKeysOptions {
  /** Deadline of one discovery or JWKS fetch, headers and body. */
  readonly timeoutMs: number;
  /** Largest discovery document or JWKS body read. */
  readonly maxResponseBytes: number;
  /** A failed fetch is remembered this long: no fetch of that issuer or key set until it passes. */
  readonly failureTtlMs: number;
  /** After a key set is fetched, an unknown kid fetches it again only this much later. */
  readonly refetchCooldownMs: number;
  /** A key set is fetched again once it is this old. */
  readonly maxAgeMs: number;
  /** Discovered issuers remembered (LRU); failed issuers are remembered in a second LRU of this size. */
  readonly maxIssuers: number;
  /** Key sets (by JWKS URI) remembered (LRU). */
  readonly maxKeySets: number;
  /** Discovery fetches of issuers amr has not reached before, per minute (a token bucket this deep). */
  readonly newIssuersPerMinute: number;
  /**
   * Issuer templates whose tenants all share one key set (lower case, `{tenantid}` as written in
   * AMR_OIDC_ISSUERS) → that set's URI. Such issuers are never discovered.
   */
  readonly sharedKeySets: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch; the TTLs, cooldown, age and budget run on it. */
  readonly clock: () => number;
}

/** Entra's tenant-independent key set holds the keys of every tenant's v1 and v2 issuer. */
export const ENTRA_COMMON_KEYS = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

export const ISSUER_KEYS_DEFAULTS: IssuerKeysOptions = {
  timeoutMs: 5_000,
  maxResponseBytes: 64 * 1024,
  failureTtlMs: 30_000,
  refetchCooldownMs: 30_000,
  maxAgeMs: 24 * 3_600_000,
  maxIssuers: 1_000,
  maxKeySets: 1_000,
  newIssuersPerMinute: 60,
  sharedKeySets: {
    'https://login.microsoftonline.com/{tenantid}/v2.0': ENTRA_COMMON_KEYS,
    'https://sts.windows.net/{tenantid}/': ENTRA_COMMON_KEYS,
  },
  clock: Date.now,
};

/**
 * The keys of `issuer` cannot be had. `known`: the issuer is configured as such (a fixed issuer,
 * AMR_OIDC_JWKS_URI, a shared key set) or has been reached before, so the token may well be good.
 */
export class KeysUnavailable extends Error {
  constructor(
    readonly issuer: string,
    readonly reason: string,
    readonly retryAtMs: number,
    readonly known: boolean,
  ) {
    super(`The keys of ${issuer} cannot be fetched: ${reason}`);
    this.name = 'KeysUnavailable';
  }
}

interface Failure {
  readonly reason: string;
  readonly untilMs: number;
}

interface KeySet {
  readonly uri: string;
  getKey: JWTVerifyGetKey | null;
  fetchedAtMs: number;
  failure: Failure | null;
  loading: Promise<void> | null;
}

const TEMPLATE = /\{tenantid\}/i;
/** What jose reads of a JWK to verify with it; x5c chains and the rest are not kept. */
const JWK_FIELDS = ['kty', 'kid', 'alg', 'use', 'key_ops', 'ext', 'crv', 'n', 'e', 'x', 'y'] as const;

export class IssuerKeys {
  private readonly options: IssuerKeysOptions;
  private readonly limits: FetchLimits;
  private readonly shared: ReadonlyMap<string, string>;
  private readonly discovered: LruMap<string, string>;
  private readonly failedIssuers: LruMap<string, Failure>;
  private readonly discovering = new Map<string, Promise<string>>();
  private readonly keySets: LruMap<string, KeySet>;
  private readonly budget: TokenBucket;

  constructor(
    private readonly jwksUri: string | null,
    options: Partial<IssuerKeysOptions> = {},
  ) {
    this.options = { ...ISSUER_KEYS_DEFAULTS, ...options };
    this.limits = { timeoutMs: this.options.timeoutMs, maxBytes: this.options.maxResponseBytes };
    this.shared = new Map(Object.entries(this.options.sharedKeySets).map(([t, uri]) => [t.toLowerCase(), uri]));
    this.discovered = new LruMap(this.options.maxIssuers);
    this.failedIssuers = new LruMap(this.options.maxIssuers);
    this.keySets = new LruMap(this.options.maxKeySets);
    this.budget = new TokenBucket(this.options.newIssuersPerMinute, this.options.clock);
  }

  /** What is held, for tests and metrics: each count is bounded by its option. */
  sizes(): { discovered: number; failedIssuers: number; discovering: number; keySets: number } {
    return { discovered: this.discovered.size, failedIssuers: this.failedIssuers.size, discovering: this.discovering.size, keySets: this.keySets.size };
  }

  /**
   * jwtVerify's key lookup for a token whose `iss` is `issuer`, an expansion of the configured
   * `template`. Nothing is fetched until jose calls it (after the header's alg is accepted).
   */
  getKeyFor(issuer: string, template: string): JWTVerifyGetKey {
    return async (header, token) => {
      return this.keyFrom(await this.jwksUriFor(issuer, template), issuer, header, token);
    };
  }

  private async jwksUriFor(issuer: string, template: string): Promise<string> {
    if (this.jwksUri !== null) return this.jwksUri;
    const shared = this.shared.get(template.toLowerCase());
    if (shared !== undefined) return shared;
    // A fixed issuer is configured as it is (known); a template's expansion is known once discovered.
    return this.discovered.get(issuer) ?? this.discover(issuer, !TEMPLATE.test(template));
  }

  /** The issuer's jwks_uri: one fetch at a time per issuer, a failure remembered, new issuers budgeted. */
  private discover(issuer: string, configured: boolean): Promise<string> {
    const now = this.options.clock();
    const failed = this.failedIssuers.get(issuer);
    if (failed !== undefined && now < failed.untilMs) return Promise.reject(new KeysUnavailable(issuer, failed.reason, failed.untilMs, configured));
    let pending = this.discovering.get(issuer);
    if (pending === undefined) {
      if (!configured && !this.budget.take()) {
        const reason = `amr discovers at most ${this.options.newIssuersPerMinute} issuers new to it a minute, and has reached that limit; retry in a minute`;
        return Promise.reject(new KeysUnavailable(issuer, reason, this.budget.nextAtMs(), false));
      }
      pending = this.fetchJwksUri(issuer)
        .then(
          (uri) => {
            this.failedIssuers.delete(issuer);
            this.discovered.set(issuer, uri);
            return uri;
          },
          (err: unknown) => {
            const failure = { reason: reasonOf(err), untilMs: this.options.clock() + this.options.failureTtlMs };
            this.failedIssuers.set(issuer, failure);
            throw new KeysUnavailable(issuer, failure.reason, failure.untilMs, configured);
          },
        )
        .finally(() => this.discovering.delete(issuer));
      this.discovering.set(issuer, pending);
    }
    return pending;
  }

  private async fetchJwksUri(issuer: string): Promise<string> {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const doc = await fetchJson(url, this.limits);
    const jwksUri = typeof doc === 'object' && doc !== null ? (doc as { jwks_uri?: unknown }).jwks_uri : undefined;
    if (typeof jwksUri !== 'string' || !/^https?:\/\//i.test(jwksUri)) throw new FetchFailure(`the discovery document ${url} names no http(s) jwks_uri`);
    return jwksUri;
  }

  /**
   * The key for this header from the set at `uri`: fetched when missing or old, and again for an
   * unknown kid after the cooldown. Only a known issuer's set is ever fetched (configured, or its
   * discovery succeeded), so a failure here is a 503's.
   */
  private async keyFrom(uri: string, issuer: string, header: Parameters<JWTVerifyGetKey>[0], token: Parameters<JWTVerifyGetKey>[1]) {
    let set = this.keySets.get(uri);
    if (set === undefined) {
      set = { uri, getKey: null, fetchedAtMs: -Infinity, failure: null, loading: null };
      this.keySets.set(uri, set);
    }
    if (set.getKey === null || this.options.clock() - set.fetchedAtMs >= this.options.maxAgeMs) await this.load(set, issuer);
    try {
      return await set.getKey!(header, token);
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey) || this.options.clock() - set.fetchedAtMs < this.options.refetchCooldownMs) throw err;
      await this.load(set, issuer);
      return set.getKey!(header, token);
    }
  }

  /** Fetches the set unless a fetch is under way (then waits for it) or failed within failureTtlMs. */
  private async load(set: KeySet, issuer: string): Promise<void> {
    if (set.loading === null) {
      if (set.failure !== null && this.options.clock() < set.failure.untilMs) throw new KeysUnavailable(issuer, set.failure.reason, set.failure.untilMs, true);
      set.loading = this.fetchKeySet(set.uri)
        .then(
          (getKey) => {
            Object.assign(set, { getKey, fetchedAtMs: this.options.clock(), failure: null });
          },
          (err: unknown) => {
            set.failure = { reason: reasonOf(err), untilMs: this.options.clock() + this.options.failureTtlMs };
          },
        )
        .finally(() => {
          set.loading = null;
        });
    }
    await set.loading;
    if (set.failure !== null) throw new KeysUnavailable(issuer, set.failure.reason, set.failure.untilMs, true);
  }

  private async fetchKeySet(uri: string): Promise<JWTVerifyGetKey> {
    const body = await fetchJson(uri, this.limits);
    const keys = typeof body === 'object' && body !== null ? (body as { keys?: unknown }).keys : undefined;
    if (!Array.isArray(keys)) throw new FetchFailure(`${uri} is not a JSON Web Key Set`);
    try {
      return createLocalJWKSet({ keys: keys.map(trimmed) });
    } catch (cause) {
      throw new FetchFailure(`${uri} is not a JSON Web Key Set`, { cause });
    }
  }
}

function trimmed(key: unknown): JWK {
  if (typeof key !== 'object' || key === null) return key as JWK; // createLocalJWKSet refuses it
  const source = key as Record<string, unknown>;
  return Object.fromEntries(JWK_FIELDS.filter((f) => source[f] !== undefined).map((f) => [f, source[f]])) as JWK;
}

function reasonOf(err: unknown): string {
  return err instanceof FetchFailure ? err.message : `an unexpected error (${(err as Error).message})`;
}

/** `perMinute` takes a minute, refilled continuously; starts full. */
class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number,
  ) {
    this.tokens = perMinute;
    this.lastMs = clock();
  }

  take(): boolean {
    if (this.perMinute <= 0) return false;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** When the next token is there. */
  nextAtMs(): number {
    if (this.perMinute <= 0) return this.clock() + 60_000;
    this.refill();
    return this.lastMs + Math.max(0, 1 - this.tokens) * (60_000 / this.perMinute);
  }

  private refill(): void {
    const now = this.clock();
    this.tokens = Math.min(this.perMinute, this.tokens + (Math.max(0, now - this.lastMs) * this.perMinute) / 60_000);
    this.lastMs = now;
  }
}
