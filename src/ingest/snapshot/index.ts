// The tenant-snapshot reader's public API: the streaming reader, its error, and the per-object normalisers.
export { readSnapshot, type SnapshotReadSummary } from './read-snapshot.js';
export type { SnapshotSink } from './snapshot-sink.js';
export { SnapshotError } from '../snapshot-error.js';
export { normaliseUser } from './normalise-user.js';
export { normaliseGroup } from './normalise-group.js';
export { normaliseRoleAssignment } from './normalise-role-assignment.js';
export { normaliseHeader } from './normalise-header.js';
