// Licence (SKU) names for breakdown buckets: placeholder until the SKU table lands.
export function licenceName(_skuId: string): string | null {
  return null;
}
