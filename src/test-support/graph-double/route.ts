// One row per Graph operation the double serves: versions, path, the application permissions any
// one of which suffices, its throttling class and base cost, the query options it takes. dispatch.ts
// reads the table; a handler only computes the body.
import type { Faults } from './faults.js';
import type { JsonRecord } from './json.js';
import type { LimitClass } from './limits.js';
import type { Pager } from './paging.js';
import type { TenantState } from './state.js';
import type { DeltaTokens } from './users-delta.js';

export type ApiVersion = 'v1.0' | 'beta';

export interface PageSizes {
  readonly usersDelta: number;
  readonly groupMembers: number;
  readonly roles: number;
  readonly registrationDetails: number;
  readonly directoryAudits: number;
  readonly signIns: number;
}

export const DEFAULT_PAGE_SIZES: PageSizes = {
  usersDelta: 100,
  groupMembers: 100,
  roles: 100,
  registrationDetails: 1000,
  directoryAudits: 1000,
  signIns: 1000,
};

export interface RouteContext {
  readonly state: TenantState;
  readonly version: ApiVersion;
  /** The path with its version, e.g. "/beta/users/x/authentication/methods". */
  readonly path: string;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  /** The Graph origin nextLinks and contexts are written with. */
  readonly origin: string;
  readonly pager: Pager;
  readonly deltas: DeltaTokens;
  readonly pageSizes: PageSizes;
  readonly faults: Faults;
}

export interface RouteResult {
  readonly status?: number;
  readonly body: JsonRecord;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly name: string;
  readonly versions: readonly ApiVersion[];
  /** Matched against the path after the version; groups are the params. */
  readonly pattern: RegExp;
  readonly permissions: readonly string[];
  /** Which 403 a caller without the permission gets. */
  readonly denied: 'directory' | 'reports';
  readonly limitClass: LimitClass | 'authenticationMethods';
  /** Identity resource units before $select/$top/$expand adjustments (throttling-limits cost table). */
  readonly baseCost: number;
  readonly options: readonly string[];
  /** Needs Entra ID P1 or P2 (the reporting back-end's licence check). */
  readonly premium?: boolean;
  handle(ctx: RouteContext): RouteResult;
}
