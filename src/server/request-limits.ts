// Size and time limits on every request, before any route runs: URL length, body size, the time to
// receive headers and body; failures below fastify (malformed HTTP, oversized headers, Node's own
// timeouts) answered in Graph's envelope too (docs/decisions/0051).
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { httpError, requestEntityTooLarge, requestTimedOut, uriTooLong, type GraphError } from '../graph/errors.js';
import { PLAIN_JSON_CONTENT_TYPE, errorText } from '../graph/wire-rules.js';
import type { LimitsConfig } from './config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An admin upload: streams a large body under its own limits (upload.ts), not the small ones here. */
    upload?: boolean;
  }
}

/** Graph's routes are all GET: a body is never needed, so a tiny one is all that is read. */
export const SMALL_BODY_LIMIT = 4096;
/** Room for the request headers on top of the longest URL. */
const HEADER_ALLOWANCE = 16 * 1024;

/** Options for Node's HTTP(S) server: fastify passes `http`/`https` through to createServer. */
export function serverOptions(limits: LimitsConfig): {
  maxHeaderSize: number;
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
  requireHostHeader: boolean;
} {
  return {
    // Node would answer a Host-less HTTP/1.1 request itself, outside Graph's envelope: app.ts does.
    requireHostHeader: false,
    maxHeaderSize: limits.maxUrlLength + HEADER_ALLOWANCE,
    headersTimeout: limits.headersTimeoutMs,
    // Node holds every request to one deadline; uploads need the longest, the rest get theirs below.
    requestTimeout: Math.max(limits.requestTimeoutMs, limits.uploadTimeoutMs, limits.headersTimeoutMs),
    // Node checks its deadlines this often (default 30 s, too coarse for a 30 s header timeout).
    connectionsCheckingInterval: Math.min(5_000, Math.max(250, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

const bodyTooLarge = (): GraphError => requestEntityTooLarge(`This resource takes no request body (at most ${SMALL_BODY_LIMIT} bytes are read).`);

type SendError = (request: FastifyRequest, reply: FastifyReply, error: GraphError) => void;

/**
 * A request whose body is still arriving after requestTimeoutMs is answered 408 and its connection
 * closed. Handler time is not limited: a received request is answered however long it takes.
 */
function armRequestTimeout(request: FastifyRequest, reply: FastifyReply, ms: number, send: SendError): void {
  if (request.raw.complete) return;
  const timer = setTimeout(() => {
    if (request.raw.complete || reply.sent) return;
    reply.raw.once('finish', () => request.raw.socket.destroy());
    send(request, reply, requestTimedOut(Math.round(ms / 1000)));
  }, ms).unref();
  reply.raw.once('close', () => clearTimeout(timer));
  request.raw.once('end', () => clearTimeout(timer));
}

export function registerRequestLimits(app: FastifyInstance, limits: LimitsConfig, send: SendError): void {
  app.addHook('onRequest', async (request, reply) => {
    if ((request.raw.url ?? '').length > limits.maxUrlLength) throw uriTooLong(limits.maxUrlLength);
    if (request.routeOptions.config.upload === true) return;
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > SMALL_BODY_LIMIT) throw bodyTooLarge();
    armRequestTimeout(request, reply, limits.requestTimeoutMs, send);
  });
}

const SOCKET_ERRORS: Readonly<Record<string, readonly [number, string, string, string]>> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'RequestTimeout', 'The request was not received in time.'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'RequestHeaderFieldsTooLarge', 'The request line and headers are too large.'],
};

/**
 * Errors Node meets before a request exists (no route, no hooks): answered in Graph's envelope on
 * the raw socket, with a fresh request-id, then the connection is closed.
 */
export function clientErrorHandler(logger: Logger | null): (err: Error & { code?: string }, socket: Socket) => void {
  return (err, socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, reason, code, message] = SOCKET_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', 'BadRequest', 'The request is not valid HTTP/1.1.'];
    const requestId = randomUUID();
    logger?.info({ reqId: requestId, code: err.code }, 'client error before routing');
    const body = errorText(httpError(status, code, message), { requestId, clientRequestId: requestId, date: new Date() });
    // A response already under way on this socket (Node's own field) cannot be replaced: just close.
    const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (!socket.writable || answering) {
      socket.destroy();
      return;
    }
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${PLAIN_JSON_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `request-id: ${requestId}\r\nclient-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
    setTimeout(() => socket.destroy(), 1_000).unref();
  };
}
