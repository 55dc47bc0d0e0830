// Graph's published throttling limits (learn.microsoft.com/graph/throttling-limits), enforced per
// limit class as sliding windows of request costs: "identity and access reports" (5 requests per
// 10 s per app per tenant, 122 per 10 s per app across tenants) and "identity and access"
// (resource units per 10 s per app+tenant by tenant size, 150,000 per 20 s per app). Refused
// requests are not counted, so a Retry-After is exact: after it the request is admitted.
export type LimitClass = 'reports' | 'identity';

export interface LimitWindow {
  readonly budget: number;
  readonly windowMs: number;
}

export interface LimitTable {
  readonly reports: { readonly perAppTenant: LimitWindow; readonly perApp: LimitWindow };
  /** perAppTenant by tenant size: S under 50 users, M 50 to 500, L above 500. */
  readonly identity: {
    readonly perAppTenant: { readonly small: LimitWindow; readonly medium: LimitWindow; readonly large: LimitWindow };
    readonly perApp: LimitWindow;
  };
  /**
   * The class of GET /users/{id}/authentication/methods. The reports list names the
   * authenticationMethod resource (its source comment says it was renamed from
   * authenticationMethodsRoot): 'reports' takes the page literally, 'identity' reads it as the
   * reports root only (decision 0070).
   */
  readonly authenticationMethods: LimitClass;
  /** 'integer': Retry-After in whole seconds (rounded up); 'fractional': milliseconds precision, e.g. "2.128". */
  readonly retryAfter: 'integer' | 'fractional';
}

export const MICROSOFT_LIMITS: LimitTable = {
  reports: { perAppTenant: { budget: 5, windowMs: 10_000 }, perApp: { budget: 122, windowMs: 10_000 } },
  identity: {
    perAppTenant: { small: { budget: 3_500, windowMs: 10_000 }, medium: { budget: 5_000, windowMs: 10_000 }, large: { budget: 8_000, windowMs: 10_000 } },
    perApp: { budget: 150_000, windowMs: 20_000 },
  },
  authenticationMethods: 'reports',
  retryAfter: 'integer',
};

export type LimitOverrides = {
  readonly [K in keyof LimitTable]?: LimitTable[K] extends object ? Partial<LimitTable[K]> : LimitTable[K];
};

export function limitTable(overrides: LimitOverrides = {}): LimitTable {
  return {
    reports: { ...MICROSOFT_LIMITS.reports, ...(overrides.reports ?? {}) },
    identity: { ...MICROSOFT_LIMITS.identity, ...(overrides.identity ?? {}) },
    authenticationMethods: overrides.authenticationMethods ?? MICROSOFT_LIMITS.authenticationMethods,
    retryAfter: overrides.retryAfter ?? MICROSOFT_LIMITS.retryAfter,
  };
}

class Window {
  readonly #at: number[] = [];
  readonly #cost: number[] = [];
  #head = 0;
  #used = 0;

  #prune(now: number, windowMs: number): void {
    while (this.#head < this.#at.length && this.#at[this.#head]! <= now - windowMs) {
      this.#used -= this.#cost[this.#head]!;
      this.#head += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#at.length) {
      this.#at.splice(0, this.#head);
      this.#cost.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** Milliseconds until `cost` fits (0: it fits now). */
  wait(now: number, cost: number, limit: LimitWindow): number {
    this.#prune(now, limit.windowMs);
    if (this.#used + cost <= limit.budget) return 0;
    let freed = 0;
    for (let i = this.#head; i < this.#at.length; i += 1) {
      freed += this.#cost[i]!;
      if (this.#used - freed + cost <= limit.budget) return this.#at[i]! + limit.windowMs - now;
    }
    return limit.windowMs;
  }

  record(now: number, cost: number): void {
    this.#at.push(now);
    this.#cost.push(cost);
    this.#used += cost;
  }
}

export interface Admission {
  readonly cost: number;
  /** 0 when admitted; else how long the caller must wait. */
  readonly waitMs: number;
  /** The x-ms-throttle-scope of a refusal. */
  readonly scope: string | null;
}

/** Budgets per (app, tenant, class) and (app, class). One limiter may be shared by several doubles. */
export class Limiter {
  readonly #windows = new Map<string, Window>();
  constructor(readonly table: LimitTable) {}

  #window(key: string): Window {
    let w = this.#windows.get(key);
    if (!w) {
      w = new Window();
      this.#windows.set(key, w);
    }
    return w;
  }

  admit(o: { appId: string; tenantId: string; limitClass: LimitClass; cost: number; users: number; now: number }): Admission {
    const perAppTenant =
      o.limitClass === 'reports'
        ? this.table.reports.perAppTenant
        : o.users < 50
          ? this.table.identity.perAppTenant.small
          : o.users <= 500
            ? this.table.identity.perAppTenant.medium
            : this.table.identity.perAppTenant.large;
    const perApp = o.limitClass === 'reports' ? this.table.reports.perApp : this.table.identity.perApp;
    const tenantWindow = this.#window(`${o.limitClass}/${o.appId}/${o.tenantId}`);
    const appWindow = this.#window(`${o.limitClass}/${o.appId}`);
    const waitTenant = tenantWindow.wait(o.now, o.cost, perAppTenant);
    const waitApp = appWindow.wait(o.now, o.cost, perApp);
    if (waitTenant === 0 && waitApp === 0) {
      tenantWindow.record(o.now, o.cost);
      appWindow.record(o.now, o.cost);
      return { cost: o.cost, waitMs: 0, scope: null };
    }
    const scope = waitTenant >= waitApp ? `Tenant_Application/Read/${o.appId}/${o.tenantId}` : `Application/Read/${o.appId}/${o.tenantId}`;
    return { cost: o.cost, waitMs: Math.max(waitTenant, waitApp), scope };
  }

  retryAfter(waitMs: number): string {
    if (this.table.retryAfter === 'fractional') return (Math.max(waitMs, 1) / 1000).toFixed(3);
    return String(Math.max(1, Math.ceil(waitMs / 1000)));
  }
}

/** Identity request cost (throttling-limits "Other factors that affect a request cost"). */
export function identityCost(base: number, query: URLSearchParams): number {
  let cost = base;
  if (query.has('$select')) cost -= 1;
  if (query.has('$expand')) cost += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && Number.isFinite(top) && top < 20) cost -= 1;
  return Math.max(1, cost);
}
