// Walks a stream of JSON values (one document, or several in a row) chunk by chunk, stepping into the
// objects and arrays a visitor asks for and handing it every other value's text whole. A generalisation
// of snapshot/json-document-reader.ts to containers at any depth; ValueScanner finds where values end.
import { SnapshotError } from '../snapshot/snapshot-error.js';
import { ValueScanner } from '../snapshot/value-scanner.js';
import { LogFileError } from './log-file-error.js';

/** An object or array the walk is inside: the current member's name, or the current element's index. */
export interface WalkFrame {
  readonly array: boolean;
  key: string;
  index: number;
}

/** 'walk': step into the object or array (its members or elements are visited); 'read': give me its text. */
export type Decision = 'walk' | 'read';

export interface JsonVisitor {
  /** True when the walk should pause for the sink to drain (checked after each value read). */
  readonly paused: boolean;
  /** A value starts with byte `c` inside `frames` (outermost first; empty at the top level). */
  begin(frames: readonly WalkFrame[], c: number, byte: number): Decision;
  /** A 'read' value is whole. */
  value(frames: readonly WalkFrame[], text: string): void;
  /** A walked object or array closes; it is still the last frame. */
  close(frames: readonly WalkFrame[]): void;
}

// What the next significant byte must be.
const TOP = 0;            // a top-level value, or nothing (between values)
const KEY_OR_CLOSE = 1;   // after `{`
const KEY = 2;            // after `,` in an object
const COLON = 3;
const MEMBER = 4;         // a member's value
const AFTER_MEMBER = 5;   // `,` or `}`
const ITEM_OR_CLOSE = 6;  // after `[`
const ITEM = 7;           // after `,` in an array
const AFTER_ITEM = 8;     // `,` or `]`
const SCAN = 9;           // inside a value or a member name: ValueScanner's part

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** RFC 8259 §3: a value starts with one of `{ [ " - 0-9` or the first letter of true, false, null. */
function startsValue(c: number): boolean {
  return c === 0x7b || c === 0x5b || c === 0x22 || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e;
}

export class JsonWalker {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private base = 0;
  private state = TOP;
  private readingKey = false;
  private closed = false;
  private readonly frames: WalkFrame[] = [];
  private readonly scanner = new ValueScanner();

  constructor(private readonly visitor: JsonVisitor, private readonly placeOf: (frames: readonly WalkFrame[]) => string) {}

  feed(buf: Buffer): void {
    this.base += this.buf.length;
    this.buf = buf;
    this.pos = 0;
  }

  /** Walks on in the current chunk: true when it is used up, false when the visitor paused. */
  step(): boolean {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    while (i < n) {
      if (this.state === SCAN) {
        const end = this.scan(buf, i);
        if (end < 0) break;
        i = end;
        if (this.scanned(buf, end) && this.visitor.paused) {
          this.pos = i;
          return false;
        }
      } else if (isSpace(buf[i])) i++;
      else {
        i = this.structural(buf, i);
        // A closed object can be a record too (a top-level Graph object): pause as after a value.
        if (this.closed) {
          this.closed = false;
          if (this.visitor.paused) {
            this.pos = i;
            return false;
          }
        }
      }
    }
    this.pos = n;
    return true;
  }

  /** The input ended: anything still open means it was cut short. */
  end(): void {
    if (this.state === TOP) return;
    const place = this.frames.length === 0 ? 'document' : this.placeOf(this.frames);
    throw new LogFileError(place, `the input ends after ${this.base + this.buf.length} bytes, inside a JSON value: the file looks truncated`);
  }

  private scan(buf: Buffer, i: number): number {
    try {
      return this.scanner.scan(buf, i);
    } catch (err) {
      if (!(err instanceof SnapshotError)) throw err;
      throw new LogFileError(this.placeOf(this.frames), err.message, { cause: err });
    }
  }

  /** One byte outside any value: returns the index after what it consumed. */
  private structural(buf: Buffer, i: number): number {
    const c = buf[i] ?? 0;
    switch (this.state) {
      case TOP: case MEMBER: case ITEM:
        return this.beginValue(buf, i, c);
      case ITEM_OR_CLOSE:
        return c === 0x5d ? this.close(i) : this.beginValue(buf, i, c);
      case KEY_OR_CLOSE:
        return c === 0x7d ? this.close(i) : this.beginKey(buf, i, c);
      case KEY:
        return this.beginKey(buf, i, c);
      case COLON:
        if (c !== 0x3a) this.unexpected(i, c, '":" after the member name');
        this.state = MEMBER;
        return i + 1;
      case AFTER_MEMBER:
        if (c === 0x7d) return this.close(i);
        if (c !== 0x2c) this.unexpected(i, c, '"," or "}" after the member');
        this.state = KEY;
        return i + 1;
      default: // AFTER_ITEM
        if (c === 0x5d) return this.close(i);
        if (c !== 0x2c) this.unexpected(i, c, '"," or "]" after the element');
        this.top().index++;
        this.state = ITEM;
        return i + 1;
    }
  }

  private beginKey(buf: Buffer, i: number, c: number): number {
    if (c !== 0x22) this.unexpected(i, c, 'a member name in double quotes');
    this.readingKey = true;
    this.scanner.begin(buf, i, true, '');
    this.state = SCAN;
    return i;
  }

  private beginValue(buf: Buffer, i: number, c: number): number {
    if (!startsValue(c)) this.unexpected(i, c, this.frames.length === 0 ? 'a JSON object or array' : 'a JSON value');
    const decision = this.visitor.begin(this.frames, c, this.base + i);
    if (decision === 'walk' && (c === 0x7b || c === 0x5b)) {
      this.frames.push({ array: c === 0x5b, key: '', index: 0 });
      this.state = c === 0x7b ? KEY_OR_CLOSE : ITEM_OR_CLOSE;
      return i + 1;
    }
    this.readingKey = false;
    this.scanner.begin(buf, i, true, '');
    this.state = SCAN;
    return i;
  }

  /** A member name or a read value is whole: true when it was a value (the visitor may want to pause). */
  private scanned(buf: Buffer, end: number): boolean {
    const text = this.scanner.text(buf, end);
    if (this.readingKey) {
      this.top().key = this.memberName(text);
      this.state = COLON;
      return false;
    }
    this.visitor.value(this.frames, text);
    this.afterValue();
    return true;
  }

  /** A scanned string: it parses unless its escapes are bad, and then nothing after it is trustworthy. */
  private memberName(text: string): string {
    try {
      return JSON.parse(text) as string;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new LogFileError(this.placeOf(this.frames), `malformed member name ${text.slice(0, 60)}: ${reason}`, { cause: err });
    }
  }

  private close(i: number): number {
    this.visitor.close(this.frames);
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

  private unexpected(i: number, c: number, expected: string): never {
    if (this.base + i === 0 && (c === 0xff || c === 0xfe)) {
      throw new LogFileError('byte 0', 'the file starts with a UTF-16 byte-order mark: save it as UTF-8 (Windows PowerShell 5: Out-File -Encoding utf8)');
    }
    const found = c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `byte 0x${c.toString(16).padStart(2, '0')}`;
    const place = this.frames.length === 0 ? `byte ${this.base + i}` : this.placeOf(this.frames);
    throw new LogFileError(place, `expected ${expected}, found ${found} at byte ${this.base + i}: the file is not valid JSON from here on`);
  }
}
