// The one typed configuration object, parsed once at start-up; process.env is read only here.

export interface Config {
  /** SQLite database path (AMR_DB; --db). */
  readonly db: string;
  readonly host: string;
  readonly port: number;
  /** Shared secret for the admin API (AMR_ADMIN_KEY); the admin API is off without it. */
  readonly adminKey: string | null;
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
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name}=${raw} is not valid: expected a whole number from ${min} to ${max}.`);
  }
  return n;
}

export interface ConfigOverrides {
  readonly db?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: string | number | undefined;
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly retentionDays?: string | undefined;
}

export function loadConfig(env: Env, overrides: ConfigOverrides = {}): Config {
  const port = overrides.port !== undefined
    ? integer({ '--port': String(overrides.port) }, '--port', 8080, 0, 65535)
    : integer(env, 'AMR_PORT', 8080, 0, 65535);
  const adminKey = env.AMR_ADMIN_KEY && env.AMR_ADMIN_KEY.length > 0 ? env.AMR_ADMIN_KEY : null;
  if (adminKey !== null && adminKey.length < 16) {
    throw new ConfigError('AMR_ADMIN_KEY is too short: use at least 16 characters (e.g. `openssl rand -hex 32`).');
  }
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
    logLevel: env.AMR_LOG_LEVEL ?? 'info',
    pagingGraceMinutes: integer(env, 'AMR_PAGING_GRACE_MINUTES', 60, 1, 7 * 24 * 60),
    maxUploadBytes: integer(env, 'AMR_MAX_UPLOAD_BYTES', 8 * 1024 ** 3, 1024, Number.MAX_SAFE_INTEGER),
    retentionDays: overrides.retentionDays !== undefined
      ? integer({ '--retention-days': overrides.retentionDays }, '--retention-days', 400, 1, 36500)
      : integer(env, 'AMR_RETENTION_DAYS', 400, 1, 36500),
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : null,
  };
}
