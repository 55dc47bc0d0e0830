// Loads only the groups a recompute needs: the wanted ones and every group nested inside them.
// Members are read a page at a time: an all-staff group is a million rows, and each row crosses
// from the writer thread (docs/decisions/0009).
import type { Kysely } from 'kysely';
import type { MemberKind, SnapshotGroup } from '../../reports/model.js';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

const IN_LIST_CHUNK = 500;
const MEMBER_PAGE = 20_000;

export async function loadGroups(tx: SqlExecutor, qb: Kysely<DB>, tenantKey: number, wanted: ReadonlySet<string>): Promise<SnapshotGroup[]> {
  // Nesting edges are few even in large tenants; user memberships are loaded per needed group.
  const edges = await tx.arrays(
    qb.selectFrom('group_members').select(['group_id', 'member_id']).where('tenant_key', '=', tenantKey).where('member_kind', '=', 'group').compile(),
  );
  const children = new Map<string, string[]>();
  for (const [parent, child] of edges as [string, string][]) {
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  const needed = new Set<string>();
  const stack = [...wanted];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (needed.has(id)) continue; // cycles end here
    needed.add(id);
    for (const child of children.get(id) ?? []) stack.push(child);
  }
  // Role assignments name users and groups alike: keep only the ids that are groups.
  const groups: SnapshotGroup[] = [];
  for (const id of await existingGroups(tx, qb, tenantKey, [...needed])) {
    groups.push({ id, displayName: null, members: await membersOf(tx, qb, tenantKey, id) });
  }
  return groups;
}

async function membersOf(tx: SqlExecutor, qb: Kysely<DB>, tenantKey: number, groupId: string): Promise<{ kind: MemberKind; id: string }[]> {
  const members: { kind: MemberKind; id: string }[] = [];
  let after = -1;
  for (;;) {
    const page = await tx.arrays(
      qb
        .selectFrom('group_members')
        .select(['member_kind', 'member_id', 'seq'])
        .where('tenant_key', '=', tenantKey)
        .where('group_id', '=', groupId)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(MEMBER_PAGE)
        .compile(),
    );
    for (const [kind, id] of page as [MemberKind, string][]) members.push({ kind, id });
    if (page.length < MEMBER_PAGE) return members;
    after = page[page.length - 1]![2] as number;
  }
}

async function existingGroups(tx: SqlExecutor, qb: Kysely<DB>, tenantKey: number, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < ids.length; i += IN_LIST_CHUNK) {
    const rows = await tx.all(
      qb
        .selectFrom('groups')
        .select('id')
        .where('tenant_key', '=', tenantKey)
        .where('id', 'in', ids.slice(i, i + IN_LIST_CHUNK))
        .compile(),
    );
    for (const r of rows) found.push(r.id);
  }
  return found;
}
