// The public surface of odata/: OData v4 query options, parsed and evaluated, with no Graph knowledge and no I/O.

export type { EdmKind, ElementFilterOp, EntityCapabilities, EnumType, FilterOp, PropertyCapability } from './capabilities.js';
export { defineEntity, isEvolvableMember, propertyOf, usableMembers } from './capabilities.js';
export type {
  AndNode,
  AnyNode,
  CompareNode,
  CompareOp,
  ElementCompareNode,
  ElementInNode,
  ElementNode,
  ElementStartsWithNode,
  FilterNode,
  InNode,
  Literal,
  NotNode,
  OrNode,
  StartsWithNode,
} from './filter-ast.js';
export { compareCodePoints, foldCase } from './compare-values.js';
export { compareRows } from './compare-rows.js';
export { canonicalDateTime, parseDateTimeOffset, toMillisecondText } from './date-time-offset.js';
export { evaluateFilter, type Row } from './evaluate-filter.js';
export { ODataError, type QueryOptionName } from './odata-error.js';
export { parseCount } from './parse-count.js';
export { DEFAULT_FILTER_MAX_DEPTH, DEFAULT_FILTER_MAX_LENGTH, parseFilter, type FilterParseOptions } from './parse-filter.js';
export { parseOrderBy, type OrderByItem } from './parse-order-by.js';
export { parseSelect } from './parse-select.js';
export { parseTop } from './parse-top.js';
export { readQueryOptions, systemName, type QueryOptions, type QueryOptionSpec, type SystemQueryOption } from './read-query-options.js';
