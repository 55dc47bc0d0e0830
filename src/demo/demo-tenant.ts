// The demo tenant generator behind `amr seed`: a realistic synthetic tenant in the tenant
// snapshot wire format, identical for the same options, with users made lazily one at a time.

import { buildUser } from './build-user.js';
import { createContext, type DemoTenantOptions } from './context.js';
import { buildGroups } from './groups.js';
import { buildPolicies } from './policies.js';
import { buildRoleAssignments } from './role-assignments.js';
import { isoSeconds, type JsonObject } from './wire.js';

export type { DemoTenantOptions } from './context.js';
export type { JsonObject, JsonValue } from './wire.js';

export interface DemoTenant {
  /** GUID-shaped, derived from the seed; tokens for this tenant carry it as `tid`. */
  readonly tenantId: string;
  readonly userCount: number;
  /** `{ amrSnapshot: 1, tenant, capturedDateTime, policies }`: the snapshot's first part. */
  header(): JsonObject;
  /** Graph user objects, made one at a time: a million users never sit in memory together. */
  users(): Generator<JsonObject, void, undefined>;
  /** Groups with their direct members; recomputed on each call (it scans every index once). */
  groups(): JsonObject[];
  /** unifiedRoleAssignment objects with amr's status; recomputed on each call. */
  roleAssignments(): JsonObject[];
}

export function demoTenant(options: DemoTenantOptions): DemoTenant {
  const ctx = createContext(options);
  return {
    tenantId: ctx.tenantId,
    userCount: ctx.userCount,
    header: () => ({
      amrSnapshot: 1,
      tenant: { id: ctx.tenantId, displayName: ctx.companyName, license: 'P2' },
      capturedDateTime: isoSeconds(ctx.nowMs),
      policies: buildPolicies(ctx),
    }),
    *users() {
      for (let i = 0; i < ctx.userCount; i++) yield buildUser(ctx, i);
    },
    groups: () => buildGroups(ctx),
    roleAssignments: () => buildRoleAssignments(ctx),
  };
}
