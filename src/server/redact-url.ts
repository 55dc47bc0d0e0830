// Request URLs as they may be logged: a secret someone put in a URL (a token in `access_token`, an
// authorization `code`, a `key`, a JWT as a path segment) is replaced before the line is written.
// Headers that carry secrets are redacted by path in main.ts; this covers the URL.

/**
 * A parameter name is secret when its letters and digits (decoded, lower case, everything else
 * dropped: `Access%5FToken`, `access_token[]`, `access_token%00`, `$token` all become
 * `accesstoken`/`token`) contain one of these…
 */
const SECRET_PARTS: readonly string[] = [
  'token',
  'auth',
  'secret',
  'session',
  'bearer',
  'password',
  'passwd',
  'credential',
  'apikey',
  'assertion',
  'signature',
  'cookie',
  'jwt',
];

/** …or are exactly one of these (short words that are secret alone but common inside other names). */
const SECRET_NAMES: ReadonlySet<string> = new Set(['code', 'key', 'sig', 'pwd', 'pass', 'signin', 'adminkey', 'metricskey', 'xamradminkey']);

/** OData's continuation tokens hold no credential (signed queries, decision 0008): kept for debugging. */
const NOT_SECRET: ReadonlySet<string> = new Set(['skiptoken', 'deltatoken']);

/** A JWT or JWS (compact form): base64url header starting `eyJ`, then payload and signature; dots maybe percent-encoded. */
const JWT_ENCODED = /eyJ[A-Za-z0-9_-]{4,}(?:\.|%2e)[A-Za-z0-9_-]*(?:\.|%2e)[A-Za-z0-9_-]*/gi;

export const REDACTED = '[redacted]';

function decoded(s: string): string {
  let out = s.replace(/\+/g, ' ');
  // Decode until stable (a name encoded twice is still that name to a lenient reader).
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(out);
      if (next === out) break;
      out = next;
    } catch {
      break;
    }
  }
  return out;
}

/** Whether a parameter with this name (as written in the URL) carries a secret. */
export function isSecretParameter(name: string): boolean {
  const plain = decoded(name)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  if (plain === '' || NOT_SECRET.has(plain)) return false;
  return SECRET_NAMES.has(plain) || SECRET_PARTS.some((part) => plain.includes(part));
}

/** `name=value` with the value replaced when the name is secret, and JWT-shaped text replaced anywhere. */
function redactPair(pair: string): string {
  const eq = pair.indexOf('=');
  if (eq < 0) return pair.replace(JWT_ENCODED, REDACTED);
  const name = pair.slice(0, eq);
  if (isSecretParameter(name)) return `${name}=${REDACTED}`;
  return `${name}=${pair.slice(eq + 1).replace(JWT_ENCODED, REDACTED)}`;
}

/**
 * The URL with secret values replaced; everything else as given. Query pairs are split at `&` and
 * `;` (both are separators to some servers and proxies), and path segments' `;name=value`
 * parameters (RFC 3986 §3.3) are treated the same way.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q))
    .split('/')
    .map((segment) =>
      segment
        .split(';')
        .map((part, i) => (i === 0 ? part.replace(JWT_ENCODED, REDACTED) : redactPair(part)))
        .join(';'),
    )
    .join('/');
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split(/([&;])/)
    .map((part) => (part === '&' || part === ';' ? part : redactPair(part)));
  return `${path}?${query.join('')}`;
}
