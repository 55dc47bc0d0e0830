// Table tests of the query-option reader: names, duplicates, refusals and the parsed result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ODataError } from './odata-error.js';
import { readQueryOptions, type QueryOptionSpec, type SystemQueryOption } from './read-query-options.js';
import { registrationDetails as reg } from '../test-support/test-entities.js';

const ALL: ReadonlySet<SystemQueryOption> = new Set(['$filter', '$orderby', '$top', '$select', '$count', '$skiptoken']);
const v1: QueryOptionSpec = { allowed: ALL, entity: reg, maxTop: 1000, includeUnknownEnumMembers: false, dollarOptional: false };
const beta: QueryOptionSpec = { ...v1, dollarOptional: true };

type Params = readonly (readonly [string, string])[];

test('reads every supported option', () => {
  const options = readQueryOptions(
    [
      ['$filter', 'isAdmin'],
      ['$orderby', 'userPrincipalName desc'],
      ['$top', '5'],
      ['$select', 'id'],
      ['$count', 'true'],
      ['$skiptoken', 'abc_1'],
    ],
    v1,
  );
  assert.deepEqual(options, {
    filterText: 'isAdmin',
    filter: { kind: 'compare', op: 'eq', property: 'isAdmin', value: { kind: 'boolean', value: true } },
    orderby: [{ property: 'userPrincipalName', direction: 'desc' }],
    top: 5,
    select: ['id'],
    count: true,
    skiptoken: 'abc_1',
  });
  assert.ok(Object.isFrozen(options));
});

test('no options: defaults only', () => {
  assert.deepEqual(readQueryOptions([], v1), { orderby: [], count: false });
});

test('system option names are case-insensitive', () => {
  const options = readQueryOptions(
    [
      ['$Filter', 'isAdmin'],
      ['$TOP', '3'],
      ['$OrderBy', 'userDisplayName'],
    ],
    v1,
  );
  assert.equal(options.filterText, 'isAdmin');
  assert.equal(options.top, 3);
  assert.deepEqual(options.orderby, [{ property: 'userDisplayName', direction: 'asc' }]);
});

test('without dollarOptional, names without $ are custom options and ignored', () => {
  assert.deepEqual(
    readQueryOptions(
      [
        ['filter', 'nonsense'],
        ['top', 'x'],
        ['skip', '5'],
        ['api-version', '1'],
      ],
      v1,
    ),
    { orderby: [], count: false },
  );
});

test('with dollarOptional, names without $ are system options', () => {
  const options = readQueryOptions(
    [
      ['filter', 'isAdmin'],
      ['Top', '2'],
      ['custom', 'x'],
    ],
    beta,
  );
  assert.equal(options.filterText, 'isAdmin');
  assert.equal(options.top, 2);
});

test('includeUnknownEnumMembers and filter limits reach the filter parser', () => {
  assert.throws(() => readQueryOptions([['$filter', 'isAdmin or isMfaCapable']], { ...v1, filterLimits: { maxLength: 8 } }), {
    message: 'Invalid filter clause: the expression is 23 characters long; the limit is 8.',
  });
});

const refused: readonly (readonly [string, Params, QueryOptionSpec?])[] = [
  [
    "Query option '$filter' is specified more than once.",
    [
      ['$filter', 'isAdmin'],
      ['$filter', 'isAdmin'],
    ],
  ],
  [
    "Query option '$filter' is specified more than once.",
    [
      ['$filter', 'isAdmin'],
      ['$FILTER', 'isAdmin'],
    ],
  ],
  [
    "Query option '$top' is specified more than once.",
    [
      ['top', '1'],
      ['$top', '1'],
    ],
    beta,
  ],
  ["Query option '$skip' is not supported for this resource. Use @odata.nextLink to page.", [['$skip', '10']]],
  ["Query option '$skip' is not supported for this resource. Use @odata.nextLink to page.", [['Skip', '10']], beta],
  ["Query option '$expand' is not supported for this resource. These entities have no navigation properties.", [['$expand', 'x']]],
  ["Query option '$search' is not supported for this resource. Use $filter.", [['$search', '"adele"']]],
  ["Query option '$apply' is not supported for this resource. Use $filter and count the results.", [['$apply', 'x']]],
  ["Query option '$format' is not supported for this resource. Responses are always application/json.", [['$format', 'json']]],
  ["Query option '$levels' is not supported for this resource. It only applies together with $expand.", [['$levels', '2']]],
  ["Query option '$compute' is not supported for this resource. Computed properties are not available.", [['$compute', 'x']]],
  ["Query option '$index' is not supported for this resource. It only applies to ordered collection members.", [['$index', '1']]],
  ["Query option '$deltatoken' is not supported for this resource. Delta queries are not available for these reports.", [['$deltatoken', 'x']]],
  ["Query option '$Foo' is not a known OData system query option.", [['$Foo', '1']]],
  [
    "Query option '$orderby' is not supported for this resource. Supported: $filter, $top.",
    [['$orderby', 'id']],
    { ...v1, allowed: new Set<SystemQueryOption>(['$top', '$filter']) },
  ],
  [
    "Query option '$select' is not supported for this resource. This resource takes no query options.",
    [['$select', 'id']],
    { ...v1, allowed: new Set<SystemQueryOption>() },
  ],
  ['Invalid $skiptoken: the value is empty.', [['$skiptoken', '']]],
  ["Invalid $top value '2000': expected an integer from 1 to 1000.", [['$top', '2000']]],
  ['Invalid filter clause: the expression is empty.', [['$filter', '']]],
];

for (const [message, params, spec] of refused) {
  test(`refuses ${JSON.stringify(params)}`, () => {
    assert.throws(
      () => readQueryOptions(params, spec ?? v1),
      (err: unknown) => {
        assert.ok(err instanceof ODataError);
        assert.equal(err.code, 'BadRequest');
        assert.equal(err.message, message);
        return true;
      },
    );
  });
}

test('the first problem in parameter order wins', () => {
  assert.throws(
    () =>
      readQueryOptions(
        [
          ['$skip', '1'],
          ['$filter', 'isAdmin'],
          ['$filter', 'isAdmin'],
        ],
        v1,
      ),
    { message: "Query option '$skip' is not supported for this resource. Use @odata.nextLink to page." },
  );
});
