// Alerts over HTTP (decision 0093): rules, webhooks and their delivery log, and "evaluate now" on
// the admin API (AMR_ADMIN_KEY, JSON bodies); the caller's alerts at GET /amr/v1/alerts with a
// Graph token and the registration report's permissions. Starts the alert service with the server.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AlertService } from '../alerts/alert-service.js';
import { AlertInputError, parseNewRule, patchRule } from '../alerts/rules.js';
import { checkWebhookUrl, newWebhookSecret } from '../alerts/webhooks.js';
import { alertWire, deliveryWire, ruleOf, ruleRecord, webhookWire } from '../alerts/wire.js';
import { badRequest, methodNotAllowed, notFound } from '../graph/errors.js';
import { PERMISSIONS } from '../graph/permissions.js';
import { JSON_CONTENT_TYPE } from '../graph/wire-rules.js';
import { tenantView } from '../store/tenant-view.js';
import { checkAdminKey, pathTenant } from './admin-routes.js';
import type { AppDeps } from './app-deps.js';
import type { CallerGate } from './graph-route.js';
import { adminThrottle } from './throttle.js';

export const ALERTS_PATH = '/amr/v1/alerts';
const ALERT_OPTIONS = ['status', '$top', '$skiptoken'];
const STATUSES = ['open', 'resolved', 'all'] as const;
const MAX_TOP = 999;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The service the server runs: app.ts makes it first so the sync loop and uploads can trigger it. */
export function alertService(deps: AppDeps, log: FastifyInstance['log']): AlertService {
  return new AlertService({ store: deps.store, now: deps.now, log });
}

/** An AlertInputError as the 400 it is; anything else unchanged. */
async function input<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof AlertInputError) throw badRequest(`The request body is not valid: ${err.message}.`, { cause: err });
    throw err;
  }
}

function pathId(raw: string, what: string): string {
  if (!GUID.test(raw)) throw badRequest(`The path names ${what} '${raw.slice(0, 64)}', which is not an id of one: ${what} ids are GUIDs.`);
  return raw.toLowerCase();
}

function topOf(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_TOP)
    throw badRequest(`The query parameter '$top' is '${value.slice(0, 32)}'; use a whole number from 1 to ${MAX_TOP}.`);
  return Number(value);
}

function registerAdminAlertRoutes(admin: FastifyInstance, deps: AppDeps, service: AlertService): void {
  const throttle = adminThrottle(deps.config.throttle, deps.store.admitShared);
  admin.addHook('onRequest', async (request) => {
    checkAdminKey(deps, request);
    await throttle('AMR_ADMIN_KEY', deps.now());
  });
  type P = { Params: { tenantId: string; id: string } };
  const base = '/admin/tenants/:tenantId';
  const ruleAt = async (request: FastifyRequest<P>) => {
    const tenantId = pathTenant(request.params.tenantId);
    const id = pathId(request.params.id, 'alert rule');
    const found = await deps.store.getAlertRule(tenantId, id);
    if (found === null) throw notFound(`Tenant ${tenantId} has no alert rule '${id}'.`);
    return ruleOf(found);
  };

  admin.get<P>(`${base}/alertRules`, async (request) => ({ value: (await deps.store.listAlertRules(pathTenant(request.params.tenantId))).map(ruleOf) }));
  admin.post<P>(`${base}/alertRules`, async (request, reply) => {
    const tenantId = pathTenant(request.params.tenantId);
    const rule = await input(() => parseNewRule(request.body, { id: randomUUID(), tenantId, now: deps.now() }));
    await deps.store.putAlertRule(ruleRecord(rule, deps.now()));
    reply.status(201).send(rule);
  });
  admin.get<P>(`${base}/alertRules/:id`, async (request) => ruleAt(request));
  admin.patch<P>(`${base}/alertRules/:id`, async (request) => {
    const rule = await input(async () => patchRule(await ruleAt(request), request.body));
    await deps.store.putAlertRule(ruleRecord(rule, deps.now()));
    return rule;
  });
  admin.delete<P>(`${base}/alertRules/:id`, async (request, reply) => {
    const rule = await ruleAt(request);
    await deps.store.deleteAlertRule(rule.tenantId, rule.id);
    reply.status(204).send();
  });

  admin.get<P>(`${base}/webhooks`, async (request) => ({ value: (await deps.store.listWebhooks(pathTenant(request.params.tenantId))).map(webhookWire) }));
  admin.post<P>(`${base}/webhooks`, async (request, reply) => {
    const tenantId = pathTenant(request.params.tenantId);
    const body = await input(() => webhookBody(request.body));
    const webhook = { tenantId, id: randomUUID(), url: body.url, secret: newWebhookSecret(), enabled: body.enabled, createdAt: deps.now().toISOString() };
    await deps.store.addWebhook(webhook);
    // The secret is shown this once: the receiver keeps it to check X-Amr-Signature.
    reply.status(201).send({ ...webhookWire(webhook), secret: webhook.secret });
  });
  admin.delete<P>(`${base}/webhooks/:id`, async (request, reply) => {
    const tenantId = pathTenant(request.params.tenantId);
    const id = pathId(request.params.id, 'webhook');
    if (!(await deps.store.deleteWebhook(tenantId, id))) throw notFound(`Tenant ${tenantId} has no webhook '${id}'.`);
    reply.status(204).send();
  });
  admin.get<P & { Querystring: Record<string, string> }>(`${base}/webhooks/:id/deliveries`, async (request) => {
    const tenantId = pathTenant(request.params.tenantId);
    const id = pathId(request.params.id, 'webhook');
    if (!(await deps.store.listWebhooks(tenantId)).some((w) => w.id === id)) throw notFound(`Tenant ${tenantId} has no webhook '${id}'.`);
    const top = topOf(request.query.$top, 100);
    return { value: (await deps.store.listDeliveries(tenantId, id, top)).map(deliveryWire) };
  });
  admin.post<P>(`${base}/alerts/evaluate`, async (request) => service.evaluateNow(pathTenant(request.params.tenantId)));
}

function webhookBody(body: unknown): { url: string; enabled: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AlertInputError('body', 'send a JSON object with url');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b))
    if (key !== 'url' && key !== 'enabled') throw new AlertInputError(key.slice(0, 64), 'is not accepted here: a webhook takes url and enabled');
  if (b['enabled'] !== undefined && typeof b['enabled'] !== 'boolean') throw new AlertInputError('enabled', 'use true or false');
  return { url: checkWebhookUrl(b['url']), enabled: b['enabled'] !== false };
}

/** $skiptoken: the last alert's (first seen, id), base64url JSON. */
function positionOf(token: string | undefined): readonly [string, string] | null {
  if (token === undefined) return null;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // falls through to the 400
  }
  throw badRequest("The query parameter '$skiptoken' is not one this server gave: follow the @odata.nextLink of the previous page.");
}

function registerGraphAlertRoute(app: FastifyInstance, deps: AppDeps, gate: CallerGate): void {
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: ALERTS_PATH,
    handler: async (request, reply) => {
      const principal = await gate.caller(request);
      request.operationId = 'amr.alerts';
      if (request.method !== 'GET' && request.method !== 'HEAD') throw methodNotAllowed(request.method, ['GET']);
      const query = new URLSearchParams((request.raw.url ?? '').split('?')[1] ?? '');
      for (const name of new Set(query.keys())) {
        if (!ALERT_OPTIONS.includes(name))
          throw badRequest(`The query parameter '${name.slice(0, 64)}' is not supported here; use ${ALERT_OPTIONS.join(', ')}.`);
        if (query.getAll(name).length > 1) throw badRequest(`The query parameter '${name}' is given more than once.`);
      }
      const status = query.get('status') ?? 'open';
      if (!(STATUSES as readonly string[]).includes(status))
        throw badRequest(`The query parameter 'status' is '${status.slice(0, 32)}'; use one of ${STATUSES.join(', ')}.`);
      const top = topOf(query.get('$top') ?? undefined, 100);
      const after = positionOf(query.get('$skiptoken') ?? undefined);
      const tenant = await gate.tenantFor(principal, PERMISSIONS.alerts, { needsSnapshot: false, continues: () => after !== null });
      const page = await tenantView(deps.store, tenant).listAlerts({ status: status as (typeof STATUSES)[number], top, after });
      const body: Record<string, unknown> = { value: page.rows.map(alertWire) };
      if (page.next !== null) {
        const next = new URLSearchParams({ status, $top: String(top), $skiptoken: Buffer.from(JSON.stringify(page.next)).toString('base64url') });
        body['@odata.nextLink'] = `${request.party.origin}${ALERTS_PATH}?${next.toString()}`;
      }
      reply.status(200).header('Content-Type', JSON_CONTENT_TYPE).send(JSON.stringify(body));
    },
  });
}

/** Registers the admin alert routes in their own scope (JSON bodies; the uploads' stream parser stays theirs) and GET /amr/v1/alerts. */
export function registerAlertRoutes(app: FastifyInstance, deps: AppDeps, gate: CallerGate, service: AlertService): void {
  registerGraphAlertRoute(app, deps, gate);
  void app.register(async (admin) => registerAdminAlertRoutes(admin, deps, service));
  app.addHook('onListen', async () => service.start());
  app.addHook('preClose', async () => service.stop());
}
