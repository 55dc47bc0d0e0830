// The one validator of query options: each operation's row of the table (options, entity, maxTop)
// applied to every path, list, count and by-id alike, before its handler runs (docs/decisions/0082).
import { defineEntity, readQueryOptions, type EntityCapabilities, type QueryOptions } from '../odata/index.js';
import type { ApiVersion } from './entities.js';
import type { Operation } from './operation.js';

export interface OptionContext {
  readonly version: ApiVersion;
  readonly includeUnknownEnumMembers: boolean;
  readonly filterLimits: { readonly maxLength: number; readonly maxDepth: number };
}

export type OptionReader = (params: readonly (readonly [string, string])[]) => QueryOptions;

/** Stands in for the entity of a row that takes no option naming a property: nothing is parsed against it. */
const NO_PROPERTIES: EntityCapabilities = defineEntity({ typeName: 'microsoft.graph.entity', properties: [] });

const NAMES_PROPERTIES = ['$filter', '$orderby', '$select'] as const;

/**
 * The row's validator for one request's context. A row that takes an option without what it needs
 * (an entity, a maxTop) is a programming error, refused here and by operations.test.ts.
 */
export function optionReader(op: Operation, ctx: OptionContext): OptionReader {
  const entity = op.entity?.[ctx.version];
  if (entity === undefined && NAMES_PROPERTIES.some((o) => op.options.includes(o))) throw new Error(`${op.id}: query options need an entity`);
  if (op.maxTop === undefined && op.options.includes('$top')) throw new Error(`${op.id}: $top needs a maxTop`);
  const spec = {
    allowed: new Set(op.options),
    entity: entity ?? NO_PROPERTIES,
    maxTop: op.maxTop ?? 1,
    filterLimits: ctx.filterLimits,
    includeUnknownEnumMembers: ctx.includeUnknownEnumMembers,
    // decision 0005: the '$' is required on v1.0 and optional on beta.
    dollarOptional: ctx.version === 'beta',
  };
  return (params) => readQueryOptions(params, spec);
}
