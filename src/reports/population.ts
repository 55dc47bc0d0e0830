// Who appears in the registration report and its counts (entra-rules §1.2).
import type { SnapshotUser } from './model.js';

/**
 * S3: soft-deleted users are not listed. S4/S5/S6: disabled ("blocked") accounts are neither listed
 * nor counted (entra-rules §1.2 PROPOSAL; decision 0002).
 */
export function isListed(user: SnapshotUser): boolean {
  return user.accountEnabled && !user.deleted;
}
