// Reads a snapshot written as one JSON document, streaming: the shared JsonWalker walks the top-level
// object and the users/groups/roleAssignments arrays; each element is cut out by ValueScanner and
// JSON.parse'd alone, so memory holds one element and one batch, never the document.
import { normaliseGroup } from './normalise-group.js';
import { checkSnapshotVersion, normaliseCapturedDateTime, normaliseHeader, normaliseTenant } from './normalise-header.js';
import { normalisePolicies } from './normalise-policies.js';
import { normaliseRoleAssignment } from './normalise-role-assignment.js';
import { normaliseUser } from './normalise-user.js';
import { describe } from '../place.js';
import type { RecordBatcher } from './record-batcher.js';
import type { ChunkParser } from '../chunk-parser.js';
import { JsonWalker, type Decision, type Expected, type JsonWalkHost, type WalkFrame } from '../json-walker.js';
import { SnapshotError } from '../snapshot-error.js';
import { loneSurrogateEscape, loneSurrogateReason } from '../lone-surrogates.js';
import { headerLimits, type ParseLimits } from '../parse-limits.js';

type ArrayName = 'users' | 'groups' | 'roleAssignments';
const HEADER_MEMBERS = ['amrSnapshot', 'tenant', 'capturedDateTime', 'policies'] as const;

function isArrayName(key: string): key is ArrayName {
  return key === 'users' || key === 'groups' || key === 'roleAssignments';
}

function isKnownMember(key: string): boolean {
  return isArrayName(key) || (HEADER_MEMBERS as readonly string[]).includes(key);
}

/** Bytes that cannot start a value here; any other byte starts one (ValueScanner judges the rest). */
function startsValue(c: number): boolean {
  return c !== 0x7d && c !== 0x5d && c !== 0x2c && c !== 0x3a;
}

export class JsonDocumentReader implements ChunkParser, JsonWalkHost {
  private readonly walker = new JsonWalker(this);
  /** The top-level object has closed. */
  private closed = false;
  private readonly seen = new Set<string>();
  private readonly header: Record<string, unknown> = {};

  private readonly headerLimits: ParseLimits;

  constructor(
    private readonly out: RecordBatcher,
    private readonly now: () => Date,
    private readonly limits: ParseLimits,
  ) {
    this.headerLimits = headerLimits(limits);
  }

  /** Elements of the three arrays are records; the top-level members (tenant, policies) have the header's limits. */
  limitsFor(frames: readonly WalkFrame[], scanning: 'key' | 'value'): ParseLimits {
    return scanning === 'value' && frames.length === 1 ? this.headerLimits : this.limits;
  }

  feed(buf: Buffer): void {
    this.walker.feed(buf);
  }

  step(): boolean {
    return this.walker.step();
  }

  end(): void {
    this.walker.end();
    if (!this.seen.has('users')) {
      throw new SnapshotError('users', 'is required: expected an array of Graph user objects (it may be empty)');
    }
    if (!this.out.hasHeader) this.out.setHeader(normaliseHeader(this.header, '', this.now));
  }

  get paused(): boolean {
    return this.out.ready;
  }

  startsValue(c: number): boolean {
    return startsValue(c);
  }

  /** The document object, then: the three arrays are walked, header members read, others skipped. */
  begin(frames: readonly WalkFrame[], c: number, at: number): Decision {
    if (frames.length === 0) {
      if (this.closed || c !== 0x7b) throw this.unexpected(frames, at, c, 'value');
      return 'walk';
    }
    if (frames.length > 1) return 'read';
    const key = frames[0]!.key;
    if (isArrayName(key) && c === 0x5b) return 'walk';
    return isKnownMember(key) ? 'read' : 'skip';
  }

  /** A member read twice would leave it unclear which one counts; unknown ones are skipped anyway. */
  memberNamed(frames: readonly WalkFrame[]): void {
    const name = frames[0]!.key;
    if (this.seen.has(name) && isKnownMember(name)) {
      throw new SnapshotError(name, 'appears twice at the top level: expected each member once');
    }
    this.seen.add(name);
  }

  value(frames: readonly WalkFrame[], text: string, at: number): void {
    const [top, array] = frames;
    if (array === undefined) this.member(top!.key, this.parse(text, top!.key, at));
    else this.element(top!.key as ArrayName, array.index, this.parse(text, itemWhere(frames), at));
  }

  close(frames: readonly WalkFrame[]): void {
    if (frames.length === 1) this.closed = true;
  }

  unexpected(frames: readonly WalkFrame[], at: number, c: number, expected: Expected): Error {
    const found = c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `byte 0x${c.toString(16)}`;
    const fail = (where: string, wanted: string) => new SnapshotError(where, `expected ${wanted}, found ${found} at byte ${at}`);
    const key = frames[0]?.key ?? '';
    switch (expected) {
      case 'value':
        if (frames.length === 0) {
          return this.closed
            ? fail('document', 'nothing after the end of the JSON document (NDJSON must be read as NDJSON)')
            : fail('document', 'a JSON object starting with "{"');
        }
        return fail(frames.length > 1 ? itemWhere(frames) : key, 'a JSON value');
      case 'member name':
        return fail('document', 'a member name in double quotes');
      case 'colon':
        return fail(key, '":" after the member name');
      case 'after member':
        return fail(key, '"," or "}" after the member');
      case 'after element':
        return fail(itemWhere(frames), `"," or "]" after ${itemWhere(frames)}`);
    }
  }

  /** ValueScanner's own errors name the element or the member (a member name: the one before it). */
  scanPlace(frames: readonly WalkFrame[], scanning: 'key' | 'value'): string {
    return scanning === 'value' && frames.length > 1 ? itemWhere(frames) : (frames[0]?.key ?? '');
  }

  scanFailed(_frames: readonly WalkFrame[], err: SnapshotError): Error {
    return err;
  }

  badMemberName(_frames: readonly WalkFrame[], text: string, err: unknown, at: number): Error {
    return this.parseError(err, 'document', at);
  }

  /** The input ended: the document must have closed. */
  ended(walk: JsonWalker): void {
    if (this.closed) return;
    if (walk.total === 0) throw new SnapshotError('document', 'the snapshot is empty: expected a JSON object');
    const frames = walk.open;
    const inside =
      frames.length > 1
        ? walk.scanning === 'value'
          ? itemWhere(frames)
          : frames[0]!.key
        : frames.length === 1 && walk.scanning === 'value'
          ? frames[0]!.key
          : 'document';
    throw new SnapshotError(inside, `the snapshot ends after ${walk.total} bytes, before the document is complete: the file looks truncated`);
  }

  /** A header member is checked as soon as it arrives, so a wrong version stops the read early. */
  private member(key: string, value: unknown): void {
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

  private element(array: ArrayName, index: number, raw: unknown): void {
    const where = `${array}[${index}]`;
    if (array === 'users') this.out.addUser(normaliseUser(raw, where), where, index);
    else if (array === 'groups') this.out.addGroup(normaliseGroup(raw, where), where, index);
    else this.out.addRoleAssignment(normaliseRoleAssignment(raw, where));
  }

  private parse(text: string, where: string, at: number): unknown {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (err) {
      throw this.parseError(err, where, at);
    }
    const lone = loneSurrogateEscape(text);
    if (lone >= 0) throw new SnapshotError(where, loneSurrogateReason(text, lone, at));
    return value;
  }

  private parseError(err: unknown, where: string, at: number): SnapshotError {
    const reason = err instanceof Error ? err.message : String(err);
    return new SnapshotError(where, `malformed JSON: ${reason} (the value starts at byte ${at})`, { cause: err });
  }
}

/** `users[3]`: the element of a walked array being read. */
function itemWhere(frames: readonly WalkFrame[]): string {
  return `${frames[0]?.key ?? ''}[${frames[1]?.index ?? 0}]`;
}
