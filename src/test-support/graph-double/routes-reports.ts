// Identity and access reports (5 requests per 10 s per app per tenant): Entra's
// userRegistrationDetails and the audit and sign-in logs, paged, within the retention Entra keeps
// (30 days with P1/P2, 7 without; sign-ins need P1/P2 at all).
import { parseFilter, type PropertyKind } from './filter.js';
import type { JsonRecord } from './json.js';
import { expiredPageToken, keptQuery, pageSize } from './paging.js';
import { registrationRows } from './registration-rows.js';
import type { Route, RouteContext, RouteResult } from './route.js';

const DAY = 86_400_000;

export const retentionDays = (license: string): number => (license === 'free' ? 7 : 30);

function logList(
  ctx: RouteContext,
  o: { what: string; records: readonly JsonRecord[]; time: string; filterable: Readonly<Record<string, PropertyKind>>; fallback: number },
): RouteResult {
  const skip = ctx.query.get('$skiptoken');
  if (skip !== null) return { body: ctx.pager.resume(skip, ctx.path) };
  const size = pageSize(ctx.query, o.fallback, 1000);
  const filterText = ctx.query.get('$filter');
  const keep = filterText === null ? () => true : parseFilter(filterText, o.filterable);
  const oldest = ctx.state.now() - retentionDays(ctx.state.license) * DAY;
  const time = (r: JsonRecord) => Date.parse(String(r[o.time]));
  const items = o.records.filter((r) => time(r) >= oldest && time(r) <= ctx.state.now() && keep(r)).sort((a, b) => time(b) - time(a));
  return {
    body: ctx.pager.first({
      path: ctx.path,
      context: `${ctx.origin}/${ctx.version}/$metadata#${o.what}`,
      items,
      pageSize: size,
      keptQuery: keptQuery(ctx.query),
      expired: expiredPageToken,
    }),
  };
}

const AUDIT_FILTER: Record<string, PropertyKind> = {
  activityDateTime: 'datetime',
  loggedByService: 'string',
  category: 'string',
  activityDisplayName: 'string',
  result: 'string',
  operationType: 'string',
  correlationId: 'string',
};
const SIGNIN_FILTER: Record<string, PropertyKind> = {
  createdDateTime: 'datetime',
  userId: 'string',
  userPrincipalName: 'string',
  appId: 'string',
  correlationId: 'string',
  conditionalAccessStatus: 'string',
};

export const REPORT_ROUTES: readonly Route[] = [
  {
    name: 'userRegistrationDetails',
    versions: ['v1.0', 'beta'],
    pattern: /^\/reports\/authenticationMethods\/userRegistrationDetails$/,
    denied: 'reports',
    limitClass: 'reports',
    baseCost: 1,
    permissions: ['AuditLog.Read.All', 'UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'],
    options: ['$top', '$skiptoken'],
    premium: true,
    handle: (ctx) => {
      const skip = ctx.query.get('$skiptoken');
      if (skip !== null) return { body: ctx.pager.resume(skip, ctx.path) };
      return {
        body: ctx.pager.first({
          path: ctx.path,
          context: `${ctx.origin}/${ctx.version}/$metadata#reports/authenticationMethods/userRegistrationDetails`,
          items: registrationRows(ctx.state, ctx.version),
          pageSize: pageSize(ctx.query, ctx.pageSizes.registrationDetails, 1000),
          keptQuery: keptQuery(ctx.query),
          expired: expiredPageToken,
        }),
      };
    },
  },
  {
    name: 'directoryAudits',
    versions: ['v1.0', 'beta'],
    pattern: /^\/auditLogs\/directoryAudits$/,
    denied: 'reports',
    limitClass: 'reports',
    baseCost: 1,
    permissions: ['AuditLog.Read.All'],
    options: ['$filter', '$top', '$skiptoken'],
    handle: (ctx) =>
      logList(ctx, {
        what: 'auditLogs/directoryAudits',
        records: ctx.state.directoryAudits,
        time: 'activityDateTime',
        filterable: AUDIT_FILTER,
        fallback: ctx.pageSizes.directoryAudits,
      }),
  },
  {
    name: 'signIns',
    versions: ['v1.0', 'beta'],
    pattern: /^\/auditLogs\/signIns$/,
    denied: 'reports',
    limitClass: 'reports',
    baseCost: 1,
    permissions: ['AuditLog.Read.All'],
    options: ['$filter', '$top', '$skiptoken'],
    premium: true,
    handle: (ctx) =>
      logList(ctx, {
        what: 'auditLogs/signIns',
        records: ctx.state.signIns,
        time: 'createdDateTime',
        filterable: SIGNIN_FILTER,
        fallback: ctx.pageSizes.signIns,
      }),
  },
];
