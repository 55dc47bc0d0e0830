// Decision 0083: a user with no method is sent as the enum member 'none' in
// userPreferredMethodForSecondaryAuthentication (v1.0 and beta) and defaultMfaMethod (beta), never
// "" (not a member: Microsoft's Kiota SDKs read it as undefined); `eq 'none'` finds those users.
// The served bytes are read back with each Kiota SDK's own model parser, as an SDK client would.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { JsonParseNodeFactory, JsonSerializationWriter } from '@microsoft/kiota-serialization-json';
import * as v1 from '@microsoft/msgraph-sdk/models/index.js';
import * as beta from '@microsoft/msgraph-beta-sdk/models/index.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { ensureSigningKey, mintDevToken } from '../../server/tokens.js';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { testDatabase } from '../../test-support/test-db.js';
import { FIXTURE_USERS, LISTED, NOW, TENANT, fixtureSnapshot } from '../../test-support/fixture-tenant.js';
import type { RegistrationDetails } from '../../reports/model.js';
import { registrationDetailsProjection, registrationDetailsToWire } from './registration-details.js';

const BASE = '/reports/authenticationMethods/userRegistrationDetails';
const ALICE = FIXTURE_USERS[0]!; // authenticator + mobile phone; given a preference for push below
const BOB = FIXTURE_USERS[1]!; // email only: no MFA method, so no preferred one

/** The fixture tenant, with Alice preferring push (her Authenticator is registered): one user with a method. */
function snapshot(): string {
  return fixtureSnapshot()
    .split('\n')
    .map((line) => {
      if (!line.includes(ALICE.id)) return line;
      const o = JSON.parse(line) as { user?: { id: string; authentication: Record<string, unknown> } };
      if (o.user?.id !== ALICE.id) return line;
      o.user.authentication['signInPreferences'] = {
        userPreferredMethodForSecondaryAuthentication: 'push',
        isSystemPreferredAuthenticationMethodEnabled: false,
      };
      return JSON.stringify(o);
    })
    .join('\n');
}

let app: FastifyInstance;
let store: Store;
let token: string;

before(async () => {
  store = await openStore({ db: await testDatabase(), now: () => NOW });
  await importSnapshot(store, Readable.from([snapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
  const key = await ensureSigningKey(store);
  app = await buildApp({ config: loadConfig({}), store, signingKey: key, skipTokenSecret: 'test-secret', logger: false, now: () => NOW });
  token = await mintDevToken(key, { tenantId: TENANT }, NOW);
});
after(async () => {
  await app.close();
  await store.close();
});

async function body(url: string): Promise<ArrayBuffer> {
  const r = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.statusCode, 200, `${url} → ${r.body}`);
  const bytes = r.rawPayload;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

const root = (bytes: ArrayBuffer) => new JsonParseNodeFactory().getRootParseNode('application/json', bytes);
const rawRows = (bytes: ArrayBuffer) => (JSON.parse(Buffer.from(bytes).toString('utf8')) as { value: Record<string, unknown>[] }).value;

const v1List = async (query: string) => {
  const bytes = await body(`/v1.0${BASE}${query}`);
  return {
    raw: rawRows(bytes),
    sdk:
      root(bytes).getObjectValue<v1.UserRegistrationDetailsCollectionResponse>(v1.createUserRegistrationDetailsCollectionResponseFromDiscriminatorValue)
        .value ?? [],
  };
};
const betaList = async (query: string) => {
  const bytes = await body(`/beta${BASE}${query}`);
  return {
    raw: rawRows(bytes),
    sdk:
      root(bytes).getObjectValue<beta.UserRegistrationDetailsCollectionResponse>(beta.createUserRegistrationDetailsCollectionResponseFromDiscriminatorValue)
        .value ?? [],
  };
};

describe('no method: the wire sends none, the Kiota SDKs read none', () => {
  test("v1.0: eq 'none' finds the users with no method; the SDK reads the member None", async () => {
    const { raw, sdk } = await v1List(`?$filter=userPreferredMethodForSecondaryAuthentication eq 'none'`);
    assert.deepEqual(new Set(raw.map((r) => r['id'])), new Set(LISTED.filter((u) => u !== ALICE).map((u) => u.id)));
    for (const r of raw) assert.equal(r['userPreferredMethodForSecondaryAuthentication'], 'none');
    assert.equal(sdk.length, raw.length);
    for (const u of sdk) assert.equal(u.userPreferredMethodForSecondaryAuthentication, v1.UserDefaultAuthenticationMethodObject.None);
  });

  test("v1.0: ne 'none' finds the others, with their member", async () => {
    const { raw, sdk } = await v1List(`?$filter=userPreferredMethodForSecondaryAuthentication ne 'none'`);
    assert.deepEqual(
      raw.map((r) => [r['id'], r['userPreferredMethodForSecondaryAuthentication']]),
      [[ALICE.id, 'push']],
    );
    assert.equal(sdk[0]?.userPreferredMethodForSecondaryAuthentication, v1.UserDefaultAuthenticationMethodObject.Push);
  });

  test("beta: both properties are 'none' together, found by either filter; the SDK reads None for each", async () => {
    const byPreferred = await betaList(`?$filter=userPreferredMethodForSecondaryAuthentication eq 'none'`);
    const byDefault = await betaList(`?$filter=defaultMfaMethod eq 'none'`);
    assert.deepEqual(byDefault.raw, byPreferred.raw);
    assert.equal(byDefault.raw.length, LISTED.length - 1);
    for (const r of byDefault.raw) {
      assert.equal(r['userPreferredMethodForSecondaryAuthentication'], 'none');
      assert.equal(r['defaultMfaMethod'], 'none');
    }
    for (const u of byDefault.sdk) {
      assert.equal(u.userPreferredMethodForSecondaryAuthentication, beta.UserDefaultAuthenticationMethodObject.None);
      assert.equal(u.defaultMfaMethod, beta.DefaultMfaMethodTypeObject.None);
    }
    const others = await betaList(`?$filter=defaultMfaMethod ne 'none'`);
    assert.deepEqual(
      others.raw.map((r) => [r['id'], r['defaultMfaMethod']]),
      [[ALICE.id, 'microsoftAuthenticatorPush']],
    );
    assert.equal(others.sdk[0]?.defaultMfaMethod, beta.DefaultMfaMethodTypeObject.MicrosoftAuthenticatorPush);
  });

  test('no page, $select or not, sends "" for either property', async () => {
    for (const url of [`/v1.0${BASE}`, `/beta${BASE}`, `/beta${BASE}?$select=defaultMfaMethod,userPreferredMethodForSecondaryAuthentication&$top=2`]) {
      const text = Buffer.from(await body(url)).toString('utf8');
      assert.doesNotMatch(text, /"(userPreferredMethodForSecondaryAuthentication|defaultMfaMethod)":""/, url);
    }
  });

  test('by id: the same member, read by each SDK', async () => {
    const v1User = root(await body(`/v1.0${BASE}/${BOB.id}`)).getObjectValue<v1.UserRegistrationDetails>(
      v1.createUserRegistrationDetailsFromDiscriminatorValue,
    );
    assert.equal(v1User.id, BOB.id);
    assert.equal(v1User.userPreferredMethodForSecondaryAuthentication, 'none');
    const betaUser = root(await body(`/beta${BASE}/${BOB.id}`)).getObjectValue<beta.UserRegistrationDetails>(
      beta.createUserRegistrationDetailsFromDiscriminatorValue,
    );
    assert.equal(betaUser.userPreferredMethodForSecondaryAuthentication, 'none');
    assert.equal(betaUser.defaultMfaMethod, 'none');
  });

  test('round trip: what an SDK reads it writes back as none, and reads again', async () => {
    const read = root(await body(`/beta${BASE}/${BOB.id}`)).getObjectValue<beta.UserRegistrationDetails>(
      beta.createUserRegistrationDetailsFromDiscriminatorValue,
    );
    const writer = new JsonSerializationWriter();
    writer.writeObjectValue(undefined, read, beta.serializeUserRegistrationDetails);
    const written = writer.getSerializedContent();
    const text = Buffer.from(written).toString('utf8');
    assert.match(text, /"defaultMfaMethod":"none"/);
    assert.match(text, /"userPreferredMethodForSecondaryAuthentication":"none"/);
    const again = root(written).getObjectValue<beta.UserRegistrationDetails>(beta.createUserRegistrationDetailsFromDiscriminatorValue);
    assert.equal(again.defaultMfaMethod, beta.DefaultMfaMethodTypeObject.None);
    assert.equal(again.userPreferredMethodForSecondaryAuthentication, beta.UserDefaultAuthenticationMethodObject.None);
  });

  test('the SDKs read "" as nothing at all: why "" is not sent', () => {
    const bytes = new TextEncoder().encode('{"id":"x","defaultMfaMethod":"","userPreferredMethodForSecondaryAuthentication":""}');
    const u = root(bytes.buffer as ArrayBuffer).getObjectValue<beta.UserRegistrationDetails>(beta.createUserRegistrationDetailsFromDiscriminatorValue);
    assert.equal(u.defaultMfaMethod, undefined);
    assert.equal(u.userPreferredMethodForSecondaryAuthentication, undefined);
  });
});

describe('registrationDetailsToWire', () => {
  const derived = {
    id: 'x',
    userPreferredMethodForSecondaryAuthentication: '',
    defaultMfaMethod: '',
    userType: 'member',
  } as unknown as RegistrationDetails;

  test("a derived row's '' goes out as 'none'; a member as it is", () => {
    const wire = registrationDetailsToWire(
      derived,
      registrationDetailsProjection('beta', ['defaultMfaMethod', 'userPreferredMethodForSecondaryAuthentication', 'userType']),
    );
    assert.deepEqual(wire, { id: 'x', defaultMfaMethod: 'none', userPreferredMethodForSecondaryAuthentication: 'none', userType: 'member' });
    const push = { ...derived, userPreferredMethodForSecondaryAuthentication: 'push', defaultMfaMethod: 'microsoftAuthenticatorPush' };
    assert.deepEqual(registrationDetailsToWire(push, ['userPreferredMethodForSecondaryAuthentication', 'defaultMfaMethod']), {
      userPreferredMethodForSecondaryAuthentication: 'push',
      defaultMfaMethod: 'microsoftAuthenticatorPush',
    });
  });
});
