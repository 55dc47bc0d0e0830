// Everything about one demo tenant that is derived once from the options: seed words, clock,
// domain names, id and name sources, and the ids of the fixed groups that policies point at.

import { guidFromWords, IdSpace, ObjectIds } from './ids.js';
import { NameSpace } from './name-space.js';
import { DEPARTMENTS } from './org-data.js';
import { hashString, mix32, type SeedWords } from './prng.js';
import { SkeletonSource } from './skeleton.js';

export interface DemoTenantOptions {
  readonly users: number;
  readonly seed: string;
  readonly now: Date;
  /** Verified domain of the members' UPNs; default contoso.com. */
  readonly domain?: string;
}

/** The fixed groups, after the department groups; their ids are stable for a seed. */
export const FIXED_GROUPS = [
  'allStaff',
  'ssprPilot',
  'passwordlessPilot',
  'securityChampions',
  'breakGlass',
  'newHires',
  'frontline',
  'helpdeskOperators',
  'socAnalysts',
  'externalPartners',
] as const;
export type FixedGroup = (typeof FIXED_GROUPS)[number];

export interface TenantContext {
  readonly seed: SeedWords;
  readonly userCount: number;
  readonly nowMs: number;
  readonly tenantId: string;
  readonly domain: string;
  readonly initialDomain: string;
  readonly companyName: string;
  readonly ids: ObjectIds;
  readonly names: NameSpace;
  readonly skeletons: SkeletonSource;
  /** Id of the external authentication method configuration (users' methods reference it). */
  readonly externalConfigId: string;
  readonly externalAppId: string;
  groupId(group: FixedGroup): string;
  departmentGroupId(department: number): string;
}

const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function validate(options: DemoTenantOptions): string {
  const { users, now } = options;
  if (!Number.isSafeInteger(users) || users < 0 || users > 2 ** 40) throw new RangeError(`users must be an integer in [0, 2^40], got ${users}`);
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('now must be a valid Date');
  const domain = (options.domain ?? 'contoso.com').toLowerCase();
  if (!DOMAIN_PATTERN.test(domain)) throw new RangeError(`not a domain name: ${options.domain ?? ''}`);
  return domain;
}

function titleCase(label: string): string {
  return label
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

export function createContext(options: DemoTenantOptions): TenantContext {
  const domain = validate(options);
  const seed = hashString(`amr-demo:${options.seed}`);
  const ids = new ObjectIds(seed);
  const label = domain.split('.')[0] ?? 'contoso';
  const config = (n: number): string => ids.id(IdSpace.Config, n);
  return {
    seed,
    userCount: options.users,
    // Whole seconds: Graph timestamps carry no milliseconds, and a pinned clock stays exact.
    nowMs: Math.floor(options.now.getTime() / 1000) * 1000,
    tenantId: guidFromWords(mix32(seed[0] ^ 0x7e4a), mix32(seed[1] ^ 0x7e4a), mix32(seed[2] ^ 0x7e4a), mix32(seed[3] ^ 0x7e4a)),
    domain,
    initialDomain: `${label.replace(/[^a-z0-9]/g, '')}.onmicrosoft.com`,
    companyName: titleCase(label),
    ids,
    names: new NameSpace(seed),
    skeletons: new SkeletonSource(seed),
    externalConfigId: config(0),
    externalAppId: config(1),
    groupId: (group) => ids.id(IdSpace.Group, DEPARTMENTS.length + FIXED_GROUPS.indexOf(group)),
    departmentGroupId: (department) => ids.id(IdSpace.Group, department),
  };
}
