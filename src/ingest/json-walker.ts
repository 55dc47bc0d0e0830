// Walks a stream of JSON values chunk by chunk, stepping into the objects and arrays its host asks
// for and handing it every other value's text whole (ValueScanner finds where a value ends). Shared
// by the snapshot document reader (one top-level object, users/groups/roleAssignments walked) and the
// log document reader (records, value and tables containers at any depth). The walker knows JSON's
// structure; the host decides what to walk, what each value means, and how an error is worded.
import { SnapshotError } from './snapshot-error.js';
import { ValueScanner } from './value-scanner.js';
import type { ChunkParser } from './chunk-parser.js';
import type { ParseLimits } from './parse-limits.js';
import { loneSurrogateEscape, loneSurrogateReason } from './lone-surrogates.js';

/** An object or array the walk is inside: the current member's name, or the current element's index. */
export interface WalkFrame {
  readonly array: boolean;
  key: string;
  index: number;
}

/** A read value's size: its bytes as written and its JSON values (counted only when it had limits). */
export interface ValueSize {
  readonly bytes: number;
  readonly elements: number;
}

/** 'walk': step into the object or array; 'read': hand me its text; 'skip': pass over it, text not kept. */
export type Decision = 'walk' | 'read' | 'skip';

/** What the byte that broke the structure should have been. */
export type Expected = 'value' | 'member name' | 'colon' | 'after member' | 'after element';

/** What the walk is in the middle of: a member name, a value, or neither (between tokens). */
export type Scanning = 'key' | 'value' | null;

export interface JsonWalkHost {
  /** True when the walk should pause for the sink to drain (checked after each value and each close). */
  readonly paused: boolean;
  /** Whether a value may start with byte `c` here; any other byte is `unexpected`. */
  startsValue(c: number): boolean;
  /** A value starts with byte `c` at absolute byte `at` inside `frames` (outermost first; empty at the top level). */
  begin(frames: readonly WalkFrame[], c: number, at: number): Decision;
  /** A member name was read (it is already the last frame's key). */
  memberNamed(frames: readonly WalkFrame[]): void;
  /** A 'read' value is whole; it started at absolute byte `at`, and `size` measures it. */
  value(frames: readonly WalkFrame[], text: string, at: number, size: ValueSize): void;
  /** A walked object or array closes; it is still the last frame. */
  close(frames: readonly WalkFrame[]): void;
  /** The error for byte `c` at absolute byte `at`, where `expected` should have been. */
  unexpected(frames: readonly WalkFrame[], at: number, c: number, expected: Expected): Error;
  /** The limits on the value or member name about to be scanned (decision 0054); null: none (a skipped value). */
  limitsFor(frames: readonly WalkFrame[], scanning: 'key' | 'value'): ParseLimits | null;
  /** The `where` ValueScanner names in its errors, for the value or member name about to be scanned. */
  scanPlace(frames: readonly WalkFrame[], scanning: 'key' | 'value'): string;
  /** The input ended; `walk` tells where (throw when that is inside a value or a container). */
  ended(walk: JsonWalker): void;
  /** ValueScanner refused a value (too large, broken): the error to throw. */
  scanFailed(frames: readonly WalkFrame[], err: SnapshotError): Error;
  /** A member name whose escapes do not parse: nothing after it can be trusted. */
  badMemberName(frames: readonly WalkFrame[], text: string, err: unknown, at: number): Error;
}

// What the next significant byte must be.
const TOP = 0; // a top-level value, or nothing (between values)
const KEY_OR_CLOSE = 1; // after `{`
const KEY = 2; // after `,` in an object
const COLON = 3;
const MEMBER = 4; // a member's value
const AFTER_MEMBER = 5; // `,` or `}`
const ITEM_OR_CLOSE = 6; // after `[`
const ITEM = 7; // after `,` in an array
const AFTER_ITEM = 8; // `,` or `]`
const SCAN = 9; // inside a value or a member name: ValueScanner's part

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export class JsonWalker implements ChunkParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private base = 0;
  private state = TOP;
  private readingKey = false;
  private keeping = false;
  private valueStart = 0;
  private closed = false;
  private readonly frames: WalkFrame[] = [];
  private readonly scanner = new ValueScanner();

  constructor(private readonly host: JsonWalkHost) {}

  feed(buf: Buffer): void {
    this.base += this.buf.length;
    this.buf = buf;
    this.pos = 0;
  }

  /** Bytes fed so far. */
  get total(): number {
    return this.base + this.buf.length;
  }

  /** The containers open now (outermost first). */
  get open(): readonly WalkFrame[] {
    return this.frames;
  }

  /** Whether the walk is inside a member name or a value. */
  get scanning(): Scanning {
    return this.state !== SCAN ? null : this.readingKey ? 'key' : 'value';
  }

  /** Between top-level values: nothing is open. */
  get atTop(): boolean {
    return this.state === TOP;
  }

  /** Walks on in the current chunk: true when it is used up, false when the host paused. */
  step(): boolean {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    while (i < n) {
      if (this.state === SCAN) {
        const end = this.scan(buf, i);
        if (end < 0) break;
        i = end;
        if (this.scanned(buf, end) && this.host.paused) {
          this.pos = i;
          return false;
        }
      } else if (isSpace(buf[i])) i++;
      else {
        i = this.structural(buf, i);
        // A closed object can be a record too (a top-level Graph object): pause as after a value.
        if (this.closed) {
          this.closed = false;
          if (this.host.paused) {
            this.pos = i;
            return false;
          }
        }
      }
    }
    this.pos = n;
    return true;
  }

  /** The input ended: the host says whether that was too early. */
  end(): void {
    this.host.ended(this);
  }

  private scan(buf: Buffer, i: number): number {
    try {
      return this.scanner.scan(buf, i);
    } catch (err) {
      if (!(err instanceof SnapshotError)) throw err;
      throw this.host.scanFailed(this.frames, err);
    }
  }

  /** One byte outside any value: returns the index after what it consumed. */
  private structural(buf: Buffer, i: number): number {
    const c = buf[i] ?? 0;
    switch (this.state) {
      case TOP:
      case MEMBER:
      case ITEM:
        return this.beginValue(buf, i, c);
      case ITEM_OR_CLOSE:
        return c === 0x5d ? this.close(i) : this.beginValue(buf, i, c);
      case KEY_OR_CLOSE:
        return c === 0x7d ? this.close(i) : this.beginKey(buf, i, c);
      case KEY:
        return this.beginKey(buf, i, c);
      case COLON:
        if (c !== 0x3a) this.unexpected(i, c, 'colon');
        this.state = MEMBER;
        return i + 1;
      case AFTER_MEMBER:
        if (c === 0x7d) return this.close(i);
        if (c !== 0x2c) this.unexpected(i, c, 'after member');
        this.state = KEY;
        return i + 1;
      default: // AFTER_ITEM
        if (c === 0x5d) return this.close(i);
        if (c !== 0x2c) this.unexpected(i, c, 'after element');
        this.top().index++;
        this.state = ITEM;
        return i + 1;
    }
  }

  private beginKey(buf: Buffer, i: number, c: number): number {
    if (c !== 0x22) this.unexpected(i, c, 'member name');
    this.readingKey = true;
    this.keeping = true;
    this.valueStart = this.base + i;
    this.scanner.begin(buf, i, true, this.host.scanPlace(this.frames, 'key'), this.host.limitsFor(this.frames, 'key'), this.valueStart);
    this.state = SCAN;
    return i;
  }

  private beginValue(buf: Buffer, i: number, c: number): number {
    if (!this.host.startsValue(c)) this.unexpected(i, c, 'value');
    const decision = this.host.begin(this.frames, c, this.base + i);
    if (decision === 'walk' && (c === 0x7b || c === 0x5b)) {
      this.frames.push({ array: c === 0x5b, key: '', index: 0 });
      this.state = c === 0x7b ? KEY_OR_CLOSE : ITEM_OR_CLOSE;
      return i + 1;
    }
    this.readingKey = false;
    this.keeping = decision !== 'skip';
    this.valueStart = this.base + i;
    this.scanner.begin(
      buf,
      i,
      this.keeping,
      this.host.scanPlace(this.frames, 'value'),
      this.keeping ? this.host.limitsFor(this.frames, 'value') : null,
      this.valueStart,
    );
    this.state = SCAN;
    return i;
  }

  /** A member name or a value is whole: true when it was a value (the host may want to pause). */
  private scanned(buf: Buffer, end: number): boolean {
    if (this.readingKey) {
      const text = this.scanner.text(buf, end);
      this.top().key = this.memberName(text);
      this.state = COLON;
      this.host.memberNamed(this.frames);
      return false;
    }
    if (this.keeping) {
      const size = { bytes: this.base + end - this.valueStart, elements: this.scanner.elements };
      this.host.value(this.frames, this.scanner.text(buf, end), this.valueStart, size);
    }
    this.afterValue();
    return true;
  }

  /** A scanned string: it parses unless its escapes are bad. */
  private memberName(text: string): string {
    let name: string;
    try {
      name = JSON.parse(text) as string;
    } catch (err) {
      throw this.host.badMemberName(this.frames, text, err, this.valueStart);
    }
    const lone = loneSurrogateEscape(text);
    if (lone >= 0) throw this.host.badMemberName(this.frames, text, new Error(loneSurrogateReason(text, lone, this.valueStart)), this.valueStart);
    return name;
  }

  private close(i: number): number {
    this.host.close(this.frames);
    this.frames.pop();
    this.afterValue();
    this.closed = true;
    return i + 1;
  }

  private afterValue(): void {
    const parent = this.frames[this.frames.length - 1];
    this.state = parent === undefined ? TOP : parent.array ? AFTER_ITEM : AFTER_MEMBER;
  }

  private top(): WalkFrame {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) throw new Error('internal: no open JSON container');
    return frame;
  }

  private unexpected(i: number, c: number, expected: Expected): never {
    throw this.host.unexpected(this.frames, this.base + i, c, expected);
  }
}
