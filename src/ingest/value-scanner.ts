// Finds where one JSON value ends in a byte stream, resumably across chunks, and keeps its bytes when asked.
// Byte-level on purpose: bytes ≥ 0x80 never equal a structural ASCII byte, so a multi-byte UTF-8
// character split between chunks needs no care; the text is decoded once the value is whole.
import { SnapshotError } from './snapshot-error.js';
import { limitText, raiseHint, type ParseLimits } from './parse-limits.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** A value read with no limits given is still refused past this (V8 strings stop at ~512 MiB). */
export const MAX_VALUE_BYTES = 256 * 1024 * 1024;

/**
 * From inside a string at i: the index of its closing quote; n when the chunk ends inside it;
 * n + 1 when the chunk ends just after a backslash (the next chunk's first byte is escaped).
 */
function endOfString(buf: Buffer, from: number, n: number): number {
  let i = from;
  for (; i < n; i++) {
    const c = buf[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) i++;
  }
  return i;
}

/** Whether `c` ends a number/true/false/null: a delimiter or JSON whitespace. */
function endsScalar(c: number): boolean {
  return c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export class ValueScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;
  private keep = false;
  /** Where the value's bytes start in the current chunk; -1: at the start of the next chunk scanned. */
  private start = 0;
  private parts: Buffer[] = [];
  private size = 0;
  private where = '';
  // Metering (decision 0054), when limits are given: values counted, the open containers' kinds.
  private limits: ParseLimits | null = null;
  /** Absolute byte offset of the value's first byte, for messages. */
  private at = 0;
  /** The value's bytes in chunks already scanned (kept or not). */
  private consumed = 0;
  private values = 0;
  /** Just after `[`: the next significant byte other than `]` starts an item. */
  private expectItem = false;
  /** 1 when the container open at that depth is an array. */
  private kinds = new Uint8Array(0);

  /**
   * Starts a value whose first byte is buf[pos]; `keep` asks for its text. `where` names it in errors.
   * With `limits`, the value is refused (SnapshotError with `limit`) as soon as it goes past one;
   * `at` is its absolute byte offset, for the message.
   */
  begin(buf: Buffer, pos: number, keep: boolean, where: string, limits: ParseLimits | null = null, at = 0): void {
    const c = buf[pos];
    this.scalar = c !== OPEN_BRACE && c !== OPEN_BRACKET && c !== QUOTE;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.keep = keep;
    this.start = pos;
    this.parts = [];
    this.size = 0;
    this.where = where;
    this.limits = limits;
    this.at = at;
    this.consumed = 0;
    this.values = 1;
    this.expectItem = false;
    if (limits !== null && this.kinds.length < limits.maxDepth + 2) this.kinds = new Uint8Array(limits.maxDepth + 2);
  }

  /** JSON values in the value scanned so far (counted only when limits were given). */
  get elements(): number {
    return this.values;
  }

  /** Scans from pos up to `to`: the index just past the value, or -1 when the chunk (or `to`) ends first. */
  scan(buf: Buffer, pos: number, to = buf.length): number {
    if (this.start < 0) this.start = pos;
    const end = this.scalar
      ? this.scanScalar(buf, pos, to)
      : this.limits === null
        ? this.scanNested(buf, pos, to)
        : this.scanMetered(buf, pos, to, this.limits);
    if (end < 0) this.carry(buf, to);
    else if (this.limits !== null && this.consumed + end - this.start > this.limits.maxRecordBytes) this.tooLarge(this.limits);
    return end;
  }

  /** The value's text once `scan` returned `end`; call once per value. */
  text(buf: Buffer, end: number): string {
    if (this.parts.length === 0) return buf.toString('utf8', this.start, end);
    this.parts.push(buf.subarray(this.start, end));
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    return text;
  }

  // The hot loop of the reader: locals, not fields; strings skipped by their own tight loop.
  private scanNested(buf: Buffer, pos: number, n: number): number {
    let depth = this.depth;
    let i = pos;
    if (this.inString) {
      i = endOfString(buf, this.escaped ? pos + 1 : pos, n);
      if (i >= n) {
        this.escaped = i > n;
        return -1;
      }
      this.inString = false;
      if (depth === 0) return i + 1;
      i++;
    }
    let found = -1;
    for (; i < n; i++) {
      const c = buf[i];
      if (c === QUOTE) {
        i = endOfString(buf, i + 1, n);
        if (i >= n) {
          this.inString = true;
          this.escaped = i > n;
          break;
        }
        if (depth === 0) {
          found = i + 1;
          break;
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) {
          found = i + 1;
          break;
        }
      }
    }
    this.depth = depth;
    return found;
  }

  /**
   * scanNested, also counting the values and bounding the depth. A value is counted where it starts:
   * after `:`, after `,` in an array, as the first item after `[`; the value itself in begin().
   */
  private scanMetered(buf: Buffer, pos: number, n: number, limits: ParseLimits): number {
    let depth = this.depth;
    let values = this.values;
    let expectItem = this.expectItem;
    const kinds = this.kinds;
    const maxDepth = limits.maxDepth;
    let i = pos;
    if (this.inString) {
      i = endOfString(buf, this.escaped ? pos + 1 : pos, n);
      if (i >= n) {
        this.escaped = i > n;
        return -1;
      }
      this.inString = false;
      if (depth === 0) return i + 1;
      i++;
    }
    let found = -1;
    for (; i < n; i++) {
      const c = buf[i];
      if (c === QUOTE) {
        if (expectItem) {
          values++;
          expectItem = false;
        }
        i = endOfString(buf, i + 1, n);
        if (i >= n) {
          this.inString = true;
          this.escaped = i > n;
          break;
        }
        if (depth === 0) {
          found = i + 1;
          break;
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (expectItem) values++;
        if (++depth > maxDepth) this.tooDeep(buf, i, limits);
        expectItem = c === OPEN_BRACKET;
        kinds[depth] = expectItem ? 1 : 0;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        expectItem = false;
        if (--depth === 0) {
          found = i + 1;
          break;
        }
      } else if (c === COLON) values++;
      else if (c === COMMA) {
        if (kinds[depth] === 1) values++;
      } else if (expectItem && !isSpace(c)) {
        values++;
        expectItem = false;
      }
    }
    this.depth = depth;
    this.values = values;
    this.expectItem = expectItem;
    if (values > limits.maxRecordElements) this.tooMany(limits);
    return found;
  }

  private scanScalar(buf: Buffer, pos: number, n: number): number {
    for (let i = pos; i < n; i++) {
      if (endsScalar(buf[i] ?? 0)) return i;
    }
    return -1;
  }

  /** The chunk ended inside the value: keep a copy of its part (the source may reuse the chunk). */
  private carry(buf: Buffer, to: number): void {
    const max = this.limits?.maxRecordBytes ?? MAX_VALUE_BYTES;
    this.consumed += to - this.start;
    // A skipped value (not kept, no limits) is never held: it may be any size.
    if (this.consumed > max && (this.keep || this.limits !== null)) {
      if (this.limits !== null) this.tooLarge(this.limits);
      throw new SnapshotError(this.where, `is larger than ${MAX_VALUE_BYTES / 1024 / 1024} MiB: too large to read as one value`);
    }
    if (this.keep) {
      const part = Buffer.from(buf.subarray(this.start, to));
      this.size += part.length;
      this.parts.push(part);
    }
    this.start = -1;
  }

  private tooLarge(limits: ParseLimits): never {
    this.parts = [];
    throw new SnapshotError(
      this.where,
      `is larger than ${limitText('bytes', limits.maxRecordBytes)}, the limit on one record (it starts at byte ${this.at}); ${raiseHint('bytes')}`,
      { limit: 'bytes' },
    );
  }

  private tooMany(limits: ParseLimits): never {
    this.parts = [];
    throw new SnapshotError(
      this.where,
      `holds more than ${limitText('elements', limits.maxRecordElements)} (objects, arrays, strings, numbers…), the limit on one record (it starts at byte ${this.at}); ${raiseHint('elements')}`,
      { limit: 'elements' },
    );
  }

  private tooDeep(buf: Buffer, i: number, limits: ParseLimits): never {
    this.parts = [];
    const offset = this.at + this.consumed + i - Math.max(this.start, 0);
    throw new SnapshotError(
      this.where,
      `nests objects and arrays more than ${limitText('depth', limits.maxDepth)} deep (at byte ${offset}), the limit on one record; ${raiseHint('depth')}`,
      { limit: 'depth' },
    );
  }
}
