// The shape of one row of the operations table, and what its handler receives and returns.
import type { Principal } from './principal.js';
import type { TenantRecord } from '../store/store.js';
import type { TenantView } from '../store/tenant-view.js';
import type { EntityCapabilities } from '../odata/capabilities.js';
import type { QueryOptions } from '../odata/index.js';
import type { ApiVersion } from './entities.js';
import type { PermissionRule } from './permissions.js';

export type QueryOption = '$filter' | '$orderby' | '$top' | '$select' | '$count' | '$skiptoken';

/** A path pattern element: a fixed name, the entity key, or a bound function. */
export type SegmentPattern =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'key' }
  | { readonly kind: 'function'; readonly name: string; readonly overloads: readonly (readonly ParameterSpec[])[] };

export interface ParameterSpec {
  readonly name: string;
  /** Qualified enum name for enum parameters; 'string' for Edm.String. */
  readonly type: string;
  readonly allowed: readonly string[];
  readonly caseInsensitive?: boolean;
}

export interface GraphRequest {
  readonly version: ApiVersion;
  /** The caller's tenant's reports: every read is bound to the token's tenant. */
  readonly store: TenantView;
  readonly tenant: TenantRecord;
  /** The tenant's current report generation. */
  readonly generation: number;
  readonly principal: Principal;
  /** Decoded query parameters, in order. */
  readonly query: readonly (readonly [string, string])[];
  /**
   * The query options, validated against the operation's row (options, entity, maxTop) by the one
   * validator (query-options.ts) before the handler runs: a handler never parses them itself.
   */
  readonly options: QueryOptions;
  /** The same validator, for the options a $skiptoken carries to the next page (keyset-list.ts). */
  readonly readOptions: (params: readonly (readonly [string, string])[]) => QueryOptions;
  /** The entity key, for key-addressed operations. */
  readonly key: string | null;
  /** Validated function arguments (enum members as bare names). */
  readonly args: ReadonlyMap<string, string>;
  readonly includeUnknownEnumMembers: boolean;
  /** scheme://host of this server, for absolute links. */
  readonly origin: string;
  /** The request path after the version root, for next links. */
  readonly path: string;
  /** The root the path came under when it is not the version's own (amr's 'amr/v1', decision 0092): next links go under it. */
  readonly root?: string;
  readonly skipTokenSecret: string;
  /** Longest and deepest `$filter` accepted (AMR_MAX_FILTER_LENGTH, AMR_MAX_FILTER_DEPTH). */
  readonly filterLimits: { readonly maxLength: number; readonly maxDepth: number };
  /** The server's clock for this request: rolling windows end here. */
  readonly now: Date;
}

export interface GraphResponse {
  readonly status: number;
  readonly body: unknown;
  readonly contentType?: string;
  /**
   * When set, the body is serialised with only these property names, in this order, at every
   * level (JSON.stringify's property list): a projection without copying every row.
   */
  readonly properties?: readonly string[];
}

export interface Operation {
  readonly id: string;
  readonly versions: readonly ApiVersion[];
  readonly path: readonly SegmentPattern[];
  readonly description: string;
  /**
   * Query options it accepts, the one source of truth (docs/decisions/0082): anything else is a
   * 400 before the handler runs (graph-api §2.6).
   */
  readonly options: readonly QueryOption[];
  /** What $filter, $orderby and $select may name; required when it takes any of them. */
  readonly entity?: Readonly<Record<ApiVersion, EntityCapabilities>>;
  /** The largest $top (and the page size); required when it takes $top. */
  readonly maxTop?: number;
  /** Activity reports need no snapshot: a tenant known only from its logs is served. */
  readonly activity?: boolean;
  /** Who may call it: a row of the authorization table (permissions.ts). */
  readonly permission: PermissionRule;
  readonly handle: (request: GraphRequest) => Promise<GraphResponse>;
}
