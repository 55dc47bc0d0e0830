// Finds where one JSON value ends in a byte stream, resumably across chunks, and keeps its bytes when asked.
// Byte-level on purpose: bytes ≥ 0x80 never equal a structural ASCII byte, so a multi-byte UTF-8
// character split between chunks needs no care; the text is decoded once the value is whole.
import { SnapshotError } from './snapshot-error.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** A single element larger than this is refused rather than exhausting memory (V8 strings stop at ~512 MiB). */
export const MAX_VALUE_BYTES = 256 * 1024 * 1024;

/**
 * From inside a string at i: the index of its closing quote; buf.length when the chunk ends inside it;
 * buf.length + 1 when the chunk ends just after a backslash (the next chunk's first byte is escaped).
 */
function endOfString(buf: Buffer, from: number): number {
  const n = buf.length;
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

  /** Starts a value whose first byte is buf[pos]; `keep` asks for its text. `where` names it in errors. */
  begin(buf: Buffer, pos: number, keep: boolean, where: string): void {
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
  }

  /** Scans from pos: the index just past the value, or -1 when the chunk ends first. */
  scan(buf: Buffer, pos: number): number {
    if (this.start < 0) this.start = pos;
    const end = this.scalar ? this.scanScalar(buf, pos) : this.scanNested(buf, pos);
    if (end < 0) this.carry(buf);
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
  private scanNested(buf: Buffer, pos: number): number {
    const n = buf.length;
    let depth = this.depth;
    let i = pos;
    if (this.inString) {
      i = endOfString(buf, this.escaped ? pos + 1 : pos);
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
        i = endOfString(buf, i + 1);
        if (i >= n) {
          this.inString = true;
          this.escaped = i > n;
          break;
        }
        if (depth === 0) { found = i + 1; break; }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) { found = i + 1; break; }
      }
    }
    this.depth = depth;
    return found;
  }

  private scanScalar(buf: Buffer, pos: number): number {
    for (let i = pos; i < buf.length; i++) {
      if (endsScalar(buf[i] ?? 0)) return i;
    }
    return -1;
  }

  /** The chunk ended inside the value: keep a copy of its part (the source may reuse the chunk). */
  private carry(buf: Buffer): void {
    if (this.keep) {
      const part = Buffer.from(buf.subarray(this.start));
      this.size += part.length;
      if (this.size > MAX_VALUE_BYTES) {
        throw new SnapshotError(this.where, `is larger than ${MAX_VALUE_BYTES / 1024 / 1024} MiB: too large to read as one value`);
      }
      this.parts.push(part);
    }
    this.start = -1;
  }
}
