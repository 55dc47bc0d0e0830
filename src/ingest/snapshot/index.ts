// The tenant-snapshot reader's public API: the streaming reader, its error, and the per-object normalisers.
export { readSnapshot, type ReadSnapshotOptions, type SnapshotReadSummary } from './read-snapshot.js';
export type { SnapshotSink } from './snapshot-sink.js';
export type { RecordCounts } from './record-batcher.js';
export { SnapshotError } from '../snapshot-error.js';
export {
  encodingFromContentType, encodingFromFileName, type EncodingHint, type SnapshotEncoding,
} from './detect-encoding.js';
export { normaliseUser } from './normalise-user.js';
export { normaliseGroup } from './normalise-group.js';
export { normaliseRoleAssignment } from './normalise-role-assignment.js';
export { normaliseHeader, SNAPSHOT_VERSION } from './normalise-header.js';
export { normalisePolicies, PASSWORD_RESET_METHODS, LEGACY_MFA_METHODS } from './normalise-policies.js';
