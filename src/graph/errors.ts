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

export const badRequest = (message: string, options?: { cause?: unknown }): GraphError => new GraphError(400, 'BadRequest', message, {}, options);

export const invalidToken = (message: string): GraphError => new GraphError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': 'Bearer' });

export const forbidden = (code: string, message: string): GraphError => new GraphError(403, code, message);

export const notFound = (message: string): GraphError => new GraphError(404, 'Request_ResourceNotFound', message);

export const segmentNotFound = (segment: string): GraphError => new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);

export const methodNotAllowed = (method: string, allowed: readonly string[]): GraphError =>
  new GraphError(
    405,
    'Request_BadRequest',
    `The HTTP method '${method}' is not allowed for this resource; this report is read-only and accepts ${allowed.join(', ')}.`,
    { Allow: allowed.join(', ') },
  );

export const internalError = (cause: unknown): GraphError =>
  new GraphError(500, 'InternalServerError', 'The server hit an unexpected error. Quote the request-id when you report it.', {}, { cause });

export const unsupportedMediaType = (message: string): GraphError => new GraphError(415, 'UnsupportedMediaType', message);

/**
 * graph-api §2.5, §2.9: Graph's throttling answer. Retry-After is whole seconds, rounded up, never
 * fractional: Kiota's .NET, Java and Python retry handlers parse it as an integer and fail or fall
 * back on "2.128" (docs/decisions/0050-throttling.md).
 */
export const tooManyRequests = (retryAfterSeconds: number): GraphError =>
  new GraphError(
    429,
    'TooManyRequests',
    'Please retry again later.',
    { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    { innerError: { code: '429', message: 'Please retry after', status: '429' } },
  );

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
  new GraphError(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed for '${path}'; it accepts ${allowed.join(', ')}.`, {
    Allow: allowed.join(', '),
  });

/** A request body larger than its route takes; the connection is closed rather than drained. */
export const requestEntityTooLarge = (message: string): GraphError => new GraphError(413, 'RequestEntityTooLarge', message, { Connection: 'close' });

/** A request body still arriving after the request time limit. */
export const requestTimedOut = (seconds: number): GraphError =>
  new GraphError(408, 'RequestTimeout', `The request was not received within ${seconds} s.`, { Connection: 'close' });

/**
 * An error whose status and code come from below amr's routes (Node's HTTP parser, fastify's
 * checks): the status as they give it, in Graph's envelope.
 */
export const httpError = (status: number, code: string, message: string): GraphError => new GraphError(status, code, message);

/** RFC 9110 §15.5.15; Graph's front end answers such requests before Graph does (docs/decisions/0051). */
export const uriTooLong = (max: number): GraphError =>
  new GraphError(414, 'RequestUriTooLong', `The request URL is longer than ${max} bytes; shorten the $filter or split the query.`);

/** A 413 for an input read to its end past a parse limit: the body was read, so the connection stays open. */
export const inputTooLarge = (message: string): GraphError => new GraphError(413, 'RequestEntityTooLarge', message);

/** `Expect` other than 100-continue (RFC 9110 §10.1.1). */
export const expectationFailed = (): GraphError => new GraphError(417, 'ExpectationFailed', 'Only "Expect: 100-continue" is supported.');

/** graph-api §2.4: an overloaded service answers 503 with Retry-After (the reader pool's queue is full). */
export const storeBusy = (): GraphError =>
  new GraphError(503, 'serviceNotAvailable', 'The server is busy: send the request again shortly.', { 'Retry-After': '1' });

/** graph-api §2.4: 503 with Retry-After; `serviceNotAvailable` is Graph's documented code for it. */
export const serviceShuttingDown = (message: string): GraphError =>
  new GraphError(503, 'serviceNotAvailable', message, { 'Retry-After': '30', Connection: 'close' });

/**
 * A known issuer's keys cannot be fetched now: the token may be good, so retry rather than
 * re-authenticate. graph-api §2.4: `serviceNotAvailable` is Graph's documented code for a 503;
 * Retry-After is the time left on the remembered failure.
 */
export const keysUnavailable = (issuer: string, reason: string, retryAfterSeconds: number): GraphError =>
  new GraphError(503, 'serviceNotAvailable', `The signing keys of the token's issuer (${issuer}) cannot be fetched right now (${reason}); retry later.`, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });

/** graph-api §2.5: the caller's token lacks every permission the operation takes. */
export const permissionMissing = (needed: string, detail: string): GraphError =>
  new GraphError(403, 'Authentication_MSGraphPermissionMissing', `Calling principal does not have required MSGraph permissions ${needed}.${detail}`);

/** graph-api §2.5, §2.11: a delegated caller without one of the reader roles (named). */
export const unsupportedUserRole = (roleNames: readonly string[]): GraphError =>
  new GraphError(
    403,
    'Authentication_RequestFromUnsupportedUserRole',
    `User is not in the allowed roles. Reading these reports needs one of the directory roles ${roleNames.join(', ')}.`,
  );

/** graph-api §2.5: the tenant has no Entra ID P1/P2 licence. */
export const nonPremiumTenant = (): GraphError =>
  new GraphError(
    403,
    'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
    "Tenant is not a B2C tenant and doesn't have premium license. These reports need a Microsoft Entra ID P1 or P2 licence (the tenant snapshot's tenant.license).",
  );

/** A cross-origin page whose origin AMR_CORS_ORIGINS does not list (docs/decisions/0056). */
export const originNotAllowed = (origin: string): GraphError =>
  new GraphError(403, 'Forbidden', `Cross-origin requests from '${origin.slice(0, 200)}' are not allowed by this server (AMR_CORS_ORIGINS).`);

/** The admin API without the right admin key. */
export const invalidAdminKey = (): GraphError =>
  new GraphError(
    401,
    'InvalidAdminKey',
    'The admin API needs the admin key (AMR_ADMIN_KEY) in X-Amr-Admin-Key or Authorization: Bearer; Graph tokens are not accepted here.',
  );

/** GET /metrics without the right bearer (the metrics key or this run's local code; docs/decisions/0056). */
export const invalidMetricsKey = (message: string): GraphError => new GraphError(401, 'InvalidMetricsKey', message, { 'WWW-Authenticate': 'Bearer' });

/** The dashboard's sign-in when amr holds no tenant to show. */
export const noTenant = (): GraphError =>
  new GraphError(
    409,
    'NoTenant',
    'amr holds no tenant yet. Run `npx amr seed` for a demo tenant, or `npx amr import snapshot.json` for your own, then sign in again.',
  );

/** An admin upload past AMR_MAX_UPLOAD_BYTES; the connection is closed rather than drained. */
export const uploadTooLarge = (max: number): GraphError =>
  new GraphError(
    413,
    'RequestEntityTooLarge',
    `The upload is larger than this server accepts (${max} bytes, AMR_MAX_UPLOAD_BYTES); split the export or raise the limit.`,
    { Connection: 'close' },
  );

/** An admin upload whose client sent nothing for too long. */
export const uploadStalled = (ms: number): GraphError =>
  new GraphError(
    408,
    'RequestTimeout',
    `No byte of the upload arrived for ${Math.round(ms / 1000)} s; records committed before are kept: send the file again.`,
    { Connection: 'close' },
  );

/** An admin upload past AMR_UPLOAD_TIMEOUT_MS. */
export const uploadTimedOut = (ms: number): GraphError =>
  new GraphError(
    408,
    'RequestTimeout',
    `The upload took longer than ${Math.round(ms / 1000)} s (AMR_UPLOAD_TIMEOUT_MS); records committed before are kept: send the file again.`,
    { Connection: 'close' },
  );

/** An admin upload whose client left before its end. */
export const uploadClientGone = (): GraphError =>
  new GraphError(400, 'BadRequest', 'The client closed the connection before the upload ended.', { Connection: 'close' });
