// Reads a request's query parameters into parsed OData system query options, refusing what a resource doesn't take.

import type { EntityCapabilities } from './capabilities.js';
import type { FilterNode } from './filter-ast.js';
import { ODataError } from './odata-error.js';
import { parseCount } from './parse-count.js';
import { parseFilter } from './parse-filter.js';
import { parseOrderBy, type OrderByItem } from './parse-order-by.js';
import { parseSelect } from './parse-select.js';
import { parseTop } from './parse-top.js';

export type SystemQueryOption = '$filter' | '$orderby' | '$top' | '$select' | '$count' | '$skiptoken';

export interface QueryOptionSpec {
  readonly allowed: ReadonlySet<SystemQueryOption>;
  readonly entity: EntityCapabilities;
  readonly maxTop: number;
  /** The caller sent Prefer: include-unknown-enum-members (graph-api §2.7). */
  readonly includeUnknownEnumMembers: boolean;
  /** Accept system option names without '$' (OData 4.01; Graph beta). */
  readonly dollarOptional: boolean;
  readonly filterLimits?: { readonly maxDepth?: number; readonly maxLength?: number };
}

export interface QueryOptions {
  readonly filter?: FilterNode;
  readonly filterText?: string;
  readonly orderby: readonly OrderByItem[];
  readonly top?: number;
  readonly select?: readonly string[];
  readonly count: boolean;
  readonly skiptoken?: string;
}

const SUPPORTED: ReadonlySet<string> = new Set<SystemQueryOption>(['$filter', '$orderby', '$top', '$select', '$count', '$skiptoken']);

/** OData system options amr never takes, with what to do instead. */
const REFUSED: Readonly<Record<string, string>> = {
  // graph-api §2.6: SkipSupported=false on every report entity; paging is server-driven.
  $skip: 'Use @odata.nextLink to page.',
  $expand: 'These entities have no navigation properties.',
  $search: 'Use $filter.',
  $apply: 'Use $filter and count the results.',
  $compute: 'Computed properties are not available.',
  $format: 'Responses are always application/json.',
  $levels: 'It only applies together with $expand.',
  $index: 'It only applies to ordered collection members.',
  $deltatoken: 'Delta queries are not available for these reports.',
  $schemaversion: 'Only the current schema is served.',
};

export function readQueryOptions(params: readonly (readonly [string, string])[], spec: QueryOptionSpec): QueryOptions {
  const given = collect(params, spec);
  const filterText = given.get('$filter');
  const top = given.get('$top');
  const select = given.get('$select');
  const orderby = given.get('$orderby');
  const count = given.get('$count');
  const skiptoken = given.get('$skiptoken');
  if (skiptoken === '') throw new ODataError('Invalid $skiptoken: the value is empty.', '$skiptoken');
  return Object.freeze({
    ...(filterText === undefined
      ? {}
      : {
          filterText,
          filter: parseFilter(filterText, spec.entity, { includeUnknownEnumMembers: spec.includeUnknownEnumMembers, ...spec.filterLimits }),
        }),
    orderby: orderby === undefined ? Object.freeze([]) : parseOrderBy(orderby, spec.entity),
    ...(top === undefined ? {} : { top: parseTop(top, spec.maxTop) }),
    ...(select === undefined ? {} : { select: parseSelect(select, spec.entity) }),
    count: count === undefined ? false : parseCount(count),
    ...(skiptoken === undefined ? {} : { skiptoken }),
  });
}

/** Canonical option name → value, after refusing repeated, unknown, unsupported and disallowed options. */
function collect(params: readonly (readonly [string, string])[], spec: QueryOptionSpec): ReadonlyMap<string, string> {
  const given = new Map<string, string>();
  for (const [rawName, value] of params) {
    const name = systemName(rawName, spec.dollarOptional);
    if (name === undefined) continue;
    if (given.has(name)) {
      // OData 4.01 Part 2 §5: the same system query option MUST NOT be specified more than once.
      throw queryError(`Query option '${name}' is specified more than once.`);
    }
    const refused = REFUSED[name];
    if (refused !== undefined) throw queryError(`Query option '${name}' is not supported for this resource. ${refused}`);
    if (!SUPPORTED.has(name)) throw queryError(`Query option '${rawName}' is not a known OData system query option.`);
    if (!spec.allowed.has(name as SystemQueryOption)) throw queryError(notAllowed(name, spec.allowed));
    given.set(name, value);
  }
  return given;
}

/**
 * The canonical ('$' + lower-case) name of a system option, or undefined for a custom option,
 * which OData lets a service ignore. OData 4.01 Part 2 §5: system option names are
 * case-insensitive and, in 4.01, the '$' is optional.
 */
export function systemName(raw: string, dollarOptional: boolean): string | undefined {
  const lower = raw.toLowerCase();
  if (lower.startsWith('$')) return lower;
  const dollared = `$${lower}`;
  return dollarOptional && (SUPPORTED.has(dollared) || REFUSED[dollared] !== undefined) ? dollared : undefined;
}

function notAllowed(name: string, allowed: ReadonlySet<SystemQueryOption>): string {
  const list = [...allowed].sort().join(', ');
  const hint = list === '' ? 'This resource takes no query options.' : `Supported: ${list}.`;
  return `Query option '${name}' is not supported for this resource. ${hint}`;
}

function queryError(message: string): ODataError {
  return new ODataError(message, 'query');
}
