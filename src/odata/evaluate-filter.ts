// Evaluates a $filter tree against one wire-shaped row: the memory store's filter and the SQL stores' oracle.

import type { EntityCapabilities, PropertyCapability } from './capabilities.js';
import { propertyOf } from './capabilities.js';
import { compareKeys, foldCase, sortKey, type ValueType } from './compare-values.js';
import type { CompareOp, ElementNode, FilterNode, Literal } from './filter-ast.js';

export type Row = Readonly<Record<string, unknown>>;

/**
 * Two-valued logic, as C# gives ASP.NET OData's in-memory binding: `x eq null` holds only for
 * null/undefined, any other comparison with a null value is false except `ne` (the negation of
 * eq), and `not` simply negates. The SQL columns are NOT NULL, so the stores agree with this.
 */
export function evaluateFilter(node: FilterNode, row: Row, entity: EntityCapabilities): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, row, entity) && evaluateFilter(node.right, row, entity);
    case 'or':
      return evaluateFilter(node.left, row, entity) || evaluateFilter(node.right, row, entity);
    case 'not':
      return !evaluateFilter(node.operand, row, entity);
    case 'compare': {
      const type = valueType(entity, node.property);
      return compare(node.op, row[node.property], node.value, type);
    }
    case 'in': {
      const type = valueType(entity, node.property);
      return node.values.some((v) => compare('eq', row[node.property], v, type));
    }
    case 'startswith':
      return startsWith(row[node.property], node.prefix, valueType(entity, node.property));
    case 'any': {
      const items = row[node.property];
      if (items === null || items === undefined) return false;
      if (!Array.isArray(items)) throw new Error(`stored value of '${node.property}' is not a collection`);
      const { predicate } = node;
      if (predicate === null) return items.length > 0;
      const type = valueType(entity, node.property);
      return items.some((item: unknown) => evaluateElement(predicate, item, type));
    }
  }
}

function evaluateElement(node: ElementNode, item: unknown, type: ValueType): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateElement(node.left, item, type) && evaluateElement(node.right, item, type);
    case 'or':
      return evaluateElement(node.left, item, type) || evaluateElement(node.right, item, type);
    case 'not':
      return !evaluateElement(node.operand, item, type);
    case 'compare':
      return compare(node.op, item, node.value, type);
    case 'in':
      return node.values.some((v) => compare('eq', item, v, type));
    case 'startswith':
      return startsWith(item, node.prefix, type);
  }
}

function compare(op: CompareOp, stored: unknown, literal: Literal, type: ValueType): boolean {
  const isNull = stored === null || stored === undefined;
  if (literal.kind === 'null') return op === 'eq' ? isNull : op === 'ne' ? !isNull : false;
  if (isNull) return op === 'ne';
  const order = compareKeys(sortKey(stored, type), sortKey(literal.value, type));
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

function startsWith(stored: unknown, prefix: string, type: ValueType): boolean {
  if (stored === null || stored === undefined) return false;
  if (typeof stored !== 'string') throw new Error(`stored value of '${type.name}' is not a string`);
  return type.caseInsensitive ? foldCase(stored).startsWith(foldCase(prefix)) : stored.startsWith(prefix);
}

const valueTypes = new WeakMap<EntityCapabilities, Map<string, ValueType>>();

/** The value type of a property, or of its elements when it is a collection; cached per entity. */
export function valueType(entity: EntityCapabilities, name: string): ValueType {
  let types = valueTypes.get(entity);
  if (types === undefined) {
    types = new Map();
    valueTypes.set(entity, types);
  }
  const cached = types.get(name);
  if (cached !== undefined) return cached;
  const p: PropertyCapability | undefined = propertyOf(entity, name);
  if (p === undefined) throw new Error(`'${name}' is not a property of ${entity.typeName}`);
  const kind = p.type === 'stringCollection' ? 'string' : p.type === 'enumCollection' ? 'enum' : p.type;
  const type: ValueType = Object.freeze({ name, kind, caseInsensitive: p.caseInsensitive === true, ...(p.enum ? { enum: p.enum } : {}) });
  types.set(name, type);
  return type;
}
