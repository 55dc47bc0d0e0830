// Table tests of the in-memory $filter evaluator and the row comparator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityCapabilities } from './capabilities.js';
import { compareRows } from './compare-rows.js';
import { evaluateFilter, type Row } from './evaluate-filter.js';
import { parseFilter } from './parse-filter.js';
import { parseOrderBy } from './parse-order-by.js';
import {
  credentialRegistrationDetails as creds,
  passwordResetsSummary as resets,
  registrationDetails as reg,
  userEventsSummary as events,
} from '../test-support/test-entities.js';

const users: readonly Row[] = [
  {
    id: 'a',
    userPrincipalName: 'Adele@contoso.com',
    userDisplayName: 'Adele Vance',
    isAdmin: true,
    isMfaCapable: true,
    userType: 'member',
    methodsRegistered: ['email', 'fido2'],
    systemPreferredAuthenticationMethods: ['push'],
    userPreferredMethodForSecondaryAuthentication: 'push',
  },
  {
    id: 'b',
    userPrincipalName: 'adam@contoso.com',
    userDisplayName: 'Adam',
    isAdmin: false,
    isMfaCapable: false,
    userType: 'guest',
    methodsRegistered: [],
    systemPreferredAuthenticationMethods: ['oath', 'sms'],
    userPreferredMethodForSecondaryAuthentication: null,
  },
  {
    id: 'c',
    userPrincipalName: 'émile@contoso.com',
    userDisplayName: 'Émile',
    isAdmin: null,
    isMfaCapable: true,
    userType: null,
    methodsRegistered: null,
    systemPreferredAuthenticationMethods: [],
    userPreferredMethodForSecondaryAuthentication: 'none',
  },
  {
    id: 'd',
    userPrincipalName: 'STRASSE@contoso.com',
    userDisplayName: 'Straße 😀',
    isAdmin: false,
    isMfaCapable: false,
    userType: 'member',
    methodsRegistered: ['mobilePhone'],
    systemPreferredAuthenticationMethods: null,
  },
];

const cases: readonly (readonly [string, string, EntityCapabilities?, (readonly Row[])?])[] = [
  ['isAdmin', 'a'],
  ['isAdmin eq false', 'bd'],
  ['not isAdmin', 'bcd'],
  ['isAdmin eq null', 'c'],
  ["userPrincipalName eq 'ADELE@CONTOSO.COM'", 'a'],
  ["userPrincipalName eq 'strasse@contoso.com'", 'd'],
  ["userPrincipalName eq 'ÉMILE@contoso.com'", 'c'],
  ["startswith(userPrincipalName,'AD')", 'ab'],
  ["startswith(userPrincipalName,'ade')", 'a'],
  ["startswith(userDisplayName,'straße')", 'd'],
  ["startswith(userDisplayName,'')", 'abcd'],
  ["userType eq 'member'", 'ad'],
  ["userType in ('guest','member')", 'abd'],
  ["not (userType eq 'member')", 'bc'],
  ['userType eq null', 'c'],
  ["userPreferredMethodForSecondaryAuthentication eq 'none'", 'c'],
  ['userPreferredMethodForSecondaryAuthentication eq null', 'bd'],
  ["methodsRegistered/any(x: x eq 'email')", 'a'],
  ["methodsRegistered/any(x: x eq 'EMAIL')", ''],
  ["methodsRegistered/any(x: x in ('mobilePhone','fido2'))", 'ad'],
  ['methodsRegistered/any()', 'ad'],
  ['not methodsRegistered/any()', 'bc'],
  ["systemPreferredAuthenticationMethods/any(x: x ne 'push')", 'b'],
  ["systemPreferredAuthenticationMethods/any(x: not (x eq 'oath') and startswith(x,'s'))", 'b'],
  ["isMfaCapable and (userType eq 'member' or isAdmin eq null)", 'ac'],
];

for (const [text, ids, entity, rows] of cases) {
  test(`evaluates ${JSON.stringify(text)}`, () => {
    const e = entity ?? reg;
    const node = parseFilter(text, e, { includeUnknownEnumMembers: true });
    const hit = (rows ?? users)
      .filter((r) => evaluateFilter(node, r, e))
      .map((r) => r.id)
      .join('');
    assert.equal(hit, ids);
  });
}

const eventRows: readonly Row[] = [
  { id: '1', authMethod: 'email', eventDateTime: '2026-01-01T00:00:00Z', isSuccess: true },
  { id: '2', authMethod: 'passKeySynced', eventDateTime: '2026-01-01T00:00:00.123Z', isSuccess: false },
  { id: '3', authMethod: 'fido', eventDateTime: '2023-03-13T19:15:41.6195833Z', isSuccess: true },
];

const resetRows: readonly Row[] = [
  { id: 'x', passwordResetsByAdminCount: 0, changePasswordSelfServiceCount: 5, aggregatedDateTime: '2026-01-01T00:00:00Z' },
  { id: 'y', passwordResetsByAdminCount: 3, changePasswordSelfServiceCount: null, aggregatedDateTime: null },
  { id: 'z', passwordResetsByAdminCount: null, changePasswordSelfServiceCount: -1 },
];

const credRows: readonly Row[] = [
  { id: 'p', authMethods: ['email', 'externalAuthMethod'], tenantId: 'ABCDEF01-2345-6789-ABCD-EF0123456789', isRegistered: true },
  { id: 'q', authMethods: ['fido'], tenantId: '00000000-0000-0000-0000-000000000000', isRegistered: false },
];

const typed: readonly (readonly [string, string, EntityCapabilities, readonly Row[]])[] = [
  ['eventDateTime eq 2026-01-01T00:00:00.000Z', '1', events, eventRows],
  ['eventDateTime gt 2026-01-01T00:00:00Z', '2', events, eventRows],
  ['eventDateTime ge 2026-01-01T01:00:00+01:00', '12', events, eventRows],
  ['eventDateTime lt 2023-03-13T19:15:41.6195834Z', '3', events, eventRows],
  ['eventDateTime le 2023-03-13T19:15:41.6195832Z', '', events, eventRows],
  ['eventDateTime gt 2026-01-01T00:00:00.1229999Z', '2', events, eventRows],
  ["authMethod eq 'passKeySynced'", '2', events, eventRows],
  ["authMethod in ('email','fido')", '13', events, eventRows],
  ['passwordResetsByAdminCount gt 0', 'y', resets, resetRows],
  ['passwordResetsByAdminCount gt -1', 'xy', resets, resetRows],
  ['changePasswordSelfServiceCount gt -2', 'xz', resets, resetRows],
  ['aggregatedDateTime lt 2027-01-01T00:00:00Z', 'x', resets, resetRows],
  ["authMethods/any(a: a eq microsoft.graph.registrationAuthMethod'externalAuthMethod')", 'p', creds, credRows],
  ['tenantId eq abcdef01-2345-6789-abcd-ef0123456789', 'p', creds, credRows],
];

for (const [text, ids, entity, rows] of typed) {
  test(`evaluates ${JSON.stringify(text)} on ${entity.typeName}`, () => {
    const node = parseFilter(text, entity, { includeUnknownEnumMembers: true });
    assert.equal(
      rows
        .filter((r) => evaluateFilter(node, r, entity))
        .map((r) => r.id)
        .join(''),
      ids,
    );
  });
}

test('a stored value of the wrong type is a bug, not a mismatch', () => {
  const node = parseFilter('isAdmin', reg, { includeUnknownEnumMembers: false });
  assert.throws(() => evaluateFilter(node, { isAdmin: 'yes' }, reg), { message: 'stored value of \'isAdmin\' is not a valid boolean: "yes"' });
});

test('compareRows: case-insensitive names by code point, desc, nulls first ascending', () => {
  const rows: Row[] = [
    { id: '1', userDisplayName: 'b' },
    { id: '2', userDisplayName: 'A' },
    { id: '3', userDisplayName: '\u{1F600}' },
    { id: '4', userDisplayName: '\uFF21' },
    { id: '5', userDisplayName: 'a' },
    { id: '6', userDisplayName: 'É' },
  ];
  const asc = compareRows(parseOrderBy('userDisplayName', reg), reg);
  const ids = (list: Row[]): string => list.map((r) => r.id).join('');
  // 'a'/'A' tie (caller adds id); é U+E9 < Ａ U+FF41 (lower-cased) < 😀 U+1F600.
  assert.equal(ids([...rows].sort((x, y) => asc(x, y) || String(x.id).localeCompare(String(y.id)))), '251643');
  const desc = compareRows(parseOrderBy('userDisplayName desc', reg), reg);
  assert.equal(ids([...rows].sort((x, y) => desc(x, y) || String(x.id).localeCompare(String(y.id)))), '346125');
  const byCount = compareRows(parseOrderBy('changePasswordSelfServiceCount', resets), resets);
  assert.equal(ids([...resetRows].sort(byCount)), 'yzx');
  const byCountDesc = compareRows(parseOrderBy('changePasswordSelfServiceCount desc', resets), resets);
  assert.equal(ids([...resetRows].sort(byCountDesc)), 'xzy');
  const byTime = compareRows(parseOrderBy('eventDateTime desc', events), events);
  assert.equal(ids([...eventRows].sort(byTime)), '213');
});
