// Recomputes a tenant's registration report rows and summaries into a new generation,
// inside the caller's write transaction, streaming users in id order (bounded memory).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { GraphObject, SignInPreferences, SnapshotGroup, SnapshotUser, SnapshotRoleAssignment, SnapshotPolicies, UserType } from '../../reports/model.js';
import { isListed } from '../../reports/population.js';
import { resolvePolicies, referencedGroupIds } from '../../reports/policies.js';
import { resolveMembership } from '../../reports/membership.js';
import { rolesByUser } from '../../reports/roles.js';
import { computeRegistrationDetails } from '../../reports/registration-details.js';
import { INCLUDED_USER_ROLES, INCLUDED_USER_TYPES, RegistrationSummaryAccumulator } from '../../reports/summaries.js';
import { KNOWN_METHOD_TYPES } from '../../reports/methods.js';
import type { DB, UsersTable } from '../schema.js';
import type { RecomputeSummary } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { REGISTRATION_COLUMNS, registrationRow } from './registration-columns.js';
import { loadGroups } from './load-groups.js';
import { retireGenerations } from './generations.js';

const CHUNK = 2000;

export interface RecomputeContext {
  readonly tx: SqlExecutor;
  readonly qb: Kysely<DB>;
  readonly now: () => Date;
  /** Superseded generations stay pageable this long (docs/decisions/0003). */
  readonly pagingGraceMs: number;
}

function toSnapshotUser(r: UsersTable): SnapshotUser {
  return {
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
  };
}

function countUnrecognised(user: SnapshotUser, into: Record<string, number>): void {
  for (const m of user.methods) {
    const type = String(m['@odata.type']);
    if (!KNOWN_METHOD_TYPES.has(type)) into[type] = (into[type] ?? 0) + 1;
  }
}

export async function recomputeTenant(ctx: RecomputeContext, tenantId: string): Promise<RecomputeSummary> {
  const started = performance.now();
  const { tx, qb } = ctx;
  const tenant = (await tx.all(qb.selectFrom('tenants').selectAll().where('tenant_id', '=', tenantId).compile()))[0];
  if (!tenant) throw new Error(`tenant ${tenantId} is not in this database`);
  const policyRow = (await tx.all(qb.selectFrom('policies').select('policies_json').where('tenant_id', '=', tenantId).compile()))[0];
  const license = tenant.license === 'free' || tenant.license === 'P2' ? tenant.license : 'P1';
  const policies = resolvePolicies(policyRow ? (JSON.parse(policyRow.policies_json) as SnapshotPolicies) : emptyPolicies(), license);
  const assignments: SnapshotRoleAssignment[] = (await tx.all(qb.selectFrom('role_assignments').selectAll().where('tenant_id', '=', tenantId).compile()))
    .map((r) => ({ principalId: r.principal_id, roleDefinitionId: r.role_definition_id, directoryScopeId: r.directory_scope_id, status: r.status === 'eligible' ? 'eligible' : 'active' }));
  const wanted = new Set<string>([...referencedGroupIds(policies), ...assignments.map((a) => a.principalId)]);
  const groups: SnapshotGroup[] = await loadGroups(tx, qb, tenantId, wanted);
  const membership = resolveMembership(groups, wanted);
  const roles = rolesByUser(assignments, membership);

  const maxRow = (await tx.all(qb.selectFrom('generations').select((eb) => eb.fn.max('generation').as('g')).where('tenant_id', '=', tenantId).compile()))[0];
  const generation = (maxRow?.g ?? 0) + 1;
  const lastUpdatedDateTime = tenant.captured_at ?? ctx.now().toISOString();
  const at = { lastUpdatedDateTime, capturedDateTime: lastUpdatedDateTime };
  const summary = new RegistrationSummaryAccumulator();
  const unrecognised: Record<string, number> = {};
  let listed = 0;
  let skipped = 0;
  let after = '';
  for (;;) {
    const chunk = await tx.all(qb.selectFrom('users').selectAll()
      .where('tenant_id', '=', tenantId).where('id', '>', after).orderBy('id').limit(CHUNK).compile());
    if (chunk.length === 0) break;
    const rows: unknown[][] = [];
    for (const r of chunk) {
      const user = toSnapshotUser(r);
      countUnrecognised(user, unrecognised);
      if (!isListed(user)) { skipped++; continue; }
      const details = computeRegistrationDetails(user, {
        roleTemplateIds: roles.get(user.id) ?? new Set<string>(),
        isMemberOf: (groupId: string) => membership.isMember(groupId, user.id),
      }, policies, at);
      summary.add(details);
      rows.push(registrationRow(tenantId, generation, details));
      listed++;
    }
    await tx.insertMany('registration_details', REGISTRATION_COLUMNS, rows);
    after = chunk[chunk.length - 1]!.id;
    // Imports run in the server's process too: let requests through between chunks.
    await yieldToEventLoop();
  }
  await writeSummaries(tx, tenantId, generation, summary);
  const computedAt = ctx.now();
  await tx.insertMany('generations', ['tenant_id', 'generation', 'captured_at', 'computed_at', 'superseded_at', 'user_count'],
    [[tenantId, generation, lastUpdatedDateTime, computedAt.toISOString(), null, listed]]);
  await retireGenerations(tx, qb, tenantId, generation, computedAt, ctx.pagingGraceMs);
  await tx.run(qb.updateTable('tenants').set({ current_generation: generation }).where('tenant_id', '=', tenantId).compile());
  return { tenantId, generation, listedUsers: listed, skippedUsers: skipped, unrecognisedMethodTypes: unrecognised, milliseconds: Math.round(performance.now() - started) };
}

async function writeSummaries(tx: SqlExecutor, tenantId: string, generation: number, acc: RegistrationSummaryAccumulator): Promise<void> {
  const rows: unknown[][] = [];
  for (const types of INCLUDED_USER_TYPES) {
    for (const roles of INCLUDED_USER_ROLES) {
      rows.push([tenantId, generation, types, roles,
        JSON.stringify(acc.featureSummary(types, roles)), JSON.stringify(acc.methodSummary(types, roles))]);
    }
  }
  await tx.insertMany('registration_summaries', ['tenant_id', 'generation', 'user_types', 'user_roles', 'feature_json', 'method_json'], rows);
}

export function emptyPolicies(): SnapshotPolicies {
  return { authenticationMethodsPolicy: null, passwordResetPolicy: null, authorizationPolicy: null, legacyMfaPolicy: null };
}
