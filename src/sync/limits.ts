// Microsoft's published Graph throttling limits that sync runs into, and which class and cost each request has.
// Sources and readings: docs/decisions/0071-sync-client.md "Limits".

/** `reports`: Identity and access reports (audit logs, sign-ins, reports/*). `directory`: Identity and access (resource units). */
export type LimitClass = 'reports' | 'directory';

/** Graph's tenant sizes for the directory limit: S under 50 users, M 50 to 500, L above 500. */
export type TenantSize = 'S' | 'M' | 'L';

/** At most `budget` units (requests, or resource units) in any `windowMs`. */
export interface WindowLimit {
  readonly budget: number;
  readonly windowMs: number;
}

export interface ClassLimits {
  /** Per (application, tenant). */
  readonly perAppTenant: Readonly<Record<TenantSize, WindowLimit>>;
  /** Per application, across all tenants. */
  readonly perApp: WindowLimit;
}

export interface LimitTable {
  readonly classes: Readonly<Record<LimitClass, ClassLimits>>;
  /** Graph's global limit, per application across tenants, that every request counts against. */
  readonly global: WindowLimit;
}

const sameForAll = (l: WindowLimit): Record<TenantSize, WindowLimit> => ({ S: l, M: l, L: l });

/** The numbers as Microsoft publishes them (learn.microsoft.com/graph/throttling-limits). */
export const GRAPH_LIMITS: LimitTable = {
  classes: {
    reports: {
      perAppTenant: sameForAll({ budget: 5, windowMs: 10_000 }),
      perApp: { budget: 122, windowMs: 10_000 },
    },
    directory: {
      perAppTenant: {
        S: { budget: 3_500, windowMs: 10_000 },
        M: { budget: 5_000, windowMs: 10_000 },
        L: { budget: 8_000, windowMs: 10_000 },
      },
      perApp: { budget: 150_000, windowMs: 20_000 },
    },
  },
  global: { budget: 130_000, windowMs: 10_000 },
};

/**
 * `table` with every budget of 100 or more scaled by `fraction` (rounded down). Graph says its resource-unit limits
 * are approximate and that it may throttle below them under load, so sync aims under them; the small budgets
 * (reports: 5 per 10 s) are kept exact, where a fraction would cost a whole request.
 */
export function withHeadroom(table: LimitTable, fraction: number): LimitTable {
  const scale = (l: WindowLimit): WindowLimit => (l.budget >= 100 ? { budget: Math.max(1, Math.floor(l.budget * fraction)), windowMs: l.windowMs } : l);
  const cls = (c: ClassLimits): ClassLimits => ({
    perAppTenant: { S: scale(c.perAppTenant.S), M: scale(c.perAppTenant.M), L: scale(c.perAppTenant.L) },
    perApp: scale(c.perApp),
  });
  return {
    classes: { reports: cls(table.classes.reports), directory: cls(table.classes.directory) },
    global: scale(table.global),
  };
}

export function tenantSize(users: number): TenantSize {
  if (users < 50) return 'S';
  return users <= 500 ? 'M' : 'L';
}

/** Base resource-unit costs Graph lists for the paths sync reads (any other identity path costs 1). */
const BASE_COSTS: readonly (readonly [RegExp, number])[] = [
  [/^users(?:\/delta)?$/, 2],
  [/^groups\/[^/]+\/members$/, 3],
  [/^groups\/[^/]+\/transitiveMembers$/, 5],
  [/^subscribedSkus$/, 3],
  [/^applications$/, 2],
];

export interface RequestCost {
  readonly cls: LimitClass;
  /** Requests for `reports`; resource units for `directory`. */
  readonly cost: number;
}

/**
 * The class and cost of `method path`, where path is a Graph URL path with or without its version segment and
 * query. Reports: `auditLogs/…` and `reports/…`. Directory: everything else, at the listed base cost with Graph's
 * adjustments ($select −1, $expand +1, $top below 20 −1, never below 1).
 */
export function classifyRequest(method: string, path: string): RequestCost {
  const [rawPath = '', query = ''] = path.split('?', 2);
  const p = rawPath
    .replace(/^\/+/, '')
    .replace(/^(?:v1\.0|beta)\//, '')
    .replace(/\/+$/, '');
  if (/^(?:auditLogs|reports)(?:\/|$)/i.test(p)) return { cls: 'reports', cost: 1 };
  let cost = method.toUpperCase() === 'GET' ? (BASE_COSTS.find(([re]) => re.test(p))?.[1] ?? 1) : 1;
  const params = new URLSearchParams(query);
  if (params.has('$select')) cost -= 1;
  if (params.has('$expand')) cost += 1;
  const top = Number(params.get('$top') ?? 'NaN');
  if (Number.isFinite(top) && top < 20) cost -= 1;
  return { cls: 'directory', cost: Math.max(1, cost) };
}
