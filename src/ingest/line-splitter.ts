// Splits a byte stream into lines for the NDJSON readers (snapshots and logs): lines across chunk
// boundaries, CRLF, blank lines skipped, a pause whenever the sink wants draining, and each line's
// parse limits (decision 0054) checked on its bytes before it is decoded or parsed: its length
// here, its JSON values and nesting by ValueScanner as the bytes arrive — or, for a line that
// arrives whole in one chunk, by bounds that need no walk of its bytes (`bounds`), the meter
// walking it only when a bound fails. Subclasses say what a line is, which limits it has, and
// what going past one means; they parse a line with `parseLine`.
import type { ChunkParser, Drainable } from './chunk-parser.js';
import { isJsonBlank } from './json-blank.js';
import { nestsDeeperThan, type ParseLimits } from './parse-limits.js';
import { SnapshotError } from './snapshot-error.js';
import { ValueScanner } from './value-scanner.js';

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

/** What the bounds of a whole line (`bounds`) leave to check: flags, or METER_NOW. */
const NOTHING_LEFT = 0;
/** Its values, if its text is not JSON: a well-formed line of its length cannot pass the limit. */
const VALUES_IF_MALFORMED = 1;
/** Its depth, on the parsed value (its `{` and `[` bytes could pass the limit). */
const DEPTH_AFTER_PARSE = 2;
/** Its bytes go to the meter before anything else (as a line cut by a chunk's end always does). */
const METER_NOW = 4;

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
  /**
   * For the line being handed to onLine: what parseLine checks once its text is parsed (flags
   * from `bounds`), and where its bytes are in the current chunk should the meter be needed.
   */
  private left = NOTHING_LEFT;
  private leftFrom = 0;
  private leftTo = 0;
  private leftLimits: ParseLimits | null = null;

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
      const from = this.pos;
      const left = this.parts.length > 0 || this.metering !== BEFORE ? METER_NOW : this.bounds(buf, from, nl);
      if (left === METER_NOW) this.measure(buf, from, nl);
      const limits = this.currentLimits();
      const max = limits.maxRecordBytes;
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
      if (!isJsonBlank(text)) {
        if (left !== METER_NOW && left !== NOTHING_LEFT) {
          this.left = left;
          this.leftFrom = from;
          this.leftTo = nl;
          this.leftLimits = limits;
        }
        this.onLine(text, true);
        if (this.left !== NOTHING_LEFT) throw new Error(`internal: line ${this.line} was handled without parseLine, its limits unchecked`);
      }
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
   * JSON.parse of a line's text, the line's limits checked first where its bytes were not metered
   * (decision 0054, Consequences): subclasses parse every line with this, and nothing else before it.
   * A line past a limit throws the error the meter would have thrown on its bytes (overLimit's).
   */
  protected readonly parseLine = (text: string): unknown => {
    const left = this.left;
    if (left === NOTHING_LEFT) return JSON.parse(text) as unknown;
    this.left = NOTHING_LEFT;
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (err) {
      // Not JSON (or not parsed): the meter says whether it also goes past a limit, as it would have first.
      this.meterLeft();
      throw err;
    }
    if ((left & DEPTH_AFTER_PARSE) !== 0 && typeof value === 'object' && value !== null && nestsDeeperThan(value, this.leftLimits?.maxDepth ?? 0)) {
      this.meterLeft();
      throw new Error(`internal: line ${this.line} nests deeper than its limit, yet its meter found no fault`);
    }
    return value;
  };

  /**
   * What must still be checked of a whole line (its bytes from..to in this chunk) for the meter
   * not to refuse it, by bounds that need no walk of its bytes:
   * - its bytes at most the byte limit, else METER_NOW (the meter's refusals come first, as before);
   * - its values: the meter counts a value only at a byte after the line's first (`:`, `,`, an
   *   item's first byte), so a line no longer than the value limit cannot pass it, whatever its
   *   bytes; and a well-formed JSON text of L bytes holds at most (L + 1) / 2 values (each value
   *   takes a byte, each further one a separator too), so a line up to twice the limit needs a
   *   count only if JSON.parse refuses it (VALUES_IF_MALFORMED); longer lines, METER_NOW;
   * - its depth: the meter opens a level only at a `{` or `[` byte, so a line with no more of them
   *   (inside strings too, found by native searches) than the limit cannot pass it; else the parsed
   *   value's depth is checked (DEPTH_AFTER_PARSE): JSON.parse is iterative in V8, and a line
   *   bounded in bytes and values builds at most as much as the value limit allows.
   * Whatever passes a limit is then metered, so each refusal, its message and its place are the meter's.
   */
  private bounds(buf: Buffer, from: number, to: number): number {
    const limits = this.currentLimits();
    const length = to - from;
    if (length > limits.maxRecordBytes) return METER_NOW;
    let left = NOTHING_LEFT;
    if (length > limits.maxRecordElements) {
      if ((length + 1) / 2 > limits.maxRecordElements) return METER_NOW;
      left = VALUES_IF_MALFORMED;
    }
    const max = limits.maxDepth;
    let opens = 0;
    let i = this.nextBrace;
    if (i < from) i = indexOrEnd(buf, OPEN_BRACE, from);
    for (; i < to; i = indexOrEnd(buf, OPEN_BRACE, i + 1)) {
      if (++opens > max) return left | DEPTH_AFTER_PARSE;
    }
    this.nextBrace = i;
    i = this.nextBracket;
    if (i < from) i = indexOrEnd(buf, OPEN_BRACKET, from);
    for (; i < to; i = indexOrEnd(buf, OPEN_BRACKET, i + 1)) {
      if (++opens > max) return left | DEPTH_AFTER_PARSE;
    }
    this.nextBracket = i;
    return left;
  }

  /** Meters the bytes of the line parseLine was given (still in the current chunk): throws what the meter finds. */
  private meterLeft(): void {
    const buf = this.buf;
    const to = this.leftTo;
    let i = this.leftFrom;
    while (i < to && isSpace(buf[i])) i++;
    if (i === to || this.leftLimits === null) return;
    this.meter.begin(buf, i, false, `line ${this.line}`, { ...this.leftLimits, maxRecordBytes: Number.MAX_SAFE_INTEGER }, this.base + i);
    this.scanMeter(buf, i, to);
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
    if (this.scanMeter(buf, i, to)) this.metering = PAST;
  }

  /** The meter on buf[from..to): whether the value ended; a limit passed is thrown as overLimit makes it. */
  private scanMeter(buf: Buffer, from: number, to: number): boolean {
    try {
      return this.meter.scan(buf, from, to) >= 0;
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
    const head = Buffer.concat([...this.parts, buf.subarray(this.pos, Math.min(end, this.pos + 1024))])
      .subarray(0, 1024)
      .toString('utf8');
    this.parts = [];
    this.endOfLine();
    this.onTooLong(head, max, at);
  }
}
