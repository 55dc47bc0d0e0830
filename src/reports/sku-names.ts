// Names for licence buckets: Microsoft's skuPartNumber ("String ID") and product name for the common
// commercial SKUs, by the skuId that users' assignedLicenses carry (issue 15: groupBy=licence).
//
// Source: Microsoft Learn "Product names and service plan identifiers for licensing"
// (MicrosoftDocs/entra-docs docs/identity/users/licensing-service-plan-reference.md @ 067a0c7b0bb2,
// "last updated on October 29, 2025"; also published as a CSV there): the GUID column is the skuId of
// subscribedSku and assignedLicense, the String ID column its skuPartNumber. The Microsoft 365 E3/E5/F3
// rows were read in the licence table of Windows Autopatch's prerequisites page, which quotes that
// reference; the others were cross-checked against public tenant scripts that list subscribedSkus.
// A tenant sync can do better than this table: GET /subscribedSkus names every SKU the tenant holds.

export interface SkuName {
  readonly skuPartNumber: string;
  readonly productName: string;
}

const SKUS: readonly (readonly [skuId: string, skuPartNumber: string, productName: string])[] = [
  ['05e9a617-0261-4cee-bb44-138d3ef5d965', 'SPE_E3', 'Microsoft 365 E3'],
  ['06ebc4ee-1bb5-47dd-8120-11324bc54e06', 'SPE_E5', 'Microsoft 365 E5'],
  ['66b55226-6b4f-492c-910c-a3b7a3c9d993', 'SPE_F1', 'Microsoft 365 F3'],
  ['0c21030a-7e60-4ec7-9a0f-0042e0e0211a', 'Microsoft_365_E3', 'Microsoft 365 E3 (500 seats minimum)_HUB'],
  ['db684ac5-c0e7-4f92-8284-ef9ebde75d33', 'Microsoft_365_E5', 'Microsoft 365 E5 (500 seats minimum)_HUB'],
  ['cd2925a3-5076-4233-8931-638a8c94f773', 'SPE_E5_NOPSTNCONF', 'Microsoft 365 E5 without Audio Conferencing'],
  ['cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', 'SPB', 'Microsoft 365 Business Premium'],
  ['f245ecc8-75af-4f8e-b61f-27d8114de5f3', 'O365_BUSINESS_PREMIUM', 'Microsoft 365 Business Standard'],
  ['3b555118-da6a-4418-894f-7df1e2096870', 'O365_BUSINESS_ESSENTIALS', 'Microsoft 365 Business Basic'],
  ['cdd28e44-67e3-425e-be4c-737fab2899d3', 'O365_BUSINESS', 'Microsoft 365 Apps for business'],
  ['18181a46-0d4e-45cd-891e-60aabd171b4e', 'STANDARDPACK', 'Office 365 E1'],
  ['6fd2c87f-b296-42f0-b197-1e91e994b900', 'ENTERPRISEPACK', 'Office 365 E3'],
  ['c7df2760-2c81-4ef7-b578-5b5392b571df', 'ENTERPRISEPREMIUM', 'Office 365 E5'],
  ['4b585984-651b-448a-9e53-3b10f069cf7f', 'DESKLESSPACK', 'Office 365 F3'],
  ['2b9c8e7c-319c-43a2-a2a0-48c5c6161de7', 'AAD_BASIC', 'Microsoft Entra Basic'],
  ['078d2b04-f1bd-4111-bbd4-b4b1b354cef4', 'AAD_PREMIUM', 'Microsoft Entra ID P1'],
  ['84a661c4-e949-4bd2-a560-ed7766fcaf2b', 'AAD_PREMIUM_P2', 'Microsoft Entra ID P2'],
  ['efccb6f7-5641-4e0e-bd10-b4976e1bf68e', 'EMS', 'Enterprise Mobility + Security E3'],
  ['b05e124f-c7cc-45a0-a6aa-8cf78c946968', 'EMSPREMIUM', 'Enterprise Mobility + Security E5'],
];

const BY_ID: ReadonlyMap<string, SkuName> = new Map(SKUS.map(([id, skuPartNumber, productName]) => [id, { skuPartNumber, productName }]));

/** The SKU's part number and product name, or null for an id the table does not hold. Ids match case-insensitively. */
export function skuName(skuId: string): SkuName | null {
  return BY_ID.get(skuId.toLowerCase()) ?? null;
}

/** Every skuId the table names, lower case. */
export const KNOWN_SKU_IDS: readonly string[] = SKUS.map(([id]) => id);

/** A licence bucket's displayName (reports/breakdowns.ts BucketSummary): the skuPartNumber when known, else null. */
export function licenceName(skuId: string): string | null {
  return skuName(skuId)?.skuPartNumber ?? null;
}
