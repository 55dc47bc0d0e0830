// Black-box: Microsoft's Kiota Graph SDKs (@microsoft/msgraph-sdk for v1.0, @microsoft/msgraph-beta-sdk
// for beta) drive the built server over https, as an app would with only the base URL changed:
// every report through the typed request builders, compared value by value with the raw JSON of
// the same request; paging with the SDK core's PageIterator; `$count`; query options; `$batch`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Parsable, ParsableFactory, RequestAdapter } from '@microsoft/kiota-abstractions';
import {
  createUserRegistrationDetailsCollectionResponseFromDiscriminatorValue as v1List,
  createUserRegistrationDetailsFromDiscriminatorValue as v1Item,
  createUserRegistrationFeatureSummaryFromDiscriminatorValue as v1Feature,
} from '@microsoft/msgraph-sdk/models/index.js';
import { checkBatch } from './kiota-batch.js';
import { uriTemplates, type Collection, type CollectionQuery, type Getter, type ItemQuery } from './kiota-builders.js';
import { iterateAll, raw, rawIds, startHarness, typedAndRaw, wireUrl, type Harness } from './kiota-harness.js';
import { V1_ERRORS, V1_NAVIGATION } from './kiota-reports-v1.js';
import { BETA_ERRORS, BETA_NAVIGATION } from './kiota-reports-beta.js';
import { betaCases, betaFunctions, betaBatch, betaPaging } from './kiota-beta-cases.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

// The repository's copy of Microsoft's path items (spec/graph-csdl/README.md).
const PATHS = fileURLToPath(new URL('../../spec/graph-csdl/ms-paths.json', import.meta.url));

test("every URI template the builders use is one of Microsoft's reports path items", () => {
  const ms = JSON.parse(readFileSync(PATHS, 'utf8')) as Record<'v1.0' | 'beta', string[]>;
  assert.deepEqual(uriTemplates(V1_NAVIGATION).sort(), [...ms['v1.0']].sort());
  assert.deepEqual(uriTemplates(BETA_NAVIGATION).sort(), [...ms.beta].sort());
});

test('Kiota asks for a token only for amr, over https, and gets none for other hosts', async () => {
  await h.v1.reports.authenticationMethods.userRegistrationDetails.get({ queryParameters: { top: 1 } });
  assert.ok(h.adapters.tokens.asked.length > 0);
  for (const a of h.adapters.tokens.asked) {
    assert.equal(new URL(a.url).origin, h.origin, a.url);
    assert.equal(a.given, true);
  }
  assert.equal(await h.adapters.tokens.getAuthorizationToken('https://graph.microsoft.com/v1.0/reports'), '');
});

describe('v1.0 through @microsoft/msgraph-sdk', () => {
  const am = () => h.v1.reports.authenticationMethods;
  const urd = () => am().userRegistrationDetails;

  test('client.reports.get(): the reportRoot singleton', async () => {
    await typedAndRaw(h, h.adapters.v1, h.v1.reports);
  });

  test('client.reports.authenticationMethods.get()', async () => {
    await typedAndRaw(h, h.adapters.v1, am());
  });

  test('userRegistrationDetails.get()', async () => {
    await typedAndRaw(h, h.adapters.v1, urd());
  });

  test('userRegistrationDetails.byUserRegistrationDetailsId(id).get()', async () => {
    for (const id of await rawIds(h, h.adapters.v1, urd(), 3)) await typedAndRaw(h, h.adapters.v1, urd().byUserRegistrationDetailsId(id));
  });

  test('userRegistrationDetails.byUserRegistrationDetailsId(id).get() with $select', async () => {
    const [id] = await rawIds(h, h.adapters.v1, urd(), 1);
    await selectedOnly(h.adapters.v1, urd().byUserRegistrationDetailsId(id!), ['id', 'userPrincipalName']);
  });

  test('usersRegisteredByFeature() and usersRegisteredByFeature(includedUserTypes, includedUserRoles)', async () => {
    const all = await typedAndRaw(h, h.adapters.v1, am().usersRegisteredByFeature);
    assert.ok((all.typed.userRegistrationFeatureCounts ?? []).length > 0);
    for (const [types, roles] of [
      ['all', 'all'],
      ['member', 'admin'],
      ['guest', 'user'],
      ['all', 'privilegedAdmin'],
    ] as const) {
      await typedAndRaw(h, h.adapters.v1, am().usersRegisteredByFeatureWithIncludedUserTypesWithIncludedUserRoles(types, roles));
    }
  });

  test('usersRegisteredByMethod() and usersRegisteredByMethod(includedUserTypes, includedUserRoles)', async () => {
    await typedAndRaw(h, h.adapters.v1, am().usersRegisteredByMethod);
    for (const [types, roles] of [
      ['all', 'all'],
      ['member', 'admin'],
      ['guest', 'user'],
    ] as const) {
      await typedAndRaw(h, h.adapters.v1, am().usersRegisteredByMethodWithIncludedUserTypesWithIncludedUserRoles(types, roles));
    }
  });

  test('PageIterator reads every user once, page by page ($top=40), losing nothing', async () => {
    await pagedOnce(h.adapters.v1, urd() as Collection<Listing>, v1List as ParsableFactory<Listing>, V1_ERRORS, 40);
  });

  test('userRegistrationDetails.count.get(), with and without $filter', async () => {
    await countMatches(h.adapters.v1, urd() as Collection<Listing>, 'isMfaCapable eq false');
  });

  test('requestConfiguration.queryParameters: filter, orderby, top, select, count', async () => {
    await queryOptions(
      h.adapters.v1,
      urd() as Collection<Listing>,
      { filter: 'isMfaCapable eq false', orderby: 'userPrincipalName', select: ['id', 'userPrincipalName', 'isMfaCapable'] },
      (row) => assert.equal(row.isMfaCapable, false),
    );
  });

  test('BatchRequestContent sends a batch of report requests', async () => {
    const first = await urd().get({ queryParameters: { top: 1 } });
    const id = first!.value![0]!.id!;
    await checkBatch(h, h.adapters.v1, V1_ERRORS, [
      { id: 'list', request: urd().toGetRequestInformation({ queryParameters: { top: 3 } }), factory: v1List as ParsableFactory<Parsable> },
      { id: 'one', request: urd().byUserRegistrationDetailsId(id).toGetRequestInformation(), factory: v1Item as ParsableFactory<Parsable> },
      {
        id: 'feature',
        request: am().usersRegisteredByFeatureWithIncludedUserTypesWithIncludedUserRoles('member', 'all').toGetRequestInformation(),
        factory: v1Feature as ParsableFactory<Parsable>,
      },
      { id: 'count', request: urd().count.toGetRequestInformation() },
      { id: 'missing', request: urd().byUserRegistrationDetailsId('00000000-0000-0000-0000-000000000000').toGetRequestInformation() },
    ]);
  });
});

describe('beta through @microsoft/msgraph-beta-sdk', () => {
  test('client.reports.get(): the reportRoot singleton', async () => {
    await typedAndRaw(h, h.adapters.beta, h.beta.reports);
  });

  test('client.reports.authenticationMethods.get()', async () => {
    await typedAndRaw(h, h.adapters.beta, h.beta.reports.authenticationMethods);
  });

  for (const fn of betaFunctions(() => h)) {
    test(fn.name, async () => {
      for (const builder of fn.builders()) await typedAndRaw(h, h.adapters.beta, builder);
    });
  }

  for (const c of betaCases(() => h)) {
    test(`${c.name}.get()`, async () => {
      await typedAndRaw(h, h.adapters.beta, c.list());
    });

    test(`${c.name}.by…Id(id).get()`, async () => {
      for (const id of await rawIds(h, h.adapters.beta, c.list(), 2)) await typedAndRaw(h, h.adapters.beta, c.byId(id));
    });

    test(`${c.name}.by…Id(id).get() with $select`, async () => {
      const [id] = await rawIds(h, h.adapters.beta, c.list(), 1);
      await selectedOnly(h.adapters.beta, c.byId(id!), c.select);
    });

    test(`${c.name}.count.get(), with and without $filter`, async () => {
      await countMatches(h.adapters.beta, c.list(), c.filter);
    });

    test(`${c.name}: requestConfiguration.queryParameters (${c.filter ? 'filter, ' : ''}${c.orderby ? 'orderby, ' : ''}top, select, count)`, async () => {
      await queryOptions(h.adapters.beta, c.list(), c, c.check);
    });
  }

  for (const p of betaPaging(() => h)) {
    test(`PageIterator reads every ${p.name} row once ($top=${p.top}), losing nothing`, async () => {
      await pagedOnce(h.adapters.beta, p.list(), p.factory, BETA_ERRORS, p.top);
    });
  }

  test('BatchRequestContent sends a batch of report requests', async () => {
    await checkBatch(h, h.adapters.beta, BETA_ERRORS, await betaBatch(h));
  });
});

type Row = Parsable & { id?: string | null } & Record<string, unknown>;
interface Listing extends Parsable {
  value?: Row[] | null;
  odataCount?: number | null;
  odataNextLink?: string | null;
}

/** PageIterator over `$top`-sized pages: more than one page, every row once, as many as the raw pages, nothing lost. */
async function pagedOnce(
  adapter: RequestAdapter,
  list: Collection<Listing>,
  factory: ParsableFactory<Listing>,
  errors: Record<string, ParsableFactory<Parsable>>,
  top: number,
): Promise<void> {
  const { items, pages, rawItems, lost } = await iterateAll<Row, Listing, CollectionQuery>(h, adapter, list, factory, errors, { queryParameters: { top } });
  assert.ok(pages > 1, `${pages} pages`);
  assert.equal(items.length, rawItems, 'as many rows as the raw pages hold');
  assert.equal(new Set(items.map((i) => i.id)).size, items.length, 'each row once');
  assert.deepEqual(lost.slice(0, 10), [], `${lost.length} values lost across the pages`);
}

/** A by-id GET with $select answers the selected properties only (and the SDK reads them). */
async function selectedOnly(adapter: RequestAdapter, item: Getter<unknown, ItemQuery>, select: readonly string[]): Promise<void> {
  const { raw: json } = await typedAndRaw(h, adapter, item, { queryParameters: { select: [...select] } });
  const extra = Object.keys(json as object).filter((k) => !k.startsWith('@odata.') && !select.includes(k));
  assert.deepEqual(extra, [], 'only the selected properties');
}

/** `/$count` is the listing's @odata.count, and with $filter the number the listing filters to. */
async function countMatches(adapter: RequestAdapter, list: Collection<Listing>, filter?: string): Promise<void> {
  const all = await list.count.get();
  assert.equal(typeof all, 'number', 'a number');
  const listed = (await raw(h, wireUrl(adapter, list, { queryParameters: { count: true, top: 1 } }))).json() as { '@odata.count'?: number };
  assert.equal(all, listed['@odata.count'], '$count and @odata.count agree');
  if (filter) {
    const filtered = await list.count.get({ queryParameters: { filter } });
    const page = await list.get({ queryParameters: { filter, count: true, top: 1 } });
    assert.equal(filtered, page?.odataCount, `$count with $filter=${filter}`);
    assert.ok(filtered! <= all!);
  }
}

/** filter + orderby + top + select + count in one request, each honoured. */
async function queryOptions(
  adapter: RequestAdapter,
  list: Collection<Listing>,
  c: { filter?: string; orderby?: string; select: readonly string[] },
  check?: (row: Row) => void,
): Promise<void> {
  const q: CollectionQuery = { top: 3, select: [...c.select], count: true };
  if (c.filter) q.filter = c.filter;
  if (c.orderby) q.orderby = [c.orderby];
  const { typed, raw: json } = await typedAndRaw(h, adapter, list, { queryParameters: q });
  const rows = typed.value ?? [];
  const total = await list.count.get(c.filter ? { queryParameters: { filter: c.filter } } : undefined);
  assert.equal(typed.odataCount, total, '@odata.count is the filtered total');
  assert.equal(rows.length, Math.min(3, total!), '$top');
  for (const r of (json as { value: Record<string, unknown>[] }).value) {
    assert.deepEqual(
      Object.keys(r).filter((k) => !k.startsWith('@odata.') && !c.select.includes(k)),
      [],
      '$select',
    );
  }
  if (check) rows.forEach(check);
  if (c.orderby) {
    const keys = rows.map((r) => String(r[c.orderby!]).toLowerCase());
    assert.deepEqual(keys, [...keys].sort(), `$orderby=${c.orderby}`);
  }
}
