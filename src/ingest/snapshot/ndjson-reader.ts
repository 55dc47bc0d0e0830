// Reads a snapshot written as NDJSON: a header line, then one {"user"|"group"|"roleAssignment": …} per line.
import { isObject, own, type RawObject } from './field-checks.js';
import { normaliseGroup } from './normalise-group.js';
import { normaliseHeader } from './normalise-header.js';
import { normaliseRoleAssignment } from './normalise-role-assignment.js';
import { normaliseUser } from './normalise-user.js';
import { describe } from './place.js';
import type { RecordBatcher } from './record-batcher.js';
import { SnapshotError } from './snapshot-error.js';
import { MAX_VALUE_BYTES } from './value-scanner.js';
import { LineSplitter } from '../line-splitter.js';

const KINDS = ['user', 'group', 'roleAssignment'] as const;


export class NdjsonReader extends LineSplitter {
  private headerSeen = false;

  constructor(private readonly out: RecordBatcher, private readonly now: () => Date) {
    super(MAX_VALUE_BYTES, out);
  }

  protected onTooLong(): void {
    throw new SnapshotError(`line ${this.line + 1}`, `is longer than ${MAX_VALUE_BYTES / 1024 / 1024} MiB: is this a JSON document rather than NDJSON?`);
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
      const found = kinds.length === 0
        ? (Object.hasOwn(record, 'amrSnapshot') ? 'a second header' : 'none of them')
        : kinds.map((k) => `"${k}"`).join(' and ');
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
      value = JSON.parse(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const hint = terminated ? '' : ' (the last line has no line end: the file looks truncated)';
      throw new SnapshotError(where, `malformed JSON: ${reason}${hint}`, { cause: err });
    }
    if (!isObject(value)) throw new SnapshotError(where, `expected a JSON object, found ${describe(value)}`);
    return value;
  }
}
