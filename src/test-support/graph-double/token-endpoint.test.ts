// The token endpoint: client secret and certificate assertions (RS256, PS256, x5t, x5t#S256), and
// AAD's errors for each way a request can be wrong; the token's roles gate Graph.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, createTestCertificate, signClientAssertion, startGraphDouble, type GraphDouble, type TestCertificate } from './index.js';
import { isArray } from './json.js';
import { APP_ID, SECRET, call, get, smallSnapshot, type Answer } from './test-fixture.js';

const CERT_APP = 'c0c0c0c0-0000-4000-8000-000000000002';
const START = Date.UTC(2026, 0, 1);
let double: GraphDouble;
let cert: TestCertificate;
let other: TestCertificate;
const clock = new ManualClock(START);

before(async () => {
  cert = createTestCertificate('cert app', new Date(START));
  other = createTestCertificate('not registered', new Date(START));
  double = await startGraphDouble({
    snapshot: smallSnapshot(),
    clock,
    tokenLifetimeSeconds: 600,
    apps: [
      { clientId: APP_ID, secrets: [SECRET], permissions: ['Organization.Read.All'] },
      { clientId: CERT_APP, certificates: [cert.certificatePem], permissions: ['User.Read.All'] },
    ],
  });
});
after(() => double.close());

const post = (form: Record<string, string>, tenant = double.tenantId): Promise<Answer> =>
  call(`${double.loginUrl}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
const base = () => ({ grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' });
const assertionForm = async (c: TestCertificate, o: Partial<Parameters<typeof signClientAssertion>[1]> = {}) => ({
  ...base(),
  client_id: CERT_APP,
  client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  client_assertion: await signClientAssertion(c, { clientId: CERT_APP, audience: double.tokenUrl, issuedAt: Math.floor(clock.now() / 1000), ...o }),
});
function aadCode(answer: Answer): number | undefined {
  const codes = answer.body.error_codes;
  return isArray(codes) && typeof codes[0] === 'number' ? codes[0] : undefined;
}

test('a client secret gets a bearer token whose roles open exactly the granted calls', async () => {
  const answer = await post({ ...base(), client_id: APP_ID, client_secret: SECRET });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.token_type, 'Bearer');
  assert.equal(answer.body.expires_in, 600);
  const token = String(answer.body.access_token);
  assert.equal((await get(double, '/v1.0/organization', token)).status, 200);
  assert.equal((await get(double, '/v1.0/users/delta', token)).status, 403);
});

test("the scope may also name the double's own Graph origin", async () => {
  const answer = await post({ ...base(), scope: `${double.graphUrl}/.default`, client_id: APP_ID, client_secret: SECRET });
  assert.equal(answer.status, 200);
});

test('certificate assertions: RS256 with x5t and PS256 with x5t#S256', async () => {
  for (const o of [
    { alg: 'RS256' as const, thumbprint: 'x5t' as const },
    { alg: 'PS256' as const, thumbprint: 'x5t#S256' as const },
  ]) {
    const answer = await post(await assertionForm(cert, o));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal((await get(double, '/v1.0/users/delta?$select=id', String(answer.body.access_token))).status, 200);
  }
});

test("refused assertions name AAD's reason", async () => {
  const cases: [string, Record<string, string>, number][] = [
    ['unregistered certificate', await assertionForm(other), 700027],
    ['wrong audience', await assertionForm(cert, { audience: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }), 700021],
    ['expired', await assertionForm(cert, { issuedAt: Math.floor(clock.now() / 1000) - 7200, lifetimeSeconds: 600 }), 700024],
    ['issuer is another app', await assertionForm(cert, { clientId: APP_ID }), 700021],
  ];
  for (const [name, form, code] of cases) {
    const answer = await post(form);
    assert.equal(answer.status, 401, name);
    assert.equal(answer.body.error, 'invalid_client', name);
    assert.equal(aadCode(answer), code, name);
    assert.match(String(answer.body.error_description), new RegExp(`^AADSTS${code}: `), name);
  }
});

test('bad requests: secret, grant, scope, client, tenant, content type', async () => {
  const wrongSecret = await post({ ...base(), client_id: APP_ID, client_secret: 'nope' });
  assert.deepEqual([wrongSecret.status, wrongSecret.body.error, aadCode(wrongSecret)], [401, 'invalid_client', 7000215]);
  const noCredential = await post({ ...base(), client_id: APP_ID });
  assert.equal(aadCode(noCredential), 7000216);
  const grant = await post({ ...base(), grant_type: 'password', client_id: APP_ID, client_secret: SECRET });
  assert.equal(grant.body.error, 'unsupported_grant_type');
  const scope = await post({ ...base(), scope: 'User.Read', client_id: APP_ID, client_secret: SECRET });
  assert.equal(scope.body.error, 'invalid_scope');
  const client = await post({ ...base(), client_id: 'nobody', client_secret: SECRET });
  assert.equal(aadCode(client), 700016);
  const tenant = await post({ ...base(), client_id: APP_ID, client_secret: SECRET }, '99999999-9999-4999-8999-999999999999');
  assert.equal(aadCode(tenant), 90002);
  const json = await call(double.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(json.status, 400);
  const missing = await post({ scope: 'https://graph.microsoft.com/.default', client_id: APP_ID, client_secret: SECRET });
  assert.equal(aadCode(missing), 900144);
});

test("an access token expires with the double's clock", async () => {
  const token = String((await post({ ...base(), client_id: APP_ID, client_secret: SECRET })).body.access_token);
  clock.advance(601_000);
  const expired = await get(double, '/v1.0/organization', token);
  assert.equal(expired.status, 401);
  assert.match(JSON.stringify(expired.body), /expired/);
});

test('secrets never reach the request log', () => {
  assert.ok(double.requests.some((r) => r.service === 'login'));
  assert.equal(JSON.stringify(double.requests).includes(SECRET), false);
});
