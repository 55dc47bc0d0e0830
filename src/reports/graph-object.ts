// Typed, total readers for Graph JSON kept verbatim in the snapshot (GraphObject is unknown-valued).
import type { GraphObject } from './model.js';

export function str(o: GraphObject | null | undefined, key: string): string | null {
  const v = o?.[key];
  return typeof v === 'string' ? v : null;
}

export function bool(o: GraphObject | null | undefined, key: string): boolean | null {
  const v = o?.[key];
  return typeof v === 'boolean' ? v : null;
}

export function num(o: GraphObject | null | undefined, key: string): number | null {
  const v = o?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function obj(o: GraphObject | null | undefined, key: string): GraphObject | null {
  const v = o?.[key];
  return isGraphObject(v) ? v : null;
}

/** The array under key, keeping only its object elements; null when the key is absent or not an array. */
export function objects(o: GraphObject | null | undefined, key: string): readonly GraphObject[] | null {
  const v = o?.[key];
  return Array.isArray(v) ? (v as readonly unknown[]).filter(isGraphObject) : null;
}

/** The array under key, keeping only its string elements; null when absent or not an array. */
export function strings(o: GraphObject | null | undefined, key: string): readonly string[] | null {
  const v = o?.[key];
  return Array.isArray(v) ? (v as readonly unknown[]).filter((x): x is string => typeof x === 'string') : null;
}

export function isGraphObject(v: unknown): v is GraphObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "#microsoft.graph.fooBar" and "microsoft.graph.fooBar" both become "fooBar"; null when absent. */
export function shortODataType(o: GraphObject): string | null {
  const t = str(o, '@odata.type');
  if (t === null) return null;
  const bare = t.startsWith('#') ? t.slice(1) : t;
  return bare.startsWith('microsoft.graph.') ? bare.slice('microsoft.graph.'.length) : bare;
}
