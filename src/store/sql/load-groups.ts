// Loads only the groups a recompute needs: the wanted ones and every group nested inside them.
import type { Kysely } from 'kysely';
import type { MemberKind, SnapshotGroup } from '../../reports/model.js';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

const IN_LIST_CHUNK = 500;

export async function loadGroups(tx: SqlExecutor, qb: Kysely<DB>, tenantKey: number, wanted: ReadonlySet<string>): Promise<SnapshotGroup[]> {
  // Nesting edges are few even in large tenants; user memberships are loaded per needed group.
  const edges = await tx.all(qb.selectFrom('group_members').select(['group_id', 'member_id'])
    .where('tenant_key', '=', tenantKey).where('member_kind', '=', 'group').compile());
  const children = new Map<string, string[]>();
  for (const e of edges) {
    const list = children.get(e.group_id);
    if (list) list.push(e.member_id);
    else children.set(e.group_id, [e.member_id]);
  }
  const needed = new Set<string>();
  const stack = [...wanted];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (needed.has(id)) continue; // cycles end here
    needed.add(id);
    for (const child of children.get(id) ?? []) stack.push(child);
  }
  const members = new Map<string, { kind: MemberKind; id: string }[]>();
  // Role assignments name users and groups alike: keep only the ids that are groups.
  const ids = await existingGroups(tx, qb, tenantKey, [...needed]);
  for (let i = 0; i < ids.length; i += IN_LIST_CHUNK) {
    const slice = ids.slice(i, i + IN_LIST_CHUNK);
    // Arrays, not objects: an all-staff group is a million rows, copied from the writer thread.
    const rows = await tx.arrays(qb.selectFrom('group_members').select(['group_id', 'member_kind', 'member_id'])
      .where('tenant_key', '=', tenantKey).where('group_id', 'in', slice).compile());
    for (const [groupId, kind, id] of rows as [string, MemberKind, string][]) {
      const list = members.get(groupId) ?? [];
      list.push({ kind, id });
      members.set(groupId, list);
    }
  }
  return ids.map((id) => ({ id, displayName: null, members: members.get(id) ?? [] }));
}

async function existingGroups(tx: SqlExecutor, qb: Kysely<DB>, tenantKey: number, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < ids.length; i += IN_LIST_CHUNK) {
    const rows = await tx.all(qb.selectFrom('groups').select('id')
      .where('tenant_key', '=', tenantKey).where('id', 'in', ids.slice(i, i + IN_LIST_CHUNK)).compile());
    for (const r of rows) found.push(r.id);
  }
  return found;
}
