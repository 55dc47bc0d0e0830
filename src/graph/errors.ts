// Graph's error envelope (graph-api §2.4) and the only factories that make wire errors.

export interface ErrorIds {
  readonly requestId: string;
  readonly clientRequestId: string;
  readonly date: Date;
}

export interface GraphErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly innerError: Readonly<Record<string, string>>;
  };
}

export interface GraphErrorOptions {
  readonly cause?: unknown;
  /** Fields an error adds to innerError (e.g. the 429's code, message, status); never the ids. */
  readonly innerError?: Readonly<Record<string, string>>;
}

/**
 * Graph's innerError order: the throttling sample (graph-api §2.5) lists code, date, message,
 * request-id, status; client-request-id comes last in every observed body (§2.4).
 */
const INNER_ERROR_ORDER = ['code', 'date', 'message', 'request-id', 'status', 'client-request-id'];

export class GraphError extends Error {
  /** Extra innerError fields, placed in Graph's order around the ids. */
  readonly innerError: Readonly<Record<string, string>>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    options?: GraphErrorOptions,
  ) {
    super(message, options !== undefined && 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'GraphError';
    this.innerError = options?.innerError ?? {};
  }

  /** graph-api §2.4: innerError carries date (UTC, no zone suffix), request-id, client-request-id. */
  body(ids: ErrorIds): GraphErrorBody {
    const fields: Record<string, string> = {
      ...this.innerError,
      date: ids.date.toISOString().slice(0, 19),
      'request-id': ids.requestId,
      'client-request-id': ids.clientRequestId,
    };
    const known = INNER_ERROR_ORDER.filter((k) => k in fields);
    const rest = Object.keys(fields).filter((k) => !INNER_ERROR_ORDER.includes(k));
    const order = [...known.slice(0, -1), ...rest, 'client-request-id'];
    return { error: { code: this.code, message: this.message, innerError: Object.fromEntries(order.map((k) => [k, fields[k]!])) } };
  }
}

export const badRequest = (message: string, options?: { cause?: unknown }): GraphError =>
  new GraphError(400, 'BadRequest', message, {}, options);

export const invalidToken = (message: string): GraphError =>
  new GraphError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': 'Bearer' });

export const forbidden = (code: string, message: string): GraphError => new GraphError(403, code, message);

export const notFound = (message: string): GraphError => new GraphError(404, 'Request_ResourceNotFound', message);

export const segmentNotFound = (segment: string): GraphError =>
  new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);

export const methodNotAllowed = (method: string, allowed: readonly string[]): GraphError =>
  new GraphError(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed for this resource; this report is read-only and accepts ${allowed.join(', ')}.`, { Allow: allowed.join(', ') });

export const internalError = (cause: unknown): GraphError =>
  new GraphError(500, 'InternalServerError', 'The server hit an unexpected error. Quote the request-id when you report it.', {}, { cause });

export const unsupportedMediaType = (message: string): GraphError => new GraphError(415, 'UnsupportedMediaType', message);

/**
 * graph-api §2.5, §2.9: Graph's throttling answer. Retry-After is whole seconds, rounded up, never
 * fractional: Kiota's .NET, Java and Python retry handlers parse it as an integer and fail or fall
 * back on "2.128" (docs/decisions/0050-throttling.md).
 */
export const tooManyRequests = (retryAfterSeconds: number): GraphError =>
  new GraphError(429, 'TooManyRequests', 'Please retry again later.', { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    { innerError: { code: '429', message: 'Please retry after', status: '429' } });

/** OData 4.01 Part 1 §8.2.1, §11.1.2: a format the resource cannot be given in (Accept or $format). */
export const notAcceptable = (message: string): GraphError => new GraphError(406, 'NotAcceptable', message);

/**
 * JSON batching (https://learn.microsoft.com/graph/json-batching): "If an individual request
 * fails, any request that depends on that request fails with status code 424 (Failed Dependency)."
 */
export const failedDependency = (id: string, dependency: string): GraphError =>
  new GraphError(424, 'FailedDependency', `Request '${id}' was not run: it depends on request '${dependency}', which failed.`);

/** A method a route does not take (RFC 9110 §15.5.6), naming the path and what it accepts. */
export const methodNotAllowedAt = (method: string, path: string, allowed: readonly string[]): GraphError =>
  new GraphError(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed for '${path}'; it accepts ${allowed.join(', ')}.`, { Allow: allowed.join(', ') });

/** A request body larger than its route takes; the connection is closed rather than drained. */
export const requestEntityTooLarge = (message: string): GraphError =>
  new GraphError(413, 'RequestEntityTooLarge', message, { Connection: 'close' });

/** A request body still arriving after the request time limit. */
export const requestTimedOut = (seconds: number): GraphError =>
  new GraphError(408, 'RequestTimeout', `The request was not received within ${seconds} s.`, { Connection: 'close' });
