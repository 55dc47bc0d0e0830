// Where a snapshot reader puts what it reads: the store's transaction, or any other consumer.
import type { SnapshotGroup, SnapshotHeader, SnapshotRoleAssignment, SnapshotUser } from '../../reports/model.js';

/** Receives a snapshot's records; each call is awaited before the reader goes on (backpressure). */
export interface SnapshotSink {
  /** Exactly once; in a JSON document whose header members come late, after some users/groups. */
  header(h: SnapshotHeader): Promise<void> | void;
  users(batch: readonly SnapshotUser[]): Promise<void> | void;
  groups(batch: readonly SnapshotGroup[]): Promise<void> | void;
  roleAssignments(batch: readonly SnapshotRoleAssignment[]): Promise<void> | void;
}
