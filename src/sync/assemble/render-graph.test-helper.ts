// Test helper: renders a tenant snapshot (raw JSON objects) as the bodies Graph would return for it,
// in Graph's documented shapes, so the assembler can be checked against importing the snapshot itself.
import type { SyncBodies } from './assemble.js';
import { isPlainObject } from './json.js';

export interface RawSnapshot {
  readonly header: Readonly<Record<string, unknown>>;
  readonly users: readonly Readonly<Record<string, unknown>>[];
  readonly groups: readonly Readonly<Record<string, unknown>>[];
  readonly roleAssignments: readonly Readonly<Record<string, unknown>>[];
}

export interface RenderOptions {
  /** userRegistrationDetails rows (amr's own answer for the snapshot), when the tenant has them. */
  readonly registrationRows?: readonly Readonly<Record<string, unknown>>[];
  /** Give the SSPR policy as --sspr-policy (default true when the snapshot has one). */
  readonly ssprFile?: boolean;
  /** Items per page of users/delta and of each member list (default 7: several pages). */
  readonly pageSize?: number;
  /** Add `$expand=principal` objects to role assignments. */
  readonly expandPrincipals?: boolean;
}

const V1 = 'https://graph.microsoft.com/v1.0/$metadata';
const BETA = 'https://graph.microsoft.com/beta/$metadata';

function obj(v: unknown): Readonly<Record<string, unknown>> {
  return isPlainObject(v) ? v : {};
}

/** `items` as collection pages with nextLinks, the last one with `last` (a deltaLink, say). */
export function pages(items: readonly unknown[], size: number, context: string, last: Record<string, string> = {}): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i === 0 || i < items.length; i += size) {
    const more = i + size < items.length;
    out.push({ '@odata.context': context, value: items.slice(i, i + size), ...(more ? { '@odata.nextLink': `${context}?$skiptoken=${i + size}` } : last) });
  }
  return out;
}

function skus(license: unknown): unknown[] {
  const plan = (name: string, status = 'Success') => ({
    servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
    servicePlanName: name,
    provisioningStatus: status,
    appliesTo: 'User',
  });
  const sku = (part: string, plans: unknown[]) => ({
    capabilityStatus: 'Enabled',
    consumedUnits: 14,
    id: `tenant_${part}`,
    skuPartNumber: part,
    servicePlans: plans,
    prepaidUnits: { enabled: 25, suspended: 0, warning: 0 },
  });
  const value =
    license === 'free'
      ? [sku('EXCHANGESTANDARD', [plan('EXCHANGE_S_STANDARD')])]
      : license === 'P1'
        ? [sku('AAD_PREMIUM', [plan('AAD_PREMIUM'), plan('MFA_PREMIUM')])]
        : [sku('SPE_E5', [plan('AAD_PREMIUM'), plan('AAD_PREMIUM_P2'), plan('EXCHANGE_S_ENTERPRISE')])];
  return [{ '@odata.context': `${V1}#subscribedSkus`, value }];
}

export function renderGraph(raw: RawSnapshot, options: RenderOptions = {}): SyncBodies {
  const size = options.pageSize ?? 7;
  const tenant = obj(raw.header['tenant']);
  const policies = obj(raw.header['policies']);
  const live = raw.users.filter((u) => u['deletedDateTime'] === undefined || u['deletedDateTime'] === null);
  const directory = live.map(({ authentication: _a, ...rest }) => rest);
  const methods = new Map<string, readonly unknown[]>();
  const preferences = new Map<string, unknown>();
  for (const u of live) {
    const id = String(u['id']);
    const auth = obj(u['authentication']);
    const list = Array.isArray(auth['methods']) ? auth['methods'] : [];
    methods.set(id, pages(list, 4, `${BETA}#users('${id}')/authentication/methods`));
    const prefs = auth['signInPreferences'];
    if (isPlainObject(prefs))
      preferences.set(id, {
        '@odata.context': `${BETA}#users('${id}')/authentication/signInPreferences`,
        '@odata.type': '#microsoft.graph.signInPreferences',
        ...prefs,
      });
  }
  const groupMembers = new Map<string, readonly unknown[] | null>();
  for (const g of raw.groups) groupMembers.set(String(g['id']), pages(Array.isArray(g['members']) ? g['members'] : [], size, `${V1}#directoryObjects`));
  const userIds = new Set(live.map((u) => String(u['id']).toLowerCase()));
  const assignment = (a: Readonly<Record<string, unknown>>, i: number) => ({
    id: `assignment-${i}`,
    principalId: a['principalId'],
    roleDefinitionId: a['roleDefinitionId'],
    directoryScopeId: a['directoryScopeId'] ?? '/',
    ...(options.expandPrincipals
      ? {
          principal: {
            '@odata.type': userIds.has(String(a['principalId']).toLowerCase()) ? '#microsoft.graph.user' : '#microsoft.graph.group',
            id: a['principalId'],
          },
        }
      : {}),
  });
  const active = raw.roleAssignments.filter((a) => a['status'] !== 'eligible').map(assignment);
  const eligible = raw.roleAssignments.filter((a) => a['status'] === 'eligible').map(assignment);
  const sspr = policies['passwordResetPolicy'];
  return {
    expectTenantId: String(tenant['id']),
    capturedDateTime: String(raw.header['capturedDateTime']),
    organization: [{ '@odata.context': `${V1}#organization`, value: [{ id: tenant['id'], displayName: tenant['displayName'] ?? null, tenantType: 'AAD' }] }],
    subscribedSkus: skus(tenant['license'] ?? 'P1'),
    usersDelta: pages(directory, size, `${V1}#users`, { '@odata.deltaLink': `${V1}/users/delta?$deltatoken=abc` }),
    methods,
    signInPreferences: preferences,
    groupMembers,
    roleAssignments: pages(active, size, `${V1}#roleManagement/directory/roleAssignments`),
    roleEligibilities: pages(eligible, size, `${V1}#roleManagement/directory/roleEligibilityScheduleInstances`),
    authenticationMethodsPolicy: { '@odata.context': `${BETA}#policies/authenticationMethodsPolicy`, ...obj(policies['authenticationMethodsPolicy']) },
    authorizationPolicy: {
      '@odata.context': `${V1}#policies/authorizationPolicy/$entity`,
      id: 'authorizationPolicy',
      allowedToUseSSPR: true,
      ...obj(policies['authorizationPolicy']),
    },
    registrationDetails:
      options.registrationRows === undefined ? null : pages(options.registrationRows, 1000, `${BETA}#reports/authenticationMethods/userRegistrationDetails`),
    ...(isPlainObject(sspr) && options.ssprFile !== false ? { ssprPolicyFile: sspr } : {}),
  };
}

/** The lines of an NDJSON snapshot as a RawSnapshot. */
export function rawFromNdjson(text: string): RawSnapshot {
  const lines = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l): unknown => JSON.parse(l));
  const [header, ...rest] = lines;
  const pick = (key: string) =>
    rest
      .map(obj)
      .filter((l) => key in l)
      .map((l) => obj(l[key]));
  return { header: obj(header), users: pick('user'), groups: pick('group'), roleAssignments: pick('roleAssignment') };
}
