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
  /**
   * Equal for two users exactly when they are transitive members of the same wanted groups: a
   * number up to 30 wanted groups (no allocation), a string past that.
   */
  signature(userId: string): number | string;
}

const EMPTY: ReadonlySet<string> = new Set();
/** Bits per word of the per-user bit set (small integers stay unboxed in V8). */
const WORD = 30;

/**
 * One pass over `groups` keeps a reference to each group's direct member list (no copies); then
 * each wanted group is walked depth-first, setting its bit in one map of user id → bit set.
 * Memory is one entry per member user, however many wanted groups there are (a tenant with five
 * policy groups of 1,000,000 users holds 1,000,000 entries, not 5,000,000). Each walk has its own
 * visited set of groups, so cycles end and a user reached by two paths is counted once.
 */
export function resolveMembership(groups: Iterable<SnapshotGroup>, wanted: ReadonlySet<string>): GroupMembership {
  const direct = new Map<string, DirectMembers>();
  for (const g of groups) {
    const earlier = direct.get(g.id);
    direct.set(g.id, earlier === undefined ? g.members : [...earlier, ...g.members]);
  }
  const index = new Map<string, number>();
  for (const id of wanted) if (direct.has(id)) index.set(id, index.size);
  const words: Map<string, number>[] = Array.from({ length: Math.ceil(index.size / WORD) }, () => new Map<string, number>());
  for (const [id, i] of index) walk(id, direct, words[Math.floor(i / WORD)]!, 1 << (i % WORD));
  return membershipOf(index, words);
}

function walk(root: string, direct: ReadonlyMap<string, DirectMembers>, word: Map<string, number>, bit: number): void {
  const seen = new Set<string>([root]);
  const stack = [root];
  for (let gid = stack.pop(); gid !== undefined; gid = stack.pop()) {
    for (const m of direct.get(gid) ?? []) {
      // Devices, service principals and other members are not users: they never hold report rows.
      if (m.kind === 'user') word.set(m.id, (word.get(m.id) ?? 0) | bit);
      else if (m.kind === 'group' && !seen.has(m.id)) {
        seen.add(m.id);
        stack.push(m.id);
      }
    }
  }
}

function membershipOf(index: ReadonlyMap<string, number>, words: readonly Map<string, number>[]): GroupMembership {
  const has = (groupId: string, userId: string): boolean => {
    const i = index.get(groupId);
    return i !== undefined && ((words[Math.floor(i / WORD)]!.get(userId) ?? 0) & (1 << (i % WORD))) !== 0;
  };
  const members = new Map<string, ReadonlySet<string>>();
  return {
    isMember: has,
    membersOf: (groupId) => {
      const i = index.get(groupId);
      if (i === undefined) return EMPTY;
      let set = members.get(groupId);
      if (set === undefined) {
        const bit = 1 << (i % WORD);
        set = new Set([...words[Math.floor(i / WORD)]!].filter(([, w]) => (w & bit) !== 0).map(([u]) => u));
        members.set(groupId, set);
      }
      return set;
    },
    isResolved: (groupId) => index.has(groupId),
    groupsOf: (userId) => [...index.keys()].filter((g) => has(g, userId)),
    signature: (userId) => {
      if (words.length === 1) return words[0]!.get(userId) ?? 0;
      return words.map((w) => w.get(userId) ?? 0).join(',');
    },
  };
}
