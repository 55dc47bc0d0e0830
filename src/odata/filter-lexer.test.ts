// Table tests of the $filter lexer: token kinds, values and 1-based positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './filter-lexer.js';

const brief = (text: string): string[] => tokenize(text).map((t) => `${t.kind}:${t.typeName === undefined ? '' : `${t.typeName}|`}${t.value}@${t.position}`);

const cases: readonly (readonly [string, readonly string[]])[] = [
  ["a eq 'x'", ['identifier:a@1', 'identifier:eq@3', 'string:x@6', 'end:@9']],
  ["'it''s'", ["string:it's@1", 'end:@8']],
  ["''''", ["string:'@1", 'end:@5']],
  ['x/any(y:y)', ['identifier:x@1', 'slash:/@2', 'identifier:any@3', 'open:(@6', 'identifier:y@7', 'colon::@8', 'identifier:y@9', 'close:)@10', 'end:@11']],
  ['-5 42 007', ['integer:-5@1', 'integer:42@4', 'integer:007@7', 'end:@10']],
  ['2026-01-01T00:00:00Z)', ['dateTimeOffset:2026-01-01T00:00:00.0000000Z@1', 'close:)@21', 'end:@22']],
  ['2026-06-30T23:30:00-02:00', ['dateTimeOffset:2026-07-01T01:30:00.0000000Z@1', 'end:@26']],
  ['ABCDEF01-2345-6789-abcd-ef0123456789', ['guid:abcdef01-2345-6789-abcd-ef0123456789@1', 'end:@37']],
  ['12345678-1234-1234-1234-123456789012,', ['guid:12345678-1234-1234-1234-123456789012@1', 'comma:,@37', 'end:@38']],
  ["microsoft.graph.featureType'reset'", ['enum:microsoft.graph.featureType|reset@1', 'end:@35']],
  ["featureType'reset'", ['enum:featureType|reset@1', 'end:@19']],
  ['a.b c_1', ['identifier:a.b@1', 'identifier:c_1@5', 'end:@8']],
  ['  ', ['end:@3']],
  ['deadbeef', ['identifier:deadbeef@1', 'end:@9']],
];

for (const [text, expected] of cases) {
  test(`tokenizes ${JSON.stringify(text)}`, () => {
    assert.deepEqual(brief(text), expected);
  });
}

test('a GUID-shaped run followed by a letter is not a GUID', () => {
  assert.throws(() => tokenize('12345678-1234-1234-1234-123456789012x'), {
    message: "Invalid filter clause: unexpected character 'x' after a number at position 37.",
  });
});

test('an astral character is reported whole', () => {
  assert.throws(() => tokenize('a eq 😀'), { message: "Invalid filter clause: unexpected character '😀' at position 6." });
});
