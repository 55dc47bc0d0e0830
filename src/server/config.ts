// The one typed configuration object, parsed once at start-up; process.env is read only here.

export interface Config {
  /** SQLite database path (AMR_DB; --db). */
  readonly db: string;
  readonly host: string;
  readonly port: number;
  /** Shared secret for the admin API (AMR_ADMIN_KEY); the admin API is off without it. */
  readonly adminKey: string | null;
  /**
   * Group object ids whose members are operators (AMR_OPERATOR_GROUPS): a token whose `groups` claim
   * holds one sees every tenant's overview (GET /amr/v1/tenants/overview), as the admin key does.
   */
  readonly operatorGroups: readonly string[];
  /**
   * Bearer key for GET /metrics (AMR_METRICS_KEY); without it /metrics answers only loopback
   * clients that no proxy forwarded (docs/decisions/0051).
   */
  readonly metricsKey: string | null;
  readonly logLevel: string;
  /** Superseded report states stay pageable this long (AMR_PAGING_GRACE_MINUTES). */
  readonly pagingGraceMinutes: number;
  /** Largest snapshot or log body the admin API accepts, in bytes (AMR_MAX_UPLOAD_BYTES). */
  readonly maxUploadBytes: number;
  /** Activity is kept this many days (AMR_RETENTION_DAYS; --retention-days); Graph shows 30 of them. */
  readonly retentionDays: number;
  /**
   * PEM certificate and key files (AMR_TLS_CERT, AMR_TLS_KEY; --tls-cert, --tls-key). Serving
   * https matters: Graph's JavaScript client sends the token only to https hosts.
   */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
  /** How bearer tokens are checked (AMR_AUTH_MODE and AMR_OIDC_*). */
  readonly auth: AuthConfig;
  /** Graph-style request limits (AMR_THROTTLE and AMR_THROTTLE_*). */
  readonly throttle: ThrottleConfig;
  /** Request size and time limits (AMR_MAX_* and AMR_*_TIMEOUT_MS). */
  readonly limits: LimitsConfig;
  /**
   * What one record of an upload may cost to parse (AMR_MAX_RECORD_BYTES, AMR_MAX_RECORD_ELEMENTS,
   * AMR_MAX_DEPTH; docs/decisions/0054); the CLI's `amr import --max-…` flags set the same.
   */
  readonly parseLimits: ParseLimits;
  /** Where amr is reached from: AMR_PUBLIC_URL and AMR_TRUST_PROXY (docs/decisions/0056). */
  readonly proxy: ProxySettings;
  /**
   * Origins a browser app may call the Graph API from (AMR_CORS_ORIGINS): `*` (the default, as
   * Graph: any origin, no credentials), a list of origins, or none (`none`: no CORS answers).
   */
  readonly corsOrigins: '*' | readonly string[];
  /**
   * `amr serve --sync-every` / AMR_SYNC_EVERY: run `amr sync --all` in the background this often
   * (milliseconds; at least 5 minutes), or null: no background sync.
   */
  readonly syncEveryMs: number | null;
  /**
   * SQLite reader threads (`amr serve --readers`, AMR_READERS; default: the cores Node may use):
   * Graph reads run on that many threads; 0 or 1 runs them on the main thread (issue 13 §5).
   */
  readonly readers: number;
}

export interface RateLimit {
  readonly requests: number;
  readonly windowSeconds: number;
}

/**
 * `off`; `graph`: Graph's identity-reports limits (graph-api §2.9: 5 requests per 10 s per app per
 * tenant, 122 per 10 s per app across tenants); `custom`: the numbers given. The admin API has
 * its own limit per admin key in every mode but `off`.
 */
export interface ThrottleConfig {
  readonly mode: 'off' | 'graph' | 'custom';
  readonly perAppPerTenant: RateLimit;
  readonly perAppAllTenants: RateLimit;
  readonly admin: RateLimit;
}

export interface LimitsConfig {
  /** Longest request URL, path and query, in bytes (AMR_MAX_URL_LENGTH). */
  readonly maxUrlLength: number;
  /** Longest `$filter` expression, in characters (AMR_MAX_FILTER_LENGTH). */
  readonly maxFilterLength: number;
  /** Deepest nesting of `$filter` (parentheses, not, and/or chains) (AMR_MAX_FILTER_DEPTH). */
  readonly maxFilterDepth: number;
  /** Whole request, headers to last body byte, for Graph calls (AMR_REQUEST_TIMEOUT_MS). */
  readonly requestTimeoutMs: number;
  /** Time to receive the request headers (AMR_HEADERS_TIMEOUT_MS). */
  readonly headersTimeoutMs: number;
  /**
   * Whole admin upload (snapshot or log body), headers to last body byte (AMR_UPLOAD_TIMEOUT_MS);
   * within it no gap between body bytes the importer waits for may exceed requestTimeoutMs.
   */
  readonly uploadTimeoutMs: number;
  /** SIGTERM: how long in-flight requests may take to finish before the process exits anyway (AMR_SHUTDOWN_TIMEOUT_MS). */
  readonly shutdownTimeoutMs: number;
}

import { availableParallelism } from 'node:os';
import { trustList, type ProxySettings } from './public-origin.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../ingest/parse-limits.js';
import { parseDuration } from '../util/duration.js';
import { authConfig, type AuthConfig } from './config-auth.js';
import { ConfigError, integer, list, type Env } from './config-values.js';

export { ConfigError, type Env } from './config-values.js';
export { GRAPH_AUDIENCES, type AuthConfig } from './config-auth.js';

/** graph-api §2.9, "Identity and access reports service limits". */
export const GRAPH_THROTTLE: Omit<ThrottleConfig, 'mode'> = {
  perAppPerTenant: { requests: 5, windowSeconds: 10 },
  perAppAllTenants: { requests: 122, windowSeconds: 10 },
  admin: { requests: 60, windowSeconds: 60 },
};

/** "N/S": N requests per S seconds. */
function rate(env: Env, name: string, fallback: RateLimit): RateLimit {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*s?\s*$/.exec(raw);
  const requests = m ? Number(m[1]) : NaN;
  const windowSeconds = m ? Number(m[2]) : NaN;
  if (!m || requests < 1 || windowSeconds < 1 || windowSeconds > 86_400 || requests > 10_000_000) {
    throw new ConfigError(`${name}=${raw} is not valid: expected REQUESTS/SECONDS, e.g. 5/10 (1 to 10000000 requests per 1 to 86400 seconds).`);
  }
  return { requests, windowSeconds };
}

function throttleConfig(env: Env): ThrottleConfig {
  const mode = (env.AMR_THROTTLE ?? 'off').trim().toLowerCase();
  if (mode !== 'off' && mode !== 'graph' && mode !== 'custom') {
    throw new ConfigError(`AMR_THROTTLE=${env.AMR_THROTTLE} is not valid: expected off, graph or custom.`);
  }
  if (mode !== 'custom') {
    for (const name of ['AMR_THROTTLE_PER_TENANT', 'AMR_THROTTLE_PER_APP']) {
      if ((env[name] ?? '').trim() !== '') throw new ConfigError(`${name} is used only with AMR_THROTTLE=custom (AMR_THROTTLE is ${mode}).`);
    }
  }
  const custom = mode === 'custom';
  return {
    mode: mode as ThrottleConfig['mode'],
    perAppPerTenant: custom ? rate(env, 'AMR_THROTTLE_PER_TENANT', GRAPH_THROTTLE.perAppPerTenant) : GRAPH_THROTTLE.perAppPerTenant,
    perAppAllTenants: custom ? rate(env, 'AMR_THROTTLE_PER_APP', GRAPH_THROTTLE.perAppAllTenants) : GRAPH_THROTTLE.perAppAllTenants,
    admin: rate(env, 'AMR_THROTTLE_ADMIN', GRAPH_THROTTLE.admin),
  };
}

function limitsConfig(env: Env): LimitsConfig {
  return {
    maxUrlLength: integer(env, 'AMR_MAX_URL_LENGTH', 16_384, 256, 1_048_576),
    maxFilterLength: integer(env, 'AMR_MAX_FILTER_LENGTH', 4_096, 16, 1_048_576),
    maxFilterDepth: integer(env, 'AMR_MAX_FILTER_DEPTH', 32, 2, 1_000),
    requestTimeoutMs: integer(env, 'AMR_REQUEST_TIMEOUT_MS', 120_000, 1_000, 24 * 3_600_000),
    headersTimeoutMs: integer(env, 'AMR_HEADERS_TIMEOUT_MS', 30_000, 1_000, 600_000),
    uploadTimeoutMs: integer(env, 'AMR_UPLOAD_TIMEOUT_MS', 3_600_000, 1_000, 7 * 24 * 3_600_000),
    shutdownTimeoutMs: integer(env, 'AMR_SHUTDOWN_TIMEOUT_MS', 25_000, 100, 3_600_000),
  };
}

/** AMR_PUBLIC_URL: an http(s) origin, nothing after it (amr's paths are absolute: serve it at a host's root). */
function publicUrl(env: Env): string | null {
  const raw = env.AMR_PUBLIC_URL?.trim();
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`AMR_PUBLIC_URL=${raw} is not a URL: expected the origin clients use, e.g. https://amr.example.org`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`AMR_PUBLIC_URL=${raw} is not an http(s) URL.`);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '' || raw.endsWith('?') || raw.endsWith('#')) {
    throw new ConfigError(
      `AMR_PUBLIC_URL=${raw} must be an origin only (scheme://host[:port]): amr serves /v1.0, /beta and the dashboard at the root of its host.`,
    );
  }
  return url.origin;
}

function proxySettings(env: Env): ProxySettings {
  const trust = list(env, 'AMR_TRUST_PROXY') ?? [];
  try {
    trustList(trust);
  } catch (err) {
    throw new ConfigError(`AMR_TRUST_PROXY: ${(err as Error).message}.`);
  }
  return { publicUrl: publicUrl(env), trustProxy: trust };
}

function corsOrigins(env: Env): '*' | readonly string[] {
  const given = list(env, 'AMR_CORS_ORIGINS');
  if (given === null || (given.length === 1 && given[0] === '*')) return '*';
  if (given.length === 1 && given[0]!.toLowerCase() === 'none') return [];
  return given.map((o) => {
    let url: URL | null = null;
    try {
      url = new URL(o);
    } catch {
      /* below */
    }
    if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== o.replace(/\/$/, '')) {
      throw new ConfigError(`AMR_CORS_ORIGINS: '${o}' is not an origin (scheme://host[:port], e.g. https://app.example.org); or use * or none.`);
    }
    return url.origin;
  });
}

/**
 * A shared secret given in the environment: 16 or more characters, no white space (a stray space
 * or newline is a copy error), and not one repeated pattern (at least 6 different characters).
 */
function secret(env: Env, name: string): string | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  const hint = 'use a random key, e.g. `openssl rand -hex 32`';
  if (/\s/.test(value)) throw new ConfigError(`${name} contains white space; ${hint}.`);
  if (value.length < 16) throw new ConfigError(`${name} is too short: use at least 16 characters (${hint}).`);
  if (new Set(value).size < 6) throw new ConfigError(`${name} is too uniform (fewer than 6 different characters); ${hint}.`);
  return value;
}

export interface ConfigOverrides {
  readonly db?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: string | number | undefined;
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly retentionDays?: string | undefined;
  readonly syncEvery?: string | undefined;
  readonly readers?: string | undefined;
}

/** More reader threads than this only cost memory (a page cache each). */
const MAX_READERS = 256;

/** The shortest background sync period: a sync of a large tenant takes minutes, and Graph's budgets are shared. */
export const MIN_SYNC_EVERY_MS = 5 * 60_000;

/** `--sync-every` / AMR_SYNC_EVERY: a duration such as 30m, 6h, 1d (at least 5m), or null when unset. */
export function parseSyncEvery(raw: string | undefined, name: string): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const ms = parseDuration(raw);
  if (ms === null) {
    throw new ConfigError(`${name} ${JSON.stringify(raw)} is not a duration: write a number and a unit, e.g. 30m, 6h, 1d or 1h30m (units d, h, m, s).`);
  }
  if (ms < MIN_SYNC_EVERY_MS) {
    throw new ConfigError(`${name} ${raw} is too short: sync at most every 5m (a sync reads the whole tenant's changes and shares Graph's throttling budget).`);
  }
  return ms;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function operatorGroups(env: Env): readonly string[] {
  const ids = list(env, 'AMR_OPERATOR_GROUPS') ?? [];
  for (const id of ids) {
    if (!GUID.test(id)) throw new ConfigError(`AMR_OPERATOR_GROUPS holds '${id.slice(0, 64)}', which is not a group object id (a GUID).`);
  }
  return ids.map((id) => id.toLowerCase());
}

export function loadConfig(env: Env, overrides: ConfigOverrides = {}): Config {
  const port =
    overrides.port !== undefined ? integer({ '--port': String(overrides.port) }, '--port', 8080, 0, 65535) : integer(env, 'AMR_PORT', 8080, 0, 65535);
  const adminKey = secret(env, 'AMR_ADMIN_KEY');
  const metricsKey = secret(env, 'AMR_METRICS_KEY');
  const certFile = overrides.tlsCert ?? env.AMR_TLS_CERT;
  const keyFile = overrides.tlsKey ?? env.AMR_TLS_KEY;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError('TLS needs both a certificate and its key: set AMR_TLS_CERT and AMR_TLS_KEY (or --tls-cert and --tls-key) together.');
  }
  return {
    db: overrides.db ?? env.AMR_DB ?? './data/amr.db',
    host: overrides.host ?? env.AMR_HOST ?? '127.0.0.1',
    port,
    adminKey,
    operatorGroups: operatorGroups(env),
    metricsKey,
    logLevel: env.AMR_LOG_LEVEL ?? 'info',
    pagingGraceMinutes: integer(env, 'AMR_PAGING_GRACE_MINUTES', 60, 1, 7 * 24 * 60),
    maxUploadBytes: integer(env, 'AMR_MAX_UPLOAD_BYTES', 8 * 1024 ** 3, 1024, Number.MAX_SAFE_INTEGER),
    retentionDays:
      overrides.retentionDays !== undefined
        ? integer({ '--retention-days': overrides.retentionDays }, '--retention-days', 400, 1, 36500)
        : integer(env, 'AMR_RETENTION_DAYS', 400, 1, 36500),
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : null,
    auth: authConfig(env),
    throttle: throttleConfig(env),
    limits: limitsConfig(env),
    parseLimits: {
      maxRecordBytes: integer(env, 'AMR_MAX_RECORD_BYTES', DEFAULT_PARSE_LIMITS.maxRecordBytes, 1024, 256 * 1024 * 1024),
      maxRecordElements: integer(env, 'AMR_MAX_RECORD_ELEMENTS', DEFAULT_PARSE_LIMITS.maxRecordElements, 100, 100_000_000),
      maxDepth: integer(env, 'AMR_MAX_DEPTH', DEFAULT_PARSE_LIMITS.maxDepth, 8, 10_000),
    },
    proxy: proxySettings(env),
    corsOrigins: corsOrigins(env),
    syncEveryMs: overrides.syncEvery !== undefined ? parseSyncEvery(overrides.syncEvery, '--sync-every') : parseSyncEvery(env.AMR_SYNC_EVERY, 'AMR_SYNC_EVERY'),
    readers:
      overrides.readers !== undefined
        ? integer({ '--readers': overrides.readers }, '--readers', availableParallelism(), 0, MAX_READERS)
        : integer(env, 'AMR_READERS', availableParallelism(), 0, MAX_READERS),
  };
}
