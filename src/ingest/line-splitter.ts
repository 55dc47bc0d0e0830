// Splits a byte stream into lines for the NDJSON readers (snapshots and logs): lines across chunk
// boundaries, CRLF, blank lines skipped, a pause whenever the sink wants draining, and each line's
// parse limits (decision 0054) checked on its bytes before it is decoded or parsed: its length
// here, its JSON values and nesting by ValueScanner as the bytes arrive. Subclasses say what a
// line is, which limits it has, and what going past one means.
import type { ChunkParser, Drainable } from './chunk-parser.js';
import { isJsonBlank } from './json-blank.js';
import type { ParseLimits } from './parse-limits.js';
import { SnapshotError } from './snapshot/snapshot-error.js';
import { ValueScanner } from './snapshot/value-scanner.js';

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Where the metering of the current line is: before its value, inside it, past its end. */
const BEFORE = 0;
const INSIDE = 1;
const PAST = 2;

/** Where the next `byte` is in buf from `from` on; buf.length when there is none. */
function indexOrEnd(buf: Buffer, byte: number, from: number): number {
  const i = buf.indexOf(byte, from);
  return i < 0 ? buf.length : i;
}

export abstract class LineSplitter implements ChunkParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Absolute offset of buf[0]. */
  private base = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** The current line was given up as too long: drop its bytes up to its end. */
  private skipping = false;
  private readonly meter = new ValueScanner();
  private metering = BEFORE;
  /** The limits of the line being read (asked once per line). */
  private lineLimits: ParseLimits | null = null;
  /** 1-based number of the line being handled. */
  protected line = 0;
  /**
   * Where the next `{` and `[` of the current chunk are at or after the line being handled
   * (buf.length: none further; -1: not looked for yet), so that counting a line's openings
   * searches each byte of a chunk once, however the lines fall.
   */
  private nextBrace = -1;
  private nextBracket = -1;

  constructor(private readonly drain: Drainable) {}

  /** A line with more than blanks; `terminated` is false for a last line without its line end. */
  protected abstract onLine(text: string, terminated: boolean): void;

  /** The limits on the next line (line `this.line + 1`). */
  protected abstract limits(): ParseLimits;

  /** The line being read passed its byte limit (`max`): throw to stop, or return to skip to its end. */
  protected abstract onTooLong(head: string, max: number, at: number): void;

  /** The line being read passed its limit on values or depth (`err` names it): the error to throw. */
  protected abstract overLimit(err: SnapshotError): Error;

  /** After the last line. */
  protected onEnd(): void {}

  feed(buf: Buffer): void {
    this.base += this.buf.length;
    this.buf = buf;
    this.pos = 0;
    this.nextBrace = -1;
    this.nextBracket = -1;
  }

  step(): boolean {
    const buf = this.buf;
    while (this.pos < buf.length) {
      const nl = buf.indexOf(NEWLINE, this.pos);
      if (nl < 0) {
        this.carry(buf, this.pos);
        this.pos = buf.length;
        return true;
      }
      if (this.skipping) {
        this.line++;
        this.skipping = false;
        this.pos = nl + 1;
        continue;
      }
      if (this.parts.length > 0 || this.metering !== BEFORE || !this.withinLimits(buf, this.pos, nl)) this.measure(buf, this.pos, nl);
      const max = this.currentLimits().maxRecordBytes;
      if (this.partBytes + nl - this.pos > max) {
        this.tooLong(buf, nl, max, this.base + this.pos - this.partBytes);
        this.line++;
        this.skipping = false;
        this.pos = nl + 1;
        continue;
      }
      this.line++;
      const text = this.takeLine(buf, nl);
      this.pos = nl + 1;
      this.endOfLine();
      if (!isJsonBlank(text)) this.onLine(text, true);
      if (this.drain.ready) return false;
    }
    return true;
  }

  end(): void {
    if (this.parts.length > 0 && !this.skipping) {
      this.line++;
      const text = Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
      this.endOfLine();
      if (!isJsonBlank(text)) this.onLine(text, false);
    }
    this.onEnd();
  }

  private currentLimits(): ParseLimits {
    this.lineLimits ??= this.limits();
    return this.lineLimits;
  }

  private endOfLine(): void {
    this.partBytes = 0;
    this.metering = BEFORE;
    this.lineLimits = null;
  }

  /**
   * Whether a whole line (its bytes from..to in this chunk) is within its limits by bounds that need
   * no walk of its bytes, so that the meter could not refuse it whatever the bytes are:
   * - its length is at most the byte limit;
   * - its length is at most the value limit: the meter counts a value only at a byte after the
   *   value's first (`:`, `,`, an item's first byte), so it never counts more values than bytes;
   * - its `{` and `[` bytes (inside strings too), found by native searches, are at most the depth
   *   limit: the meter opens a level only at one of them.
   * A line that fails a bound is metered exactly, so every refusal and its message are the meter's.
   */
  private withinLimits(buf: Buffer, from: number, to: number): boolean {
    const limits = this.currentLimits();
    const length = to - from;
    if (length > limits.maxRecordBytes || length > limits.maxRecordElements) return false;
    const max = limits.maxDepth;
    let opens = 0;
    let i = this.nextBrace;
    if (i < from) i = indexOrEnd(buf, OPEN_BRACE, from);
    for (; i < to; i = indexOrEnd(buf, OPEN_BRACE, i + 1)) {
      if (++opens > max) return false;
    }
    this.nextBrace = i;
    i = this.nextBracket;
    if (i < from) i = indexOrEnd(buf, OPEN_BRACKET, from);
    for (; i < to; i = indexOrEnd(buf, OPEN_BRACKET, i + 1)) {
      if (++opens > max) return false;
    }
    this.nextBracket = i;
    return true;
  }

  /** Meters the line's bytes from..to: its value's JSON values and depth (its length is counted apart). */
  private measure(buf: Buffer, from: number, to: number): void {
    if (this.metering === PAST) return;
    let i = from;
    if (this.metering === BEFORE) {
      while (i < to && isSpace(buf[i])) i++;
      if (i === to) return;
      const limits = this.currentLimits();
      this.meter.begin(buf, i, false, `line ${this.line + 1}`, { ...limits, maxRecordBytes: Number.MAX_SAFE_INTEGER }, this.base + i);
      this.metering = INSIDE;
    }
    try {
      if (this.meter.scan(buf, i, to) >= 0) this.metering = PAST;
    } catch (err) {
      if (err instanceof SnapshotError && err.limit !== undefined) throw this.overLimit(err);
      throw err;
    }
  }

  private takeLine(buf: Buffer, nl: number): string {
    if (this.parts.length === 0) return buf.toString('utf8', this.pos, nl);
    this.parts.push(buf.subarray(this.pos, nl));
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    return text;
  }

  /** The chunk ended mid-line: keep a copy (the source may reuse its chunk), up to the bound. */
  private carry(buf: Buffer, from: number): void {
    if (this.skipping || from === buf.length) return;
    this.measure(buf, from, buf.length);
    const part = buf.subarray(from);
    this.partBytes += part.length;
    const max = this.currentLimits().maxRecordBytes;
    if (this.partBytes <= max) {
      this.parts.push(Buffer.from(part));
      return;
    }
    this.tooLong(buf, buf.length, max, this.base + from - (this.partBytes - part.length));
    this.skipping = true;
  }

  /** The line is longer than `max` bytes: the subclass decides (its bytes up to `end` are dropped). */
  private tooLong(buf: Buffer, end: number, max: number, at: number): void {
    const head = Buffer.concat([...this.parts, buf.subarray(this.pos, Math.min(end, this.pos + 1024))]).subarray(0, 1024).toString('utf8');
    this.parts = [];
    this.endOfLine();
    this.onTooLong(head, max, at);
  }
}
