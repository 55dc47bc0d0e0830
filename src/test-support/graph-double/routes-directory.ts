// Directory operations (identity and access class): organization, subscribedSkus, users delta,
// per-user authentication methods and sign-in preferences, direct group members, role
// assignments and eligibilities, the authentication methods and authorization policies.
import { DEFAULT_METHOD_CONFIGS } from '../../reports/policy-defaults.js';
import { isRecord, type JsonRecord } from './json.js';
import { notFound } from './errors.js';
import { expiredPageToken, keptQuery, pageSize } from './paging.js';
import type { Route, RouteContext, RouteResult } from './route.js';
import type { UserEntry } from './model.js';
import { usersDelta } from './users-delta.js';

const GUIDISH = '([^/]+)';
const meta = (ctx: RouteContext, what: string): string => `${ctx.origin}/${ctx.version}/$metadata#${what}`;

function liveUser(ctx: RouteContext): UserEntry {
  const id = decodeURIComponent(ctx.params[0]!);
  const user = ctx.state.users.get(id) ?? [...ctx.state.users.values()].find((u) => String(u.props.userPrincipalName).toLowerCase() === id.toLowerCase());
  if (!user || (user.props.deletedDateTime !== undefined && user.props.deletedDateTime !== null)) throw notFound(id);
  return user;
}

/** A paged list of items fixed now; $skiptoken resumes it. */
function listed(ctx: RouteContext, context: string, items: () => JsonRecord[], fallback: number, max: number): RouteResult {
  const skip = ctx.query.get('$skiptoken');
  if (skip !== null) return { body: ctx.pager.resume(skip, ctx.path) };
  return {
    body: ctx.pager.first({
      path: ctx.path,
      context,
      items: items(),
      pageSize: pageSize(ctx.query, fallback, max),
      keptQuery: keptQuery(ctx.query),
      expired: expiredPageToken,
    }),
  };
}

function select(record: JsonRecord, query: URLSearchParams, always: readonly string[] = []): JsonRecord {
  const raw = query.get('$select');
  if (raw === null) return record;
  const out: JsonRecord = {};
  for (const k of always) if (k in record) out[k] = record[k];
  for (const p of raw.split(',').map((s) => s.trim())) out[p] = record[p] ?? null;
  return out;
}

const P1 = { skuId: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4', skuPartNumber: 'AAD_PREMIUM', plans: [['41781fb2-bc02-4b7c-bd55-b576c07bb09d', 'AAD_PREMIUM']] };
const P2 = {
  skuId: '84a661c4-e949-4bd2-a560-ed7766fcaf2b',
  skuPartNumber: 'AAD_PREMIUM_P2',
  plans: [
    ['41781fb2-bc02-4b7c-bd55-b576c07bb09d', 'AAD_PREMIUM'],
    ['eec0eb4f-6444-4f95-aba0-50c24d67f998', 'AAD_PREMIUM_P2'],
  ],
};

function derivedSkus(ctx: RouteContext): JsonRecord[] {
  const sku = ctx.state.license === 'P2' ? P2 : ctx.state.license === 'P1' ? P1 : null;
  if (!sku) return [];
  return [
    {
      accountId: ctx.state.tenantId,
      accountName: ctx.state.displayName ?? '',
      appliesTo: 'User',
      capabilityStatus: 'Enabled',
      consumedUnits: ctx.state.users.size,
      id: `${ctx.state.tenantId}_${sku.skuId}`,
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      subscriptionIds: [],
      prepaidUnits: { enabled: Math.max(ctx.state.users.size, 25), lockedOut: 0, suspended: 0, warning: 0 },
      servicePlans: sku.plans.map(([servicePlanId, servicePlanName]) => ({ servicePlanId, servicePlanName, provisioningStatus: 'Success', appliesTo: 'User' })),
    },
  ];
}

/** A new tenant's policy in Graph's shape, from amr's documented defaults (decision 0026). */
function defaultMethodsPolicy(): JsonRecord {
  return {
    id: 'authenticationMethodsPolicy',
    displayName: 'Authentication Methods Policy',
    description:
      'The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings',
    policyVersion: '1.5',
    policyMigrationState: 'preMigration',
    registrationEnforcement: null,
    authenticationMethodConfigurations: DEFAULT_METHOD_CONFIGS.map((c) => ({
      '@odata.type': `#microsoft.graph.${c.kind}AuthenticationMethodConfiguration`,
      id: c.id,
      state: c.enabled ? 'enabled' : 'disabled',
      includeTargets: c.includeTargets.map((t) => ({
        targetType: t.targetType,
        id: t.id,
        isRegistrationRequired: false,
        ...(t.authenticationMode ? { authenticationMode: t.authenticationMode } : {}),
      })),
      excludeTargets: [],
    })),
  };
}

function roleItems(ctx: RouteContext, status: 'active' | 'eligible'): JsonRecord[] {
  return ctx.state.roleAssignments
    .filter((a) => (a.status ?? 'active') === status)
    .map((a) => {
      const { status: _amrOnly, ...graph } = a;
      const base: JsonRecord = { appScopeId: null, ...graph };
      if (status === 'eligible')
        Object.assign(base, {
          memberType: 'Direct',
          startDateTime: a.startDateTime ?? null,
          endDateTime: a.endDateTime ?? null,
          roleEligibilityScheduleId: a.id,
        });
      return select(base, ctx.query, ['id']);
    });
}

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];

export const DIRECTORY_ROUTES: readonly Route[] = [
  {
    name: 'organization',
    versions: ['v1.0', 'beta'],
    pattern: /^\/organization$/,
    denied: 'directory',
    limitClass: 'identity',
    baseCost: 1,
    permissions: ['Organization.Read.All', 'Organization.ReadWrite.All', 'User.Read.All', ...DIRECTORY_READ],
    options: ['$select'],
    handle: (ctx) => ({
      body: {
        '@odata.context': meta(ctx, 'organization'),
        value: [select({ id: ctx.state.tenantId, displayName: ctx.state.displayName, tenantType: 'AAD', verifiedDomains: [] }, ctx.query, ['id'])],
      },
    }),
  },
  {
    name: 'subscribedSkus',
    versions: ['v1.0', 'beta'],
    pattern: /^\/subscribedSkus$/,
    denied: 'directory',
    limitClass: 'identity',
    baseCost: 3,
    permissions: ['LicenseAssignment.Read.All', 'Organization.Read.All', 'Organization.ReadWrite.All', ...DIRECTORY_READ],
    options: ['$select'],
    handle: (ctx) => ({
      body: { '@odata.context': meta(ctx, 'subscribedSkus'), value: (ctx.state.skus ?? derivedSkus(ctx)).map((s) => select(s, ctx.query, ['id'])) },
    }),
  },
  {
    name: 'users delta',
    versions: ['v1.0', 'beta'],
    pattern: /^\/users\/(?:microsoft\.graph\.)?delta(?:\(\))?$/,
    denied: 'directory',
    limitClass: 'identity',
    baseCost: 2,
    permissions: ['User.Read.All', 'User.ReadWrite.All', ...DIRECTORY_READ],
    options: ['$select', '$deltatoken', '$skiptoken', '$top', '$orderby', '$expand', '$filter'],
    handle: usersDelta,
  },
  {
    name: 'authentication methods',
    versions: ['v1.0', 'beta'],
    pattern: new RegExp(`^/users/${GUIDISH}/authentication/methods$`),
    denied: 'directory',
    limitClass: 'authenticationMethods',
    baseCost: 1,
    permissions: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'],
    options: [],
    handle: (ctx) => {
      const user = liveUser(ctx);
      return { body: { '@odata.context': meta(ctx, `users('${String(user.props.id)}')/authentication/methods`), value: user.methods } };
    },
  },
  {
    name: 'signInPreferences',
    versions: ['beta'],
    pattern: new RegExp(`^/users/${GUIDISH}/authentication/signInPreferences$`),
    denied: 'directory',
    limitClass: 'identity',
    baseCost: 1,
    permissions: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'],
    options: [],
    handle: (ctx) => {
      const user = liveUser(ctx);
      const prefs = user.signInPreferences ?? {};
      return {
        body: {
          '@odata.context': meta(ctx, `users('${String(user.props.id)}')/authentication/signInPreferences`),
          isSystemPreferredAuthenticationMethodEnabled: prefs.isSystemPreferredAuthenticationMethodEnabled ?? null,
          userPreferredMethodForSecondaryAuthentication: prefs.userPreferredMethodForSecondaryAuthentication ?? null,
          ...prefs,
        },
      };
    },
  },
  {
    name: 'group members',
    versions: ['v1.0', 'beta'],
    pattern: new RegExp(`^/groups/${GUIDISH}/members$`),
    denied: 'directory',
    limitClass: 'identity',
    baseCost: 3,
    permissions: ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_READ],
    options: ['$select', '$top', '$skiptoken'],
    handle: (ctx) => {
      const id = decodeURIComponent(ctx.params[0]!);
      const group = ctx.state.groups.get(id);
      if (!group) throw notFound(id);
      const sel = ctx.query.get('$select');
      return listed(
        ctx,
        meta(ctx, sel ? `directoryObjects(${sel})` : 'directoryObjects'),
        () =>
          group.members.map((m) => {
            const user = m['@odata.type'] === '#microsoft.graph.user' ? ctx.state.users.get(String(m.id)) : undefined;
            return select({ ...(user ? user.props : {}), ...m }, ctx.query, ['@odata.type', 'id']);
          }),
        ctx.pageSizes.groupMembers,
        999,
      );
    },
  },
  {
    name: 'roleAssignments',
    versions: ['v1.0', 'beta'],
    pattern: /^\/roleManagement\/directory\/roleAssignments$/,
    denied: 'directory',
    limitClass: 'identity',
    baseCost: 1,
    permissions: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory', ...DIRECTORY_READ],
    options: ['$select', '$top', '$skiptoken'],
    handle: (ctx) => listed(ctx, meta(ctx, 'roleManagement/directory/roleAssignments'), () => roleItems(ctx, 'active'), ctx.pageSizes.roles, 999),
  },
  {
    name: 'roleEligibilityScheduleInstances',
    versions: ['v1.0', 'beta'],
    pattern: /^\/roleManagement\/directory\/roleEligibilityScheduleInstances$/,
    denied: 'directory',
    limitClass: 'identity',
    baseCost: 1,
    permissions: [
      'RoleEligibilitySchedule.Read.Directory',
      'RoleEligibilitySchedule.ReadWrite.Directory',
      'RoleManagement.Read.Directory',
      'RoleManagement.Read.All',
      'RoleManagement.ReadWrite.Directory',
    ],
    options: ['$select', '$top', '$skiptoken'],
    handle: (ctx) =>
      listed(ctx, meta(ctx, 'roleManagement/directory/roleEligibilityScheduleInstances'), () => roleItems(ctx, 'eligible'), ctx.pageSizes.roles, 999),
  },
  {
    name: 'authenticationMethodsPolicy',
    versions: ['v1.0', 'beta'],
    pattern: /^\/policies\/authenticationMethodsPolicy$/,
    denied: 'directory',
    limitClass: 'identity',
    baseCost: 1,
    permissions: ['Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod', 'Policy.Read.AuthenticationMethod'],
    options: [],
    handle: (ctx) => {
      const stored = ctx.state.policies.authenticationMethodsPolicy;
      return { body: { '@odata.context': meta(ctx, 'policies/authenticationMethodsPolicy/$entity'), ...(isRecord(stored) ? stored : defaultMethodsPolicy()) } };
    },
  },
  {
    name: 'authorizationPolicy',
    versions: ['v1.0', 'beta'],
    pattern: /^\/policies\/authorizationPolicy$/,
    denied: 'directory',
    limitClass: 'identity',
    baseCost: 1,
    permissions: ['Policy.Read.All', 'Policy.ReadWrite.Authorization'],
    options: [],
    handle: (ctx) => {
      const stored = ctx.state.policies.authorizationPolicy;
      const policy = {
        id: 'authorizationPolicy',
        displayName: 'Authorization Policy',
        allowedToUseSSPR: true,
        allowEmailVerifiedUsersToJoinOrganization: false,
        blockMsolPowerShell: false,
        ...(isRecord(stored) ? stored : {}),
      };
      if (ctx.version === 'beta') return { body: { '@odata.context': meta(ctx, 'policies/authorizationPolicy'), value: [policy] } };
      return { body: { '@odata.context': meta(ctx, 'policies/authorizationPolicy/$entity'), ...policy } };
    },
  },
];
