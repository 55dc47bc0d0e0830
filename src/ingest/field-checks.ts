// Typed readers for the fields of raw JSON objects; each refuses a wrong value with its place.
import { SnapshotError } from './snapshot-error.js';
import { child, describe } from './place.js';

export type RawObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: a member named "constructor" must not read Object.prototype's. */
export function own(o: RawObject, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

export function refuse(where: string, expected: string, found: unknown): never {
  throw new SnapshotError(where, found === undefined ? `is required: expected ${expected}` : `expected ${expected}, found ${describe(found)}`);
}

export function expectObject(value: unknown, where: string, what: string): RawObject {
  if (!isObject(value)) refuse(where, what, value);
  return value;
}

export function requiredString(o: RawObject, key: string, where: string, nonEmpty = true): string {
  const v = own(o, key);
  if (typeof v === 'string' && (!nonEmpty || v !== '')) return v;
  return refuse(child(where, key), nonEmpty ? 'a non-empty string' : 'a string', v);
}

/** Absent and null both read as null. */
export function optionalString(o: RawObject, key: string, where: string): string | null {
  const v = own(o, key);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  return refuse(child(where, key), 'a string or null', v);
}

export function requiredBoolean(o: RawObject, key: string, where: string): boolean {
  const v = own(o, key);
  if (typeof v === 'boolean') return v;
  return refuse(child(where, key), 'true or false', v);
}

export function optionalBoolean(o: RawObject, key: string, where: string): boolean | null {
  const v = own(o, key);
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  return refuse(child(where, key), 'true, false or null', v);
}

/** A non-negative integer; absent or null reads as `fallback`. */
export function optionalCount(o: RawObject, key: string, where: string, fallback: number): number {
  const v = own(o, key);
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  return refuse(child(where, key), 'a non-negative integer', v);
}

/** An object or nothing; absent and null read as null. */
export function optionalObject(o: RawObject, key: string, where: string): RawObject | null {
  const v = own(o, key);
  if (v === undefined || v === null) return null;
  return expectObject(v, child(where, key), 'an object');
}

/** One of `allowed` (compared exactly); absent or null reads as `fallback`. */
export function optionalChoice<T extends string>(o: RawObject, key: string, where: string, allowed: readonly T[], fallback: T | null): T | null {
  const v = own(o, key);
  if (v === undefined || v === null) return fallback;
  const found = allowed.find((a) => a === v);
  if (found !== undefined) return found;
  return refuse(child(where, key), `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, v);
}
