// Orders stored values the way the SQL stores do, so the in-memory evaluator can serve as their oracle.

import type { EnumType } from './capabilities.js';
import { canonicalDateTime } from './date-time-offset.js';

export type ValueKind = 'boolean' | 'string' | 'enum' | 'int64' | 'dateTimeOffset' | 'guid';

/** How to compare the values of one property (or the elements of one collection). */
export interface ValueType {
  readonly name: string;
  readonly kind: ValueKind;
  readonly enum?: EnumType;
  readonly caseInsensitive: boolean;
}

/**
 * Compares by Unicode code point, which is the order of UTF-8 bytes: SQLite's BINARY collation
 * and PostgreSQL's "C" collation. JavaScript's `<` compares UTF-16 units instead, which puts
 * U+10000 and above before U+E000–U+FFFF; the first differing unit is remapped to fix that.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Case folding for case-insensitive strings; the SQL text-ci columns hold exactly this. */
export function foldCase(s: string): string {
  return s.toLowerCase();
}

/**
 * A key that orders like the stored value: numbers for Booleans (false < true), Int64 and enums
 * (CSDL member order; -1 for a value outside the enum), strings otherwise. Throws on a value of
 * the wrong type: rows are trusted data, so that is a bug, not a bad request.
 */
export function sortKey(value: unknown, type: ValueType): number | string {
  switch (type.kind) {
    case 'boolean':
      if (typeof value === 'boolean') return value ? 1 : 0;
      break;
    case 'int64':
      if (typeof value === 'number') return value;
      break;
    case 'enum':
      if (typeof value === 'string') return type.enum?.members.indexOf(value) ?? -1;
      break;
    case 'string':
      if (typeof value === 'string') return type.caseInsensitive ? foldCase(value) : value;
      break;
    case 'guid':
      if (typeof value === 'string') return value.toLowerCase();
      break;
    case 'dateTimeOffset': {
      const canonical = canonicalDateTime(value);
      if (canonical !== undefined) return canonical;
      break;
    }
  }
  throw new Error(`stored value of '${type.name}' is not a valid ${type.kind}: ${JSON.stringify(value)}`);
}

/** Negative, zero or positive, comparing two non-null values of the same type. */
export function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareCodePoints(String(a), String(b));
}
