// The SKU name table: well-formed, unique ids; lookups ignore case; unknown ids give null.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KNOWN_SKU_IDS, licenceName, skuName } from './sku-names.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('ids are lower-case GUIDs, each once, each with a part number and a product name', () => {
  assert.equal(new Set(KNOWN_SKU_IDS).size, KNOWN_SKU_IDS.length);
  const parts = new Set<string>();
  for (const id of KNOWN_SKU_IDS) {
    assert.match(id, GUID);
    const name = skuName(id);
    assert.ok(name !== null && name.skuPartNumber.length > 0 && name.productName.length > 0, id);
    assert.ok(!parts.has(name.skuPartNumber), name.skuPartNumber);
    parts.add(name.skuPartNumber);
  }
});

test('Microsoft 365 E5 by its id in any case; an unknown id is null', () => {
  assert.deepEqual(skuName('06EBC4EE-1BB5-47DD-8120-11324BC54E06'), { skuPartNumber: 'SPE_E5', productName: 'Microsoft 365 E5' });
  assert.equal(skuName('84a661c4-e949-4bd2-a560-ed7766fcaf2b')?.skuPartNumber, 'AAD_PREMIUM_P2');
  assert.equal(skuName('00000000-0000-0000-0000-000000000000'), null);
});

test('licenceName gives the part number a licence bucket shows, or null', () => {
  assert.equal(licenceName('05e9a617-0261-4cee-bb44-138d3ef5d965'), 'SPE_E3');
  assert.equal(licenceName('not-a-sku'), null);
});
