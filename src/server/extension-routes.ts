// amr's own endpoints, outside Graph's namespace (under /amr/v1): what Graph does not offer, with
// the same tokens, permissions, throttling and error envelope as the Graph routes (decision 0053).
//
// GET /amr/v1/reports/registrationHistory?days=N&includedUserTypes=…&includedUserRoles=…&groupBy=…
//   The tenant's registration state per UTC day over the last N days (1–3650, default 30), for one
//   audience: users, and per feature and per method, as usersRegisteredByFeature/ByMethod count them.
//   With groupBy (decision 0092) each day also carries its buckets, as registrationSummary writes
//   them; breakdowns are of all users, so groupBy takes no audience other than 'all'.
// amr's other reports (userProtection, the summaries) are rows of graph/amr-operations.ts.
import type { FastifyInstance } from 'fastify';
import { badRequest, methodNotAllowed } from '../graph/errors.js';
import { includedUserRoles, includedUserTypes } from '../graph/enums.js';
import { PERMISSIONS } from '../graph/permissions.js';
import { tenantView } from '../store/tenant-view.js';
import type { CallerGate, GraphRouteDeps } from './graph-route.js';
import { JSON_CONTENT_TYPE } from '../graph/wire-rules.js';
import { groupByOf } from '../graph/group-by.js';
import { registrationBucket } from '../graph/wire/protection.js';
import type { BucketHistoryDay } from '../reports/breakdowns.js';

export const REGISTRATION_HISTORY_PATH = '/amr/v1/reports/registrationHistory';
const MAX_DAYS = 3650;
const OPTIONS = ['days', 'includedUserTypes', 'includedUserRoles', 'groupBy'];

function member(name: string, value: string | undefined, members: readonly string[]): string {
  if (value === undefined) return 'all';
  const allowed = members.filter((m) => m !== 'unknownFutureValue');
  const found = allowed.find((m) => m.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw badRequest(`The query parameter '${name}' is '${value.slice(0, 64)}'; use one of ${allowed.join(', ')}.`);
  return found;
}

function days(value: string | undefined): number {
  if (value === undefined) return 30;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_DAYS)
    throw badRequest(`The query parameter 'days' is '${value.slice(0, 32)}'; use a whole number from 1 to ${MAX_DAYS}.`);
  return n;
}

function bucketsByDay(days: readonly BucketHistoryDay[]): Map<string, readonly Record<string, unknown>[]> {
  return new Map(days.map((d) => [d.day, d.buckets.map(registrationBucket)]));
}

export function registerExtensionRoutes(app: FastifyInstance, deps: GraphRouteDeps, gate: CallerGate): void {
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: REGISTRATION_HISTORY_PATH,
    handler: async (request, reply) => {
      const principal = await gate.caller(request);
      request.operationId = 'amr.registrationHistory';
      if (request.method !== 'GET' && request.method !== 'HEAD') throw methodNotAllowed(request.method, ['GET']);
      const query = new URLSearchParams((request.raw.url ?? '').split('?')[1] ?? '');
      for (const name of new Set(query.keys())) {
        if (!OPTIONS.includes(name)) throw badRequest(`The query parameter '${name.slice(0, 64)}' is not supported here; use ${OPTIONS.join(', ')}.`);
        if (query.getAll(name).length > 1) throw badRequest(`The query parameter '${name}' is given more than once.`);
      }
      const span = days(query.get('days') ?? undefined);
      const userTypes = member('includedUserTypes', query.get('includedUserTypes') ?? undefined, includedUserTypes.members);
      const userRoles = member('includedUserRoles', query.get('includedUserRoles') ?? undefined, includedUserRoles.members);
      const groupBy = groupByOf(query.get('groupBy') ?? undefined);
      if (groupBy !== null && (userTypes !== 'all' || userRoles !== 'all'))
        throw badRequest(`The query parameter 'groupBy' breaks down all users: leave includedUserTypes and includedUserRoles out or 'all'.`);
      const tenant = await gate.tenantFor(principal, PERMISSIONS.registrationHistory, { needsSnapshot: true, continues: () => false });
      const now = deps.now();
      const to = now.toISOString().slice(0, 10);
      const from = new Date(Date.parse(`${to}T00:00:00Z`) - (span - 1) * 86_400_000).toISOString().slice(0, 10);
      const view = tenantView(deps.store, tenant);
      const history = await view.registrationHistory(from, to, userTypes, userRoles);
      const buckets = groupBy === null ? null : bucketsByDay(await view.bucketHistory(groupBy, from, to));
      reply
        .status(200)
        .header('Content-Type', JSON_CONTENT_TYPE)
        .send(
          JSON.stringify({
            tenantId: tenant.tenantId,
            from,
            to,
            includedUserTypes: userTypes,
            includedUserRoles: userRoles,
            groupBy,
            value: history.map((d) => ({
              day: d.day,
              recorded: d.recorded,
              capturedDateTime: d.capturedAt,
              totalUserCount: d.summary.feature.totalUserCount,
              features: Object.fromEntries(d.summary.feature.userRegistrationFeatureCounts.map((c) => [c.feature, c.userCount])),
              methods: Object.fromEntries(d.summary.method.userRegistrationMethodCounts.map((c) => [c.authenticationMethod, c.userCount])),
              // null: no breakdown is held for the day (recorded before breakdowns were kept).
              ...(buckets === null ? {} : { buckets: buckets.get(d.day) ?? null }),
            })),
          }),
        );
    },
  });
}
