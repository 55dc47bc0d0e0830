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

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GraphError';
  }

  /** graph-api §2.4: innerError carries date (UTC, no zone suffix), request-id, client-request-id. */
  body(ids: ErrorIds): GraphErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        innerError: {
          date: ids.date.toISOString().slice(0, 19),
          'request-id': ids.requestId,
          'client-request-id': ids.clientRequestId,
        },
      },
    };
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
