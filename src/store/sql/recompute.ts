// Recomputes a tenant's report from its stored directory state: a new generation built by
// streaming the users table in id order (bounded memory). Imports whose groups and roles come
// before their users compute while streaming instead (snapshot-writer.ts).
import type { GraphObject, License, SignInPreferences, SnapshotPolicies, SnapshotRoleAssignment, SnapshotUser, UserType } from '../../reports/model.js';
import type { RecomputeSummary } from '../store.js';
import { loadGroups } from './load-groups.js';
import { ReportBuilder, wantedGroupIds, type BuildContext } from './report-builder.js';

const CHUNK = 2000;

const USER_COLUMNS = [
  'id',
  'user_principal_name',
  'display_name',
  'user_type',
  'account_enabled',
  'deleted',
  'methods_json',
  'sign_in_preferences_json',
  'security_questions',
  'properties_json',
] as const;

/** A users row read as an array in USER_COLUMNS order (properties: the breakdowns' department, company and licences). */
function userFromArray(a: readonly unknown[]): SnapshotUser {
  const prefs = a[7] as string | null;
  return {
    id: a[0] as string,
    userPrincipalName: a[1] as string,
    displayName: a[2] as string,
    userType: a[3] as UserType,
    accountEnabled: a[4] === 1,
    deleted: a[5] === 1,
    methods: JSON.parse(a[6] as string) as GraphObject[],
    signInPreferences: prefs === null ? null : (JSON.parse(prefs) as SignInPreferences),
    securityQuestionsRegistered: a[8] as number,
    properties: JSON.parse(a[9] as string) as GraphObject,
  };
}

export function emptyPolicies(): SnapshotPolicies {
  return { authenticationMethodsPolicy: null, passwordResetPolicy: null, authorizationPolicy: null, legacyMfaPolicy: null };
}

export function licenseOf(value: string): License {
  return value === 'free' || value === 'P2' ? value : 'P1';
}

async function groupIds(tx: BuildContext['tx'], qb: BuildContext['qb'], tenantKey: number): Promise<string[]> {
  return (await tx.all(qb.selectFrom('groups').select('id').where('tenant_key', '=', tenantKey).compile())).map((r) => r.id);
}

export async function recomputeTenant(ctx: BuildContext, tenantId: string): Promise<RecomputeSummary> {
  const { tx, qb } = ctx;
  const tenant = (await tx.all(qb.selectFrom('tenants').selectAll().where('tenant_id', '=', tenantId).compile()))[0];
  if (!tenant) throw new Error(`tenant ${tenantId} is not in this database`);
  const tenantKey = tenant.tenant_key;
  const policyRow = (await tx.all(qb.selectFrom('policies').select('policies_json').where('tenant_key', '=', tenantKey).compile()))[0];
  const policies = policyRow ? (JSON.parse(policyRow.policies_json) as SnapshotPolicies) : emptyPolicies();
  const assignments: SnapshotRoleAssignment[] = (await tx.all(qb.selectFrom('role_assignments').selectAll().where('tenant_key', '=', tenantKey).compile())).map(
    (r) => ({
      principalId: r.principal_id,
      roleDefinitionId: r.role_definition_id,
      directoryScopeId: r.directory_scope_id,
      status: r.status === 'eligible' ? 'eligible' : 'active',
    }),
  );
  const license = licenseOf(tenant.license);
  // The groups are loaded inside the call, so nothing here keeps them alive once resolved.
  const builder = await ReportBuilder.start(ctx, {
    tenantId,
    tenantKey,
    license,
    capturedAt: tenant.captured_at ?? ctx.now().toISOString(),
    policies,
    assignments,
    // Every group: the rules read the wanted ones, the group breakdown every one (decision 0091).
    groups: await loadGroups(tx, qb, tenantKey, new Set([...wantedGroupIds(policies, license, assignments), ...(await groupIds(tx, qb, tenantKey))])),
  });
  let after = '';
  for (;;) {
    // Arrays, not objects: every user crosses from the writer thread (docs/decisions/0009).
    const chunk = await tx.arrays(
      qb.selectFrom('users').select(USER_COLUMNS).where('tenant_key', '=', tenantKey).where('id', '>', after).orderBy('id').limit(CHUNK).compile(),
    );
    if (chunk.length === 0) break;
    await builder.addUsers(chunk.map(userFromArray));
    after = chunk[chunk.length - 1]![0] as string;
  }
  return builder.finish();
}
