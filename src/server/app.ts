// Composition of the HTTP server: request ids and Graph headers on every response, limits, metrics
// and shutdown, the operations, Graph and admin routes, and Graph's error envelope for every
// failure (404, 405, 413, 414 and 503 included).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import pino from 'pino';
import {
  GraphError,
  badRequest,
  expectationFailed,
  httpError,
  internalError,
  methodNotAllowedAt,
  notFound,
  serviceShuttingDown,
  storeBusy,
  unsupportedMediaType,
} from '../graph/errors.js';
import { ODataError } from '../odata/odata-error.js';
import { STORE_BUSY } from '../store/store.js';
import { ConfigError, type Config } from './config.js';
import { readFileSync } from 'node:fs';
import { registerGraphRoutes } from './graph-route.js';
import { GRAPH_RESPONSE_HEADERS, JSON_CONTENT_TYPE, ODATA_VERSION, clientRequestIdOf, errorText } from '../graph/wire-rules.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerBatchRoutes } from './batch-route.js';
import { registerDashboardRoutes } from './dashboard-routes.js';
import { registerExtensionRoutes } from './extension-routes.js';
import { alertService, registerAlertRoutes } from './alert-routes.js';
import { registerOverviewRoutes } from './overview-routes.js';
import { registerChangesRoutes } from './changes-routes.js';
import { closeGently } from './graceful-close.js';
import { Metrics } from './metrics.js';
import { OPS_ROUTES, registerOpsRoutes } from './ops-routes.js';
import { SMALL_BODY_LIMIT, clientErrorHandler, registerRequestLimits, serverOptions } from './request-limits.js';
import { ShuttingDown, Uploads } from './upload.js';
import { PublicOrigin, rewriteAbsoluteForm, type RequestParty } from './public-origin.js';
import { registerCors } from './cors.js';
import { trackRouteMethods } from './route-methods.js';
import { SyncLoop } from './sync-loop.js';
import type { AppDeps } from './app-deps.js';

export type { AppDeps } from './app-deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    clientRequestId: string;
    /**
     * The Graph operation a request was dispatched to ('' until then): graph-route.ts sets it once
     * the operations table has matched, and the metrics' route label uses it.
     */
    operationId: string;
    /** Origin of links, client address and proxy use (public-origin.ts), set first thing on every request. */
    party: RequestParty;
  }
}

/** Any failure as a Graph error: ours as they are, OData's as 400, fastify's by status, the rest 500. */
export function toGraphError(err: unknown): GraphError {
  if (err instanceof GraphError) return err;
  if (err instanceof ODataError) return badRequest(err.message);
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === STORE_BUSY) return storeBusy();
  if (e.statusCode === 415) {
    // fastify's own "Unsupported Media Type" names nothing: say what is accepted.
    return unsupportedMediaType("The request body's Content-Type is not accepted here: send application/json.");
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.statusCode === 413 ? 'RequestEntityTooLarge' : e.statusCode === 415 ? 'UnsupportedMediaType' : 'BadRequest';
    return httpError(e.statusCode, code, e.message ?? 'The request is not valid.');
  }
  return internalError(err);
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: GraphError, now: Date): void {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  reply
    .status(error.status)
    .header('Content-Type', JSON_CONTENT_TYPE)
    .send(errorText(error, { requestId: String(request.id), clientRequestId: request.clientRequestId, date: now }));
}

function readTls(tls: NonNullable<Config['tls']>): { cert: Buffer; key: Buffer } {
  try {
    return { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) };
  } catch (err) {
    throw new ConfigError(`cannot read the TLS certificate or key: ${(err as Error).message}`);
  }
}

function fastifyOptions(deps: AppDeps, logger: FastifyBaseLogger) {
  const server = serverOptions(deps.config.limits);
  return {
    genReqId: () => randomUUID(),
    exposeHeadRoutes: false,
    // Graph's routes take no body; the admin uploads stream theirs under their own limit (upload.ts).
    bodyLimit: SMALL_BODY_LIMIT,
    requestTimeout: server.requestTimeout,
    http: server,
    // During shutdown new requests get Graph's 503 from our hook, not fastify's own body.
    return503OnClosing: false,
    clientErrorHandler: clientErrorHandler(deps.logger === false ? null : deps.logger),
    // A URL fastify's router cannot decode (broken percent-encoding) is answered before any hook.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      identify(request, reply);
      sendError(
        request,
        reply,
        error.code === 'FST_ERR_BAD_URL'
          ? badRequest(`The request URL is not valid: ${error.message.replace(/'[^']*'/, 'it')} (check its percent-encoding).`)
          : toGraphError(error),
        deps.now(),
      );
    },
    routerOptions: { maxParamLength: 2048 },
    // RFC 9112 §3.2.2: a request line may name its target in absolute form (`GET http://host/path`).
    rewriteUrl: rewriteAbsoluteForm,
    loggerInstance: logger,
  };
}

function createFastify(deps: AppDeps): FastifyInstance {
  // A disabled pino logger rather than `logger: false`, so the instance has one type either way.
  const logger: FastifyBaseLogger = deps.logger === false ? pino({ enabled: false }) : deps.logger;
  const options = fastifyOptions(deps, logger);
  return deps.config.tls === null
    ? Fastify(options)
    : (Fastify({ ...options, https: { ...options.http, ...readTls(deps.config.tls) } }) as unknown as FastifyInstance);
}

function addGraphHeaders(app: FastifyInstance, origins: PublicOrigin): void {
  app.decorateRequest('clientRequestId', '');
  app.decorateRequest('operationId', '');
  app.decorateRequest('party', null as unknown as RequestParty);
  app.addHook('onRequest', async (request, reply) => {
    request.clientRequestId = clientRequestIdOf(request.headers['client-request-id'], String(request.id));
    reply.header('request-id', String(request.id));
    reply.header('client-request-id', request.clientRequestId);
    for (const [name, value] of Object.entries(GRAPH_RESPONSE_HEADERS)) reply.header(name, value);
    // RFC 9112 §3.2: an HTTP/1.1 request without Host is a 400 (Node's own answer would lack the envelope).
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      throw badRequest('An HTTP/1.1 request needs a Host header.');
    }
    request.party = origins.resolve(request); // a Host that is not host[:port] is a 400 here
  });
}

/** Graph's ids and headers on an answer given before the onRequest hooks run. */
function identify(request: FastifyRequest, reply: FastifyReply): void {
  request.clientRequestId = clientRequestIdOf(request.headers['client-request-id'], String(request.id));
  reply.header('request-id', String(request.id)).header('client-request-id', request.clientRequestId).header('OData-Version', ODATA_VERSION);
}

/** `Expect` other than 100-continue: Node would answer 417 itself, bare; this answers in Graph's envelope. */
function answerExpectation(server: FastifyInstance['server'], now: () => Date): void {
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const id = randomUUID();
    const clientRequestId = clientRequestIdOf(req.headers['client-request-id'], id);
    const error = expectationFailed();
    const body = errorText(error, { requestId: id, clientRequestId, date: now() });
    res.writeHead(417, {
      'Content-Type': JSON_CONTENT_TYPE,
      'Content-Length': Buffer.byteLength(body),
      'request-id': id,
      'client-request-id': clientRequestId,
      'OData-Version': ODATA_VERSION,
      Connection: 'close',
    });
    res.end(body);
  });
}

/**
 * Every request counted by route label and status once its answer is done (499: the client left
 * first); once app.close() begins, imports stop at a batch boundary and new requests get a 503.
 */
function addLifecycle(app: FastifyInstance, metrics: Metrics, shutdown: AbortController): void {
  app.addHook('onRequest', async (request, reply) => {
    metrics.requestStarted();
    let counted = false;
    const count = (status: number) => {
      if (counted) return;
      counted = true;
      metrics.requestFinished(request, status, reply.elapsedTime / 1000);
    };
    reply.raw.once('finish', () => count(reply.raw.statusCode));
    reply.raw.once('close', () => count(499));
    if (shutdown.signal.aborted && !OPS_ROUTES.has(request.routeOptions.url ?? '')) {
      throw serviceShuttingDown('The server is shutting down; send the request again.');
    }
  });
  app.addHook('preClose', async () => {
    shutdown.abort(new ShuttingDown());
  });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = createFastify(deps);
  const routeMethods = trackRouteMethods(app);
  closeGently(app.server);
  answerExpectation(app.server, deps.now);
  const metrics = new Metrics();
  const shutdown = new AbortController();
  const fail = (request: FastifyRequest, reply: FastifyReply, error: GraphError) => sendError(request, reply, error, deps.now());
  addGraphHeaders(app, new PublicOrigin(deps.config.proxy));
  addLifecycle(app, metrics, shutdown);
  registerRequestLimits(app, deps.config.limits, fail);
  registerCors(app, deps.config.corsOrigins); // after the limits and metrics: preflights are requests too

  app.setErrorHandler((err, request, reply) => {
    const graphError = toGraphError(err);
    // The cause (a stack, perhaps SQL) goes to the log with the request id, never into the body.
    if (graphError.status >= 500 && graphError.status !== 503) request.log.error({ err }, 'request failed');
    fail(request, reply, graphError);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = routeMethods.allowed(path);
    if (allowed.length > 0) {
      fail(request, reply, methodNotAllowedAt(request.method, path, allowed));
      return;
    }
    fail(
      request,
      reply,
      notFound(
        `No resource at '${request.url.split('?')[0]}'. Graph resources are under /v1.0 and /beta, e.g. /v1.0/reports/authenticationMethods/userRegistrationDetails.`,
      ),
    );
  });

  const alerts = alertService(deps, app.log); // evaluations after imports and syncs, daily, and webhooks (decision 0093)
  const sync =
    deps.sync !== undefined && deps.config.syncEveryMs !== null
      ? new SyncLoop({
          api: deps.sync,
          store: deps.store,
          periodMs: deps.config.syncEveryMs,
          metrics,
          log: app.log,
          now: deps.now,
          signal: shutdown.signal,
          onSynced: (tenantId) => alerts.tenantChanged(tenantId),
          ...(deps.syncEnv ? { env: deps.syncEnv } : {}),
        })
      : null;
  if (sync !== null) {
    // Started once listening; at shutdown the run in progress is aborted and awaited before the database closes.
    app.addHook('onListen', async () => {
      sync.start();
    });
    app.addHook('preClose', async () => {
      await sync.stop();
    });
  }
  registerOpsRoutes(app, { config: deps.config, store: deps.store, metrics, closing: () => shutdown.signal.aborted, localCode: deps.localCode ?? null, sync });
  const gate = registerGraphRoutes(app, deps);
  registerExtensionRoutes(app, deps, gate);
  registerAlertRoutes(app, deps, gate, alerts);
  registerChangesRoutes(app, deps, gate); // the change feed at /amr/v1/changes (decision 0094)
  registerOverviewRoutes(app, deps, gate); // every tenant at a glance, for operators (decision 0097)
  registerBatchRoutes(app, deps); // JSON batching: each inner request back through this app (decision 0081)
  registerDashboardRoutes(app, deps); // the dashboard at / (decision 0060)
  const uploads = new Uploads(deps.config, deps.store, metrics, shutdown.signal);
  await app.register(async (admin) => registerAdminRoutes(admin, deps, uploads, alerts));
  return app;
}
