// What a Kiota model lost or changed of the JSON amr sent: each property of the raw JSON, read
// from the typed object by the name Kiota gives it, must hold the same value (a JSON null may be
// null or absent: Kiota models have no other way to say it). An enum value that is not a member
// of the SDK's enum comes back undefined, a date that does not parse comes back Invalid Date, a
// property the model does not declare lands in `additionalData`: each is reported with its path.

/** Kiota's property names for OData annotations; every other JSON name is the property's name. */
const KIOTA_NAMES: Readonly<Record<string, string>> = {
  '@odata.type': 'odataType',
  '@odata.nextLink': 'odataNextLink',
  '@odata.count': 'odataCount',
  '@odata.deltaLink': 'odataDeltaLink',
};
/** Control information Kiota does not model (it lands in additionalData, as it does from Graph). */
const UNMODELLED = new Set(['@odata.context', '@odata.id', '@odata.etag', '@odata.editLink']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The differences, as `path: what` lines; empty when the typed object carries every value of `raw`. */
export function lostInTyping(typed: unknown, raw: Json, path = '$'): string[] {
  if (raw === null) return typed === null || typed === undefined ? [] : [`${path}: null became ${show(typed)}`];
  if (typed === undefined || typed === null) return [`${path}: ${JSON.stringify(raw)} became ${String(typed)}`];
  if (Array.isArray(raw)) {
    if (!Array.isArray(typed)) return [`${path}: an array became ${show(typed)}`];
    const out = typed.length === raw.length ? [] : [`${path}: ${raw.length} items became ${typed.length}`];
    raw.forEach((r, i) => out.push(...lostInTyping(typed[i], r, `${path}[${i}]`)));
    return out;
  }
  if (typeof raw === 'object') {
    if (typeof typed !== 'object') return [`${path}: an object became ${show(typed)}`];
    const model = typed as Record<string, unknown>;
    const extra = (model.additionalData ?? {}) as Record<string, unknown>;
    const out: string[] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (UNMODELLED.has(key)) continue;
      const name = KIOTA_NAMES[key] ?? key;
      if (model[name] === undefined && key in extra) {
        out.push(`${path}.${key}: not a property of the SDK's model (kept in additionalData)`);
        continue;
      }
      out.push(...lostInTyping(model[name], value, `${path}.${key}`));
    }
    return out;
  }
  if (typed instanceof Date) {
    const ok = typeof raw === 'string' && !Number.isNaN(typed.getTime()) && typed.getTime() === Date.parse(raw);
    return ok ? [] : [`${path}: ${JSON.stringify(raw)} became ${show(typed)}`];
  }
  // DateOnly, TimeOnly, Duration: Kiota's value types print as their wire form.
  if (typeof typed === 'object' && typeof raw === 'string') return String(typed) === raw ? [] : [`${path}: ${JSON.stringify(raw)} became ${String(typed)}`];
  return typed === raw ? [] : [`${path}: ${JSON.stringify(raw)} became ${show(typed)}`];
}

function show(v: unknown): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  return typeof v === 'object' && v !== null ? `a ${v.constructor?.name ?? 'value'}` : (JSON.stringify(v) ?? String(v));
}

export type { Json };
