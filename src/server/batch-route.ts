// POST /v1.0/$batch and /beta/$batch, JSON batching (https://learn.microsoft.com/graph/json-batching):
// each inner request runs through this same server (app.inject) with the batch's token, so it is
// authenticated, authorised, throttled, logged and counted exactly as if sent alone
// (docs/decisions/0081-json-batching.md).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiVersion } from '../graph/entities.js';
import {
  failedDependency,
  invalidToken,
  methodNotAllowedAt,
  requestEntityTooLarge,
  requestTimedOut,
  unsupportedMediaType,
  type GraphError,
} from '../graph/errors.js';
import { PLAIN_JSON_CONTENT_TYPE, mediaTypeOf } from '../graph/wire-rules.js';
import type { RequestParty } from './public-origin.js';
import type { Config } from './config.js';
import { MAX_BATCH_REQUESTS, parseBatch, type BatchStep } from './batch-parse.js';
import { batchItem } from './batch-response.js';
import { runSteps, type BatchResponseItem } from './batch-run.js';
import { SMALL_BODY_LIMIT } from './request-limits.js';

export interface BatchRouteDeps {
  readonly config: Config;
  readonly now: () => Date;
}

/**
 * Inner requests of one batch running at once: Graph runs independent requests in any order, in
 * parallel; a few at a time keep one batch from taking every reader thread.
 */
const CONCURRENCY = 4;

/**
 * Marks an inner request as this server's own, with a fresh random value per request, so the inner
 * request takes its batch's origin and client address; a client sending it gains nothing.
 */
const INNER_HEADER = 'x-amr-batch-inner';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

interface Outer {
  readonly party: RequestParty;
  readonly batchRequestId: string;
  readonly stepId: string;
}

/** 20 requests, each with a url as long as the server takes and room for headers and a small body. */
export function batchBodyLimit(config: Config): number {
  return MAX_BATCH_REQUESTS * (config.limits.maxUrlLength + SMALL_BODY_LIMIT);
}

/** Graph's front door refuses a batch without a token before reading it (the same messages as graph-route.ts). */
function requireBearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') throw invalidToken('Access token is empty.');
  if (!/^Bearer\s+\S+\s*$/i.test(header)) throw invalidToken('Access token validation failure. The Authorization header must be "Bearer <token>".');
  return header;
}

/**
 * Graph authenticates the batch itself: a token it refuses is one 401 for the batch, not twenty.
 * amr's inner requests authenticate first, uncounted, so when every one that ran with the batch's
 * token was refused as a token, the token is what failed: answered as the batch's 401.
 */
function refusedToken(steps: readonly BatchStep[], items: readonly BatchResponseItem[]): GraphError | null {
  if (steps.some((s) => s.headers.authorization !== undefined)) return null;
  const ran = items.filter((i) => i.status !== 424);
  const refusal = (i: BatchResponseItem): string | null => {
    const error = (i.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    return i.status === 401 && error?.code === 'InvalidAuthenticationToken' && typeof error.message === 'string' ? error.message : null;
  };
  if (ran.length === 0 || !ran.every((i) => refusal(i) !== null)) return null;
  return invalidToken(refusal(ran[0]!)!);
}

/** A batch body still arriving after the request time limit is answered 408 (as request-limits.ts does for the rest). */
function armBodyTimeout(request: FastifyRequest, reply: FastifyReply, ms: number): void {
  if (request.raw.complete) return;
  const timer = setTimeout(() => {
    if (request.raw.complete || reply.sent) return;
    reply.raw.once('finish', () => request.raw.socket.destroy());
    void reply.send(requestTimedOut(Math.round(ms / 1000)));
  }, ms).unref();
  reply.raw.once('close', () => clearTimeout(timer));
  request.raw.once('end', () => clearTimeout(timer));
}

class BatchRoute {
  /** Inner requests in flight: the value of INNER_HEADER → the batch they belong to. */
  private readonly inner = new Map<string, Outer>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly deps: BatchRouteDeps,
  ) {}

  /** onRequest, after app.ts has resolved the party: an inner request answers with its batch's origin. */
  adopt(request: FastifyRequest): void {
    const mark = request.headers[INNER_HEADER];
    if (mark === undefined) return;
    delete request.headers[INNER_HEADER];
    const outer = typeof mark === 'string' ? this.inner.get(mark) : undefined;
    if (outer === undefined) return;
    request.party = outer.party;
    request.log.info({ batch: outer.batchRequestId, batchRequest: outer.stepId }, 'inner request of a batch');
  }

  async handle(version: ApiVersion, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.operationId = '$batch';
    if (request.method !== 'POST') throw methodNotAllowedAt(request.method, `/${version}/$batch`, ['POST']);
    const authorization = requireBearer(request);
    const media = mediaTypeOf(request.headers['content-type']);
    if (request.body !== undefined && media !== PLAIN_JSON_CONTENT_TYPE) {
      throw unsupportedMediaType(`A JSON batch is sent as Content-Type application/json, not ${media === '' ? 'without one' : media}.`);
    }
    const text = typeof request.body === 'string' ? request.body : '';
    const steps = parseBatch(text, { version, origin: request.party.origin, reservedHeaders: [INNER_HEADER] });
    const items = await runSteps(
      steps,
      {
        run: (step) => this.runInner(request, authorization, step),
        failed: (step, dependency) => this.failedItem(request, step, dependency),
      },
      CONCURRENCY,
    );
    const refused = refusedToken(steps, items);
    if (refused !== null) throw refused;
    // json-batching: the batch answers 200 once parsed; each response carries its own status. Graph's Content-Type is plain JSON.
    // Bytes, so fastify adds no charset parameter to the type Graph sends.
    reply
      .status(200)
      .header('Content-Type', PLAIN_JSON_CONTENT_TYPE)
      .send(Buffer.from(JSON.stringify({ responses: items })));
  }

  private async runInner(outer: FastifyRequest, authorization: string, step: BatchStep): Promise<BatchResponseItem> {
    const mark = randomUUID();
    this.inner.set(mark, { party: outer.party, batchRequestId: String(outer.id), stepId: step.id });
    try {
      const answer = await this.app.inject({
        method: step.method as (typeof METHODS)[number],
        url: step.url,
        // The batch's token and client-request-id, under the step's own headers (json-batching: per-request headers).
        headers: {
          ...(outer.headers.host === undefined ? {} : { host: outer.headers.host }),
          authorization,
          'client-request-id': outer.clientRequestId,
          ...step.headers,
          [INNER_HEADER]: mark,
        },
        ...(step.body === undefined ? {} : { payload: step.body }),
        remoteAddress: outer.socket.remoteAddress ?? '127.0.0.1',
      });
      return batchItem(step.id, answer);
    } finally {
      this.inner.delete(mark);
    }
  }

  private failedItem(outer: FastifyRequest, step: BatchStep, dependency: BatchStep): BatchResponseItem {
    const error = failedDependency(step.id, dependency.id);
    const body = error.body({ requestId: randomUUID(), clientRequestId: outer.clientRequestId, date: this.deps.now() });
    return { id: step.id, status: error.status, headers: { 'Content-Type': PLAIN_JSON_CONTENT_TYPE }, body };
  }
}

/**
 * Mounts the batch routes (call once the Graph routes are registered: an inner request goes to
 * them). The body is read as text under its own limit, so a malformed one is refused in Graph's
 * words, not fastify's.
 */
export function registerBatchRoutes(app: FastifyInstance, deps: BatchRouteDeps): void {
  const route = new BatchRoute(app, deps);
  const bodyLimit = batchBodyLimit(deps.config);
  app.addHook('onRequest', async (request) => route.adopt(request));
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body));
    for (const version of ['v1.0', 'beta'] as const) {
      scope.route({
        method: [...METHODS],
        url: `/${version}/$batch`,
        bodyLimit,
        // Past the small-body check of request-limits.ts, which would refuse any batch over 4 KiB: this route sets its own.
        config: { upload: true },
        onRequest: async (request, reply) => {
          const declared = Number(request.headers['content-length'] ?? 0);
          if (declared > bodyLimit) {
            throw requestEntityTooLarge(
              `A JSON batch body may be at most ${bodyLimit} bytes (${MAX_BATCH_REQUESTS} requests with urls of up to ${deps.config.limits.maxUrlLength} bytes); this one is ${declared}.`,
            );
          }
          armBodyTimeout(request, reply, deps.config.limits.requestTimeoutMs);
        },
        handler: (request, reply) => route.handle(version, request, reply),
      });
    }
  });
}
