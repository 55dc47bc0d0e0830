// Builds the `where` of a SnapshotError: JSON paths for documents, `line N: …` for NDJSON.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The place of member `key` inside the value at `where`. */
/** Member names already spelled (the readers name the same few members for every record). */
const parts = new Map<string, string>();

function partOf(key: string): string {
  let part = parts.get(key);
  if (part === undefined) {
    part = IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
    if (parts.size >= 1024) parts.clear();
    parts.set(key, part);
  }
  return part;
}

export function child(where: string, key: string): string {
  const part = partOf(key);
  if (where === '') return part;
  // NDJSON places: `line 12` is followed by ': ', `line 12: user` by '.' like any path.
  if (where.startsWith('line ') && !where.includes(':')) return `${where}: ${part}`;
  return part.startsWith('[') ? `${where}${part}` : `${where}.${part}`;
}

/** The place of element `index` of the array at `where`. */
export function item(where: string, index: number): string {
  return `${where}[${index}]`;
}

/** A short rendering of a wrong value for a message: enough to recognise it, never the whole thing. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    return value.length > 60 ? `the string ${JSON.stringify(value.slice(0, 60))}…` : `the string ${JSON.stringify(value)}`;
  }
  return String(value);
}
