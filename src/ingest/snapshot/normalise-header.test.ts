// Tests for normaliseHeader and normalisePolicies: version, tenant, capture time, policy parts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateTime } from '../date-time.js';
import { normaliseHeader } from './normalise-header.js';
import { normalisePolicies } from './normalise-policies.js';
import { assertRefused, FIXED_NOW, TENANT } from './test-support.js';

const now = (): Date => FIXED_NOW;
const header = (over: Record<string, unknown>): Record<string, unknown> => ({ amrSnapshot: 1, tenant: { id: TENANT }, ...over });
const NO_POLICIES = { authenticationMethodsPolicy: null, passwordResetPolicy: null, authorizationPolicy: null, legacyMfaPolicy: null };

describe('normaliseHeader', () => {
  it('applies the defaults: licence P1, capture time now, no policies', () => {
    assert.deepEqual(normaliseHeader(header({}), '', now), {
      tenant: { id: TENANT, displayName: null, license: 'P1' },
      capturedDateTime: '2024-06-01T00:00:00.000Z',
      policies: NO_POLICIES,
    });
  });

  it('reads tenant name and licence (any case), lower-cases the tenant id', () => {
    const h = normaliseHeader(header({ tenant: { id: TENANT.toUpperCase(), displayName: 'Contoso', license: 'p2' } }), '', now);
    assert.deepEqual(h.tenant, { id: TENANT, displayName: 'Contoso', license: 'P2' });
    assert.equal(normaliseHeader(header({ tenant: { id: TENANT, license: 'free' } }), '', now).tenant.license, 'free');
  });

  it('normalises capturedDateTime to a UTC ISO string', () => {
    const at = (v: unknown): string => normaliseHeader(header({ capturedDateTime: v }), '', now).capturedDateTime;
    assert.equal(at('2024-05-01T12:00:00Z'), '2024-05-01T12:00:00.000Z');
    assert.equal(at('2024-05-01T14:30:00+02:00'), '2024-05-01T12:30:00.000Z');
    assert.equal(at('2024-05-01T12:00:00.1234567Z'), '2024-05-01T12:00:00.123Z');
    assert.equal(at('2024-05-01T12:00'), '2024-05-01T12:00:00.000Z');
    assert.equal(at(null), '2024-06-01T00:00:00.000Z');
  });

  it('parses only real ISO-8601 date-times', () => {
    assert.equal(parseDateTime('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
    for (const bad of ['2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-05-01', '2024-05-01T24:00:00Z', 'yesterday', '2024-05-01T12:00:00Zjunk']) {
      assert.equal(parseDateTime(bad), null, bad);
    }
  });

  it('accepts capture times from 2000-01-01 to one day after the import time (decision 0055)', () => {
    const at = (v: unknown): string => normaliseHeader(header({ capturedDateTime: v }), '', now).capturedDateTime;
    assert.equal(at('2000-01-01T00:00:00Z'), '2000-01-01T00:00:00.000Z');
    assert.equal(at('2024-06-02T00:00:00Z'), '2024-06-02T00:00:00.000Z');
    assert.equal(at('2024-06-02T01:00:00+01:00'), '2024-06-02T00:00:00.000Z');
  });

  const refusals: [string, unknown, string, string | RegExp][] = [
    ['not an object', [], '', 'expected the snapshot header object, found an array'],
    ['version missing', { tenant: { id: TENANT } }, 'amrSnapshot', 'is required: expected the number 1 (the snapshot format version)'],
    ['version 2', header({ amrSnapshot: 2 }), 'amrSnapshot', 'unsupported snapshot format version 2: expected 1'],
    ['version "1"', header({ amrSnapshot: '1' }), 'amrSnapshot', 'unsupported snapshot format version the string "1": expected 1'],
    ['tenant missing', { amrSnapshot: 1 }, 'tenant', 'is required: expected an object with the tenant\'s GUID "id"'],
    ['tenant id missing', header({ tenant: {} }), 'tenant.id', 'is required: expected a non-empty string'],
    [
      'tenant id not a GUID',
      header({ tenant: { id: 'contoso.onmicrosoft.com' } }),
      'tenant.id',
      'expected a GUID such as "0b5e4a1c-7d2f-4c1e-9a3b-5f6e7d8c9b0a", found the string "contoso.onmicrosoft.com"',
    ],
    ['licence unknown', header({ tenant: { id: TENANT, license: 'E5' } }), 'tenant.license', 'expected "free", "P1" or "P2", found the string "E5"'],
    ['tenant name number', header({ tenant: { id: TENANT, displayName: 7 } }), 'tenant.displayName', 'expected a string or null, found 7'],
    [
      'capture time not a date',
      header({ capturedDateTime: '01/05/2024' }),
      'capturedDateTime',
      'expected an ISO-8601 date-time such as "2024-05-01T12:00:00Z", found the string "01/05/2024"',
    ],
    [
      'capture time number',
      header({ capturedDateTime: 1714564800 }),
      'capturedDateTime',
      'expected an ISO-8601 date-time such as "2024-05-01T12:00:00Z", found 1714564800',
    ],
    [
      'capture time 1970 (decision 0055)',
      header({ capturedDateTime: '1970-01-01T00:00:00Z' }),
      'capturedDateTime',
      'expected a capture time from 2000-01-01T00:00:00.000Z to 2024-06-02T00:00:00.000Z (one day after the import time), found the string "1970-01-01T00:00:00Z"',
    ],
    [
      'capture time 2099 (decision 0055)',
      header({ capturedDateTime: '2099-01-01T00:00:00Z' }),
      'capturedDateTime',
      'expected a capture time from 2000-01-01T00:00:00.000Z to 2024-06-02T00:00:00.000Z (one day after the import time), found the string "2099-01-01T00:00:00Z"',
    ],
    ['capture time just before 2000', header({ capturedDateTime: '1999-12-31T23:59:59.999Z' }), 'capturedDateTime', /capture time from 2000-01-01/],
    ['capture time over a day ahead', header({ capturedDateTime: '2024-06-02T00:00:00.001Z' }), 'capturedDateTime', /one day after the import time/],
    ['policies array', header({ policies: [] }), 'policies', 'expected an object with the policy parts, found an array'],
  ];
  for (const [name, raw, where, message] of refusals) {
    it(`refuses: ${name}`, () => assertRefused(() => normaliseHeader(raw, '', now), where, message));
  }

  it('names NDJSON places after the line', () => {
    assertRefused(() => normaliseHeader(header({ tenant: { id: 'x' } }), 'line 1', now), 'line 1: tenant.id', /expected a GUID/);
  });
});

describe('normalisePolicies', () => {
  it('keeps each given part as it is and leaves absent or null parts null', () => {
    const sspr = {
      enabledFor: 'selected',
      selectedGroupId: 'g1',
      numberOfMethodsRequired: 2,
      methods: ['email', 'securityQuestions'],
      securityQuestionsRequiredToReset: 3,
      extra: 1,
    };
    const methods = { policyMigrationState: 'migrationComplete', authenticationMethodConfigurations: [{ id: 'Fido2', state: 'enabled' }] };
    assert.deepEqual(normalisePolicies({ passwordResetPolicy: sspr, authenticationMethodsPolicy: methods, authorizationPolicy: null }, 'policies'), {
      ...NO_POLICIES,
      passwordResetPolicy: sspr,
      authenticationMethodsPolicy: methods,
    });
    assert.deepEqual(normalisePolicies(undefined, 'policies'), NO_POLICIES);
    assert.deepEqual(normalisePolicies(null, 'policies'), NO_POLICIES);
  });

  const refusals: [string, unknown, string, string][] = [
    ['part not an object', { authorizationPolicy: true }, 'policies.authorizationPolicy', 'expected an object, found true'],
    [
      'enabledFor',
      { passwordResetPolicy: { enabledFor: 'everyone' } },
      'policies.passwordResetPolicy.enabledFor',
      'expected one of "none", "selected", "all", found the string "everyone"',
    ],
    [
      'numberOfMethodsRequired',
      { passwordResetPolicy: { numberOfMethodsRequired: 3 } },
      'policies.passwordResetPolicy.numberOfMethodsRequired',
      'expected 1 or 2, found 3',
    ],
    [
      'method name',
      { passwordResetPolicy: { methods: ['email', 'sms'] } },
      'policies.passwordResetPolicy.methods[1]',
      'expected one of mobileAppNotification, mobileAppCode, email, mobilePhone, officePhone, securityQuestions, found the string "sms"',
    ],
    [
      'methods not array',
      { passwordResetPolicy: { methods: 'email' } },
      'policies.passwordResetPolicy.methods',
      'expected an array of method names (one of mobileAppNotification, mobileAppCode, email, mobilePhone, officePhone, securityQuestions), found the string "email"',
    ],
    ['selectedGroupId', { passwordResetPolicy: { selectedGroupId: 5 } }, 'policies.passwordResetPolicy.selectedGroupId', 'expected a string or null, found 5'],
    [
      'questions to reset',
      { passwordResetPolicy: { securityQuestionsRequiredToReset: -3 } },
      'policies.passwordResetPolicy.securityQuestionsRequiredToReset',
      'expected a non-negative integer, found -3',
    ],
    [
      'allowedToUseSSPR',
      { authorizationPolicy: { allowedToUseSSPR: 'yes' } },
      'policies.authorizationPolicy.allowedToUseSSPR',
      'expected true, false or null, found the string "yes"',
    ],
    [
      'legacy method',
      { legacyMfaPolicy: { methods: ['voice', 'email'] } },
      'policies.legacyMfaPolicy.methods[1]',
      'expected one of sms, voice, mobileAppNotification, mobileAppCode, found the string "email"',
    ],
    [
      'configurations not array',
      { authenticationMethodsPolicy: { authenticationMethodConfigurations: {} } },
      'policies.authenticationMethodsPolicy.authenticationMethodConfigurations',
      'expected an array of authenticationMethodConfiguration objects, found an object',
    ],
  ];
  for (const [name, raw, where, message] of refusals) {
    it(`refuses: ${name}`, () => assertRefused(() => normalisePolicies(raw, 'policies'), where, message));
  }
});
