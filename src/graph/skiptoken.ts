// Opaque $skiptoken: a keyset cursor bound to its tenant, report state and query, signed with
// HMAC so it cannot be forged or moved to another query (graph-api §2.6; docs/decisions/0003).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { badRequest } from './errors.js';

export interface SkipTokenState {
  /** Tenant id. */
  readonly t: string;
  /** Report generation the paging started on. */
  readonly g: number;
  /** Operation id + API version. */
  readonly o: string;
  /** Query options that shape the result, as given: filter, orderby, select, top, count. */
  readonly q: Readonly<Record<string, string>>;
  /** Keyset position after the last row returned. */
  readonly k: readonly string[];
  /** Fingerprint of the caller (application and user) who may continue: see callerFingerprint. */
  readonly c: string;
}

const SIG_BYTES = 16;

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, SIG_BYTES);
}

/**
 * A short keyed hash of who is paging: the client application and, for delegated calls, the
 * signed-in user. A renewed token of the same caller continues; another app or user cannot.
 */
export function callerFingerprint(secret: string, appId: string | null, objectId: string | null): string {
  return createHmac('sha256', secret)
    .update(`caller\u0000${appId ?? ''}\u0000${objectId ?? ''}`)
    .digest()
    .subarray(0, 9)
    .toString('base64url');
}

export function encodeSkipToken(secret: string, state: SkipTokenState): string {
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

const INVALID = 'The $skiptoken is not valid: use the @odata.nextLink of the previous page as it was given.';

export function decodeSkipToken(secret: string, token: string): SkipTokenState {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 8192) throw badRequest(INVALID);
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = sign(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badRequest(INVALID);
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw badRequest(INVALID);
  }
  if (!isState(state)) throw badRequest(INVALID);
  return state;
}

const isStringRecord = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v as Readonly<Record<string, unknown>>).every((x) => typeof x === 'string');

/**
 * Every field of the state, checked even though it is signed: the paging code reads the options
 * back as text and binds the keyset in SQL, so a wrong type must be a 400, never a 500 (defence in
 * depth should the secret leak; found by src/server/fuzz-query.test.ts).
 */
function isState(s: unknown): s is SkipTokenState {
  if (typeof s !== 'object' || s === null) return false;
  const { t, g, o, q, k, c } = s as Record<string, unknown>;
  return (
    typeof t === 'string' &&
    Number.isSafeInteger(g) &&
    (g as number) >= 0 &&
    typeof o === 'string' &&
    typeof c === 'string' &&
    isStringRecord(q) &&
    Array.isArray(k) &&
    (k as readonly unknown[]).every((x) => typeof x === 'string')
  );
}
