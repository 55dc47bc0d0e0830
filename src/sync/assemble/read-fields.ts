// Narrowing readers over `unknown` Graph bodies: each failure names the endpoint and the field.
import { at, describe, fail, index, type Where } from './body-error.js';
import { isPlainObject } from './json.js';

export type RawObject = Readonly<Record<string, unknown>>;

export function root(endpoint: string): Where {
  return { endpoint, path: '' };
}

export function expectObject(v: unknown, where: Where, what: string): RawObject {
  return isPlainObject(v) ? v : fail(where, `expected ${what}, got ${describe(v)}`);
}

/** An own member only: a body's "constructor" or "__proto__" is never read through the prototype. */
export function member(o: RawObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

export function requiredString(o: RawObject, key: string, where: Where): string {
  const v = member(o, key);
  if (typeof v !== 'string' || v === '') fail(at(where, key), `expected a non-empty string, got ${describe(v)}`);
  return v;
}

export function optionalString(o: RawObject, key: string, where: Where): string | null {
  const v = member(o, key);
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : fail(at(where, key), `expected a string or null, got ${describe(v)}`);
}

export function optionalBoolean(o: RawObject, key: string, where: Where): boolean | null {
  const v = member(o, key);
  if (v === undefined || v === null) return null;
  return typeof v === 'boolean' ? v : fail(at(where, key), `expected true, false or null, got ${describe(v)}`);
}

/** An optional array of strings (absent or null: []). */
export function stringList(o: RawObject, key: string, where: Where): readonly string[] {
  const v = member(o, key);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return fail(at(where, key), `expected an array of strings, got ${describe(v)}`);
  return v.map((x: unknown, i) => (typeof x === 'string' ? x : fail(index(at(where, key), i), `expected a string, got ${describe(x)}`)));
}

/** The `value` array of one collection page (`{"value":[…], "@odata.nextLink"?}`), each element an object. */
export function collectionItems(body: unknown, where: Where, what: string): readonly Item[] {
  const list = member(expectObject(body, where, 'a collection page {"value":[…]}'), 'value');
  const listWhere = at(where, 'value');
  if (!Array.isArray(list)) return fail(listWhere, `expected an array of ${what}, got ${describe(list)}`);
  return list.map((x: unknown, i) => {
    const w = index(listWhere, i);
    return { item: expectObject(x, w, what), where: w };
  });
}

export interface Item {
  readonly item: RawObject;
  readonly where: Where;
}

/** Every item of every page, in order; a page's place is `page[i]` when there are several. */
export function pagedItems(pages: readonly unknown[], endpoint: string, what: string): readonly Item[] {
  if (!Array.isArray(pages)) return fail(root(endpoint), `expected an array of page bodies, got ${describe(pages)}`);
  if (pages.length === 1) return collectionItems(pages[0], root(endpoint), what);
  return pages.flatMap((page: unknown, p) => collectionItems(page, { endpoint, path: `page[${p}]` }, what));
}
