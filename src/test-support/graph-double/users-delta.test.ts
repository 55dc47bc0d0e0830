// users delta over HTTP and through Microsoft's JS client: the first round, incremental rounds
// with additions, changes, soft and hard deletions, and the 410 of an expired delta link.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { graphClient } from './graph-client.js';
import { DELTA_TOKEN_LIFETIME_MS, startGraphDouble, type GraphDouble } from './index.js';
import { isRecord, type JsonRecord } from './json.js';
import { ALL_PERMISSIONS, APP_ID, SECRET, errorCode, get, secretToken, smallSnapshot, userId, values } from './test-fixture.js';

let double: GraphDouble;
let token: string;

before(async () => {
  double = await startGraphDouble({
    snapshot: smallSnapshot(25),
    apps: [{ clientId: APP_ID, secrets: [SECRET], permissions: ALL_PERMISSIONS }],
    pageSizes: { usersDelta: 10 },
  });
  token = await secretToken(double);
});
after(() => double.close());

/** Follows nextLinks to the deltaLink; returns the items and the deltaLink. */
async function round(first: string): Promise<{ items: JsonRecord[]; deltaLink: string; pages: number }> {
  const items: JsonRecord[] = [];
  let url = first;
  for (let pages = 1; ; pages += 1) {
    const page = await get(double, url, token);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    items.push(...values(page));
    const next = page.body['@odata.nextLink'];
    const delta = page.body['@odata.deltaLink'];
    if (typeof next === 'string') {
      assert.equal(delta, undefined);
      url = next;
      continue;
    }
    assert.equal(typeof delta, 'string');
    return { items, deltaLink: String(delta), pages };
  }
}

test('the first round pages every user with the $select properties and ends with a delta link', async () => {
  const { items, deltaLink, pages } = await round('/v1.0/users/delta?$select=id,userPrincipalName,accountEnabled,userType');
  assert.equal(pages, 3);
  assert.equal(items.length, 25);
  assert.deepEqual(Object.keys(items[0]!).sort(), ['accountEnabled', 'id', 'userPrincipalName', 'userType']);
  assert.ok(deltaLink.startsWith(`${double.graphUrl}/v1.0/users/delta?$deltatoken=`));
  const again = await round(deltaLink);
  assert.deepEqual(again.items, []);
});

test('replaying the delta link returns only what changed, removals with their reason', async () => {
  const { deltaLink } = await round('/v1.0/users/delta?$select=id,displayName');
  double.state.addUser({ id: userId(100), userPrincipalName: 'new@double.example', displayName: 'New', userType: 'Member', accountEnabled: true });
  double.state.updateUser(userId(4), { displayName: 'Renamed' });
  double.state.removeUser(userId(5));
  double.state.removeUser(userId(6), { hard: true });
  double.state.setMethods(userId(7), []); // not a user property: not in users delta
  const { items, deltaLink: next } = await round(deltaLink);
  const byId = new Map(items.map((i) => [String(i.id), i]));
  assert.equal(items.length, 4);
  assert.deepEqual(byId.get(userId(100)), { id: userId(100), displayName: 'New' });
  assert.deepEqual(byId.get(userId(4)), { id: userId(4), displayName: 'Renamed' });
  assert.deepEqual(byId.get(userId(5)), { id: userId(5), '@removed': { reason: 'changed' } });
  assert.deepEqual(byId.get(userId(6)), { id: userId(6), '@removed': { reason: 'deleted' } });
  assert.deepEqual((await round(next)).items, []);
});

test('a delta link older than 7 days, or expired by a test, answers 410 syncStateNotFound with a Location', async () => {
  const { deltaLink } = await round('/v1.0/users/delta?$select=id');
  double.state.advanceTime(DELTA_TOKEN_LIFETIME_MS + 1000);
  token = await secretToken(double); // the old access token expired too
  const old = await get(double, deltaLink, token);
  assert.equal(old.status, 410);
  assert.equal(errorCode(old), 'syncStateNotFound');
  assert.equal(old.headers.get('location'), `${double.graphUrl}/v1.0/users/delta?$select=id`);
  const fresh = await round('/v1.0/users/delta?$select=id');
  double.faults.expireDeltaLinks();
  assert.equal((await get(double, fresh.deltaLink, token)).status, 410);
  assert.equal((await get(double, '/v1.0/users/delta?$deltatoken=garbage', token)).status, 410);
});

test('an expired $skiptoken in the middle of a round answers 410 too', async () => {
  const first = await get(double, '/v1.0/users/delta?$select=id', token);
  double.faults.expireSkipTokens();
  const next = await get(double, String(first.body['@odata.nextLink']), token);
  assert.equal(next.status, 410);
  assert.equal(errorCode(next), 'syncStateNotFound');
});

test('$top is refused on users delta, as documented', async () => {
  assert.equal((await get(double, '/v1.0/users/delta?$top=5', token)).status, 400);
});

test("Microsoft's PageIterator walks the delta pages to the delta link", async () => {
  const client = graphClient(double, () => token);
  const first = (await client.api('/users/delta').select(['id', 'displayName']).get()) as PageCollection;
  const seen: string[] = [];
  const iterator = new PageIterator(client, first, (item: unknown) => {
    if (isRecord(item)) seen.push(String(item.id));
    return true;
  });
  await iterator.iterate();
  assert.equal(seen.length, double.state.users.size);
  assert.equal(typeof iterator.getDeltaLink(), 'string');
});
