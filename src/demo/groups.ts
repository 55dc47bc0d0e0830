// The demo tenant's groups with their direct members: a group per department nested in
// "All Staff", pilot and policy-target groups, two role-assignable admin groups, and one
// deliberate cycle (Passwordless Pilot ⇄ Security Champions) that a resolver must survive.

import { FIXED_GROUPS, type FixedGroup, type TenantContext } from './context.js';
import { IdSpace } from './ids.js';
import { DEPARTMENTS } from './org-data.js';
import { streamFor } from './prng.js';
import { HELPDESK_ADMINISTRATOR, SECURITY_READER } from './roles.js';
import type { Skeleton } from './skeleton.js';
import { DAY_MS, isoSeconds, type JsonObject } from './wire.js';

const USER = '#microsoft.graph.user';
const GROUP = '#microsoft.graph.group';
const GROUP_STREAM = 0x6e0;

interface GroupSpec {
  readonly displayName: string;
  readonly description: string;
  readonly roleAssignable: boolean;
  readonly userFilter: ((sk: Skeleton) => boolean) | null;
  readonly nested: () => readonly string[];
}

const SSPR_DEPARTMENTS = ['IT', 'Finance', 'Human Resources', 'Customer Support', 'Sales'];

function departmentIds(ctx: TenantContext, keep: (name: string, frontline: boolean) => boolean): string[] {
  const ids: string[] = [];
  DEPARTMENTS.forEach((d, i) => {
    if (keep(d.name, d.frontline)) ids.push(ctx.departmentGroupId(i));
  });
  return ids;
}

function fixedSpecs(ctx: TenantContext): Readonly<Record<FixedGroup, GroupSpec>> {
  const spec = (
    displayName: string,
    description: string,
    userFilter: GroupSpec['userFilter'],
    nested: GroupSpec['nested'] = () => [],
    roleAssignable = false,
  ): GroupSpec => ({ displayName, description, roleAssignable, userFilter, nested });
  const adminVia = (roleId: string) => (sk: Skeleton) => sk.admin !== null && sk.admin.viaGroup && sk.admin.role.templateId === roleId;
  return {
    allStaff: spec('All Staff', 'Every employee, through the department groups', null, () => departmentIds(ctx, () => true)),
    ssprPilot: spec('SSPR Pilot', 'Self-service password reset rollout, wave 1', null, () => departmentIds(ctx, (n) => SSPR_DEPARTMENTS.includes(n))),
    passwordlessPilot: spec(
      'Passwordless Pilot',
      'Early adopters of passkeys and phone sign-in',
      (sk) => sk.passwordlessPilot,
      () => [ctx.groupId('securityChampions')],
    ),
    securityChampions: spec(
      'Security Champions',
      'Champions network; nests the pilot it runs',
      (sk) => sk.securityChampion,
      () => [ctx.groupId('passwordlessPilot')],
    ),
    breakGlass: spec('Break Glass Accounts', 'Emergency access accounts, excluded from MFA policies', (sk) => sk.kind === 'breakGlass'),
    newHires: spec('New Hires - Onboarding', 'Joiners in their first weeks: Temporary Access Pass allowed', (sk) => sk.recentHire),
    frontline: spec('Frontline Workers', 'Shop floor, stores and facilities staff', null, () => departmentIds(ctx, (_, frontline) => frontline)),
    helpdeskOperators: spec('Helpdesk Operators', 'Role-assignable: Helpdesk Administrator', adminVia(HELPDESK_ADMINISTRATOR.templateId), () => [], true),
    socAnalysts: spec('SOC Analysts', 'Role-assignable: Security Reader', adminVia(SECURITY_READER.templateId), () => [], true),
    externalPartners: spec('External Partners', 'B2B guests from partner organisations', (sk) => sk.kind === 'guest'),
  };
}

function groupObject(ctx: TenantContext, index: number, spec: GroupSpec, members: readonly JsonObject[]): JsonObject {
  const rng = streamFor(ctx.seed, GROUP_STREAM, index);
  return {
    id: ctx.ids.id(IdSpace.Group, index),
    displayName: spec.displayName,
    description: spec.description,
    mailNickname: spec.displayName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, ''),
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    isAssignableToRole: spec.roleAssignable,
    createdDateTime: isoSeconds(ctx.nowMs - rng.between(30, 8 * 365) * DAY_MS),
    members,
  };
}

/** Scans every index once, recording each account in the groups it belongs to directly. */
function collectUsers(ctx: TenantContext, filters: readonly (((sk: Skeleton) => boolean) | null)[]): number[][] {
  const byDepartment: number[][] = DEPARTMENTS.map(() => []);
  const byFixed: number[][] = filters.map(() => []);
  for (let i = 0; i < ctx.userCount; i++) {
    const sk = ctx.skeletons.at(i);
    if (sk.deleted) continue; // soft-deleted users drop out of group memberships
    if (sk.kind === 'person' && sk.department >= 0) byDepartment[sk.department]?.push(i);
    filters.forEach((filter, g) => {
      if (filter !== null && filter(sk)) byFixed[g]?.push(i);
    });
  }
  return [...byDepartment, ...byFixed];
}

export function buildGroups(ctx: TenantContext): JsonObject[] {
  const specs = fixedSpecs(ctx);
  const fixed = FIXED_GROUPS.map((key) => specs[key]);
  const userIndices = collectUsers(
    ctx,
    fixed.map((s) => s.userFilter),
  );
  const departmentSpecs: GroupSpec[] = DEPARTMENTS.map((d) => ({
    displayName: `Department - ${d.name}`,
    description: `Members of the ${d.name} department`,
    roleAssignable: false,
    userFilter: null,
    nested: () => [],
  }));
  return [...departmentSpecs, ...fixed].map((spec, g) => {
    const users: JsonObject[] = (userIndices[g] ?? []).map((i) => ({ '@odata.type': USER, id: ctx.ids.id(IdSpace.User, i) }));
    const groups: JsonObject[] = spec.nested().map((id) => ({ '@odata.type': GROUP, id }));
    return groupObject(ctx, g, spec, [...groups, ...users]);
  });
}
