// Plain JSON values: what Graph sends and what the assembled snapshot is made of (no `any`).
import { describe, fail, index, at, type Where } from './body-error.js';

export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;
export type JsonArray = readonly JsonValue[];
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

export function isPlainObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `v` checked to be JSON all the way down (what JSON.parse gives); throws naming the place of the
 * first value that is not. Objects are rebuilt with Object.fromEntries, so a "__proto__" member
 * stays data.
 */
export function toJson(v: unknown, where: Where): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : fail(where, `expected a finite number, got ${String(v)}`);
  if (Array.isArray(v)) return v.map((x: unknown, i) => toJson(x, index(where, i)));
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x, at(where, k))]));
  return fail(where, `expected a JSON value, got ${describe(v)}`);
}

export function toJsonObject(v: unknown, where: Where, what: string): JsonObject {
  if (!isPlainObject(v)) fail(where, `expected ${what}, got ${describe(v)}`);
  const out = toJson(v, where);
  return out as JsonObject; // toJson of a plain object is a JsonObject
}

/**
 * The object without OData control annotations (`@odata.context`, `@odata.nextLink`, and
 * property annotations such as `includeTargets@odata.context`), `@odata.type` kept.
 */
export function withoutControlAnnotations(o: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([k]) => isData(k)));
}

/** withoutControlAnnotations at every depth (policies nest configurations and targets). */
export function withoutControlAnnotationsDeep(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(withoutControlAnnotationsDeep);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => isData(k))
      .map(([k, x]) => [k, withoutControlAnnotationsDeep(x)]),
  );
}

function isData(key: string): boolean {
  return key === '@odata.type' || !key.includes('@odata.');
}
