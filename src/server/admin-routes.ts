// The admin API (outside Graph's namespace): snapshot upload and tenant listing, guarded by
// AMR_ADMIN_KEY. Graph tokens are never accepted here.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, forbidden, inputTooLarge, invalidAdminKey, unsupportedMediaType, type GraphError } from '../graph/errors.js';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { SnapshotError } from '../ingest/snapshot/index.js';
import { importLogs } from '../ingest/import-logs.js';
import { LogFileError, type RefusedRecord } from '../ingest/logs/index.js';
import type { LimitKind, ParseLimits } from '../ingest/parse-limits.js';

/** Refused records shown in an admin answer; all are counted. */
const MAX_REFUSALS_SHOWN = 100;
import type { AppDeps } from './app-deps.js';
import { adminThrottle } from './throttle.js';
import type { Uploads } from './upload.js';
import type { AlertTriggers } from '../alerts/alert-service.js';

const STREAMED_TYPES = ['application/json', 'application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/gzip', 'application/octet-stream'];

/**
 * One rule for every upload route: a body whose Content-Type is missing or not one of STREAMED_TYPES
 * is a 415 in Graph's envelope (answered before the body is read); no body at all is a 400 (streamedBody).
 */
function checkContentType(request: FastifyRequest): void {
  const given = request.headers['content-type'];
  if (given === undefined) {
    const length = request.headers['content-length'];
    const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (hasBody) throw unsupportedMediaType(`The body has no Content-Type: send it as ${STREAMED_TYPES.join(', ')}.`);
    return;
  }
  const type = given.split(';')[0]!.trim().toLowerCase();
  if (!STREAMED_TYPES.includes(type)) {
    throw unsupportedMediaType(`Content-Type '${given.slice(0, 100)}' is not accepted here: send the body as ${STREAMED_TYPES.join(', ')}.`);
  }
}

/** The parse limits of uploads (decision 0054: AMR_MAX_RECORD_BYTES, AMR_MAX_RECORD_ELEMENTS, AMR_MAX_DEPTH). */
function uploadLimits(deps: AppDeps): Partial<ParseLimits> {
  return deps.config.parseLimits;
}

/** A refusal as the upload's answer: 413 when the input went past a size limit, else 400. */
function refusal(limit: LimitKind | undefined, message: string, cause: unknown): GraphError {
  if (limit === 'bytes') return inputTooLarge(message);
  return badRequest(message, { cause });
}

function encodingOf(contentType: string | undefined): 'json' | 'ndjson' | 'auto' {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type.includes('ndjson') || type === 'application/jsonl') return 'ndjson';
  return 'auto';
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export function checkAdminKey(deps: AppDeps, request: FastifyRequest): void {
  if (deps.config.adminKey === null) {
    throw forbidden('AdminApiDisabled', 'The admin API is off on this server: start it with AMR_ADMIN_KEY set to a secret of 16 or more characters.');
  }
  const header = request.headers['x-amr-admin-key'] ?? request.headers.authorization?.replace(/^Bearer\s+/i, '');
  const given = typeof header === 'string' ? header : '';
  if (!timingSafeEqual(digest(given), digest(deps.config.adminKey))) {
    throw invalidAdminKey();
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant a path names: a GUID, as every token's tid is (a tenant no token could name is refused). */
export function pathTenant(raw: string): string {
  if (!GUID.test(raw))
    throw badRequest(
      `The path names tenant '${raw.slice(0, 64)}', which is not a tenant id: use the tenant's GUID, e.g. /admin/tenants/dd5bff5f-1a20-4f27-864d-c3b9d8f78e1f/logs.`,
    );
  return raw.toLowerCase();
}

/** The request body as the stream the upload routes read (their content types are not parsed); else a 400 naming `what` to send. */
function streamedBody(body: unknown, what: string): Readable {
  if (body === undefined || body === null || typeof (body as Readable).pipe !== 'function') {
    throw badRequest(`Send ${what} as the request body with Content-Type ${STREAMED_TYPES.slice(0, 2).join(' or ')}.`);
  }
  return body as Readable;
}

export function registerAdminRoutes(admin: FastifyInstance, deps: AppDeps, uploads: Uploads, alerts?: AlertTriggers): void {
  // Bodies stream straight into the importer: never buffered whole.
  admin.addContentTypeParser(STREAMED_TYPES, { bodyLimit: deps.config.maxUploadBytes }, (_request, payload, done) => done(null, payload));
  // Its own limit per admin key (there is one, AMR_ADMIN_KEY), counted once the key is verified.
  const throttle = adminThrottle(deps.config.throttle, deps.store.admitShared);
  admin.addHook('onRequest', async (request) => {
    checkAdminKey(deps, request);
    await throttle('AMR_ADMIN_KEY', deps.now());
    if ((request.routeOptions.config as { upload?: boolean }).upload === true) checkContentType(request);
  });

  admin.get('/admin/tenants', async (_request, reply) => {
    reply.send({ value: await deps.store.listTenants() });
  });

  // Logs commit batch by batch (docs/decisions/0010): a refused record never stops the upload,
  // and a broken file keeps what came before it; the answer says which.
  admin.post<{ Params: { tenantId: string } }>(
    '/admin/tenants/:tenantId/logs',
    {
      bodyLimit: deps.config.maxUploadBytes,
      config: { upload: true },
    },
    async (request, reply) => {
      const tenantId = pathTenant(request.params.tenantId);
      const body = streamedBody(request.body, 'the log export');
      const refusals: RefusedRecord[] = [];
      try {
        // uploads.run: size and time limits, shutdown at a batch boundary, metrics (upload.ts).
        const summary = await uploads.run(request, body, { type: 'logs', isRefusal: (e) => e instanceof LogFileError }, (run) =>
          importLogs(run.store, run.body, {
            sourceName: 'the request body',
            tenantId,
            strictTenant: true,
            rejectsPath: null,
            retentionDays: deps.config.retentionDays,
            now: deps.now,
            limits: uploadLimits(deps),
            signal: run.signal,
            onRefused: (batch) => {
              uploads.refused(batch.length);
              for (const r of batch) if (refusals.length < MAX_REFUSALS_SHOWN) refusals.push(r);
            },
          }),
        );
        reply.send({ ...summary, refusals });
      } catch (err) {
        if (err instanceof LogFileError) {
          throw refusal(
            err.limit,
            `The log export stopped at ${err.where}: ${err.message}. Records before it were stored; send the fixed file again (stored records are skipped).`,
            err,
          );
        }
        throw err;
      }
    },
  );

  admin.post<{ Params: { tenantId: string } }>(
    '/admin/tenants/:tenantId/snapshot',
    {
      bodyLimit: deps.config.maxUploadBytes,
      config: { upload: true },
    },
    async (request, reply) => {
      const tenantId = pathTenant(request.params.tenantId);
      const body = streamedBody(request.body, 'the snapshot');
      try {
        const summary = await uploads.run(request, body, { type: 'snapshot', isRefusal: (e) => e instanceof SnapshotError }, (run) =>
          importSnapshot(run.store, run.body, {
            sourceName: `the request path (/admin/tenants/${tenantId})`,
            encoding: encodingOf(request.headers['content-type']),
            now: deps.now,
            expectTenantId: tenantId,
            limits: uploadLimits(deps),
            signal: run.signal,
          }),
        );
        uploads.snapshotImported(summary.read);
        alerts?.tenantChanged(summary.recompute.tenantId); // evaluated after the answer (decision 0093)
        reply.send(summary);
      } catch (err) {
        if (err instanceof SnapshotError) throw refusal(err.limit, `The snapshot was refused and nothing was stored: ${err.where}: ${err.message}`, err);
        throw err;
      }
    },
  );
}
