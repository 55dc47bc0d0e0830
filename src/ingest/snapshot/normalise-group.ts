// Validates one group of a snapshot (id, displayName, direct members) into a SnapshotGroup.
import type { MemberKind, SnapshotGroup } from '../../reports/model.js';
import { expectObject, isObject, own, refuse, optionalString, requiredString } from '../field-checks.js';
import { child, item } from '../place.js';
import { canonicalId } from '../../util/object-id.js';

type Member = SnapshotGroup['members'][number];

/** The group's and its members' ids in canonical form (decision 0055): GUIDs in lower case. */
export function normaliseGroup(raw: unknown, where: string): SnapshotGroup {
  const o = expectObject(raw, where, 'a group object');
  return {
    id: canonicalId(requiredString(o, 'id', where)),
    displayName: optionalString(o, 'displayName', where),
    members: readMembers(own(o, 'members'), child(where, 'members')),
  };
}

/** Absent or null members: a group without direct members. */
function readMembers(list: unknown, where: string): readonly Member[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return refuse(where, 'an array of directoryObject references', list);
  const members: Member[] = [];
  for (let i = 0; i < list.length; i++) {
    const at = item(where, i);
    const m: unknown = list[i];
    if (!isObject(m)) refuse(at, 'an object like {"@odata.type":"#microsoft.graph.user","id":"…"}', m);
    members.push({ kind: memberKind(own(m, '@odata.type'), child(at, '@odata.type')), id: canonicalId(requiredString(m, 'id', at)) });
  }
  return members;
}

/** Graph writes "#microsoft.graph.user"; the leading '#' is optional here. Any other type is 'other'. */
function memberKind(type: unknown, where: string): MemberKind {
  if (typeof type !== 'string' || type === '') {
    return refuse(where, 'a string such as "#microsoft.graph.user" or "#microsoft.graph.group"', type);
  }
  const name = type.startsWith('#') ? type.slice(1) : type;
  if (name === 'microsoft.graph.user') return 'user';
  if (name === 'microsoft.graph.group') return 'group';
  return 'other';
}
