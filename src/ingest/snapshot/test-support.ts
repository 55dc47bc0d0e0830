// Helpers for the snapshot reader's tests: a recording sink, chunkers, and read-or-fail shorthands.
import assert from 'node:assert/strict';
import type { SnapshotGroup, SnapshotHeader, SnapshotRoleAssignment, SnapshotUser } from '../../reports/model.js';
import { readSnapshot, type ReadSnapshotOptions, type SnapshotReadSummary } from './read-snapshot.js';
import type { SnapshotSink } from './snapshot-sink.js';
import { SnapshotError } from '../snapshot-error.js';
import { streamOf, type Input } from '../test-input.js';

export const FIXED_NOW = new Date('2024-06-01T00:00:00Z');

/** Records every call, in order, and the records themselves. */
export class RecordingSink implements SnapshotSink {
  readonly calls: string[] = [];
  readonly headers: SnapshotHeader[] = [];
  readonly userList: SnapshotUser[] = [];
  readonly groupList: SnapshotGroup[] = [];
  readonly roleList: SnapshotRoleAssignment[] = [];

  header(h: SnapshotHeader): void {
    this.calls.push('header');
    this.headers.push(h);
  }

  users(batch: readonly SnapshotUser[]): void {
    this.calls.push(`users:${batch.length}`);
    this.userList.push(...batch);
  }

  groups(batch: readonly SnapshotGroup[]): void {
    this.calls.push(`groups:${batch.length}`);
    this.groupList.push(...batch);
  }

  roleAssignments(batch: readonly SnapshotRoleAssignment[]): void {
    this.calls.push(`roleAssignments:${batch.length}`);
    this.roleList.push(...batch);
  }

  /** Everything received, order of batches aside: what two encodings of one snapshot must agree on. */
  content(): unknown {
    return { headers: this.headers, users: this.userList, groups: this.groupList, roles: this.roleList };
  }
}

export type TestOptions = Partial<Omit<ReadSnapshotOptions, 'now' | 'sourceName'>>;

export async function read(input: Input, options: TestOptions = {}): Promise<{ summary: SnapshotReadSummary; sink: RecordingSink }> {
  const sink = new RecordingSink();
  const summary = await readSnapshot(streamOf(input), { sourceName: 'test', now: () => FIXED_NOW, ...options }, sink);
  return { summary, sink };
}

/** Reads, expecting a SnapshotError; returns it for exact checks of `where` and `message`. */
export async function readError(input: Input, options: TestOptions = {}): Promise<SnapshotError> {
  try {
    await read(input, options);
  } catch (err) {
    assert.ok(err instanceof SnapshotError, `expected a SnapshotError, got ${String(err)}`);
    return err;
  }
  return assert.fail('expected the snapshot to be refused');
}

/** Calls `fn`, expecting a SnapshotError at `where` whose message matches. */
export function assertRefused(fn: () => unknown, where: string, message: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SnapshotError, `expected a SnapshotError, got ${String(err)}`);
    assert.equal(err.where, where);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

export const TENANT = '8f3c2a1e-5b7d-4e9f-a0c1-2d3e4f5a6b7c';
export const HEADER = { amrSnapshot: 1, tenant: { id: TENANT } };

/** A minimal valid Graph user, with `over` merged in. */
export function user(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, userPrincipalName: `${id}@contoso.example`, displayName: `User ${id}`, userType: 'Member', accountEnabled: true, ...over };
}

/** A JSON document with the given users (and extra top-level members). */
export function jsonDoc(users: readonly unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...HEADER, users, ...extra });
}

/** NDJSON text: the header line, then the given lines. */
export function ndjson(lines: readonly unknown[], header: unknown = HEADER): string {
  return [header, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n';
}
