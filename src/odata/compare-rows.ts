// Orders wire-shaped rows by a parsed $orderby, as the memory store does and the SQL stores must.

import type { EntityCapabilities } from './capabilities.js';
import { compareKeys, sortKey } from './compare-values.js';
import { valueType, type Row } from './evaluate-filter.js';
import type { OrderByItem } from './parse-order-by.js';

/**
 * A comparator for Array.prototype.sort. Case-insensitive strings compare by the code points of
 * their lower-cased text; OData 4.01 Part 2 §5.1.1 ($orderby) puts nulls first when ascending and
 * last when descending. Equal rows return 0: the caller appends its key (id) as the tiebreaker.
 */
export function compareRows(orderby: readonly OrderByItem[], entity: EntityCapabilities): (a: Row, b: Row) => number {
  const keys = orderby.map((item) => ({ item, type: valueType(entity, item.property) }));
  return (a, b) => {
    for (const { item, type } of keys) {
      const order = compareNullable(a[item.property], b[item.property], (x, y) => compareKeys(sortKey(x, type), sortKey(y, type)));
      if (order !== 0) return item.direction === 'asc' ? order : -order;
    }
    return 0;
  };
}

function compareNullable(a: unknown, b: unknown, compare: (x: unknown, y: unknown) => number): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? -1 : 1;
  return Math.sign(compare(a, b));
}
