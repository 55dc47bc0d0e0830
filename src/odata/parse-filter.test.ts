// Table tests of parseFilter: exact trees for good expressions, exact messages for bad ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityCapabilities } from './capabilities.js';
import type { Literal } from './filter-ast.js';
import { ODataError } from './odata-error.js';
import { parseFilter, type FilterParseOptions } from './parse-filter.js';
import {
  credentialRegistrationDetails as creds,
  passwordResetsSummary as resets,
  registrationDetails as reg,
  userEventsSummary as events,
} from '../test-support/test-entities.js';

const bool = (value: boolean): Literal => ({ kind: 'boolean', value });
const str = (value: string): Literal => ({ kind: 'string', value });
const en = (value: string): Literal => ({ kind: 'enum', value });
const cmp = (property: string, op: string, value: Literal): unknown => ({ kind: 'compare', op, property, value });
const isTrue = (property: string): unknown => cmp(property, 'eq', bool(true));
const and = (left: unknown, right: unknown): unknown => ({ kind: 'and', left, right });
const or = (left: unknown, right: unknown): unknown => ({ kind: 'or', left, right });
const not = (operand: unknown): unknown => ({ kind: 'not', operand });
const dt = (value: string): Literal => ({ kind: 'dateTimeOffset', value });

const plain: FilterParseOptions = { includeUnknownEnumMembers: false };
const withUnknown: FilterParseOptions = { includeUnknownEnumMembers: true };

const good: readonly (readonly [string, unknown, EntityCapabilities?, FilterParseOptions?])[] = [
  ['isMfaCapable eq true', cmp('isMfaCapable', 'eq', bool(true))],
  // lowerCaseGuids (decision 0055): a GUID literal is lower-cased; any other string is kept.
  ["id eq '0B5E4A1C-7D2F-4C1E-9A3B-5F6E7D8C9B0A'", cmp('id', 'eq', str('0b5e4a1c-7d2f-4c1e-9a3b-5f6e7d8c9b0a'))],
  ["id eq 'Alice'", cmp('id', 'eq', str('Alice'))],
  ['isAdmin', isTrue('isAdmin')],
  ['not isAdmin', not(isTrue('isAdmin'))],
  ['not not isAdmin', not(not(isTrue('isAdmin')))],
  ['isAdmin EQ TRUE AND isMfaCapable Eq False', and(isTrue('isAdmin'), cmp('isMfaCapable', 'eq', bool(false)))],
  ['isAdmin or isMfaCapable and isSsprEnabled', or(isTrue('isAdmin'), and(isTrue('isMfaCapable'), isTrue('isSsprEnabled')))],
  ['(isAdmin or isMfaCapable) and isSsprEnabled', and(or(isTrue('isAdmin'), isTrue('isMfaCapable')), isTrue('isSsprEnabled'))],
  ['isAdmin or isMfaCapable or isSsprEnabled', or(or(isTrue('isAdmin'), isTrue('isMfaCapable')), isTrue('isSsprEnabled'))],
  ['not isAdmin and isMfaCapable', and(not(isTrue('isAdmin')), isTrue('isMfaCapable'))],
  ["not (userType eq 'guest')", not(cmp('userType', 'eq', en('guest')))],
  ['((((isAdmin))))', isTrue('isAdmin')],
  ['isAdmin\teq\r\ntrue', isTrue('isAdmin')],
  ["userType in ('member', 'guest')", { kind: 'in', property: 'userType', values: [en('member'), en('guest')] }],
  ["userType IN ('member')", { kind: 'in', property: 'userType', values: [en('member')] }],
  ["userType eq microsoft.graph.signInUserType'guest'", cmp('userType', 'eq', en('guest'))],
  ["userType eq graph.signInUserType'guest'", cmp('userType', 'eq', en('guest'))],
  ["userType eq signInUserType'unknownFutureValue'", cmp('userType', 'eq', en('unknownFutureValue'))],
  ["userPrincipalName eq 'Adele@Contoso.com'", cmp('userPrincipalName', 'eq', str('Adele@Contoso.com'))],
  ["userPrincipalName eq 'O''Brien'''", cmp('userPrincipalName', 'eq', str("O'Brien'"))],
  ["userPrincipalName eq ''", cmp('userPrincipalName', 'eq', str(''))],
  ["userDisplayName eq 'Zoë 😀 straße'", cmp('userDisplayName', 'eq', str('Zoë 😀 straße'))],
  ["userDisplayName eq 'and or not eq'", cmp('userDisplayName', 'eq', str('and or not eq'))],
  ["startswith(userDisplayName,'Ad')", { kind: 'startswith', property: 'userDisplayName', prefix: 'Ad' }],
  ["StartsWith( userDisplayName , 'Ad' )", { kind: 'startswith', property: 'userDisplayName', prefix: 'Ad' }],
  ["startswith(userDisplayName,'Ad') eq true", { kind: 'startswith', property: 'userDisplayName', prefix: 'Ad' }],
  ["startswith(userDisplayName,'Ad') ne false", { kind: 'startswith', property: 'userDisplayName', prefix: 'Ad' }],
  ["startswith(userDisplayName,'Ad') eq false", not({ kind: 'startswith', property: 'userDisplayName', prefix: 'Ad' })],
  ['userPreferredMethodForSecondaryAuthentication eq null', cmp('userPreferredMethodForSecondaryAuthentication', 'eq', { kind: 'null' })],
  ['isAdmin eq NULL', cmp('isAdmin', 'eq', { kind: 'null' })],
  [
    "methodsRegistered/any(x:x eq 'email')",
    {
      kind: 'any',
      property: 'methodsRegistered',
      variable: 'x',
      predicate: { kind: 'compare', op: 'eq', value: str('email') },
    },
  ],
  [
    "methodsRegistered/ANY(m: m eq 'email' or m eq 'fido2')",
    {
      kind: 'any',
      property: 'methodsRegistered',
      variable: 'm',
      predicate: or({ kind: 'compare', op: 'eq', value: str('email') }, { kind: 'compare', op: 'eq', value: str('fido2') }),
    },
  ],
  [
    "methodsRegistered/any(x: x in ('email','fido2'))",
    {
      kind: 'any',
      property: 'methodsRegistered',
      variable: 'x',
      predicate: { kind: 'in', values: [str('email'), str('fido2')] },
    },
  ],
  ['methodsRegistered/any()', { kind: 'any', property: 'methodsRegistered', variable: null, predicate: null }],
  ['not methodsRegistered/any()', not({ kind: 'any', property: 'methodsRegistered', variable: null, predicate: null })],
  ['methodsRegistered/any() eq false', not({ kind: 'any', property: 'methodsRegistered', variable: null, predicate: null })],
  [
    "systemPreferredAuthenticationMethods/any(x: not (x ne 'push') and startswith(x,'p'))",
    {
      kind: 'any',
      property: 'systemPreferredAuthenticationMethods',
      variable: 'x',
      predicate: and(not({ kind: 'compare', op: 'ne', value: str('push') }), { kind: 'startswith', prefix: 'p' }),
    },
  ],
  ["authMethod eq 'externalAuthMethod'", cmp('authMethod', 'eq', en('externalAuthMethod')), events, withUnknown],
  ["authMethod in ('email', microsoft.graph.usageAuthMethod'fido')", { kind: 'in', property: 'authMethod', values: [en('email'), en('fido')] }, events],
  [
    'eventDateTime ge 2026-01-01T00:00:00Z and eventDateTime lt 2026-01-02T01:30+01:00',
    and(cmp('eventDateTime', 'ge', dt('2026-01-01T00:00:00.0000000Z')), cmp('eventDateTime', 'lt', dt('2026-01-02T00:30:00.0000000Z'))),
    events,
  ],
  ['eventDateTime gt 2023-03-13T19:15:41.6195833Z', cmp('eventDateTime', 'gt', dt('2023-03-13T19:15:41.6195833Z')), events],
  ['eventDateTime le 2024-02-29t23:59:59.5z', cmp('eventDateTime', 'le', dt('2024-02-29T23:59:59.5000000Z')), events],
  ['passwordResetsByAdminCount gt 0', cmp('passwordResetsByAdminCount', 'gt', { kind: 'int64', value: 0 }), resets],
  ['changePasswordSelfServiceCount gt -12', cmp('changePasswordSelfServiceCount', 'gt', { kind: 'int64', value: -12 }), resets],
  [
    "authMethods/any(t:t eq microsoft.graph.registrationAuthMethod'email')",
    {
      kind: 'any',
      property: 'authMethods',
      variable: 't',
      predicate: { kind: 'compare', op: 'eq', value: en('email') },
    },
    creds,
  ],
  [
    "authMethods/any(t:t eq 'externalAuthMethod')",
    {
      kind: 'any',
      property: 'authMethods',
      variable: 't',
      predicate: { kind: 'compare', op: 'eq', value: en('externalAuthMethod') },
    },
    creds,
    withUnknown,
  ],
  ['tenantId eq ABCDEF01-2345-6789-abcd-EF0123456789', cmp('tenantId', 'eq', { kind: 'guid', value: 'abcdef01-2345-6789-abcd-ef0123456789' }), creds],
  [`${'('.repeat(32)}isAdmin${')'.repeat(32)}`, isTrue('isAdmin')],
];

for (const [text, tree, entity, options] of good) {
  test(`parses ${JSON.stringify(text)}`, () => {
    assert.deepEqual(parseFilter(text, entity ?? reg, options ?? plain), tree);
  });
}

const P = 'Invalid filter clause: ';
const USAGE_MEMBERS =
  'email, mobileSMS, mobileCall, officePhone, securityQuestion, appNotification, appCode, ' + 'alternateMobileCall, fido, appPassword, unknownFutureValue';

const bad: readonly (readonly [string, string, EntityCapabilities?, FilterParseOptions?])[] = [
  ['', 'the expression is empty.'],
  ['  \t', 'the expression is empty.'],
  ['isAdmin eq true)', "unexpected ')' at position 16. Expected 'and', 'or' or the end of the expression."],
  ['(isAdmin eq true', "unexpected end of expression at position 17. Expected ')'."],
  ['isAdmin eq', 'unexpected end of expression at position 11. Expected a value.'],
  ['isAdmin eq true eq false', "unexpected 'eq' at position 17. Expected 'and', 'or' or the end of the expression."],
  ['isAdmin eq true and', 'unexpected end of expression at position 20. Expected a property name.'],
  ['isAdmin and and isMfaCapable', "unexpected 'and' at position 13. Expected a property name."],
  [') or isAdmin', "unexpected ')' at position 1. Expected a property name."],
  ['true', "unexpected 'true' at position 1. Expected a property name."],
  ['isAdmin eq true # x', "unexpected character '#' at position 17."],
  ['isAdmin eq \u0001', 'unexpected character U+0001 at position 12.'],
  ["userPrincipalName eq 'abc", 'unterminated string literal (a closing quote is missing) at position 22.'],
  ["userPrincipalName eq 'it''s", 'unterminated string literal (a closing quote is missing) at position 22.'],
  ["isAdmin eq 'true'", "'isAdmin' takes a Boolean (true or false, without quotes); found the string 'true' at position 12."],
  ['userPrincipalName eq true', "'userPrincipalName' takes a string in single quotes; found the Boolean true at position 22."],
  ['userType eq 1', "'userType' takes a microsoft.graph.signInUserType member in single quotes; found the number 1 at position 13."],
  [
    'userType eq member',
    "'userType' takes a microsoft.graph.signInUserType member in single quotes; found the name 'member' at position 13. " +
      'Quote string values; comparing two properties is not supported.',
  ],
  [
    "userType eq 'Member'",
    "'Member' is not a member of microsoft.graph.signInUserType at position 13. " +
      "Did you mean 'member'? Enum members are case-sensitive. Members: member, guest, unknownFutureValue.",
  ],
  ["userType eq 'admin'", "'admin' is not a member of microsoft.graph.signInUserType at position 13. Members: member, guest, unknownFutureValue."],
  [
    "userType eq microsoft.graph.featureType'reset'",
    "'userType' takes microsoft.graph.signInUserType values; found microsoft.graph.featureType'reset' at position 13.",
  ],
  ["userType eq aph.signInUserType'guest'", "'userType' takes microsoft.graph.signInUserType values; found aph.signInUserType'guest' at position 13."],
  ['foo eq 1', "Could not find a property named 'foo' on type 'microsoft.graph.userRegistrationDetails' at position 1."],
  [
    'IsAdmin eq true',
    "Could not find a property named 'IsAdmin' on type 'microsoft.graph.userRegistrationDetails' at position 1. " +
      "Did you mean 'isAdmin'? Property names are case-sensitive.",
  ],
  ['isMfaCapable gt true', "the operator 'gt' is not supported for 'isMfaCapable' at position 14. Supported: eq."],
  ["userPrincipalName lt 'b'", "the operator 'lt' is not supported for 'userPrincipalName' at position 19. Supported: eq, startswith()."],
  [
    "userPreferredMethodForSecondaryAuthentication in ('sms')",
    "the operator 'in' is not supported for 'userPreferredMethodForSecondaryAuthentication' at position 47. Supported: eq.",
  ],
  ['lastUpdatedDateTime gt 2026-01-01T00:00:00Z', "filtering is not supported for 'lastUpdatedDateTime' at position 21."],
  ['userType', "'userType' is not a Boolean property at position 1. Compare it with a value, e.g. using eq."],
  ["startswith(userType,'m')", "startswith() is not supported for 'userType' at position 1. Supported: eq, in."],
  ["endswith(userPrincipalName,'.com')", "the function 'endswith' is not supported at position 1. Only startswith(property,'prefix') and property/any(…) are."],
  ["contains(userPrincipalName,'a')", "the function 'contains' is not supported at position 1. Only startswith(property,'prefix') and property/any(…) are."],
  ["startswith('Ad', userDisplayName)", "unexpected string 'Ad' at position 12. The first argument of startswith must be a property."],
  ['startswith(userDisplayName,null)', 'startswith needs a string prefix, not null at position 28.'],
  ["startswith(userDisplayName,'a' eq true", "unexpected 'eq' at position 32. Expected ')'."],
  ["startswith(userDisplayName,'a') eq 1", 'a function result can only be compared with true or false at position 36.'],
  ["methodsRegistered eq 'email'", "'methodsRegistered' is a collection at position 1. Filter it with methodsRegistered/any(x: x eq 'value')."],
  ['isAdmin/any()', "'isAdmin' is not a collection at position 8. any() applies to collection properties."],
  ["methodsRegistered/all(x: x eq 'email')", "unexpected 'all' at position 19. Only any() is supported, not all()."],
  ['methodsRegistered/count gt 1', "unexpected 'count' at position 19. Expected any(…) after 'methodsRegistered/'."],
  ["methodsRegistered/any(x: x ne 'email')", "the operator 'ne' is not supported inside methodsRegistered/any() at position 28. Supported: eq, in."],
  ['methodsRegistered/any(x: isAdmin)', "inside methodsRegistered/any() only the range variable 'x' can be used; found 'isAdmin' at position 26."],
  ["methodsRegistered/any(x: y eq 'a')", "inside methodsRegistered/any() only the range variable 'x' can be used; found 'y' at position 26."],
  ['methodsRegistered/any(x: x)', "the range variable 'x' must be compared with a value at position 26. Write x eq '…'."],
  ['methodsRegistered/any(x: x eq 1)', "each element of 'methodsRegistered' takes a string in single quotes; found the number 1 at position 31."],
  ["methodsRegistered/any(x x eq 'a')", "unexpected 'x' at position 25. Expected ':'."],
  ["methodsRegistered/any(x: x/y eq 'a')", "the elements of 'methodsRegistered' have no properties at position 27."],
  ["methodsRegistered/any(x: x eq 'a'", "unexpected end of expression at position 34. Expected ')'."],
  ['not isAdmin eq true', "'not' binds tighter than 'eq' at position 13. Write not (isAdmin eq …)."],
  ['userType in ()', "an 'in' list needs at least one value at position 14."],
  ["userType in ('member', null)", "null is not allowed in an 'in' list; use eq null at position 24."],
  ["userType in 'member'", "unexpected string 'member' at position 13. Expected '('."],
  ["userType in ('member' 'guest')", "unexpected string 'guest' at position 23. Expected ')'."],
  ['userType eq 1.5', 'decimal numbers are not supported; only whole numbers (Int64) are at position 13.'],
  [
    'userType eq 2026-01-01',
    "invalid dateTimeOffset literal '2026-01-01': a date alone is an Edm.Date, not a dateTimeOffset; write 2026-01-01T00:00:00Z at position 13.",
  ],
  [`${'('.repeat(33)}isAdmin${')'.repeat(33)}`, 'the expression nests more than 32 levels deep at position 33.'],
  [`${'not '.repeat(33)}isAdmin`, 'the expression nests more than 32 levels deep at position 129.'],
  ['a'.repeat(4097), 'the expression is 4097 characters long; the limit is 4096.'],
  [
    "authMethod eq 'externalAuthMethod'",
    "'externalAuthMethod' is an evolvable member of microsoft.graph.usageAuthMethod at position 15. " +
      "Send the header 'Prefer: include-unknown-enum-members' to use it.",
    events,
  ],
  ["authMethod eq 'bogus'", `'bogus' is not a member of microsoft.graph.usageAuthMethod at position 15. Members: ${USAGE_MEMBERS}.`, events],
  [
    'eventDateTime gt 2026-01-01T00:00:00.12345678Z',
    "invalid dateTimeOffset literal '2026-01-01T00:00:00.12345678Z': at most 7 fractional second digits are allowed at position 18.",
    events,
  ],
  [
    'eventDateTime gt 2026-02-30T00:00:00Z',
    "invalid dateTimeOffset literal '2026-02-30T00:00:00Z': day 30 does not exist in that month at position 18.",
    events,
  ],
  ['eventDateTime gt 2026-01-01T24:00:00Z', "invalid dateTimeOffset literal '2026-01-01T24:00:00Z': a field is out of range at position 18.", events],
  [
    'eventDateTime gt 2026-01-01T00:00:00',
    "invalid dateTimeOffset literal '2026-01-01T00:00:00': expected Z or an offset such as +01:00 after the time at position 18.",
    events,
  ],
  [
    "eventDateTime gt '2026-01-01T00:00:00Z'",
    "'eventDateTime' takes a dateTimeOffset such as 2026-01-01T00:00:00Z (without quotes); found the string '2026-01-01T00:00:00Z' at position 18.",
    events,
  ],
  ['eventDateTime gt null', 'null can only be compared with eq or ne at position 18.', events],
  ['passwordResetsByAdminCount lt 5', "the operator 'lt' is not supported for 'passwordResetsByAdminCount' at position 28. Supported: gt.", resets],
  ["passwordResetsByAdminCount gt '5'", "'passwordResetsByAdminCount' takes a whole number (Int64); found the string '5' at position 31.", resets],
  ['passwordResetsByAdminCount gt 9007199254740992', 'the number 9007199254740992 is outside the supported range ±9007199254740991 at position 31.', resets],
  ['passwordResetsByAdminCount gt 5L', "unexpected character 'L' after a number at position 32.", resets],
  [
    "authMethods/any(t: t eq 'externalAuthMethod')",
    "'externalAuthMethod' is an evolvable member of microsoft.graph.registrationAuthMethod at position 25. " +
      "Send the header 'Prefer: include-unknown-enum-members' to use it.",
    creds,
  ],
  [
    "tenantId eq '01234567-89ab-cdef-0123-456789abcdef'",
    "'tenantId' takes a GUID such as 01234567-89ab-cdef-0123-456789abcdef (without quotes); " +
      "found the string '01234567-89ab-cdef-0123-456789abcdef' at position 13.",
    creds,
  ],
];

for (const [text, message, entity, options] of bad) {
  test(`refuses ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}`, () => {
    assert.throws(
      () => parseFilter(text, entity ?? reg, options ?? plain),
      (err: unknown) => {
        assert.ok(err instanceof ODataError);
        assert.equal(err.code, 'BadRequest');
        assert.equal(err.option, '$filter');
        assert.equal(err.message, P + message);
        return true;
      },
    );
  });
}

test('limits can be tightened per call', () => {
  assert.throws(() => parseFilter('isAdmin eq true', reg, { ...plain, maxLength: 10 }), {
    message: `${P}the expression is 15 characters long; the limit is 10.`,
  });
  assert.throws(() => parseFilter('((isAdmin))', reg, { ...plain, maxDepth: 1 }), {
    message: `${P}the expression nests more than 1 levels deep at position 2.`,
  });
  assert.deepEqual(parseFilter('(isAdmin)', reg, { ...plain, maxDepth: 1 }), isTrue('isAdmin'));
});

test('the error carries the position as a number', () => {
  try {
    parseFilter('isAdmin eq true)', reg, plain);
    assert.fail('should have thrown');
  } catch (err) {
    assert.ok(err instanceof ODataError);
    assert.equal(err.position, 16);
  }
});

test('the tree is deeply frozen', () => {
  const node = parseFilter("isAdmin and methodsRegistered/any(x: x in ('a','b'))", reg, plain);
  assert.ok(Object.isFrozen(node));
  assert.equal(node.kind, 'and');
  if (node.kind !== 'and' || node.right.kind !== 'any' || node.right.predicate?.kind !== 'in') throw new Error('shape');
  assert.ok(Object.isFrozen(node.left));
  assert.ok(Object.isFrozen(node.right.predicate.values));
  assert.ok(Object.isFrozen(node.right.predicate.values[0]));
  assert.throws(() => {
    (node as { kind: string }).kind = 'or';
  }, TypeError);
});

test('a long flat chain parses quickly and without deep recursion in the parser', () => {
  const text = Array.from({ length: 300 }, () => 'isAdmin').join(' or ');
  const started = process.hrtime.bigint();
  const node = parseFilter(text, reg, plain);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(node.kind, 'or');
  assert.ok(ms < 200, `took ${ms} ms`);
});

test('pathological inputs fail fast', () => {
  const inputs = [`'${"''".repeat(2000)}`, '('.repeat(4000), '1'.repeat(4000), `isAdmin eq ${'-'.repeat(4000)}`];
  for (const text of inputs) {
    const started = process.hrtime.bigint();
    assert.throws(() => parseFilter(text, reg, plain), ODataError);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 100, `${text.slice(0, 10)}… took ${ms} ms`);
  }
});
