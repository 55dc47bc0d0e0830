// One inner answer as an item of a JSON batch response: its status, its own headers (as Graph names
// them) and its body (JSON embedded, text as a string, anything else base64url: OData JSON 4.01 §19).
import { mediaTypeOf } from '../graph/wire-rules.js';
import type { BatchResponseItem } from './batch-run.js';

/**
 * Headers that belong to the outer response or the connection, not to one inner answer: the batch
 * carries the ids, CORS and the transport. Graph's own inner headers are Cache-Control,
 * Content-Type, OData-Version, Retry-After and the like (json-batching, example response).
 */
const OUTER_ONLY = new Set([
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'date',
  'request-id',
  'client-request-id',
  'x-ms-ags-diagnostic',
  'strict-transport-security',
  'vary',
]);

/** Spelled as Graph sends them: Microsoft's JavaScript client looks up "Content-Type" with that exact case. */
const SPELLING: Readonly<Record<string, string>> = { 'odata-version': 'OData-Version', 'www-authenticate': 'WWW-Authenticate' };

function headerName(lower: string): string {
  if (SPELLING[lower] !== undefined) return SPELLING[lower];
  if (lower.startsWith('x-ms-')) return lower;
  return lower
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('-');
}

export interface InnerAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly rawPayload: Buffer;
}

function headersOf(answer: InnerAnswer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined || OUTER_ONLY.has(name) || name.startsWith('access-control-')) continue;
    out[headerName(name)] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * OData JSON Format 4.01 §19.2, which Graph's JSON batching implements: "For media type
 * application/json or one of its subtypes … the value of body is JSON. For media types of top-level
 * type text, for example text/plain, the value of body is a string containing the value of the
 * request body. For all other media types the value of body is a string containing the
 * base64url-encoded value". So `$count`'s `text/plain` 42 is "42".
 */
function bodyOf(answer: InnerAnswer): unknown {
  if (answer.rawPayload.length === 0) return undefined;
  const type = mediaTypeOf(String(answer.headers['content-type'] ?? ''));
  const text = (): string => answer.rawPayload.toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(text());
    } catch {
      return text(); // not what it says it is: passed on as text rather than lost
    }
  }
  return type.startsWith('text/') ? text() : answer.rawPayload.toString('base64url');
}

export function batchItem(id: string, answer: InnerAnswer): BatchResponseItem {
  const body = bodyOf(answer);
  return { id, status: answer.statusCode, headers: headersOf(answer), ...(body === undefined ? {} : { body }) };
}
