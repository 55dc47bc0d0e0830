// The user list's state (search, column filters, sort) as a $filter/$orderby and as the hash of
// its address, so a tile or bar links to exactly the rows it counts.
import type { UserRoleFilter, UserTypeFilter } from '../api/reports';
import { and, nameSearch, quote } from './odata';

export const USER_FLAGS = [
  'isAdmin',
  'isMfaRegistered',
  'isMfaCapable',
  'isPasswordlessCapable',
  'isSsprRegistered',
  'isSsprEnabled',
  'isSsprCapable',
] as const;
export type UserFlag = (typeof USER_FLAGS)[number];
export type UserOrder = 'userDisplayName' | 'userPrincipalName';

export interface UserQuery {
  readonly search: string;
  readonly userType: '' | 'member' | 'guest';
  readonly flags: Readonly<Partial<Record<UserFlag, boolean>>>;
  /** A methodsRegistered value, or '' for any. */
  readonly method: string;
  readonly orderBy: UserOrder;
  readonly descending: boolean;
  /**
   * Opened from a count for privileged admins: the list has no property for that bucket
   * (graph-api §3.1), so it shows every admin and says so.
   */
  readonly privilegedOnly: boolean;
}

export const EMPTY_USER_QUERY: UserQuery = {
  search: '',
  userType: '',
  flags: {},
  method: '',
  orderBy: 'userDisplayName',
  descending: false,
  privilegedOnly: false,
};

export function userFilter(q: UserQuery): string | null {
  return and([
    nameSearch(q.search),
    q.userType === '' ? null : `userType eq ${quote(q.userType)}`,
    ...USER_FLAGS.map((f) => (q.flags[f] === undefined ? null : `${f} eq ${String(q.flags[f])}`)),
    q.method === '' ? null : `methodsRegistered/any(m:m eq ${quote(q.method)})`,
  ]);
}

export const userOrderBy = (q: UserQuery): string => `${q.orderBy}${q.descending ? ' desc' : ''}`;

/** The registration tab's two function parameters, as list filters (entra-rules §1.2: user = not admin). */
export function segmentQuery(type: UserTypeFilter, role: UserRoleFilter): UserQuery {
  const flags: Partial<Record<UserFlag, boolean>> = role === 'all' ? {} : { isAdmin: role !== 'user' };
  return { ...EMPTY_USER_QUERY, userType: type === 'all' ? '' : type, flags, privilegedOnly: role === 'privilegedAdmin' };
}

export function userQueryToParams(q: UserQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.search !== '') p.set('q', q.search);
  if (q.userType !== '') p.set('userType', q.userType);
  for (const f of USER_FLAGS) if (q.flags[f] !== undefined) p.set(f, String(q.flags[f]));
  if (q.method !== '') p.set('method', q.method);
  if (q.orderBy !== 'userDisplayName') p.set('sort', q.orderBy);
  if (q.descending) p.set('desc', '1');
  if (q.privilegedOnly) p.set('privileged', '1');
  return p;
}

export function userQueryFromParams(p: URLSearchParams): UserQuery {
  const flags: Partial<Record<UserFlag, boolean>> = {};
  for (const f of USER_FLAGS) {
    const v = p.get(f);
    if (v === 'true' || v === 'false') flags[f] = v === 'true';
  }
  const type = p.get('userType');
  return {
    search: p.get('q') ?? '',
    userType: type === 'member' || type === 'guest' ? type : '',
    flags,
    method: p.get('method') ?? '',
    orderBy: p.get('sort') === 'userPrincipalName' ? 'userPrincipalName' : 'userDisplayName',
    descending: p.get('desc') === '1',
    privilegedOnly: p.get('privileged') === '1',
  };
}
