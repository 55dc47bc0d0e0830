// Recomputes a tenant's report from its stored directory state: a new generation built by
// streaming the users table in id order (bounded memory). Imports whose groups and roles come
// before their users compute while streaming instead (snapshot-writer.ts).
import type { GraphObject, License, SignInPreferences, SnapshotPolicies, SnapshotRoleAssignment, SnapshotUser, UserType } from '../../reports/model.js';
import type { RecomputeSummary } from '../store.js';
import { loadGroups } from './load-groups.js';
import { ReportBuilder, wantedGroupIds, type BuildContext } from './report-builder.js';

const CHUNK = 2000;

const USER_COLUMNS = [
  'id', 'user_principal_name', 'display_name', 'user_type', 'account_enabled', 'deleted',
  'methods_json', 'sign_in_preferences_json', 'security_questions',
] as const;

export function emptyPolicies(): SnapshotPolicies {
  return { authenticationMethodsPolicy: null, passwordResetPolicy: null, authorizationPolicy: null, legacyMfaPolicy: null };
}

export function licenseOf(value: string): License {
  return value === 'free' || value === 'P2' ? value : 'P1';
}

export async function recomputeTenant(ctx: BuildContext, tenantId: string): Promise<RecomputeSummary> {
  const { tx, qb } = ctx;
  const tenant = (await tx.all(qb.selectFrom('tenants').selectAll().where('tenant_id', '=', tenantId).compile()))[0];
  if (!tenant) throw new Error(`tenant ${tenantId} is not in this database`);
  const tenantKey = tenant.tenant_key;
  const policyRow = (await tx.all(qb.selectFrom('policies').select('policies_json').where('tenant_key', '=', tenantKey).compile()))[0];
  const policies = policyRow ? (JSON.parse(policyRow.policies_json) as SnapshotPolicies) : emptyPolicies();
  const assignments: SnapshotRoleAssignment[] = (await tx.all(qb.selectFrom('role_assignments').selectAll().where('tenant_key', '=', tenantKey).compile()))
    .map((r) => ({ principalId: r.principal_id, roleDefinitionId: r.role_definition_id, directoryScopeId: r.directory_scope_id, status: r.status === 'eligible' ? 'eligible' : 'active' }));
  const license = licenseOf(tenant.license);
  const groups = await loadGroups(tx, qb, tenantKey, wantedGroupIds(policies, license, assignments));
  const builder = await ReportBuilder.start(ctx, {
    tenantId, tenantKey, license, capturedAt: tenant.captured_at ?? ctx.now().toISOString(), policies, groups, assignments,
  });
  let after = '';
  for (;;) {
    const chunk = await tx.all(qb.selectFrom('users').select(USER_COLUMNS)
      .where('tenant_key', '=', tenantKey).where('id', '>', after).orderBy('id').limit(CHUNK).compile());
    if (chunk.length === 0) break;
    await builder.addUsers(chunk.map((r): SnapshotUser => ({
      id: r.id,
      userPrincipalName: r.user_principal_name,
      displayName: r.display_name,
      userType: r.user_type as UserType,
      accountEnabled: r.account_enabled === 1,
      deleted: r.deleted === 1,
      methods: JSON.parse(r.methods_json) as GraphObject[],
      signInPreferences: r.sign_in_preferences_json === null ? null : (JSON.parse(r.sign_in_preferences_json) as SignInPreferences),
      securityQuestionsRegistered: r.security_questions,
      properties: {},
    })));
    after = chunk[chunk.length - 1]!.id;
  }
  return builder.finish();
}
