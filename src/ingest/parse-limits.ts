// What one record may cost to parse (decision 0054): its bytes, its JSON values and its nesting
// depth, checked by the byte scanner before JSON.parse builds anything; and how a refusal says so.

/**
 * How far a reader looks ahead to tell how its input is framed: past this much with the first
 * object still open, it is a (compact) JSON document (snapshot/detect-encoding.ts, logs/sniff-framing.ts).
 */
export const SNIFF_LIMIT = 4 * 1024 * 1024;

/** The bounds on one record (a snapshot user, group or role assignment; a log line or log record). */
export interface ParseLimits {
  /** Bytes of one record as written (UTF-8, after gunzip). */
  readonly maxRecordBytes: number;
  /** JSON values in one record: objects, arrays, strings, numbers, true/false/null (member names not counted). */
  readonly maxRecordElements: number;
  /** Objects and arrays open at once inside one record, the record itself counted (`{}` is 1, `{"a":[]}` 2). */
  readonly maxDepth: number;
}

/**
 * No real Graph user (with its methods) or log record comes near these: a user is a few KB, a
 * sign-in 2–8 KB, an Event Hub message at most 1 MB (Event Hubs' own limit on one event), with one
 * JSON value per 15–25 bytes and 6–8 levels at most. `[{},{},…]` in 1 MiB is 350,000 objects.
 */
export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxRecordBytes: 1024 * 1024, maxRecordElements: 200_000, maxDepth: 64 };

/**
 * A snapshot's header members (tenant, policies, …): one each per file, so they may be larger than
 * a record; never smaller than the record limits in force.
 */
export function headerLimits(records: ParseLimits): ParseLimits {
  return {
    maxRecordBytes: Math.max(records.maxRecordBytes, 8 * 1024 * 1024),
    maxRecordElements: Math.max(records.maxRecordElements, 1_000_000),
    maxDepth: records.maxDepth,
  };
}

/**
 * A log's NDJSON line: one record, one Event Hub message (at most 1 MB) or one Graph page (up to
 * 1,000 records, a few MB) written on one line, so it is parsed whole: 16 times a record's bytes,
 * twice its values (400,000 by default: JSON.parse takes about 0.1 s of the event loop for that
 * many tiny objects), two more levels (the page or message around the records).
 */
export function logLineLimits(records: ParseLimits): ParseLimits {
  return {
    maxRecordBytes: records.maxRecordBytes * 16,
    maxRecordElements: records.maxRecordElements * 2,
    maxDepth: records.maxDepth + 2,
  };
}

/** Up to this depth limit, nestsDeeperThan recurses (at most that many frames); past it, it keeps its own stack. */
const RECURSION_BOUND = 1024;

/**
 * Whether a parsed JSON value (an object or array) nests objects and arrays more than `max` deep,
 * the value itself counted: without recursing deeper than `max` (nor at all past RECURSION_BOUND),
 * so it is safe on any value JSON.parse built. About 0.6 µs for a 2.7 KB sign-in, 3 µs for one with
 * 20 conditional-access policies (an eighth of its JSON.parse; the byte meter takes a third).
 */
export function nestsDeeperThan(value: object, max: number): boolean {
  return max <= RECURSION_BOUND ? deeperThan(value, max) : deeperThanIteratively(value, max);
}

function deeperThan(value: object, max: number): boolean {
  if (max <= 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i];
      if (typeof x === 'object' && x !== null && deeperThan(x, max - 1)) return true;
    }
    return false;
  }
  const o = value as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'object' && x !== null && deeperThan(x, max - 1)) return true;
  }
  return false;
}

function deeperThanIteratively(root: object, max: number): boolean {
  const stack: object[] = [root];
  const depths: number[] = [1];
  for (;;) {
    const value = stack.pop();
    const depth = depths.pop() ?? 0;
    if (value === undefined) return false;
    if (depth > max) return true;
    const items: readonly unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (let i = 0; i < items.length; i++) {
      const x = items[i];
      if (typeof x === 'object' && x !== null) {
        stack.push(x);
        depths.push(depth + 1);
      }
    }
  }
}

/** Which limit an input went past: 'bytes' is a size (HTTP 413), the others a shape (HTTP 400). */
export type LimitKind = 'bytes' | 'elements' | 'depth';

/** The option that raises each limit, for the CLI and for the server's environment. */
export const LIMIT_SETTINGS: Readonly<Record<LimitKind, { readonly flag: string; readonly env: string }>> = {
  bytes: { flag: '--max-record-bytes', env: 'AMR_MAX_RECORD_BYTES' },
  elements: { flag: '--max-record-elements', env: 'AMR_MAX_RECORD_ELEMENTS' },
  depth: { flag: '--max-depth', env: 'AMR_MAX_DEPTH' },
};

/** "raise it with …": the sentence every limit refusal ends with. */
export function raiseHint(kind: LimitKind): string {
  const s = LIMIT_SETTINGS[kind];
  return `if the input is genuine, raise the limit (amr import ${s.flag} N; the server: ${s.env})`;
}

/** A limit's value in words: 1 MiB, 200000 values, 64 levels. */
export function limitText(kind: LimitKind, value: number): string {
  if (kind === 'bytes') return value % (1024 * 1024) === 0 ? `${value / 1024 / 1024} MiB` : `${value} bytes`;
  return kind === 'elements' ? `${value} JSON values` : `${value} levels`;
}

/** Fills in what `given` leaves out and checks each is a positive integer. */
export function parseLimitsOf(given: Partial<ParseLimits> | undefined): ParseLimits {
  const limits: ParseLimits = {
    maxRecordBytes: given?.maxRecordBytes ?? DEFAULT_PARSE_LIMITS.maxRecordBytes,
    maxRecordElements: given?.maxRecordElements ?? DEFAULT_PARSE_LIMITS.maxRecordElements,
    maxDepth: given?.maxDepth ?? DEFAULT_PARSE_LIMITS.maxDepth,
  };
  for (const name of Object.keys(limits) as (keyof ParseLimits)[]) {
    const value: number = limits[name];
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return limits;
}
