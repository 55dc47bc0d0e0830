// Composition of the HTTP server: request ids and Graph headers on every response, the Graph
// routes, the admin API, and Graph's error envelope for every failure (404 and 405 included).
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import pino from 'pino';
import type { Logger } from 'pino';
import { GraphError, internalError } from '../graph/errors.js';
import { ODataError } from '../odata/odata-error.js';
import type { Store } from '../store/store.js';
import { ConfigError, type Config } from './config.js';
import { readFileSync } from 'node:fs';
import { JSON_CONTENT_TYPE, registerGraphRoutes } from './graph-route.js';
import { registerAdminRoutes } from './admin-routes.js';
import type { SigningKey } from './tokens.js';

export interface AppDeps {
  readonly config: Config;
  readonly store: Store;
  readonly signingKey: SigningKey;
  readonly skipTokenSecret: string;
  readonly logger: Logger | false;
  readonly now: () => Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    clientRequestId: string;
  }
}

// Printable, bounded: echoed into a header and into error bodies.
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** Any failure as a Graph error: ours as they are, OData's as 400, fastify's by status, the rest 500. */
export function toGraphError(err: unknown): GraphError {
  if (err instanceof GraphError) return err;
  if (err instanceof ODataError) return new GraphError(400, 'BadRequest', err.message);
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.statusCode === 413 ? 'RequestEntityTooLarge' : e.statusCode === 415 ? 'UnsupportedMediaType' : 'BadRequest';
    return new GraphError(e.statusCode, code, e.message ?? 'The request is not valid.');
  }
  return internalError(err);
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: GraphError, now: Date): void {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  reply.status(error.status).header('Content-Type', JSON_CONTENT_TYPE)
    .send(JSON.stringify(error.body({ requestId: String(request.id), clientRequestId: request.clientRequestId, date: now })));
}

function readTls(tls: NonNullable<Config['tls']>): { cert: Buffer; key: Buffer } {
  try {
    return { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) };
  } catch (err) {
    throw new ConfigError(`cannot read the TLS certificate or key: ${(err as Error).message}`);
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const options = {
    genReqId: () => randomUUID(),
    exposeHeadRoutes: false,
    bodyLimit: 1024 * 1024,
    requestTimeout: 120_000,
    routerOptions: { maxParamLength: 2048 },
  };
  // A disabled pino logger rather than `logger: false`, so the instance has one type either way.
  const logger: FastifyBaseLogger = deps.logger === false ? pino({ enabled: false }) : deps.logger;
  const app = deps.config.tls === null
    ? Fastify({ ...options, loggerInstance: logger })
    : Fastify({ ...options, loggerInstance: logger, https: readTls(deps.config.tls) }) as unknown as FastifyInstance;

  app.decorateRequest('clientRequestId', '');
  app.addHook('onRequest', async (request, reply) => {
    const given = request.headers['client-request-id'];
    // graph-api §2.2: client-request-id is echoed; otherwise it equals request-id.
    request.clientRequestId = typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : String(request.id);
    reply.header('request-id', String(request.id));
    reply.header('client-request-id', request.clientRequestId);
    reply.header('OData-Version', '4.0');
    reply.header('Cache-Control', 'no-cache');
    reply.header('x-ms-ags-diagnostic', '{"ServerInfo":{"DataCenter":"amr","Slice":"A","Ring":"0","ScaleUnit":"000","RoleInstance":"amr"}}');
  });

  app.setErrorHandler((err, request, reply) => {
    const graphError = toGraphError(err);
    if (graphError.status >= 500) request.log.error({ err }, 'request failed');
    sendError(request, reply, graphError, deps.now());
  });
  app.setNotFoundHandler((request, reply) => {
    sendError(request, reply, new GraphError(404, 'Request_ResourceNotFound',
      `No resource at '${request.url.split('?')[0]}'. Graph resources are under /v1.0 and /beta, e.g. /v1.0/reports/authenticationMethods/userRegistrationDetails.`), deps.now());
  });

  // Liveness, outside Graph's namespace; also the benchmark's yardstick of a trivial JSON route.
  app.get('/healthz', async (_request, reply) => reply.send({ status: 'ok' }));
  registerGraphRoutes(app, deps);
  await app.register(async (admin) => registerAdminRoutes(admin, deps));
  return app;
}
