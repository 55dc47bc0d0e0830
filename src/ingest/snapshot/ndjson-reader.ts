// Reads a snapshot written as NDJSON: a header line, then one {"user"|"group"|"roleAssignment": …} per line.
import { isObject, own, type RawObject } from '../field-checks.js';
import { normaliseGroup } from './normalise-group.js';
import { normaliseHeader } from './normalise-header.js';
import { normaliseRoleAssignment } from './normalise-role-assignment.js';
import { normaliseUser } from './normalise-user.js';
import { describe } from '../place.js';
import type { RecordBatcher } from './record-batcher.js';
import { SnapshotError } from '../snapshot-error.js';
import { LineSplitter } from '../line-splitter.js';
import { loneSurrogateEscape, loneSurrogateReason } from '../lone-surrogates.js';
import { headerLimits, limitText, raiseHint, type ParseLimits } from '../parse-limits.js';

const KINDS = ['user', 'group', 'roleAssignment'] as const;

export class NdjsonReader extends LineSplitter {
  private headerSeen = false;

  private readonly headerLimits: ParseLimits;

  constructor(
    private readonly out: RecordBatcher,
    private readonly now: () => Date,
    private readonly recordLimits: ParseLimits,
  ) {
    super(out);
    this.headerLimits = headerLimits(recordLimits);
  }

  /** The header line holds the policies: it has the header's limits, every other line a record's. */
  protected limits(): ParseLimits {
    return this.headerSeen ? this.recordLimits : this.headerLimits;
  }

  protected onTooLong(_head: string, max: number, at: number): void {
    const what = this.headerSeen ? 'the limit on one record' : 'the limit on the header line';
    throw new SnapshotError(
      `line ${this.line + 1}`,
      `is longer than ${limitText('bytes', max)}, ${what} (it starts at byte ${at}; is this a JSON document rather than NDJSON?); ${raiseHint('bytes')}`,
      { limit: 'bytes' },
    );
  }

  protected overLimit(err: SnapshotError): Error {
    return err;
  }

  protected override onEnd(): void {
    if (!this.headerSeen) {
      throw new SnapshotError('line 1', 'the snapshot is empty: expected the header line {"amrSnapshot":1,"tenant":{…},…}');
    }
  }

  protected onLine(text: string, terminated: boolean): void {
    const where = `line ${this.line}`;
    const record = this.parse(text, where, terminated);
    if (!this.headerSeen) {
      this.headerLine(record, where);
      return;
    }
    const kinds = KINDS.filter((k) => Object.hasOwn(record, k));
    if (kinds.length !== 1) {
      const found = kinds.length === 0 ? (Object.hasOwn(record, 'amrSnapshot') ? 'a second header' : 'none of them') : kinds.map((k) => `"${k}"`).join(' and ');
      throw new SnapshotError(where, `expected exactly one of "user", "group" or "roleAssignment", found ${found}`);
    }
    this.record(kinds[0] ?? 'user', own(record, kinds[0] ?? 'user'), where);
  }

  private record(kind: (typeof KINDS)[number], raw: unknown, where: string): void {
    const at = `${where}: ${kind}`;
    if (kind === 'user') this.out.addUser(normaliseUser(raw, at), at, this.line);
    else if (kind === 'group') this.out.addGroup(normaliseGroup(raw, at), at, this.line);
    else this.out.addRoleAssignment(normaliseRoleAssignment(raw, at));
  }

  private headerLine(record: RawObject, where: string): void {
    if (!Object.hasOwn(record, 'amrSnapshot')) {
      throw new SnapshotError(where, 'expected the header line {"amrSnapshot":1,"tenant":{…},…} first, found a line without "amrSnapshot"');
    }
    if (Object.hasOwn(record, 'users')) {
      throw new SnapshotError(`${where}: users`, 'a "users" array belongs to the JSON document encoding: in NDJSON each user is a {"user":{…}} line');
    }
    this.out.setHeader(normaliseHeader(record, where, this.now));
    this.headerSeen = true;
  }

  private parse(text: string, where: string, terminated: boolean): RawObject {
    let value: unknown;
    try {
      value = this.parseLine(text);
    } catch (err) {
      // A line past a parse limit (decision 0054) is refused as such; only JSON.parse's own errors are malformed JSON.
      if (!(err instanceof SyntaxError || err instanceof RangeError)) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      const hint = terminated ? '' : ' (the last line has no line end: the file looks truncated)';
      throw new SnapshotError(where, `malformed JSON: ${reason}${hint}`, { cause: err });
    }
    const lone = loneSurrogateEscape(text);
    if (lone >= 0) throw new SnapshotError(where, loneSurrogateReason(text, lone, null));
    if (!isObject(value)) throw new SnapshotError(where, `expected a JSON object, found ${describe(value)}`);
    return value;
  }
}
