// Transitive group membership for the groups the policies and role assignments name (tenant-snapshot.md).
import type { SnapshotGroup } from './model.js';

type DirectMembers = SnapshotGroup['members'];

export interface GroupMembership {
  /** True when userId is a direct or nested member of groupId (a wanted group). */
  isMember(groupId: string, userId: string): boolean;
  /** The transitive user members of a wanted group; empty when the group was not wanted or not found. */
  membersOf(groupId: string): ReadonlySet<string>;
  /** True when groupId was wanted and exists in the snapshot. */
  isResolved(groupId: string): boolean;
  /** The wanted groups the user belongs to (O(number of wanted groups)). */
  groupsOf(userId: string): string[];
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * One pass over `groups` keeps a reference to each group's direct member list (no copies); then
 * each wanted group is expanded depth-first into one Set of user ids. Each expansion has its own
 * visited set, so cycles end and a user reached by two paths is counted once. A nested group that
 * is itself wanted and already expanded is merged instead of walked again.
 */
export function resolveMembership(groups: Iterable<SnapshotGroup>, wanted: ReadonlySet<string>): GroupMembership {
  const direct = new Map<string, DirectMembers>();
  for (const g of groups) {
    const earlier = direct.get(g.id);
    direct.set(g.id, earlier === undefined ? g.members : [...earlier, ...g.members]);
  }
  const resolved = new Map<string, ReadonlySet<string>>();
  for (const id of wanted) {
    if (direct.has(id)) resolved.set(id, expand(id, direct, resolved));
  }
  return membershipOf(resolved);
}

function expand(
  root: string, direct: ReadonlyMap<string, DirectMembers>, done: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const users = new Set<string>();
  const seen = new Set<string>([root]);
  const stack = [root];
  for (let gid = stack.pop(); gid !== undefined; gid = stack.pop()) {
    for (const m of direct.get(gid) ?? []) {
      if (m.kind === 'user') users.add(m.id);
      // Devices, service principals and other members are not users: they never hold report rows.
      if (m.kind !== 'group' || seen.has(m.id)) continue;
      seen.add(m.id);
      const finished = done.get(m.id);
      if (finished === undefined) stack.push(m.id);
      else for (const u of finished) users.add(u);
    }
  }
  return users;
}

function membershipOf(resolved: ReadonlyMap<string, ReadonlySet<string>>): GroupMembership {
  return {
    isMember: (groupId, userId) => resolved.get(groupId)?.has(userId) ?? false,
    membersOf: (groupId) => resolved.get(groupId) ?? EMPTY,
    isResolved: (groupId) => resolved.has(groupId),
    groupsOf: (userId) => [...resolved].filter(([, users]) => users.has(userId)).map(([id]) => id),
  };
}
