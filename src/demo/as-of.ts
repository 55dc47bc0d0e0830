// The demo tenant as it stood at an earlier moment: the users created by then, each with the
// methods registered by then (by each method's own createdDateTime). Imported at a few past dates
// before today's state, it gives the Trends view a history that follows from the demo's own
// registration dates (decision 0030, "History").
import type { DemoTenant } from './demo-tenant.js';
import type { JsonObject, JsonValue } from './wire.js';

const createdBy = (o: JsonObject, at: number): boolean => {
  const created = o.createdDateTime;
  return typeof created !== 'string' || Date.parse(created) <= at;
};

export function demoTenantAsOf(tenant: DemoTenant, at: Date): DemoTenant {
  const ms = at.getTime();
  return {
    tenantId: tenant.tenantId,
    userCount: tenant.userCount,
    header: () => ({ ...tenant.header(), capturedDateTime: at.toISOString().slice(0, 19) + 'Z' }),
    *users() {
      for (const user of tenant.users()) {
        if (!createdBy(user, ms)) continue;
        const authentication = user.authentication as JsonObject | undefined;
        const methods = authentication?.methods;
        if (!Array.isArray(methods)) {
          yield user;
          continue;
        }
        yield { ...user, authentication: { ...authentication, methods: methods.filter((m: JsonValue) => createdBy(m as JsonObject, ms)) } };
      }
    },
    groups: () => tenant.groups(),
    roleAssignments: () => tenant.roleAssignments(),
  };
}

/** Days before now at which `amr seed` also records the demo's state: a half year of history. */
export const DEMO_HISTORY_DAYS: readonly number[] = [180, 150, 120, 90, 60, 45, 30, 21, 14, 7, 3];
