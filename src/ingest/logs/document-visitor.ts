// Knows where the records are in a JSON document: elements of a top-level array, of `records`
// (Azure Monitor) or `value` (Graph page), rows of `tables[].rows` (Log Analytics query API), or the
// top-level object itself (one Graph object). Containers are walked, records read whole one by one.
import { contextKind, type GraphKind } from './graph-object.js';
import type { Decision, Expected, JsonWalker, JsonWalkHost, ValueSize, WalkFrame } from '../json-walker.js';
import { loneSurrogateEscape, loneSurrogateReason } from '../lone-surrogates.js';
import { limitText, raiseHint, type LimitKind, type ParseLimits } from '../parse-limits.js';
import type { SnapshotError } from '../snapshot-error.js';
import type { LogBatcher } from './log-batcher.js';
import { LogFileError } from './log-file-error.js';
import { placeIn, type RecordRouter } from './record-router.js';
import { MAX_REFUSED_TEXT_BYTES } from './refused-text.js';

const CONTAINERS: Readonly<Record<string, string>> = {
  records: 'azure-monitor-records',
  value: 'graph-page',
  tables: 'log-analytics-query',
};

interface Broken {
  readonly where: string;
  readonly reason: string;
  readonly text: string;
}

/** RFC 8259 §3: a value starts with one of `{ [ " - 0-9` or the first letter of true, false, null. */
function startsValue(c: number): boolean {
  return c === 0x7b || c === 0x5b || c === 0x22 || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e;
}

const EXPECTED: Readonly<Record<Exclude<Expected, 'value'>, string>> = {
  'member name': 'a member name in double quotes',
  colon: '":" after the member name',
  'after member': '"," or "}" after the member',
  'after element': '"," or "]" after the element',
};

export class DocumentVisitor implements JsonWalkHost {
  /** The first top-level value's framing: json-array, json-object or the container's name. */
  framing = 'empty';
  private ordinal = 0;
  private members: Record<string, unknown> = {};
  private raw: string[] = [];
  private rawBytes = 0;
  private container = false;
  private broken: Broken | null = null;
  private page: GraphKind = null;
  private columns: readonly unknown[] | null = null;
  /** A top-level object's size so far (its members are read one by one): bytes and JSON values. */
  private objectBytes = 0;
  private objectElements = 0;
  /** A top-level object's members: what is left of the record's limits once the object itself is counted. */
  private readonly memberLimits: ParseLimits;

  constructor(
    private readonly router: RecordRouter,
    private readonly out: LogBatcher,
    private readonly limits: ParseLimits,
  ) {
    this.memberLimits = { ...limits, maxRecordElements: Math.max(1, limits.maxRecordElements - 1), maxDepth: Math.max(1, limits.maxDepth - 1) };
  }

  /** Every value read is a record, a part of one (a top-level object's member) or a row (decision 0054). */
  limitsFor(frames: readonly WalkFrame[], scanning: 'key' | 'value'): ParseLimits {
    return scanning === 'value' && frames.length === 1 && frames[0]?.array === false ? this.memberLimits : this.limits;
  }

  get paused(): boolean {
    return this.out.ready;
  }

  startsValue(c: number): boolean {
    return startsValue(c);
  }

  memberNamed(): void {}

  begin(frames: readonly WalkFrame[], c: number, byte: number): Decision {
    const depth = frames.length;
    if (depth === 0) return this.beginTop(c, byte);
    const top = frames[0];
    if (depth === 1) {
      if (top === undefined || top.array || c !== 0x5b || CONTAINERS[top.key] === undefined) return 'read';
      this.container = true;
      if (this.ordinal === 1) this.framing = CONTAINERS[top.key] ?? this.framing;
      return 'walk';
    }
    if (depth === 2) return top?.key === 'tables' && c === 0x7b ? 'walk' : 'read';
    if (depth === 3) return frames[2]?.key === 'rows' && c === 0x5b ? 'walk' : 'read';
    return 'read';
  }

  value(frames: readonly WalkFrame[], text: string, at: number, size: ValueSize): void {
    const [top, second, table] = frames;
    if (top === undefined) return;
    if (frames.length === 1) {
      if (top.array) this.router.routeText(text, placeIn(this.prefix(), '', top.index), null);
      else {
        this.measureObject(top.key, size, at);
        this.member(top.key, text);
      }
    } else if (frames.length === 2 && second !== undefined) {
      const where = placeIn(this.prefix(), top.key, second.index);
      if (top.key === 'tables') this.router.refuse(where, 'expected a Log Analytics table {name, columns: [...], rows: [[...]]}', text);
      else this.router.routeText(text, where, this.page);
    } else if (frames.length === 3 && table?.key === 'columns' && second !== undefined) {
      this.columns = this.parseColumns(text, `${placeIn(this.prefix(), 'tables', second.index)}.columns`);
    } else if (frames.length === 4 && second !== undefined) {
      this.row(text, `${placeIn(this.prefix(), 'tables', second.index)}.rows[${frames[3]?.index ?? 0}]`);
    }
  }

  close(frames: readonly WalkFrame[]): void {
    if (frames.length === 3) this.columns = null;
    const top = frames[0];
    if (frames.length !== 1 || top === undefined || top.array) return;
    if (this.broken !== null) this.router.refuse(this.broken.where, this.broken.reason, this.broken.text);
    else if (!this.container) this.router.record(this.members, this.recordPlace(), `{${this.raw.join(',')}}`, this.page);
  }

  /** The input ended: anything still open means it was cut short. */
  ended(walk: JsonWalker): void {
    if (walk.atTop) return;
    const frames = walk.open;
    const place = frames.length === 0 ? 'document' : this.placeOf(frames);
    throw new LogFileError(place, `the input ends after ${walk.total} bytes, inside a JSON value: the file looks truncated`);
  }

  unexpected(frames: readonly WalkFrame[], at: number, c: number, expected: Expected): Error {
    if (at === 0 && (c === 0xff || c === 0xfe)) {
      return new LogFileError('byte 0', 'the file starts with a UTF-16 byte-order mark: save it as UTF-8 (Windows PowerShell 5: Out-File -Encoding utf8)');
    }
    const found = c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `byte 0x${c.toString(16).padStart(2, '0')}`;
    const place = frames.length === 0 ? `byte ${at}` : this.placeOf(frames);
    const wanted = expected === 'value' ? (frames.length === 0 ? 'a JSON object or array' : 'a JSON value') : EXPECTED[expected];
    return new LogFileError(place, `expected ${wanted}, found ${found} at byte ${at}: the file is not valid JSON from here on`);
  }

  scanPlace(): string {
    return '';
  }

  scanFailed(frames: readonly WalkFrame[], err: SnapshotError): Error {
    return new LogFileError(this.placeOf(frames), err.message, { cause: err, ...(err.limit === undefined ? {} : { limit: err.limit }) });
  }

  /** A member name's escapes do not parse: nothing after it is trustworthy. */
  badMemberName(frames: readonly WalkFrame[], text: string, err: unknown): Error {
    const reason = err instanceof Error ? err.message : String(err);
    return new LogFileError(this.placeOf(frames), `malformed member name ${text.slice(0, 60)}: ${reason}`, { cause: err });
  }

  /** Names the place of an open container for a LogFileError. */
  placeOf(frames: readonly WalkFrame[]): string {
    let where = this.prefix();
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      const next = frames[i + 1];
      if (f === undefined || f.array) continue;
      where = next?.array === true ? placeIn(where, f.key, next.index) : where === '' ? f.key : `${where}.${f.key}`;
    }
    return where === '' ? (frames[0]?.array === true ? `[${frames[0].index}]` : this.recordPlace()) : where;
  }

  private beginTop(c: number, byte: number): Decision {
    if (c !== 0x7b && c !== 0x5b) {
      throw new LogFileError(
        `byte ${byte}`,
        `expected a JSON object or array at the top level, found ${JSON.stringify(String.fromCharCode(c))}: this is not a log export`,
      );
    }
    this.ordinal++;
    if (this.ordinal === 1) this.framing = c === 0x5b ? 'json-array' : 'json-object';
    this.members = {};
    this.raw = [];
    this.rawBytes = 0;
    this.container = false;
    this.broken = null;
    this.page = null;
    this.objectBytes = 2;
    this.objectElements = 1;
    return 'walk';
  }

  /** A top-level object read member by member is one record: its members add up to its size. */
  private measureObject(key: string, size: ValueSize, at: number): void {
    this.objectBytes += size.bytes + Buffer.byteLength(key) + 4;
    this.objectElements += size.elements;
    const over = (kind: LimitKind, value: number, what: string) =>
      new LogFileError(this.recordPlace(), `${what} ${limitText(kind, value)}, the limit on one record (at byte ${at}); ${raiseHint(kind)}`, { limit: kind });
    if (this.objectBytes > this.limits.maxRecordBytes) throw over('bytes', this.limits.maxRecordBytes, 'is larger than');
    if (this.objectElements > this.limits.maxRecordElements) throw over('elements', this.limits.maxRecordElements, 'holds more than');
  }

  /** A member of a top-level object: kept, since the object is a record unless a container turns up. */
  private member(key: string, text: string): void {
    if (this.rawBytes < MAX_REFUSED_TEXT_BYTES) {
      const part = `${JSON.stringify(key)}:${text}`;
      this.raw.push(part);
      this.rawBytes += part.length;
    }
    try {
      const value: unknown = JSON.parse(text);
      const lone = loneSurrogateEscape(text);
      if (lone >= 0) throw new Error(loneSurrogateReason(text, lone, null));
      if (key === '@odata.context') this.page = contextKind(value);
      if (key === '__proto__') Object.defineProperty(this.members, key, { value, enumerable: true, writable: true, configurable: true });
      else this.members[key] = value;
    } catch (err) {
      const reason = `${key}: malformed JSON: ${err instanceof Error ? err.message : String(err)}`;
      this.broken ??= { where: this.recordPlace(), reason, text };
    }
  }

  private parseColumns(text: string, where: string): readonly unknown[] | null {
    try {
      const columns: unknown = JSON.parse(text);
      if (Array.isArray(columns) && loneSurrogateEscape(text) < 0) return columns as unknown[];
    } catch {
      // refused below, with the rows that cannot be read without it
    }
    this.router.refuse(where, "expected the table's columns: an array of {name, type}", text);
    return null;
  }

  private row(text: string, where: string): void {
    if (this.columns === null) {
      this.router.refuse(where, "a row without the table's columns before it: its values cannot be named", text);
      return;
    }
    let row: unknown;
    try {
      row = JSON.parse(text) as unknown;
    } catch (err) {
      this.router.refuse(where, `malformed JSON: ${err instanceof Error ? err.message : String(err)}`, text);
      return;
    }
    const lone = loneSurrogateEscape(text);
    if (lone >= 0) {
      this.router.refuse(where, loneSurrogateReason(text, lone, null), text);
      return;
    }
    this.router.row(this.columns, row, where);
  }

  private prefix(): string {
    return this.ordinal <= 1 ? '' : `document ${this.ordinal}`;
  }

  private recordPlace(): string {
    return this.ordinal <= 1 ? 'document' : `document ${this.ordinal}`;
  }
}
