// Paging round trips through resolveList and nextLink: what a $skiptoken carries to the next page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextLink, resolveList, type ListContract } from './keyset-list.js';
import type { GraphRequest } from './operation.js';
import { OPERATIONS } from './operations.js';
import { optionReader } from './query-options.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const LIST = OPERATIONS.find((op) => op.id === 'userRegistrationDetails.list')!;

/** Only what resolveList and nextLink read of a request, with its options read by the table's validator. */
function request(version: 'v1.0' | 'beta', query: readonly (readonly [string, string])[]): GraphRequest {
  const readOptions = optionReader(LIST, { version, includeUnknownEnumMembers: false, filterLimits: { maxLength: 4096, maxDepth: 32 } });
  return {
    version,
    query,
    tenant: { tenantId: TENANT },
    principal: { appId: 'app', objectId: 'user' },
    skipTokenSecret: 'secret',
    includeUnknownEnumMembers: false,
    filterLimits: { maxLength: 4096, maxDepth: 32 },
    origin: 'http://amr',
    path: '/reports/x',
    options: readOptions(query),
    readOptions,
  } as unknown as GraphRequest;
}

const contract = (_version: 'v1.0' | 'beta'): ListContract => ({ op: 'x.list', state: () => 1 });

async function secondPage(version: 'v1.0' | 'beta', query: readonly (readonly [string, string])[]) {
  const first = await resolveList(request(version, query), contract(version));
  const link = new URL(nextLink(request(version, query), contract(version), first, ['k']));
  return resolveList(request(version, [...link.searchParams]), contract(version));
}

// Found by src/server/fuzz-query.test.ts: `?foo=bar&$top=1` answered its first page, and its next
// link a 400 ("Query option '$foo' is not a known OData system query option").
test('custom query options are ignored on the first page and not carried to the next', async () => {
  const page2 = await secondPage('v1.0', [
    ['foo', 'bar'],
    ['api-version', '1'],
    ['$top', '1'],
  ]);
  assert.equal(page2.options.top, 1);
  assert.deepEqual(page2.shape, { top: '1' });
});

test('on v1.0 `top` (no $) is a custom option: it neither sets nor overrides the page size of the next page', async () => {
  const page2 = await secondPage('v1.0', [
    ['$top', '1'],
    ['top', '5'],
  ]);
  assert.equal(page2.options.top, 1);
});

test('on beta the $ is optional: `top` is $top, carried under its canonical name', async () => {
  const page2 = await secondPage('beta', [
    ['TOP', '2'],
    ['$Filter', 'isAdmin eq true'],
  ]);
  assert.equal(page2.options.top, 2);
  assert.equal(page2.options.filterText, 'isAdmin eq true');
});
