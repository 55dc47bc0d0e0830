// CORS as Graph answers it (docs/decisions/0056): a browser app may point its Graph client at amr.
// On the API paths (/v1.0, /beta, /amr/v1) preflights are answered without a token, and answers
// carry the headers a page needs to read them; no credentials (the token is a header, never a
// cookie). The admin API and the dashboard's own routes stay same-origin: no CORS headers at all.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { originNotAllowed } from '../graph/errors.js';

/** The paths a cross-origin page may call. */
export const CORS_PATH = /^\/(v1\.0|beta|amr\/v1)(\/|\?|$)/;

/** What a Graph client sends beyond the safelisted headers: Microsoft's JS clients add SdkVersion and client-request-id. */
export const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Prefer',
  'ConsistencyLevel',
  'client-request-id',
  'return-client-request-id',
  'SdkVersion',
  'User-Agent',
];
/** What a page may read of an answer: Graph's ids for support, Retry-After for back-off, the applied preference. */
export const EXPOSED_HEADERS = ['request-id', 'client-request-id', 'Retry-After', 'Preference-Applied', 'OData-Version'];
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Browsers cap this themselves (Chromium at 2 hours). */
const MAX_AGE_SECONDS = 7200;

function allowedOrigin(allowed: '*' | readonly string[], origin: string): string | null {
  if (allowed === '*') return '*';
  return allowed.includes(origin) ? origin : null;
}

function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && typeof request.headers['access-control-request-method'] === 'string';
}

/**
 * `allowed`: '*' (any origin, answered with `*`), a list of origins (echoed, with Vary: Origin), or
 * an empty list (no cross-origin access: preflights are refused).
 */
export function registerCors(app: FastifyInstance, allowed: '*' | readonly string[]): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!CORS_PATH.test(request.url)) return;
    if (allowed !== '*') reply.header('Vary', 'Origin');
    if (typeof origin !== 'string') return;
    const allow = allowedOrigin(allowed, origin);
    if (allow === null) {
      if (isPreflight(request)) throw originNotAllowed(origin);
      return; // an actual request is answered; without the header the browser keeps the answer from the page
    }
    reply.header('Access-Control-Allow-Origin', allow);
    if (!isPreflight(request)) {
      reply.header('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
      return;
    }
    reply
      .header('Access-Control-Allow-Methods', ALLOWED_METHODS.join(', '))
      .header('Access-Control-Allow-Headers', ALLOWED_HEADERS.join(', '))
      .header('Access-Control-Max-Age', String(MAX_AGE_SECONDS))
      .status(204)
      .send();
    return reply;
  });
}
