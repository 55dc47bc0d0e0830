// Table tests of $top, $select, $count and $orderby parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ODataError } from './odata-error.js';
import { parseCount } from './parse-count.js';
import { parseOrderBy } from './parse-order-by.js';
import { parseSelect } from './parse-select.js';
import { parseTop } from './parse-top.js';
import { registrationDetails as reg } from '../test-support/test-entities.js';

const refuses = (fn: () => unknown, message: string, option: string): void => {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ODataError);
    assert.equal(err.code, 'BadRequest');
    assert.equal(err.option, option);
    assert.equal(err.message, message);
    return true;
  });
};

test('$top accepts 1..max', () => {
  assert.equal(parseTop('1', 1000), 1);
  assert.equal(parseTop('1000', 1000), 1000);
  assert.equal(parseTop('0042', 1000), 42);
});

for (const bad of ['0', '1001', '-1', '+5', ' 5', '5 ', '1e3', '5.0', 'abc', '', '99999999999999999999']) {
  test(`$top refuses ${JSON.stringify(bad)}`, () => {
    refuses(() => parseTop(bad, 1000), `Invalid $top value '${bad}': expected an integer from 1 to 1000.`, '$top');
  });
}

test('$top shortens a long value in the message', () => {
  refuses(() => parseTop('x'.repeat(100), 10), `Invalid $top value '${'x'.repeat(60)}…': expected an integer from 1 to 10.`, '$top');
});

test('$count', () => {
  assert.equal(parseCount('true'), true);
  assert.equal(parseCount('False'), false);
  refuses(() => parseCount('1'), "Invalid $count value '1': expected true or false.", '$count');
  refuses(() => parseCount(''), "Invalid $count value '': expected true or false.", '$count');
});

test('$select', () => {
  assert.deepEqual(parseSelect('id,userPrincipalName', reg), ['id', 'userPrincipalName']);
  assert.deepEqual(parseSelect(' userType , id,userType', reg), ['userType', 'id']);
  assert.deepEqual(
    parseSelect('*', reg),
    reg.properties.map((p) => p.name),
  );
  assert.deepEqual(
    parseSelect('id,*', reg),
    reg.properties.map((p) => p.name),
  );
  assert.ok(Object.isFrozen(parseSelect('id', reg)));
  refuses(
    () => parseSelect('id,foo', reg),
    "Invalid $select: Could not find a property named 'foo' on type 'microsoft.graph.userRegistrationDetails'.",
    '$select',
  );
  refuses(
    () => parseSelect('ID', reg),
    "Invalid $select: Could not find a property named 'ID' on type 'microsoft.graph.userRegistrationDetails'. " +
      "Did you mean 'id'? Property names are case-sensitive.",
    '$select',
  );
  refuses(() => parseSelect('id,,userType', reg), 'Invalid $select: an item between commas is empty.', '$select');
  refuses(() => parseSelect('', reg), 'Invalid $select: the value is empty.', '$select');
});

test('$orderby', () => {
  assert.deepEqual(parseOrderBy('userPrincipalName', reg), [{ property: 'userPrincipalName', direction: 'asc' }]);
  assert.deepEqual(parseOrderBy('userDisplayName DESC, userPrincipalName  asc', reg), [
    { property: 'userDisplayName', direction: 'desc' },
    { property: 'userPrincipalName', direction: 'asc' },
  ]);
  assert.ok(Object.isFrozen(parseOrderBy('userPrincipalName', reg)[0]));
});

const orderByErrors: readonly (readonly [string, string])[] = [
  ['', 'the value is empty.'],
  ['userPrincipalName,', 'an item between commas is empty.'],
  ['foo', "Could not find a property named 'foo' on type 'microsoft.graph.userRegistrationDetails'."],
  [
    'userprincipalname',
    "Could not find a property named 'userprincipalname' on type 'microsoft.graph.userRegistrationDetails'. " +
      "Did you mean 'userPrincipalName'? Property names are case-sensitive.",
  ],
  ['isAdmin', "sorting by 'isAdmin' is not supported. Sortable properties: userDisplayName, userPrincipalName."],
  ['userPrincipalName up', "expected asc or desc after 'userPrincipalName', found 'up'."],
  ['userPrincipalName asc desc', "unexpected 'desc' after 'userPrincipalName asc'."],
  ['userPrincipalName,userDisplayName desc,userPrincipalName desc', "'userPrincipalName' appears more than once."],
];

for (const [text, what] of orderByErrors) {
  test(`$orderby refuses ${JSON.stringify(text)}`, () => {
    refuses(() => parseOrderBy(text, reg), `Invalid $orderby: ${what}`, '$orderby');
  });
}
