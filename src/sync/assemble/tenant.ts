// The snapshot's `tenant` from GET /v1.0/organization and GET /v1.0/subscribedSkus.
import { at, describe, fail, index, type Where } from './body-error.js';
import { ENDPOINTS } from './endpoints.js';
import { expectObject, member, optionalString, pagedItems, requiredString, root, type RawObject } from './read-fields.js';

export type License = 'free' | 'P1' | 'P2';

export interface TenantPart {
  readonly id: string;
  readonly displayName: string | null;
  readonly license: License;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Organization {
  readonly id: string;
  readonly displayName: string | null;
}

/** The collection holds exactly the signed-in tenant's organization object. */
export function readOrganization(pages: readonly unknown[], expectTenantId?: string): Organization {
  const items = pagedItems(pages, ENDPOINTS.organization, 'an organization object');
  const first = items[0];
  if (first === undefined) return fail(root(ENDPOINTS.organization), 'expected one organization object in "value", got none');
  const id = requiredString(first.item, 'id', first.where);
  if (!GUID.test(id)) fail(at(first.where, 'id'), `expected the tenant's GUID, got ${JSON.stringify(id)}`);
  if (expectTenantId !== undefined && id.toLowerCase() !== expectTenantId.toLowerCase()) {
    fail(at(first.where, 'id'), `the token is for tenant ${id}, not the tenant asked for (${expectTenantId})`);
  }
  return { id: id.toLowerCase(), displayName: optionalString(first.item, 'displayName', first.where) };
}

/** Service plans that carry Entra ID P1 and P2 (the plan names Microsoft's licensing reference gives). */
const P2_PLANS: ReadonlySet<string> = new Set(['AAD_PREMIUM_P2']);
const P1_PLANS: ReadonlySet<string> = new Set(['AAD_PREMIUM']);
/**
 * subscribedSku.capabilityStatus: Enabled, and Warning (the grace period: still usable). Suspended,
 * Deleted and LockedOut are not. servicePlanInfo.provisioningStatus: only Success is a working
 * plan (Disabled, Error, PendingInput, PendingActivation, PendingProvisioning are not in use).
 */
const USABLE_SKU: ReadonlySet<string> = new Set(['enabled', 'warning']);
const USABLE_PLAN: ReadonlySet<string> = new Set(['success']);

/** P2 when a usable SKU has a provisioned AAD_PREMIUM_P2 plan, else P1 for AAD_PREMIUM, else free. */
export function licenseFromSkus(pages: readonly unknown[]): License {
  let best: License = 'free';
  for (const { item, where } of pagedItems(pages, ENDPOINTS.subscribedSkus, 'a subscribedSku object')) {
    const status = optionalString(item, 'capabilityStatus', where);
    if (status !== null && !USABLE_SKU.has(status.toLowerCase())) continue;
    for (const plan of servicePlans(item, where)) {
      if (P2_PLANS.has(plan)) best = 'P2';
      else if (P1_PLANS.has(plan) && best === 'free') best = 'P1';
    }
  }
  return best;
}

/** Names of the SKU's provisioned service plans. */
function servicePlans(sku: RawObject, where: Where): readonly string[] {
  const plans = member(sku, 'servicePlans');
  if (plans === undefined || plans === null) return [];
  const w = at(where, 'servicePlans');
  if (!Array.isArray(plans)) return fail(w, `expected an array of servicePlanInfo objects, got ${describe(plans)}`);
  return plans.flatMap((raw: unknown, i) => {
    const planWhere = index(w, i);
    const plan = expectObject(raw, planWhere, 'a servicePlanInfo object');
    const name = requiredString(plan, 'servicePlanName', planWhere);
    const provisioning = optionalString(plan, 'provisioningStatus', planWhere);
    return provisioning === null || USABLE_PLAN.has(provisioning.toLowerCase()) ? [name] : [];
  });
}
