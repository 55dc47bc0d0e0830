// The demo tenant as it stood at an earlier moment: the users created by then, each with the
// methods registered by then (by each method's own createdDateTime) and no use after it. Imported at a few past dates
// before today's state, it gives the Trends view a history that follows from the demo's own
// registration dates (decision 0030, "History").
import type { DemoTenant } from './demo-tenant.js';
import type { JsonObject, JsonValue } from './wire.js';

const createdBy = (o: JsonObject, at: number): boolean => {
  const created = o.createdDateTime;
  return typeof created !== 'string' || Date.parse(created) <= at;
};

const HOUR_MS = 3_600_000;

/** A few hours from the method's id: a stable, spread-out "used shortly before" for each method. */
function hoursBefore(id: JsonValue | undefined): number {
  const text = typeof id === 'string' ? id : '';
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return (h % (12 * 60)) * 60_000;
}

/**
 * The method as it stood at `at`: a lastUsedDateTime after that moment was not known then. The method
 * was in use at the time (it was used again later), so it shows a use shortly before, not before its
 * registration.
 */
function methodAsOf(m: JsonObject, at: number): JsonObject {
  const used = m.lastUsedDateTime;
  if (typeof used !== 'string' || Date.parse(used) <= at) return m;
  const created = typeof m.createdDateTime === 'string' ? Date.parse(m.createdDateTime) : Number.NEGATIVE_INFINITY;
  const then = Math.max(created, at - Math.min(hoursBefore(m.id), 12 * HOUR_MS));
  return { ...m, lastUsedDateTime: new Date(Math.floor(then / 1000) * 1000).toISOString().slice(0, 19) + 'Z' };
}

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
        const kept = methods.filter((m: JsonValue) => createdBy(m as JsonObject, ms)).map((m: JsonValue) => methodAsOf(m as JsonObject, ms));
        yield { ...user, authentication: { ...authentication, methods: kept } };
      }
    },
    groups: () => tenant.groups(),
    roleAssignments: () => tenant.roleAssignments(),
  };
}

/** Days before now at which `amr seed` also records the demo's state: a half year of history. */
export const DEMO_HISTORY_DAYS: readonly number[] = [180, 150, 120, 90, 60, 45, 30, 21, 14, 7, 3];
