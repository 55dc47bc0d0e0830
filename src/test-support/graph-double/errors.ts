// Wire errors of the two services the double plays: Microsoft Graph's envelope
// ({"error":{"code","message","innerError":{date,request-id,client-request-id}}}, Graph
// "Microsoft Graph error responses and resource types") and the Microsoft identity platform's
// token-endpoint error ({"error","error_description":"AADSTSnnnn: …","error_codes":[n],…}).
import { randomUUID } from 'node:crypto';

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** Extra innerError members (the 429 sample carries code, message and status there). */
    readonly inner: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export interface RequestIds {
  readonly requestId: string;
  readonly clientRequestId: string;
}

/** Graph's innerError date: UTC, seconds, no zone suffix (graph-api §2.4). */
export const innerDate = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

export function graphErrorBody(error: GraphError, ids: RequestIds, now: number): Record<string, unknown> {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: { ...error.inner, date: innerDate(now), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
    },
  };
}

export const notFound = (what: string): GraphError =>
  new GraphError(404, 'Request_ResourceNotFound', `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`);

export const badRequest = (message: string, code = 'BadRequest'): GraphError => new GraphError(400, code, message);

export const unauthenticated = (message: string): GraphError => new GraphError(401, 'InvalidAuthenticationToken', message);

/** graph-api §2.5 (throttling sample of learn.microsoft.com/graph/throttling). */
export function throttled(retryAfter: string | null): GraphError {
  return new GraphError(429, 'TooManyRequests', 'Please retry again later.', retryAfter === null ? {} : { 'Retry-After': retryAfter }, {
    code: '429',
    message: 'Please retry after',
    status: '429',
  });
}

/** graph-api §2.5 / §2.10: the reporting back-end's licence check. */
export const nonPremium = (): GraphError =>
  new GraphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', "Tenant is not a B2C tenant and doesn't have premium license");

export class AadError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
    this.name = 'AadError';
  }
}

export function aadErrorBody(error: AadError, now: number): Record<string, unknown> {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date(now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    error: error.error,
    error_description: `${error.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [error.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${error.aadsts}`,
  };
}
