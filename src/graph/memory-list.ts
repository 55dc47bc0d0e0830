// A collection computed in memory (the daily summaries: at most 30 rows) under the validated
// options, exactly as the SQL stores treat theirs: $filter, then $count, then $orderby, then $top,
// then $select (OData's $count counts the filtered collection, ignoring $top).
import { compareRows, evaluateFilter, type EntityCapabilities, type QueryOptions } from '../odata/index.js';
import { projectRow, type WireRow } from './projection.js';

export interface MemoryPage {
  readonly rows: readonly Record<string, unknown>[];
  /** Set when $count=true was asked. */
  readonly count?: number;
}

/** The rows that pass the filter (for …/$count and @odata.count). */
export function filterRows(rows: readonly WireRow[], options: Pick<QueryOptions, 'filter'>, entity: EntityCapabilities): WireRow[] {
  const filter = options.filter;
  return filter === undefined ? [...rows] : rows.filter((r) => evaluateFilter(filter, r, entity));
}

export function queryRows(rows: readonly WireRow[], options: QueryOptions, entity: EntityCapabilities): MemoryPage {
  const kept = filterRows(rows, options, entity);
  // Array.prototype.sort is stable: rows equal under $orderby keep the report's own order.
  if (options.orderby.length > 0) kept.sort(compareRows(options.orderby, entity));
  const page = options.top === undefined ? kept : kept.slice(0, options.top);
  return {
    rows: page.map((r) => projectRow(r, options.select)),
    ...(options.count ? { count: kept.length } : {}),
  };
}
