// $batch, throttling limits (with an injected clock) and armed faults, over real HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchRequestContent, BatchResponseContent } from '@microsoft/microsoft-graph-client';
import { ManualClock, startGraphDouble, type GraphDouble } from './index.js';
import { graphClient } from './graph-client.js';
import { isArray, isRecord, type JsonRecord } from './json.js';
import { ALL_PERMISSIONS, APP_ID, SECRET, call, errorCode, get, secretToken, smallSnapshot, userId, type Answer } from './test-fixture.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
let double: GraphDouble;
let token: string;

before(async () => {
  double = await startGraphDouble({
    snapshot: smallSnapshot(30),
    clock,
    limits: { retryAfter: 'fractional' },
    apps: [
      { clientId: APP_ID, secrets: [SECRET], permissions: ALL_PERMISSIONS },
      { clientId: 'weak', secrets: ['s'], permissions: ['User.Read.All'] },
    ],
  });
  token = await secretToken(double);
});
after(() => double.close());

const batch = (requests: readonly JsonRecord[], version = 'beta', bearer = token): Promise<Answer> =>
  call(`${double.graphUrl}/${version}/$batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ requests }),
  });
const responses = (answer: Answer): JsonRecord[] => (isArray(answer.body.responses) ? answer.body.responses.filter(isRecord) : []);
const methodsStep = (n: number): JsonRecord => ({ id: String(n), method: 'GET', url: `/users/${userId(n)}/authentication/signInPreferences` });

test('a batch of 20 answers each request by id; 21 is a 400', async () => {
  clock.advance(60_000);
  const steps = Array.from({ length: 20 }, (_, i) => methodsStep(i + 1));
  const answer = await batch(steps);
  assert.equal(answer.status, 200);
  const got = responses(answer);
  assert.deepEqual(
    got.map((r) => r.id),
    steps.map((s) => s.id),
  );
  assert.ok(got.every((r) => r.status === 200 && isRecord(r.body) && 'isSystemPreferredAuthenticationMethodEnabled' in r.body));
  const last = double.requests.at(-1)!;
  assert.equal(last.inner?.length, 20);
  const over = await batch([...steps, methodsStep(21)]);
  assert.equal(over.status, 400);
  assert.match(JSON.stringify(over.body), /limited to 20/);
});

test('inner requests are checked on their own: permission, unknown user, dependsOn after a failure', async () => {
  clock.advance(60_000);
  const weak = await secretToken(double, 'weak', 's');
  const answer = await batch(
    [
      { id: 'a', method: 'GET', url: '/users/delta?$select=id' },
      { id: 'b', method: 'GET', url: `/users/${userId(1)}/authentication/methods` },
      { id: 'c', method: 'GET', url: '/users/nobody/authentication/methods' },
      { id: 'd', method: 'GET', url: `/users/${userId(2)}/authentication/methods`, dependsOn: ['b'] },
    ],
    'beta',
    weak,
  );
  assert.deepEqual(
    responses(answer).map((r) => r.status),
    [200, 403, 403, 424],
  );
  const bad = await batch([{ id: 'x', method: 'GET', url: 'https://graph.microsoft.com/v1.0/organization' }]);
  assert.equal(bad.status, 400);
  assert.equal(
    (
      await batch([
        { id: 'x', method: 'GET', url: '/organization' },
        { id: 'x', method: 'GET', url: '/organization' },
      ])
    ).status,
    400,
  );
});

test('reports class: 5 per 10 s per app and tenant, each inner batch request counted, fractional Retry-After', async () => {
  clock.advance(60_000);
  const steps = Array.from({ length: 7 }, (_, i) => ({ id: String(i), method: 'GET', url: `/users/${userId(i + 1)}/authentication/methods` }));
  const got = responses(await batch(steps));
  assert.deepEqual(
    got.map((r) => r.status),
    [200, 200, 200, 200, 200, 429, 429],
  );
  const headers = got[5]!.headers;
  assert.ok(isRecord(headers));
  assert.equal(headers['Retry-After'], '10.000');
  assert.equal(isRecord(got[5]!.body) && isRecord(got[5]!.body.error) ? got[5]!.body.error.code : null, 'TooManyRequests');
  const top = await get(double, '/beta/auditLogs/directoryAudits', token);
  assert.equal(top.status, 429);
  clock.advance(4_000);
  assert.equal((await get(double, '/beta/auditLogs/directoryAudits', token)).headers.get('retry-after'), '6.000');
  clock.advance(6_000);
  assert.equal((await get(double, '/beta/auditLogs/directoryAudits', token)).status, 200);
});

test('identity class: resource units per 10 s by tenant size; $select lowers a cost', async () => {
  clock.advance(60_000);
  const own = await startGraphDouble({
    snapshot: smallSnapshot(3),
    clock,
    limits: { identity: { perAppTenant: { small: { budget: 6, windowMs: 10_000 }, medium: { budget: 1, windowMs: 1 }, large: { budget: 1, windowMs: 1 } } } },
    apps: [{ clientId: APP_ID, secrets: [SECRET], permissions: ALL_PERMISSIONS }],
  });
  try {
    const t = await secretToken(own);
    const first = await get(own, '/v1.0/groups/g-1/members', t); // 3
    assert.equal(first.headers.get('x-ms-resource-unit'), '3');
    assert.equal((await get(own, '/v1.0/groups/g-1/members?$select=id', t)).headers.get('x-ms-resource-unit'), '2');
    assert.equal((await get(own, '/v1.0/organization', t)).status, 200); // 6 of 6
    const refused = await get(own, '/v1.0/organization', t);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '10');
    assert.match(refused.headers.get('x-ms-throttle-scope') ?? '', /^Tenant_Application\/Read\//);
  } finally {
    await own.close();
  }
});

test('faults: 429 with and without Retry-After, 503, 504, a dropped connection, a slow answer', async () => {
  clock.advance(60_000);
  double.faults.inject({ path: '/v1.0/organization', kind: 429, retryAfter: 2.5 });
  double.faults.inject({ path: '/v1.0/organization', kind: 429 });
  double.faults.inject({ path: '/v1.0/organization', kind: 503, retryAfter: 1 });
  double.faults.inject({ path: '/v1.0/organization', kind: 504 });
  const a = await get(double, '/v1.0/organization', token);
  assert.deepEqual([a.status, a.headers.get('retry-after'), errorCode(a)], [429, '2.5', 'TooManyRequests']);
  const b = await get(double, '/v1.0/organization', token);
  assert.deepEqual([b.status, b.headers.get('retry-after')], [429, null]);
  const c = await get(double, '/v1.0/organization', token);
  assert.deepEqual([c.status, c.headers.get('retry-after')], [503, '1']);
  assert.equal((await get(double, '/v1.0/organization', token)).status, 504);
  assert.equal((await get(double, '/v1.0/organization', token)).status, 200);
  double.faults.inject({ path: /organization$/, kind: 'drop' });
  await assert.rejects(get(double, '/v1.0/organization', token));
  double.faults.inject({ path: '/v1.0/organization', kind: 'slow', delayMs: 150 });
  const started = Date.now();
  assert.equal((await get(double, '/v1.0/organization', token)).status, 200);
  assert.ok(Date.now() - started >= 140);
  assert.equal(double.faults.pending(), 0);
});

test('a fault on an inner request hits that request only', async () => {
  clock.advance(60_000);
  double.faults.inject({ path: `/beta/users/${userId(2)}/authentication/signInPreferences`, kind: 429, retryAfter: 3 });
  const got = responses(await batch([methodsStep(1), methodsStep(2), methodsStep(3)]));
  assert.deepEqual(
    got.map((r) => r.status),
    [200, 429, 200],
  );
});

test("an expired $skiptoken of a list is Graph's Directory_ExpiredPageToken", async () => {
  clock.advance(60_000);
  const first = await get(double, '/v1.0/groups/g-1/members?$top=1', token);
  double.faults.expireSkipTokens();
  const next = await get(double, String(first.body['@odata.nextLink']), token);
  assert.equal(next.status, 400);
  assert.equal(errorCode(next), 'Directory_ExpiredPageToken');
});

test("Microsoft's BatchRequestContent and RetryHandler work against the double", async () => {
  clock.advance(60_000);
  const client = graphClient(double, () => token);
  const content = new BatchRequestContent(
    [1, 2, 3].map((n) => ({ id: String(n), request: new Request(`${double.graphUrl}/users/${userId(n)}/authentication/methods`) })),
  );
  const raw: unknown = await client
    .api('/$batch')
    .version('beta')
    .post(await content.getContent());
  assert.ok(isRecord(raw));
  const parsed = new BatchResponseContent({
    responses: isArray(raw.responses)
      ? raw.responses.filter(isRecord).map((r) => ({ id: String(r.id), status: Number(r.status), headers: {}, body: r.body }))
      : [],
  });
  assert.equal(parsed.getResponseById('2').status, 200);
  double.faults.inject({ path: '/v1.0/organization', kind: 429, retryAfter: 0.01 });
  const org: unknown = await client.api('/organization').get();
  assert.ok(isRecord(org) && isArray(org.value));
});
