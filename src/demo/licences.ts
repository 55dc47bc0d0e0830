// The demo tenant's licences: which SKUs its users hold, by role and department, as Graph's
// assignedLicenses ([{ skuId, disabledPlans }]). Ids are Microsoft's real skuIds (reports/sku-names.ts
// gives the source), so the licence breakdown names its buckets as it would for a real tenant.

import type { JsonObject } from './wire.js';

/** The SKUs the demo assigns: skuId → skuPartNumber. */
export const DEMO_SKUS = {
  SPE_E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  SPE_E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  SPE_F1: '66b55226-6b4f-492c-910c-a3b7a3c9d993',
  ENTERPRISEPACK: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  AAD_PREMIUM_P2: '84a661c4-e949-4bd2-a560-ed7766fcaf2b',
} as const;
export type DemoSku = keyof typeof DEMO_SKUS;

/** skuId → skuPartNumber for the demo's SKUs (what GET /subscribedSkus would say of them). */
export const DEMO_SKU_PART_NUMBERS: ReadonlyMap<string, DemoSku> = new Map((Object.entries(DEMO_SKUS) as [DemoSku, string][]).map(([part, id]) => [id, part]));

/**
 * Desk departments still on the older Office 365 E3 bundle, with Entra ID P2 bought on top for
 * Conditional Access and PIM: a common mid-migration estate (a judgment, decision 0020).
 */
const OFFICE_E3_DEPARTMENTS: ReadonlySet<string> = new Set(['Customer Support', 'Marketing']);
/** Departments whose staff get E5 for its security and compliance add-ons (a judgment). */
const E5_DEPARTMENTS: ReadonlySet<string> = new Set(['IT', 'Executive', 'Legal']);

export interface LicenceHolder {
  readonly admin: boolean;
  /** The Graph department, null for contractors and accounts without one. */
  readonly department: string | null;
  readonly frontline: boolean;
  readonly contractor: boolean;
}

function licence(sku: DemoSku): JsonObject {
  return { disabledPlans: [], skuId: DEMO_SKUS[sku] };
}

const E5 = [licence('SPE_E5')];
const E3 = [licence('SPE_E3')];
const F3 = [licence('SPE_F1')];
const OFFICE_E3 = [licence('ENTERPRISEPACK')];
const OFFICE_E3_P2 = [licence('ENTERPRISEPACK'), licence('AAD_PREMIUM_P2')];

/** Admins and security-heavy departments E5, frontline F3, contractors Office 365 E3 alone, the rest E3. */
export function assignedLicenses(h: LicenceHolder): readonly JsonObject[] {
  if (h.admin || (h.department !== null && E5_DEPARTMENTS.has(h.department))) return E5;
  if (h.contractor) return OFFICE_E3;
  if (h.frontline) return F3;
  return h.department !== null && OFFICE_E3_DEPARTMENTS.has(h.department) ? OFFICE_E3_P2 : E3;
}

/** Emergency access accounts: E5, as the named admins. */
export const BREAK_GLASS_LICENSES: readonly JsonObject[] = E5;
/** Guests, shared mailboxes, rooms and service accounts: Graph's empty list. */
export const NO_LICENSES: readonly JsonObject[] = [];
