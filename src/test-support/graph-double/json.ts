// Narrowing helpers for the double's untyped inputs (request bodies, snapshot objects): every
// parse yields unknown, and these turn it into a typed value or a clear error naming the place.
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A problem with what a test handed the double (not a wire error). */
export class DoubleInputError extends Error {
  constructor(where: string, what: string) {
    super(`graph double: ${where}: ${what}`);
    this.name = 'DoubleInputError';
  }
}

/** Array.isArray that narrows to unknown[] rather than any[]. */
export function isArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

export function requireRecord(value: unknown, where: string): JsonRecord {
  if (!isRecord(value)) throw new DoubleInputError(where, 'must be an object');
  return value;
}

export function requireString(record: JsonRecord, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value.length === 0) throw new DoubleInputError(`${where}.${key}`, 'must be a non-empty string');
  return value;
}

export function optionalArray(record: JsonRecord, key: string, where: string): readonly unknown[] {
  const value = record[key];
  if (value === undefined || value === null) return [];
  if (!isArray(value)) throw new DoubleInputError(`${where}.${key}`, 'must be an array');
  return value;
}

export function parseJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

/** A deep copy through JSON, so the double's state never shares objects with a test's. */
export function cloneRecord(record: JsonRecord): JsonRecord {
  const copy = parseJson(JSON.stringify(record));
  if (!isRecord(copy)) throw new DoubleInputError('clone', 'not an object');
  return copy;
}
