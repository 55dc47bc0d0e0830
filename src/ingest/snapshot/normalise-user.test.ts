// Tests for normaliseUser: every user rule, with its exact place and message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseUser } from './normalise-user.js';
import { assertRefused, user } from './test-support.js';

const W = 'users[7]';

describe('normaliseUser', () => {
  it('reads a Graph user, keeping other properties and the methods as given', () => {
    const fido = { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'f1', model: 'YubiKey 5' };
    const u = normaliseUser(
      {
        ...user('u1'),
        userType: 'Guest',
        department: 'Sales',
        assignedLicenses: [{ skuId: 's' }],
        authentication: {
          methods: [fido],
          securityQuestionsRegistered: 3,
          signInPreferences: { userPreferredMethodForSecondaryAuthentication: 'push', isSystemPreferredAuthenticationMethodEnabled: true },
        },
      },
      W,
    );
    assert.deepEqual(u, {
      id: 'u1',
      userPrincipalName: 'u1@contoso.example',
      displayName: 'User u1',
      userType: 'guest',
      accountEnabled: true,
      deleted: false,
      methods: [fido],
      securityQuestionsRegistered: 3,
      signInPreferences: { userPreferredMethodForSecondaryAuthentication: 'push', isSystemPreferredAuthenticationMethodEnabled: true },
      properties: { department: 'Sales', assignedLicenses: [{ skuId: 's' }] },
    });
  });

  it('defaults: no authentication → no methods, no preferences, 0 security questions', () => {
    for (const authentication of [undefined, null, {}]) {
      const u = normaliseUser({ ...user('u1'), ...(authentication === undefined ? {} : { authentication }) }, W);
      assert.deepEqual([u.methods, u.signInPreferences, u.securityQuestionsRegistered], [[], null, 0]);
    }
  });

  it('lower-cases a GUID id and keeps any other id as written (decision 0055)', () => {
    const guid = '0B5E4A1C-7D2F-4C1E-9A3B-5F6E7D8C9B0A';
    assert.equal(normaliseUser(user(guid), W).id, guid.toLowerCase());
    assert.equal(normaliseUser(user('00uAbCd'), W).id, '00uAbCd');
  });

  it('accepts userType in any case', () => {
    assert.equal(normaliseUser(user('a', { userType: 'member' }), W).userType, 'member');
    assert.equal(normaliseUser(user('a', { userType: 'GUEST' }), W).userType, 'guest');
  });

  it('reads a null displayName as "" but refuses a missing one', () => {
    assert.equal(normaliseUser(user('a', { displayName: null }), W).displayName, '');
    const { displayName: _, ...noName } = user('a');
    assertRefused(() => normaliseUser(noName, W), 'users[7].displayName', 'is required: expected a string');
  });

  it('marks a user with a non-null deletedDateTime as deleted', () => {
    assert.equal(normaliseUser(user('a', { deletedDateTime: '2024-01-01T00:00:00Z' }), W).deleted, true);
    assert.equal(normaliseUser(user('a', { deletedDateTime: null }), W).deleted, false);
    assertRefused(() => normaliseUser(user('a', { deletedDateTime: 5 }), W), 'users[7].deletedDateTime', 'expected a string or null, found 5');
  });

  it('keeps signInPreferences members that are absent as null', () => {
    const u = normaliseUser(user('a', { authentication: { signInPreferences: {} } }), W);
    assert.deepEqual(u.signInPreferences, { userPreferredMethodForSecondaryAuthentication: null, isSystemPreferredAuthenticationMethodEnabled: null });
  });

  it('reads only own properties (a member named "constructor" is data)', () => {
    const u = normaliseUser(
      JSON.parse(
        '{"id":"a","userPrincipalName":"a@x","displayName":"A","userType":"Member","accountEnabled":true,"constructor":1,"__proto__":{"x":1}}',
      ) as unknown,
      W,
    );
    assert.equal(u.properties['constructor'], 1);
    assert.deepEqual(Object.keys(u.properties), ['constructor', '__proto__']);
  });

  const refusals: [string, unknown, string, string][] = [
    ['not an object', [1], W, 'expected a Graph user object, found an array'],
    ['null', null, W, 'expected a Graph user object, found null'],
    ['missing id', { ...user('a'), id: undefined }, 'users[7].id', 'is required: expected a non-empty string'],
    ['empty id', user(''), 'users[7].id', 'expected a non-empty string, found the string ""'],
    ['numeric id', user('a', { id: 42 }), 'users[7].id', 'expected a non-empty string, found 42'],
    ['missing UPN', user('a', { userPrincipalName: undefined }), 'users[7].userPrincipalName', 'is required: expected a non-empty string'],
    ['displayName number', user('a', { displayName: 3 }), 'users[7].displayName', 'expected a string, found 3'],
    ['userType unknown', user('a', { userType: 'Owner' }), 'users[7].userType', 'expected "Member" or "Guest", found the string "Owner"'],
    ['userType missing', user('a', { userType: undefined }), 'users[7].userType', 'is required: expected "Member" or "Guest"'],
    ['accountEnabled string', user('a', { accountEnabled: 'true' }), 'users[7].accountEnabled', 'expected true or false, found the string "true"'],
    ['accountEnabled missing', user('a', { accountEnabled: undefined }), 'users[7].accountEnabled', 'is required: expected true or false'],
    ['authentication array', user('a', { authentication: [] }), 'users[7].authentication', 'expected an object, found an array'],
    [
      'methods object',
      user('a', { authentication: { methods: {} } }),
      'users[7].authentication.methods',
      'expected an array of authenticationMethod objects, found an object',
    ],
    [
      'method string',
      user('a', { authentication: { methods: ['sms'] } }),
      'users[7].authentication.methods[0]',
      'expected an authenticationMethod object, found the string "sms"',
    ],
    [
      'method untyped',
      user('a', { authentication: { methods: [{ '@odata.type': '#microsoft.graph.emailAuthenticationMethod' }, { id: 'm' }] } }),
      'users[7].authentication.methods[1]["@odata.type"]',
      'is required: expected a string naming the method, e.g. "#microsoft.graph.fido2AuthenticationMethod"',
    ],
    [
      'method type empty',
      user('a', { authentication: { methods: [{ '@odata.type': '' }] } }),
      'users[7].authentication.methods[0]["@odata.type"]',
      'expected a string naming the method, e.g. "#microsoft.graph.fido2AuthenticationMethod", found the string ""',
    ],
    [
      'preferences string',
      user('a', { authentication: { signInPreferences: 'push' } }),
      'users[7].authentication.signInPreferences',
      'expected an object, found the string "push"',
    ],
    [
      'preferred method number',
      user('a', { authentication: { signInPreferences: { userPreferredMethodForSecondaryAuthentication: 1 } } }),
      'users[7].authentication.signInPreferences.userPreferredMethodForSecondaryAuthentication',
      'expected a string or null, found 1',
    ],
    [
      'system preferred string',
      user('a', { authentication: { signInPreferences: { isSystemPreferredAuthenticationMethodEnabled: 'yes' } } }),
      'users[7].authentication.signInPreferences.isSystemPreferredAuthenticationMethodEnabled',
      'expected true, false or null, found the string "yes"',
    ],
    [
      'negative questions',
      user('a', { authentication: { securityQuestionsRegistered: -1 } }),
      'users[7].authentication.securityQuestionsRegistered',
      'expected a non-negative integer, found -1',
    ],
    [
      'fractional questions',
      user('a', { authentication: { securityQuestionsRegistered: 1.5 } }),
      'users[7].authentication.securityQuestionsRegistered',
      'expected a non-negative integer, found 1.5',
    ],
    [
      'string questions',
      user('a', { authentication: { securityQuestionsRegistered: '3' } }),
      'users[7].authentication.securityQuestionsRegistered',
      'expected a non-negative integer, found the string "3"',
    ],
  ];
  for (const [name, raw, where, message] of refusals) {
    it(`refuses: ${name}`, () => assertRefused(() => normaliseUser(raw, W), where, message));
  }

  it('names NDJSON places after the line', () => {
    assertRefused(() => normaliseUser(user('a', { accountEnabled: 1 }), 'line 12: user'), 'line 12: user.accountEnabled', 'expected true or false, found 1');
  });
});
