// Reads a JSON batch body (https://learn.microsoft.com/graph/json-batching) into checked steps, or
// refuses the whole batch with a 400 naming the request (index and id) and what is wrong with it.
import { METHODS } from 'node:http';
import { badRequest, type GraphError } from '../graph/errors.js';
import type { ApiVersion } from '../graph/entities.js';
import { mediaTypeOf } from '../graph/wire-rules.js';

/** json-batching, "Batch size limitations": "JSON batch requests are currently limited to 20 individual requests." */
export const MAX_BATCH_REQUESTS = 20;

/** Request headers an inner request may not set: they describe the outer connection and its body. */
const CONNECTION_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const KNOWN_METHODS = new Set(METHODS);

export interface BatchStep {
  readonly index: number;
  /** As given (a number is taken as its decimal string); answered with the same id. */
  readonly id: string;
  readonly method: string;
  /** Path and query under the batch's version: `/v1.0/reports/…?…`. */
  readonly url: string;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer | undefined;
  /** Indexes of the steps this one waits for. */
  readonly dependsOn: readonly number[];
}

export interface BatchScope {
  readonly version: ApiVersion;
  /** The origin clients reach this server at: an absolute url naming it is accepted. */
  readonly origin: string;
  /** Header names the server itself uses between a batch and its inner requests. */
  readonly reservedHeaders: readonly string[];
}

const invalid = (message: string): GraphError => badRequest(`Invalid batch payload format: ${message}`);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(text: string): unknown {
  if (text.trim() === '') throw invalid('the body is empty; send {"requests":[{"id":"1","method":"GET","url":"/reports/…"}]}.');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalid(`the body is not valid JSON (${(err as Error).message}).`);
  }
}

function requestsOf(body: unknown): readonly unknown[] {
  if (!isRecord(body)) throw invalid('the body must be a JSON object {"requests":[…]}.');
  const requests = body.requests;
  if (requests === undefined) throw invalid('the body has no "requests" property; send {"requests":[…]}.');
  if (!Array.isArray(requests)) throw invalid('"requests" must be an array of requests.');
  if (requests.length === 0) throw invalid('"requests" is empty; a batch holds 1 to 20 requests.');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw invalid(`"requests" holds ${requests.length} requests; JSON batch requests are limited to ${MAX_BATCH_REQUESTS}.`);
  }
  return requests;
}

function idOf(raw: unknown, at: string): string {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (raw === undefined || raw === null) throw invalid(`${at} has no id (a string, unique in the batch).`);
  if (typeof raw !== 'string' || raw.trim() === '') throw invalid(`${at}.id must be a non-empty string.`);
  return raw;
}

function methodOf(raw: unknown, at: string): string {
  if (raw === undefined || raw === null) throw invalid(`${at} has no method (e.g. "GET").`);
  const method = typeof raw === 'string' ? raw.toUpperCase() : '';
  if (!KNOWN_METHODS.has(method)) throw invalid(`${at}.method ${JSON.stringify(raw)} is not an HTTP method.`);
  return method;
}

/** A path segment as a server will read it once percent-decoded (undecodable: as written). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** An absolute url is accepted only for this server and this batch's version; the rest is relative to the version. */
function relativeUrl(url: string, at: string, scope: BatchScope): string {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//')) return url.startsWith('/') ? url.slice(1) : url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(
      `${at}.url '${url}' is not a valid URL; give it relative to /${scope.version}, e.g. "/reports/authenticationMethods/userRegistrationDetails".`,
    );
  }
  if (parsed.origin !== new URL(scope.origin).origin) {
    throw invalid(`${at}.url '${url}' names another server (${parsed.origin}); a batch runs requests on this one: give the url relative to /${scope.version}.`);
  }
  const prefix = `/${scope.version}/`;
  if (!parsed.pathname.startsWith(prefix)) throw invalid(`${at}.url '${url}' is not under ${prefix}, this batch's version.`);
  return parsed.pathname.slice(prefix.length) + parsed.search;
}

function urlOf(raw: unknown, at: string, scope: BatchScope): string {
  if (raw === undefined || raw === null || raw === '')
    throw invalid(`${at} has no url (relative to /${scope.version}, e.g. "/reports/authenticationMethods/userRegistrationDetails").`);
  if (typeof raw !== 'string') throw invalid(`${at}.url must be a string.`);
  // URL parsers drop tabs and newlines and read '\' as '/': refused, so the path checked is the path run.
  if (/[\x00-\x1f\x7f\\]/.test(raw)) throw invalid(`${at}.url holds a control character or a backslash.`);
  // A fragment means nothing to a server: '#' (as in a guest's '#EXT#' UPN) is part of the query.
  const relative = relativeUrl(raw, at, scope).replaceAll('#', '%23');
  const q = relative.indexOf('?');
  for (const segment of (q < 0 ? relative : relative.slice(0, q)).split('/').map(decoded)) {
    if (segment === '.' || segment === '..') throw invalid(`${at}.url '${raw}' has a '${segment}' segment; name the resource directly.`);
    if (segment.toLowerCase() === '$batch') throw invalid(`${at}.url '${raw}' is a $batch: batches cannot be nested.`);
  }
  return `/${scope.version}/${relative}`;
}

function headerValue(name: string, raw: unknown, at: string): string {
  const value =
    Array.isArray(raw) && raw.every((v) => typeof v === 'string')
      ? raw.join(', ')
      : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? String(raw)
        : null;
  if (value === null) throw invalid(`${at}.headers['${name}'] must be a string.`);
  if (/[\r\n\0]/.test(value)) throw invalid(`${at}.headers['${name}'] holds a line break or NUL.`);
  return value;
}

function headersOf(raw: unknown, at: string, scope: BatchScope): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw invalid(`${at}.headers must be an object of header names and values, e.g. {"ConsistencyLevel":"eventual"}.`);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!HEADER_NAME.test(name)) throw invalid(`${at}.headers has '${name}', which is not a valid header name.`);
    const lower = name.toLowerCase();
    if (CONNECTION_HEADERS.has(lower) || scope.reservedHeaders.includes(lower)) continue;
    out[lower] = headerValue(name, value, at);
  }
  return out;
}

/** json-batching: "When a body is included with the request, the headers object must contain a value for Content-Type." */
function bodyOf(raw: unknown, headers: Readonly<Record<string, string>>, at: string): string | Buffer | undefined {
  if (raw === undefined || raw === null) return undefined;
  const type = headers['content-type'];
  if (type === undefined) throw invalid(`${at} has a body but no Content-Type in its headers.`);
  const media = mediaTypeOf(type);
  if (media === 'application/json' || media.endsWith('+json')) return JSON.stringify(raw);
  if (typeof raw !== 'string') throw invalid(`${at}.body must be a string (text, or base64url for binary) for Content-Type ${media}.`);
  return media.startsWith('text/') ? raw : Buffer.from(raw, 'base64url');
}

interface Draft {
  readonly step: Omit<BatchStep, 'dependsOn'>;
  readonly dependsOn: unknown;
  readonly at: string;
}

function draftOf(raw: unknown, index: number, scope: BatchScope): Draft {
  const place = `requests[${index}]`;
  if (!isRecord(raw)) throw invalid(`${place} must be an object with id, method and url.`);
  const id = idOf(raw.id, place);
  const at = `${place} (id '${id}')`;
  const method = methodOf(raw.method, at);
  const url = urlOf(raw.url, at, scope);
  const headers = headersOf(raw.headers, at, scope);
  return { step: { index, id, method, url, headers, body: bodyOf(raw.body, headers, at) }, dependsOn: raw.dependsOn, at };
}

/** Ids compare ignoring case (json-batching: the id is "Not case-sensitive. Must be unique in the batch"). */
function dependencies(drafts: readonly Draft[]): number[][] {
  const byId = new Map<string, number>();
  for (const d of drafts) {
    const key = d.step.id.toLowerCase();
    const other = byId.get(key);
    if (other !== undefined) throw invalid(`${d.at} has the same id as requests[${other}]; ids must be unique in the batch (ignoring case).`);
    byId.set(key, d.step.index);
  }
  return drafts.map((d) => {
    if (d.dependsOn === undefined || d.dependsOn === null) return [];
    if (!Array.isArray(d.dependsOn)) throw invalid(`${d.at}.dependsOn must be an array of request ids.`);
    return d.dependsOn.map((raw) => {
      const target = typeof raw === 'string' || typeof raw === 'number' ? byId.get(String(raw).toLowerCase()) : undefined;
      if (target === undefined) throw invalid(`${d.at}.dependsOn names ${JSON.stringify(raw)}, which is not the id of a request in this batch.`);
      if (target === d.step.index) throw invalid(`${d.at} depends on itself.`);
      return target;
    });
  });
}

/** Refuses a dependency cycle, naming it (a → b → a). */
function refuseCycles(drafts: readonly Draft[], deps: readonly (readonly number[])[]): void {
  const state = new Array<0 | 1 | 2>(drafts.length).fill(0); // unvisited, on the path, done
  const path: number[] = [];
  const visit = (i: number): void => {
    if (state[i] === 2) return;
    if (state[i] === 1) {
      const cycle = [...path.slice(path.indexOf(i)), i].map((k) => `'${drafts[k]!.step.id}'`);
      throw invalid(`the dependsOn of requests ${cycle.join(' → ')} form a cycle; no request in it could run.`);
    }
    state[i] = 1;
    path.push(i);
    for (const d of deps[i]!) visit(d);
    path.pop();
    state[i] = 2;
  };
  for (let i = 0; i < drafts.length; i++) visit(i);
}

export function parseBatch(text: string, scope: BatchScope): BatchStep[] {
  const drafts = requestsOf(parseJson(text)).map((raw, i) => draftOf(raw, i, scope));
  const deps = dependencies(drafts);
  refuseCycles(drafts, deps);
  return drafts.map((d, i) => ({ ...d.step, dependsOn: deps[i]! }));
}
