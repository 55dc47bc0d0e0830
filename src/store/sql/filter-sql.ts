// Translates a $filter tree into one SQL boolean expression that runs unchanged on SQLite and PostgreSQL.
//
// Every value is a bound parameter; column names come only from the ColumnMap. All columns are
// NOT NULL, so `eq null` is false and `ne null` true. String ranges (startswith, gt/lt) rely on
// code-point order: SQLite's default BINARY collation gives it; on PostgreSQL the text, text-ci
// and datetime columns must be declared COLLATE "C" (also what lets a btree index serve them).
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { CompareOp, ElementNode, FilterNode, Literal } from '../../odata/index.js';
import { ODataError, foldCase, toMillisecondText } from '../../odata/index.js';

export type ColumnSpec =
  /** Integer 0/1. */
  (
    | { readonly kind: 'boolean'; readonly column: string }
    /** Exact, case-sensitive text (GUIDs stored lower-case). */
    | { readonly kind: 'text'; readonly column: string }
    /** Holds value.toLowerCase(); literals are lower-cased the same way (odata foldCase). */
    | { readonly kind: 'text-ci'; readonly column: string }
    /** The enum member name. */
    | { readonly kind: 'enum'; readonly column: string }
    /** A string/enum collection as a bitmask; a value without a bit can't be stored, so it matches nothing. */
    | { readonly kind: 'mask'; readonly column: string; readonly bits: ReadonlyMap<string, number> }
    | { readonly kind: 'integer'; readonly column: string }
    /** Fixed-width UTC text 'YYYY-MM-DDTHH:MM:SS.sssZ', so text order is time order. */
    | { readonly kind: 'datetime'; readonly column: string }
  ) & {
    /** The column may hold NULL (amr's own reports): every test on it is made two-valued (nullSafe). */
    readonly nullable?: boolean;
  };

export type ColumnMap = ReadonlyMap<string, ColumnSpec>;

type Sql = RawBuilder<SqlBool>;

const SQL_OP: Readonly<Record<CompareOp, string>> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };

const always = (): Sql => sql<SqlBool>`(1 = 1)`;
const never = (): Sql => sql<SqlBool>`(1 = 0)`;

export function filterToSql(node: FilterNode, columns: ColumnMap): Sql {
  switch (node.kind) {
    case 'and':
      return sql<SqlBool>`(${filterToSql(node.left, columns)} AND ${filterToSql(node.right, columns)})`;
    case 'or':
      return sql<SqlBool>`(${filterToSql(node.left, columns)} OR ${filterToSql(node.right, columns)})`;
    case 'not':
      return sql<SqlBool>`(NOT ${filterToSql(node.operand, columns)})`;
    case 'compare': {
      const spec = columnOf(columns, node.property);
      return spec.nullable ? nullableCompare(spec, node.op, node.value) : compareSql(spec, node.op, node.value);
    }
    case 'in': {
      const spec = columnOf(columns, node.property);
      if (!spec.nullable) return inSql(spec, node.values);
      const ref = sql.ref(spec.column);
      const some = sql<SqlBool>`(${ref} IS NOT NULL AND ${inSql(spec, node.values)})`;
      return node.values.some((v) => v.kind === 'null') ? sql<SqlBool>`(${ref} IS NULL OR ${some})` : some;
    }
    case 'startswith': {
      const spec = columnOf(columns, node.property);
      const test = startsWithSql(spec, node.prefix);
      return spec.nullable ? sql<SqlBool>`(${sql.ref(spec.column)} IS NOT NULL AND ${test})` : test;
    }
    case 'any': {
      const spec = columnOf(columns, node.property);
      if (spec.kind !== 'mask') throw new Error(`'${node.property}' is filtered with any() but is not stored as a mask`);
      const ref = sql.ref(spec.column);
      if (node.predicate === null) return sql<SqlBool>`(${ref} <> 0)`;
      const mask = maskOf(node.predicate, spec.bits, allBits(spec.bits));
      if (mask === 0n) return never();
      const param = mask <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(mask) : mask;
      return sql<SqlBool>`((${ref} & ${param}) <> 0)`;
    }
  }
}

/**
 * PostgreSQL text cannot hold U+0000: a record holding it is refused there, and a parameter holding
 * it cannot even be sent (a $filter literal, a keyset position). So one SQL text serves both
 * stores (decision 0001), a value v holding U+0000 is compared through p, v up to its first
 * U+0000: no stored text equals v, and as U+0000 is the least code point, s > v ⟺ s > p and
 * s < v ⟺ s <= p for every s without it. (SQLite can store such a text; compared with such a
 * literal it is judged as if it had none. Entra issues neither.)
 */
export function compareValue(ref: RawBuilder<unknown>, op: CompareOp, value: string | number): Sql {
  const cut = typeof value === 'string' ? value.indexOf('\u0000') : -1;
  if (cut < 0) return sql<SqlBool>`(${ref} ${sql.raw(SQL_OP[op])} ${value})`;
  const p = (value as string).slice(0, cut);
  switch (op) {
    case 'eq':
      return never();
    // Every column is NOT NULL (see the top of this file).
    case 'ne':
      return always();
    case 'gt':
    case 'ge':
      return sql<SqlBool>`(${ref} > ${p})`;
    case 'lt':
    case 'le':
      return sql<SqlBool>`(${ref} <= ${p})`;
  }
}

/**
 * A comparison on a nullable column, never NULL itself (so NOT stays exact), as OData evaluates it:
 * null eq null is true, null ne 'x' is true, any ordering with null is false.
 */
function nullableCompare(spec: ColumnSpec, op: CompareOp, literal: Literal): Sql {
  const ref = sql.ref(spec.column);
  if (literal.kind === 'null') {
    if (op === 'eq') return sql<SqlBool>`(${ref} IS NULL)`;
    if (op === 'ne') return sql<SqlBool>`(${ref} IS NOT NULL)`;
    return never();
  }
  const test = compareSql(spec, op, literal);
  return op === 'ne' ? sql<SqlBool>`(${ref} IS NULL OR ${test})` : sql<SqlBool>`(${ref} IS NOT NULL AND ${test})`;
}

const holdsNul = (v: unknown): boolean => typeof v === 'string' && v.includes('\u0000');

function compareSql(spec: ColumnSpec, op: CompareOp, literal: Literal): Sql {
  if (literal.kind === 'null') return op === 'ne' ? always() : never();
  const ref = sql.ref(spec.column);
  if (spec.kind === 'boolean') return sql<SqlBool>`(${ref} ${sql.raw(SQL_OP[op])} ${booleanSql(spec, literal)})`;
  if (spec.kind !== 'datetime') return compareValue(ref, op, paramOf(spec, literal));
  // Stored times have millisecond precision; a literal with digits beyond that (up to 7) can
  // never be equal, and the ordering operators round to the neighbouring millisecond.
  const { text, subMillisecond } = toMillisecondText(dateText(spec, literal));
  if (!subMillisecond) return sql<SqlBool>`(${ref} ${sql.raw(SQL_OP[op])} ${text})`;
  switch (op) {
    case 'eq':
      return never();
    case 'ne':
      return always();
    case 'gt':
    case 'ge':
      return sql<SqlBool>`(${ref} > ${text})`;
    case 'lt':
    case 'le':
      return sql<SqlBool>`(${ref} <= ${text})`;
  }
}

function inSql(spec: ColumnSpec, values: readonly Literal[]): Sql {
  const params: (string | number | RawBuilder<unknown>)[] = [];
  for (const v of values) {
    if (v.kind === 'null') continue;
    if (spec.kind === 'boolean') {
      params.push(booleanSql(spec, v));
      continue;
    }
    if (spec.kind !== 'datetime') {
      const param = paramOf(spec, v);
      // No stored text equals a value holding U+0000 (compareValue).
      if (!holdsNul(param)) params.push(param);
      continue;
    }
    const { text, subMillisecond } = toMillisecondText(dateText(spec, v));
    if (!subMillisecond) params.push(text);
  }
  if (params.length === 0) return never();
  return sql<SqlBool>`(${sql.ref(spec.column)} IN (${sql.join(params)}))`;
}

/**
 * A prefix test as the range col >= p AND col < successor(p), which an index can serve and which
 * is portable (LIKE folds ASCII case on SQLite, not on PostgreSQL, and needs escaping). Exact
 * under code-point order: see prefixSuccessor for the edge cases.
 */
function startsWithSql(spec: ColumnSpec, prefix: string): Sql {
  if (spec.kind !== 'text' && spec.kind !== 'text-ci') throw new Error(`startswith needs a text column, not ${spec.kind}`);
  const p = spec.kind === 'text-ci' ? foldCase(prefix) : prefix;
  if (p === '') return always();
  // No stored text holds U+0000 (compareValue), so none starts with it.
  if (holdsNul(p)) return never();
  const ref = sql.ref(spec.column);
  const next = prefixSuccessor(p);
  if (next === undefined) return sql<SqlBool>`(${ref} >= ${p})`;
  return sql<SqlBool>`((${ref} >= ${p}) AND (${ref} < ${next}))`;
}

/**
 * The least string greater than every string that starts with p: p with its last code point
 * incremented. U+D7FF steps over the surrogates to U+E000 (surrogates can't be stored as text);
 * a trailing U+10FFFF has no successor, so it is dropped and the one before it incremented; a
 * prefix made only of U+10FFFF has none (undefined: no upper bound is needed). Case folding can
 * change length (e.g. 'İ' lower-cases to two code points) and Greek final sigma depends on what
 * follows, so a case-insensitive startswith compares folded value against folded prefix,
 * exactly as the in-memory evaluator does.
 */
export function prefixSuccessor(p: string): string | undefined {
  const points = [...p];
  for (;;) {
    const last = points.pop();
    if (last === undefined) return undefined;
    const cp = last.codePointAt(0) ?? 0;
    if (cp < 0x10ffff) {
      points.push(String.fromCodePoint(cp === 0xd7ff ? 0xe000 : cp + 1));
      return points.join('');
    }
  }
}

/**
 * The bits of the elements a lambda predicate accepts. Stored elements all have a bit, so
 * `any(x: P)` is "some stored bit is in mask(P)", and mask() composes: and → &, or → |,
 * not → complement within the known bits, ne → every bit but one.
 */
function maskOf(node: ElementNode, bits: ReadonlyMap<string, number>, all: bigint): bigint {
  switch (node.kind) {
    case 'and':
      return maskOf(node.left, bits, all) & maskOf(node.right, bits, all);
    case 'or':
      return maskOf(node.left, bits, all) | maskOf(node.right, bits, all);
    case 'not':
      return all & ~maskOf(node.operand, bits, all);
    case 'in':
      return node.values.reduce((m, v) => m | bitOf(v, bits), 0n);
    case 'startswith': {
      let m = 0n;
      for (const [name, bit] of bits) if (name.startsWith(node.prefix)) m |= BigInt(bit);
      return m;
    }
    case 'compare':
      if (node.op === 'eq') return bitOf(node.value, bits);
      if (node.op === 'ne') return all & ~bitOf(node.value, bits);
      throw new ODataError(`Invalid filter clause: the operator '${node.op}' can't be used inside any() on this property.`, '$filter');
  }
}

function bitOf(literal: Literal, bits: ReadonlyMap<string, number>): bigint {
  if (literal.kind === 'string' || literal.kind === 'enum') return BigInt(bits.get(literal.value) ?? 0);
  // Elements are never null, and no other literal kind names an element.
  return 0n;
}

function allBits(bits: ReadonlyMap<string, number>): bigint {
  let m = 0n;
  for (const bit of bits.values()) m |= BigInt(bit);
  return m;
}

/** The constant 1 or 0, written inline: two fixed values, so no input reaches the SQL text. */
function booleanSql(spec: ColumnSpec, literal: Literal): RawBuilder<unknown> {
  if (literal.kind !== 'boolean') throw new Error(`a ${literal.kind} literal can't be compared with the boolean column ${spec.column}`);
  return sql.lit(literal.value ? 1 : 0);
}

function paramOf(spec: ColumnSpec, literal: Exclude<Literal, { kind: 'null' }>): string | number {
  switch (spec.kind) {
    case 'text-ci':
      if (literal.kind === 'string') return foldCase(literal.value);
      break;
    case 'text':
    case 'enum':
      if (literal.kind === 'string' || literal.kind === 'enum' || literal.kind === 'guid') return literal.value;
      break;
    case 'integer':
      if (literal.kind === 'int64') return literal.value;
      break;
    case 'boolean':
    case 'datetime':
    case 'mask':
      break;
  }
  throw new Error(`a ${literal.kind} literal can't be compared with the ${spec.kind} column ${spec.column}`);
}

function dateText(spec: ColumnSpec, literal: Literal): string {
  if (literal.kind !== 'dateTimeOffset') throw new Error(`a ${literal.kind} literal can't be compared with ${spec.column}`);
  return literal.value;
}

function columnOf(columns: ColumnMap, property: string): ColumnSpec {
  const spec = columns.get(property);
  // The entity allowed the filter but the store keeps no column for it: a wiring bug, not a 400.
  if (spec === undefined) throw new Error(`no column is mapped for the filterable property '${property}'`);
  return spec;
}
