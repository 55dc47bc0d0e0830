// Graph's wire rules in one place: the ids every answer carries (request-id, client-request-id),
// the headers Graph adds to each response, the Prefer preference amr honours, the content types,
// and how a body is written. server/ applies them to fastify's requests and replies.
import type { ErrorIds, GraphError } from './errors.js';

/** What Graph answers JSON with (graph-api §2.3): OData minimal metadata, streamed, UTF-8. */
export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/**
 * Plain JSON, no parameters: a JSON batch's answer and its inner error bodies (Graph sends this
 * there: json-batching), and errors written on a raw socket before any route.
 */
export const PLAIN_JSON_CONTENT_TYPE = 'application/json';

/** Headers Graph sends on every answer besides the ids (graph-api §2.2). */
export const GRAPH_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'OData-Version': '4.0',
  'Cache-Control': 'no-cache',
  'x-ms-ags-diagnostic': '{"ServerInfo":{"DataCenter":"amr","Slice":"A","Ring":"0","ScaleUnit":"000","RoleInstance":"amr"}}',
};

/** OData-Version alone: on answers given before the request reached the hooks that add the rest. */
export const ODATA_VERSION = GRAPH_RESPONSE_HEADERS['OData-Version']!;

// Printable, bounded: echoed into a header and into error bodies.
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** graph-api §2.2: a usable client-request-id is echoed; otherwise it equals request-id. */
export function clientRequestIdOf(given: string | readonly string[] | undefined, requestId: string): string {
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : requestId;
}

/** The preference that shows evolvable enum members after unknownFutureValue (graph-api §2.7). */
export const UNKNOWN_ENUM_MEMBERS = 'include-unknown-enum-members';

/** Whether any Prefer header (one or many, comma-separated) asks for include-unknown-enum-members. */
export function prefersUnknownEnumMembers(prefer: string | readonly string[] | undefined): boolean {
  const values = typeof prefer === 'string' ? [prefer] : (prefer ?? []);
  return values.some((v) => v.split(',').some((p) => p.trim().toLowerCase() === UNKNOWN_ENUM_MEMBERS));
}

/** The Preference-Applied header an answer carries when the preference was honoured. */
export const PREFERENCE_APPLIED = { name: 'Preference-Applied', value: UNKNOWN_ENUM_MEMBERS } as const;

/** The media type of a Content-Type value: lower case, without parameters ('' when absent). */
export const mediaTypeOf = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * A body as sent: a string or bytes is the body as written (a serialised page: decision 0007);
 * anything else is JSON, with only `properties` at every level when given (a projection).
 */
export function serialiseBody(body: unknown, properties?: readonly string[]): string | Buffer {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return JSON.stringify(body, properties as string[] | undefined);
}

/** Graph's error envelope as sent (graph-api §2.4). */
export const errorText = (error: GraphError, ids: ErrorIds): string => JSON.stringify(error.body(ids));
