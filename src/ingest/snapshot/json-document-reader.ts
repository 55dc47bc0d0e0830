// Reads a snapshot written as one JSON document, streaming: a byte-level state machine walks the top-level
// object; each element of users/groups/roleAssignments is cut out by ValueScanner and JSON.parse'd alone,
// so memory holds one element and one batch, never the document.
import { normaliseGroup } from './normalise-group.js';
import { checkSnapshotVersion, normaliseCapturedDateTime, normaliseHeader, normaliseTenant } from './normalise-header.js';
import { normalisePolicies } from './normalise-policies.js';
import { normaliseRoleAssignment } from './normalise-role-assignment.js';
import { normaliseUser } from './normalise-user.js';
import { describe } from './place.js';
import type { RecordBatcher } from './record-batcher.js';
import type { ChunkParser } from '../chunk-parser.js';
import { SnapshotError } from './snapshot-error.js';
import { ValueScanner } from './value-scanner.js';

// Where the walk is: what the next significant byte must be.
const START = 0;        // `{`
const FIRST_KEY = 1;    // a member name or `}`
const NEXT_KEY = 2;     // a member name (after `,`)
const COLON = 3;
const MEMBER = 4;       // a member's value
const AFTER_MEMBER = 5; // `,` or `}`
const FIRST_ITEM = 6;   // an element or `]`
const NEXT_ITEM = 7;    // an element (after `,`)
const AFTER_ITEM = 8;   // `,` or `]`
const VALUE = 9;        // inside a value, ValueScanner's part
const END = 10;         // nothing but whitespace

type Target = 'key' | 'member' | 'skip' | 'item';
type ArrayName = 'users' | 'groups' | 'roleAssignments';
const HEADER_MEMBERS = ['amrSnapshot', 'tenant', 'capturedDateTime', 'policies'] as const;

function isArrayName(key: string): key is ArrayName {
  return key === 'users' || key === 'groups' || key === 'roleAssignments';
}

function isKnownMember(key: string): boolean {
  return isArrayName(key) || (HEADER_MEMBERS as readonly string[]).includes(key);
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export class JsonDocumentReader implements ChunkParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private base = 0;
  private state = START;
  private target: Target = 'skip';
  private key = '';
  private array: ArrayName = 'users';
  private index = 0;
  private valueStart = 0;
  private readonly seen = new Set<string>();
  private readonly header: Record<string, unknown> = {};
  private readonly value = new ValueScanner();

  constructor(private readonly out: RecordBatcher, private readonly now: () => Date) {}

  feed(buf: Buffer): void {
    this.base += this.buf.length;
    this.buf = buf;
    this.pos = 0;
  }

  step(): boolean {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    while (i < n) {
      if (this.state === VALUE) {
        const end = this.value.scan(buf, i);
        if (end < 0) break;
        i = end;
        this.valueDone(buf, end);
        if (this.out.ready) {
          this.pos = i;
          return false;
        }
      } else if (isSpace(buf[i])) i++;
      else i = this.structural(buf, i);
    }
    this.pos = n;
    return true;
  }

  end(): void {
    if (this.state !== END) throw this.truncated();
    if (!this.seen.has('users')) {
      throw new SnapshotError('users', 'is required: expected an array of Graph user objects (it may be empty)');
    }
    if (!this.out.hasHeader) this.out.setHeader(normaliseHeader(this.header, '', this.now));
  }

  /** One structural byte (not whitespace, not inside a value): returns the index after what it consumed. */
  private structural(buf: Buffer, i: number): number {
    const c = buf[i];
    switch (this.state) {
      case START:
        if (c !== 0x7b) this.unexpected(buf, i, 'document', 'a JSON object starting with "{"');
        this.state = FIRST_KEY;
        return i + 1;
      case FIRST_KEY:
        if (c === 0x7d) return this.closeDocument(i);
        return this.beginKey(buf, i);
      case NEXT_KEY:
        return this.beginKey(buf, i);
      case COLON:
        if (c !== 0x3a) this.unexpected(buf, i, this.key, '":" after the member name');
        this.state = MEMBER;
        return i + 1;
      case MEMBER:
        return this.beginMember(buf, i);
      case AFTER_MEMBER:
        if (c === 0x7d) return this.closeDocument(i);
        if (c !== 0x2c) this.unexpected(buf, i, this.key, '"," or "}" after the member');
        this.state = NEXT_KEY;
        return i + 1;
      case FIRST_ITEM:
        if (c === 0x5d) return this.closeArray(i);
        return this.beginValue(buf, i, 'item');
      case NEXT_ITEM:
        return this.beginValue(buf, i, 'item');
      case AFTER_ITEM:
        if (c === 0x5d) return this.closeArray(i);
        if (c !== 0x2c) this.unexpected(buf, i, this.itemWhere(), `"," or "]" after ${this.itemWhere()}`);
        this.index++;
        this.state = NEXT_ITEM;
        return i + 1;
      default:
        return this.unexpected(buf, i, 'document', 'nothing after the end of the JSON document (NDJSON must be read as NDJSON)');
    }
  }

  private beginKey(buf: Buffer, i: number): number {
    if (buf[i] !== 0x22) this.unexpected(buf, i, 'document', 'a member name in double quotes');
    return this.beginValue(buf, i, 'key');
  }

  private beginMember(buf: Buffer, i: number): number {
    const key = this.key;
    if (isArrayName(key) && buf[i] === 0x5b) {
      this.array = key;
      this.index = 0;
      this.state = FIRST_ITEM;
      return i + 1;
    }
    return this.beginValue(buf, i, isKnownMember(key) ? 'member' : 'skip');
  }

  private beginValue(buf: Buffer, i: number, target: Target): number {
    const c = buf[i];
    if (c === 0x7d || c === 0x5d || c === 0x2c || c === 0x3a) {
      this.unexpected(buf, i, target === 'item' ? this.itemWhere() : this.key, 'a JSON value');
    }
    this.target = target;
    this.valueStart = this.base + i;
    this.value.begin(buf, i, target !== 'skip', target === 'item' ? this.itemWhere() : this.key);
    this.state = VALUE;
    return i;
  }

  private valueDone(buf: Buffer, end: number): void {
    switch (this.target) {
      case 'skip':
        this.state = AFTER_MEMBER;
        return;
      case 'key':
        this.memberName(this.parse(this.value.text(buf, end), 'document'));
        this.state = COLON;
        return;
      case 'member':
        this.member(this.parse(this.value.text(buf, end), this.key));
        this.state = AFTER_MEMBER;
        return;
      case 'item':
        this.element(this.parse(this.value.text(buf, end), this.itemWhere()));
        this.state = AFTER_ITEM;
    }
  }

  /** A member read twice would leave it unclear which one counts; unknown ones are skipped anyway. */
  private memberName(key: unknown): void {
    const name = String(key);
    if (this.seen.has(name) && isKnownMember(name)) {
      throw new SnapshotError(name, 'appears twice at the top level: expected each member once');
    }
    this.seen.add(name);
    this.key = name;
  }

  /** A header member is checked as soon as it arrives, so a wrong version stops the read early. */
  private member(value: unknown): void {
    const key = this.key;
    if (key === 'amrSnapshot') checkSnapshotVersion(value, key);
    else if (key === 'tenant') normaliseTenant(value, key);
    else if (key === 'capturedDateTime') normaliseCapturedDateTime(value, key, this.now);
    else if (key === 'policies') normalisePolicies(value, key);
    else if (key === 'users' || value !== null) {
      throw new SnapshotError(key, `expected an array, found ${describe(value)}`);
    }
    this.header[key] = value;
    // The header can be handed over before the end only once all its members are known.
    if (HEADER_MEMBERS.every((k) => this.seen.has(k)) && !this.out.hasHeader) {
      this.out.setHeader(normaliseHeader(this.header, '', this.now));
    }
  }

  private element(raw: unknown): void {
    const where = this.itemWhere();
    if (this.array === 'users') this.out.addUser(normaliseUser(raw, where), where, this.index);
    else if (this.array === 'groups') this.out.addGroup(normaliseGroup(raw, where), where, this.index);
    else this.out.addRoleAssignment(normaliseRoleAssignment(raw, where));
  }

  private parse(text: string, where: string): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new SnapshotError(where, `malformed JSON: ${reason} (the value starts at byte ${this.valueStart})`, { cause: err });
    }
  }

  private closeArray(i: number): number {
    this.state = AFTER_MEMBER;
    return i + 1;
  }

  private closeDocument(i: number): number {
    this.state = END;
    return i + 1;
  }

  private itemWhere(): string {
    return `${this.array}[${this.index}]`;
  }

  private unexpected(buf: Buffer, i: number, where: string, expected: string): never {
    const c = buf[i] ?? 0;
    const found = c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `byte 0x${c.toString(16)}`;
    throw new SnapshotError(where, `expected ${expected}, found ${found} at byte ${this.base + i}`);
  }

  private truncated(): SnapshotError {
    const total = this.base + this.buf.length;
    if (total === 0) return new SnapshotError('document', 'the snapshot is empty: expected a JSON object');
    const inside = this.state === VALUE && this.target === 'item' ? this.itemWhere()
      : this.state >= FIRST_ITEM && this.state <= AFTER_ITEM ? this.array
        : this.state === VALUE && this.target !== 'key' ? this.key : 'document';
    return new SnapshotError(inside, `the snapshot ends after ${total} bytes, before the document is complete: the file looks truncated`);
  }
}
