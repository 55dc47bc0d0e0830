// Request URLs as they may be logged: a secret someone put in a URL (a token in `access_token`, an
// authorization `code`, a `key`, a JWT as a path segment) is replaced before the line is written.
// Headers that carry secrets are redacted by path in main.ts; this covers the URL.

/** Query parameters whose values are secrets wherever they appear (lower case, no '$'). */
const SECRET_PARAMETERS: ReadonlySet<string> = new Set([
  'access_token', 'id_token', 'refresh_token', 'token', 'code', 'key', 'apikey', 'api_key', 'client_secret', 'client_assertion',
  'password', 'secret', 'sig', 'signature', 'assertion', 'signin', 'admin_key', 'metrics_key', 'x-amr-admin-key', 'authorization',
]);

/** A JWT or JWS (compact form): base64url header starting `eyJ`, then payload and signature; dots maybe percent-encoded. */
const JWT_ENCODED = /eyJ[A-Za-z0-9_-]{4,}(?:\.|%2e)[A-Za-z0-9_-]*(?:\.|%2e)[A-Za-z0-9_-]*/gi;

export const REDACTED = '[redacted]';

function decoded(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The URL with secret values replaced; everything else as given. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(JWT_ENCODED, REDACTED);
  if (q < 0) return path;
  const query = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (eq < 0) return pair.replace(JWT_ENCODED, REDACTED);
    const plain = decoded(name).trim().toLowerCase().replace(/^\$/, '');
    if (SECRET_PARAMETERS.has(plain)) return `${name}=${REDACTED}`;
    return `${name}=${pair.slice(eq + 1).replace(JWT_ENCODED, REDACTED)}`;
  });
  return `${path}?${query.join('&')}`;
}
