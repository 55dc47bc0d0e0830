// Decision 0055 through HTTP: GUID ids match in any case (keys, $filter, joins of a snapshot), a
// snapshot naming one id in two cases is refused, and implausible capture and log times are refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, NOW, OTHER_TENANT, serverWithToken, type TestServer } from '../test-support/fixture-tenant.js';

const BASE = '/reports/authenticationMethods/userRegistrationDetails';
/** Written in upper case in the user records. */
const U1 = 'AAAAAAAA-1111-2222-3333-BBBBBBBBBBBB';
/** Written in lower case in its user record, in upper case where the group and the role name it. */
const U2 = 'cccccccc-1111-2222-3333-dddddddddddd';
/** The SSPR group: lower case in its group record, mixed case in the policy. */
const G = 'eeeeeeee-1111-2222-3333-ffffffffffff';
const GLOBAL_ADMIN = '62E90394-69F5-4237-9190-012177145E10';
const email = { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: 'e1', emailAddress: 'x@example.com' };

const user = (id: string, upn: string) => ({
  user: {
    id,
    userPrincipalName: upn,
    displayName: upn,
    userType: 'Member',
    accountEnabled: true,
    authentication: { methods: [email] },
  },
});

function snapshot(over: { captured?: string; users?: readonly object[] } = {}): string {
  const header = {
    amrSnapshot: 1,
    tenant: { id: OTHER_TENANT.toUpperCase(), license: 'P2' },
    capturedDateTime: over.captured ?? '2026-11-20T06:00:00Z',
    policies: {
      passwordResetPolicy: { enabledFor: 'selected', selectedGroupId: 'EeEeEeEe-1111-2222-3333-FfFfFfFfFfFf', numberOfMethodsRequired: 1, methods: ['email'] },
    },
  };
  const lines = [
    header,
    ...(over.users ?? [user(U1, 'one@contoso.com'), user(U2, 'two@contoso.com')]),
    {
      group: {
        id: G,
        members: [
          { '@odata.type': '#microsoft.graph.user', id: U1.toLowerCase() },
          { '@odata.type': '#microsoft.graph.user', id: U2.toUpperCase() },
        ],
      },
    },
    { roleAssignment: { principalId: U2.toUpperCase(), roleDefinitionId: GLOBAL_ADMIN } },
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

let s: TestServer;
let token: string;

const upload = (body: string) =>
  s.app.inject({
    method: 'POST',
    url: `/admin/tenants/${OTHER_TENANT}/snapshot`,
    payload: body,
    headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY },
  });
const get = (url: string) => s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
const message = (r: { json(): unknown }): string => (r.json() as { error: { message: string } }).error.message;

before(async () => {
  ({ s } = await serverWithToken());
  token = await s.token({ tenantId: OTHER_TENANT });
  const r = await upload(snapshot());
  assert.equal(r.statusCode, 200, r.body);
});
after(() => s.close());

describe('GUID ids in any case (decision 0055)', () => {
  test('…/{id} finds the user whatever the case of the id, in both key syntaxes and both versions, and answers in lower case', async () => {
    for (const id of [U1, U1.toLowerCase(), U2.toUpperCase()]) {
      for (const url of [`/v1.0${BASE}/${id}`, `/v1.0${BASE}('${id}')`, `/beta${BASE}/${id}`, `/beta/reports/credentialUserRegistrationDetails('${id}')`]) {
        const r = await get(url);
        assert.equal(r.statusCode, 200, `${url} → ${r.body}`);
        assert.equal((r.json() as { id: string }).id, id.toLowerCase(), url);
      }
    }
  });

  test('$filter on id matches a GUID literal in any case (eq, in, ne, $count)', async () => {
    const ids = async (filter: string) =>
      ((await get(`/v1.0${BASE}?$filter=${encodeURIComponent(filter)}`)).json() as { value: { id: string }[] }).value.map((r) => r.id).sort();
    assert.deepEqual(await ids(`id eq '${U1}'`), [U1.toLowerCase()]);
    assert.deepEqual(await ids(`id eq '${U2.toUpperCase()}'`), [U2]);
    assert.deepEqual(await ids(`id in ('${U1}', '${U2.toUpperCase()}')`), [U1.toLowerCase(), U2]);
    assert.deepEqual(await ids(`id ne '${U1}'`), [U2]);
    const count = await get(`/v1.0${BASE}/$count?$filter=${encodeURIComponent(`id eq '${U2.toUpperCase()}'`)}`);
    assert.equal(count.body, '1');
  });

  test('group members, role principals and policy targets join the users whatever their case', async () => {
    const rows = ((await get(`/v1.0${BASE}?$orderby=userPrincipalName`)).json() as { value: { id: string; isSsprEnabled: boolean; isAdmin: boolean }[] }).value;
    assert.deepEqual(
      rows.map((r) => [r.id, r.isSsprEnabled, r.isAdmin]),
      [
        [U1.toLowerCase(), true, false],
        [U2, true, true],
      ],
    );
  });

  test('a snapshot giving one user id in two cases is refused, naming both places, and changes nothing', async () => {
    const r = await upload(snapshot({ users: [user(U1, 'one@contoso.com'), user(U1.toLowerCase(), 'again@contoso.com')] }));
    assert.equal(r.statusCode, 400);
    assert.match(
      message(r),
      new RegExp(`line 3: user\\.id: duplicate user id "${U1.toLowerCase()}" \\(GUIDs compare ignoring case\\): already given at line 2`),
    );
    const rows = ((await get(`/v1.0${BASE}`)).json() as { value: { userPrincipalName: string }[] }).value;
    assert.deepEqual(rows.map((x) => x.userPrincipalName).sort(), ['one@contoso.com', 'two@contoso.com']);
  });
});

describe('implausible times (decision 0055)', () => {
  test('a capture time of 1970 or 2099 is refused, naming the field and the range, and leaves the history alone', async () => {
    const historyDays = async () => ((await get('/amr/v1/reports/registrationHistory?days=3650')).json() as { value: unknown[] }).value.length;
    const before = await historyDays();
    for (const captured of ['1970-01-01T00:00:00Z', '2099-01-01T00:00:00Z']) {
      const r = await upload(snapshot({ captured }));
      assert.equal(r.statusCode, 400, r.body);
      assert.match(
        message(r),
        new RegExp(
          `line 1: capturedDateTime: expected a capture time from 2000-01-01T00:00:00\\.000Z to ${new Date(NOW.getTime() + 86_400_000).toISOString().replaceAll('.', '\\.')} \\(one day after the import time\\), found the string "${captured}"`,
        ),
      );
    }
    assert.equal(await historyDays(), before);
    const row = (await get(`/beta${BASE}/${U1}`)).json() as { lastUpdatedDateTime: string };
    assert.equal(row.lastUpdatedDateTime, '2026-11-20T06:00:00.000Z');
  });

  test('a log record dated 2099 or 1970 is refused; the ones around it are stored', async () => {
    const signIn = (id: string, at: string) =>
      JSON.stringify({
        id,
        createdDateTime: at,
        userId: U1,
        userPrincipalName: 'one@contoso.com',
        userDisplayName: 'one',
        isInteractive: true,
        status: { errorCode: 0 },
        authenticationRequirement: 'singleFactorAuthentication',
        authenticationDetails: [{ authenticationStepDateTime: at, authenticationMethod: 'Password', succeeded: true }],
      });
    const body = [
      signIn('11111111-0000-0000-0000-000000000001', '2099-06-01T10:00:00Z'),
      signIn('11111111-0000-0000-0000-000000000002', '2026-11-20T10:00:00Z'),
      signIn('11111111-0000-0000-0000-000000000003', '1970-01-01T00:00:00Z'),
    ].join('\n');
    const r = await s.app.inject({
      method: 'POST',
      url: `/admin/tenants/${OTHER_TENANT}/logs`,
      payload: body,
      headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY },
    });
    assert.equal(r.statusCode, 200, r.body);
    const summary = r.json() as { stored: { newSignIns: number }; refusals: { where: string; reason: string }[] };
    assert.equal(summary.stored.newSignIns, 1);
    assert.deepEqual(
      summary.refusals.map((x) => x.where),
      ['line 1', 'line 3'],
    );
    assert.match(summary.refusals[0]!.reason, /^createdDateTime 2099-06-01T10:00:00\.000Z is outside the times amr accepts: expected from 2000-01-01/);
    const hours = await s.store.signInMethodHourRows(OTHER_TENANT, '0000');
    assert.deepEqual([...new Set(hours.map((h) => h.hour.slice(0, 4)))], ['2026']);
  });
});
