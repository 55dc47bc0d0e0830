// The userProtection list's state (search, strength, bucket, ready-made lists, sort) as $filter /
// $orderby and as the hash of its address, so a bar, a bucket or a ready-made list links to exactly
// its rows (decision 0096).
import { STRENGTH_CLASSES, type GroupBy, type StrengthClass } from '../api/amr';
import { and, nameSearch, quote } from './odata';

type ProtectionOrder = 'userDisplayName' | 'userPrincipalName';

/** The ready-made lists of the Protection tab, each one documented $filter (issue 15 item 4). */
export type Preset = '' | 'weakOnly' | 'adminsWithoutPhishingResistant' | 'staleMethods' | 'enforcePhishingResistant';

export interface ProtectionQuery {
  readonly search: string;
  readonly preset: Preset;
  readonly strength: '' | StrengthClass;
  /** A department name, null for the users without one, undefined for any. */
  readonly department: string | null | undefined;
  readonly userType: '' | 'member' | 'guest';
  readonly isAdmin: '' | 'true' | 'false';
  /**
   * Opened from a bucket the list has no property for (a group, licence or role): the list shows
   * every user of the class and says so, naming the bucket.
   */
  readonly bucket: { readonly groupBy: GroupBy; readonly name: string } | null;
  readonly orderBy: ProtectionOrder;
  readonly descending: boolean;
}

export const EMPTY_PROTECTION_QUERY: ProtectionQuery = {
  search: '',
  preset: '',
  strength: '',
  department: undefined,
  userType: '',
  isAdmin: '',
  bucket: null,
  orderBy: 'userDisplayName',
  descending: false,
};

export const PRESETS: readonly { readonly preset: Exclude<Preset, ''>; readonly title: string; readonly filter: string }[] = [
  { preset: 'weakOnly', title: 'Weak MFA only', filter: 'isWeakMfaOnly eq true' },
  {
    preset: 'adminsWithoutPhishingResistant',
    title: 'Admins without a phishing-resistant method',
    filter: "isAdmin eq true and registeredStrength ne 'phishingResistant'",
  },
  { preset: 'staleMethods', title: 'Users with stale methods', filter: 'staleMethodCount gt 0' },
  {
    preset: 'enforcePhishingResistant',
    title: 'Locked out if phishing-resistant MFA were enforced tomorrow',
    filter: "registeredStrength ne 'phishingResistant'",
  },
];

export const presetFilter = (p: Preset): string | null => PRESETS.find((x) => x.preset === p)?.filter ?? null;

export function protectionFilter(q: ProtectionQuery): string | null {
  return and([
    presetFilter(q.preset),
    nameSearch(q.search),
    q.userType === '' ? null : `userType eq ${quote(q.userType)}`,
    q.department === undefined ? null : q.department === null ? 'department eq null' : `department eq ${quote(q.department)}`,
    q.isAdmin === '' ? null : `isAdmin eq ${q.isAdmin}`,
    q.strength === '' ? null : `registeredStrength eq ${quote(q.strength)}`,
  ]);
}

export const protectionOrderBy = (q: ProtectionQuery): string => `${q.orderBy}${q.descending ? ' desc' : ''}`;

const NONE = '~none';

export function protectionQueryToParams(q: ProtectionQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.preset !== '') p.set('list', q.preset);
  if (q.search !== '') p.set('q', q.search);
  if (q.strength !== '') p.set('strength', q.strength);
  if (q.department !== undefined) p.set('department', q.department ?? NONE);
  if (q.userType !== '') p.set('userType', q.userType);
  if (q.isAdmin !== '') p.set('isAdmin', q.isAdmin);
  if (q.bucket !== null) {
    p.set('by', q.bucket.groupBy);
    p.set('bucket', q.bucket.name);
  }
  if (q.orderBy !== 'userDisplayName') p.set('sort', q.orderBy);
  if (q.descending) p.set('desc', '1');
  return p;
}

export function protectionQueryFromParams(p: URLSearchParams): ProtectionQuery {
  const list = p.get('list');
  const strength = p.get('strength') ?? '';
  const type = p.get('userType');
  const admin = p.get('isAdmin');
  const department = p.get('department');
  const by = p.get('by');
  const bucket = p.get('bucket');
  return {
    search: p.get('q') ?? '',
    preset: PRESETS.some((x) => x.preset === list) ? (list as Preset) : '',
    strength: (STRENGTH_CLASSES as readonly string[]).includes(strength) ? (strength as StrengthClass) : '',
    department: department === null ? undefined : department === NONE ? null : department,
    userType: type === 'member' || type === 'guest' ? type : '',
    isAdmin: admin === 'true' || admin === 'false' ? admin : '',
    bucket: (by === 'group' || by === 'licence' || by === 'role') && bucket !== null ? { groupBy: by, name: bucket } : null,
    orderBy: p.get('sort') === 'userPrincipalName' ? 'userPrincipalName' : 'userDisplayName',
    descending: p.get('desc') === '1',
  };
}

/**
 * The list of a bar: class `strength` within a bucket. Departments and user types are properties of
 * the list, so the filter is exact; groups, licences and roles are not (decision 0092), so the list
 * shows the class across all users and names the bucket it was opened from.
 */
export function bucketQuery(groupBy: GroupBy | null, key: string | null, name: string, strength: StrengthClass | ''): ProtectionQuery {
  const base = { ...EMPTY_PROTECTION_QUERY, strength };
  if (groupBy === null) return base;
  if (groupBy === 'department') return { ...base, department: key };
  if (groupBy === 'userType') return { ...base, userType: key === 'member' || key === 'guest' ? key : '' };
  return { ...base, bucket: { groupBy, name } };
}
