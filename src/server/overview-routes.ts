// GET /amr/v1/tenants/overview (issue 15 item 5; decision 0097): every tenant's coverage, weak-only
// and stale counts, admins without a phishing-resistant method, trend and open alerts, for an
// operator: the admin key (X-Amr-Admin-Key), or a token whose `groups` claim holds one of
// AMR_OPERATOR_GROUPS. Any other caller is refused: a tenant's own token sees its own reports only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, forbidden, methodNotAllowed } from '../graph/errors.js';
import { JSON_CONTENT_TYPE } from '../graph/wire-rules.js';
import type { FilterNode } from '../odata/index.js';
import type { BucketSummary } from '../reports/breakdowns.js';
import type { Store, TenantRecord } from '../store/store.js';
import type { CallerGate, GraphRouteDeps } from './graph-route.js';
import { checkAdminKey } from './admin-routes.js';
import { adminThrottle } from './throttle.js';
import type { AppDeps } from './app-deps.js';

export const TENANTS_OVERVIEW_PATH = '/amr/v1/tenants/overview';
const OPTIONS = ['days', '$top', '$skiptoken'];
const MAX_TOP = 200;
const DAY_MS = 86_400_000;

/** Admins whose strongest usable method is not phishing-resistant (the what-if's most urgent users). */
const ADMINS_WITHOUT_PHISHING_RESISTANT: FilterNode = {
  kind: 'and',
  left: { kind: 'compare', op: 'eq', property: 'isAdmin', value: { kind: 'boolean', value: true } },
  right: { kind: 'compare', op: 'ne', property: 'registeredStrength', value: { kind: 'enum', value: 'phishingResistant' } },
};

const percent = (n: number, total: number): number | null => (total === 0 ? null : Math.round((n / total) * 1000) / 10);

function featureCount(b: BucketSummary, feature: string): number {
  return b.feature.userRegistrationFeatureCounts.find((c) => c.feature === feature)?.userCount ?? 0;
}

/** The shares the overview follows over time: MFA-capable and phishing-resistant. */
function shares(b: BucketSummary): { mfaCapable: number | null; phishingResistant: number | null } {
  return { mfaCapable: percent(featureCount(b, 'mfaCapable'), b.totalUserCount), phishingResistant: percent(b.protection.phishingResistant, b.totalUserCount) };
}

/** One tenant's line; null counts where the tenant has no report state yet. */
async function tenantLine(store: Store, t: TenantRecord, days: number, now: Date): Promise<Record<string, unknown>> {
  const base = {
    tenantId: t.tenantId,
    displayName: t.displayName,
    license: t.license,
    capturedDateTime: t.capturedAt,
    importedDateTime: t.importedAt,
    openAlertCount: await openAlerts(store, t.tenantId),
  };
  const generation = t.currentGeneration;
  const all = generation === null ? undefined : (await store.bucketSummaries(t.tenantId, generation, null))[0];
  if (generation === null || all === undefined) return { ...base, totalUserCount: null, counts: null, coverage: null, trend: null };
  const admins = await store.listProtection({
    tenantId: t.tenantId,
    generation,
    filter: ADMINS_WITHOUT_PHISHING_RESISTANT,
    orderby: [],
    top: 0,
    after: null,
    count: true,
  });
  const to = now.toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const history = await store.bucketHistory(t.tenantId, null, from, to);
  const points = history.flatMap((d) => (d.buckets[0] === undefined ? [] : [{ day: d.day, ...shares(d.buckets[0]) }]));
  const first = points[0];
  const now$ = shares(all);
  const change = (k: 'mfaCapable' | 'phishingResistant'): number | null =>
    first === undefined || first[k] === null || now$[k] === null ? null : Math.round((now$[k] - first[k]) * 10) / 10;
  return {
    ...base,
    totalUserCount: all.totalUserCount,
    counts: {
      ...all.protection,
      weakMfaOnly: all.protection.weakMfa,
      staleMethodUsers: all.staleUserCount,
      adminsWithoutPhishingResistant: admins.count ?? 0,
    },
    coverage: {
      mfaCapable: now$.mfaCapable,
      ssprCapable: percent(featureCount(all, 'ssprCapable'), all.totalUserCount),
      passwordlessCapable: percent(featureCount(all, 'passwordlessCapable'), all.totalUserCount),
      phishingResistant: now$.phishingResistant,
    },
    trend: { from, to, change: { mfaCapable: change('mfaCapable'), phishingResistant: change('phishingResistant') }, days: points },
  };
}

/** A tenant's open alerts (few: one per condition that holds), counted a page at a time. */
async function openAlerts(store: Store, tenantId: string): Promise<number> {
  let n = 0;
  let after: readonly [string, string] | null = null;
  do {
    const page = await store.listAlerts({ tenantId, status: 'open', top: 1000, after });
    n += page.rows.length;
    after = page.next;
  } while (after !== null);
  return n;
}

function single(query: URLSearchParams, name: string): string | undefined {
  if (query.getAll(name).length > 1) throw badRequest(`The query parameter '${name}' is given more than once.`);
  return query.get(name) ?? undefined;
}

function whole(name: string, raw: string | undefined, dflt: number, min: number, max: number): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw badRequest(`The query parameter '${name}' is '${raw.slice(0, 32)}'; use a whole number from ${min} to ${max}.`);
  return n;
}

export function registerOverviewRoutes(app: FastifyInstance, deps: AppDeps & GraphRouteDeps, gate: CallerGate): void {
  const throttleAdmin = adminThrottle(deps.config.throttle, deps.store.admitShared);
  const admitOperator = async (request: FastifyRequest): Promise<void> => {
    if (request.headers['x-amr-admin-key'] !== undefined) {
      checkAdminKey(deps, request);
      await throttleAdmin('AMR_ADMIN_KEY', deps.now());
      return;
    }
    const principal = await gate.caller(request);
    const operator = deps.config.operatorGroups.some((g) => principal.groups.has(g));
    if (!operator) {
      throw forbidden(
        'Authorization_RequestDenied',
        deps.config.operatorGroups.length === 0
          ? 'The tenants overview is for operators: send the admin key (X-Amr-Admin-Key), or configure AMR_OPERATOR_GROUPS and sign in as a member of one.'
          : "The tenants overview is for operators: the token's groups claim holds none of the groups in AMR_OPERATOR_GROUPS.",
      );
    }
  };
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: TENANTS_OVERVIEW_PATH,
    handler: async (request, reply) => {
      request.operationId = 'amr.tenantsOverview';
      await admitOperator(request);
      if (request.method !== 'GET' && request.method !== 'HEAD') throw methodNotAllowed(request.method, ['GET']);
      const raw = (request.raw.url ?? '').split('?')[1] ?? '';
      const query = new URLSearchParams(raw);
      for (const name of new Set(query.keys())) {
        if (!OPTIONS.includes(name)) throw badRequest(`The query parameter '${name.slice(0, 64)}' is not supported here; use ${OPTIONS.join(', ')}.`);
      }
      const days = whole('days', single(query, 'days'), 30, 1, 3650);
      const top = whole('$top', single(query, '$top'), 50, 1, MAX_TOP);
      // Tenants in id order; the token is the last id of the page before (an operator sees every tenant: nothing to sign).
      const after = single(query, '$skiptoken');
      if (after !== undefined && !/^[0-9a-f-]{36}$/.test(after))
        throw badRequest('The $skiptoken is not one this server issued: follow the @odata.nextLink as given.');
      const tenants = [...(await deps.store.listTenants())]
        .sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1))
        .filter((t) => after === undefined || t.tenantId > after);
      const page = tenants.slice(0, top);
      const now = deps.now();
      const value = [];
      for (const t of page) value.push(await tenantLine(deps.store, t, days, now));
      const body: Record<string, unknown> = { value };
      if (tenants.length > top) {
        const next = new URLSearchParams([...query].filter(([n]) => n !== '$skiptoken'));
        next.set('$skiptoken', page[page.length - 1]!.tenantId);
        body['@odata.nextLink'] = `${request.party.origin}${TENANTS_OVERVIEW_PATH}?${next.toString()}`;
      }
      reply.status(200).header('Content-Type', JSON_CONTENT_TYPE).send(JSON.stringify(body));
    },
  });
}
