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
  /** Query options that shape the result: filter, orderby, select, top, count. */
  readonly q: Readonly<Record<string, string | number | boolean | null>>;
  /** Keyset position after the last row returned. */
  readonly k: readonly string[];
  /** The caller's identity (who may continue), hashed into the signature only. */
  readonly c?: string;
}

const SIG_BYTES = 16;

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, SIG_BYTES);
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
  try {
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SkipTokenState;
    if (typeof state.t !== 'string' || typeof state.g !== 'number' || !Array.isArray(state.k)) throw new Error('shape');
    return state;
  } catch {
    throw badRequest(INVALID);
  }
}
