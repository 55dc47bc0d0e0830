// Input that is not UTF-8, and `\uD800`-style escapes that are no Unicode character, are refused with
// their place (decision 0054) instead of silently becoming U+FFFD: snapshots and logs, any chunking.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstInvalidUtf8 } from './utf8-check.js';
import { jsonDoc, ndjson, read, readError, user } from './snapshot/test-support.js';
import * as logs from './logs/test-support.js';
import { graphSignIn } from './logs/sample-logs.js';
import { chunkBoundaryRefusalSuite } from '../test-support/chunk-boundary-suite.js';

const BAD: readonly (readonly [string, readonly number[], RegExp])[] = [
  ['an overlong "/"', [0xc0, 0xaf], /overlong/],
  ['an overlong 3-byte form', [0xe0, 0x80, 0xaf], /overlong/],
  ['a lone continuation byte', [0x80], /continuation byte \(0x80\) with no sequence/],
  ['a cut 3-byte sequence', [0xe2, 0x82, 0x41], /cut short/],
  ['a surrogate encoded as UTF-8', [0xed, 0xa0, 0x80], /surrogate/],
  ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], /past U\+10FFFF/],
  ['byte 0xff', [0xff], /never occurs/],
];

/** `text` with the bytes put where the backtick is. */
const withBytes = (text: string, bytes: readonly number[]): Buffer => {
  const at = text.indexOf('`');
  return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bytes), Buffer.from(text.slice(at + 1))]);
};

describe('UTF-8 check', () => {
  it('finds the first bad byte and says why; well-formed text (4-byte characters too) passes', () => {
    for (const [name, bytes, reason] of BAD) {
      const bad = firstInvalidUtf8(Buffer.from([0x61, ...bytes, 0x62]));
      assert.equal(bad?.index, 1, name);
      assert.match(bad?.reason ?? '', reason, name);
    }
    assert.equal(firstInvalidUtf8(Buffer.from('é 山 🙂 \u{10ffff}')), null);
  });

  for (const [name, bytes] of BAD) {
    it(`a snapshot holding ${name} is refused at its byte offset (JSON and NDJSON)`, async () => {
      const doc = jsonDoc([user('a', { displayName: '`' })]);
      const err = await readError(withBytes(doc, bytes));
      assert.equal(err.where, `byte ${doc.indexOf('`')}`);
      assert.match(err.message, /^the input is not valid UTF-8 at byte \d+ \(counted after gunzip\): .*; save the file as UTF-8$/);
      const nd = ndjson([{ user: user('a', { displayName: '`' }) }]);
      assert.equal((await readError(withBytes(nd, bytes))).where, `byte ${nd.indexOf('`')}`);
    });
  }

  it('a log with bad UTF-8 stops at its byte offset, after the records before it', async () => {
    const text = `${JSON.stringify(graphSignIn(1))}\n${JSON.stringify({ ...graphSignIn(2), userDisplayName: '`' })}\n`;
    const { error, sink } = await logs.readError(withBytes(text, [0xc0, 0xaf]), { batchSize: 1 });
    assert.equal(error.where, `byte ${text.indexOf('`')}`);
    assert.equal(sink.signInList.length, 1);
  });

  it('a sequence cut by the end of the input is refused', async () => {
    const err = await readError(Buffer.concat([Buffer.from(jsonDoc([user('a')])), Buffer.from([0xe2, 0x82])]));
    assert.match(err.message, /cut short by the end of the input/);
  });

  const doc = withBytes(jsonDoc([user('a', { displayName: 'Zoë 🙂' }), user('b', { displayName: 'x`y' })]), [0xe2, 0x28, 0xa1]);
  chunkBoundaryRefusalSuite('a snapshot with a broken 3-byte sequence', doc, {
    errorOf: async (bytes) => {
      const e = await readError(bytes);
      return [e.where, e.message];
    },
    seeds: 10,
    maxChunk: 40,
    splitStep: () => 1,
  });
});

describe('lone surrogate escapes', () => {
  it('a snapshot user with "\\ud800" or a lone low half is refused with its place; pairs and escaped backslashes are read', async () => {
    const lone = await readError(jsonDoc([user('a')]).replace('"User a"', '"x\\ud800y"'));
    assert.equal(lone.where, 'users[0]');
    assert.match(lone.message, /^the escape "\\ud800" at byte \d+ is half of a UTF-16 surrogate pair with no other half/);
    assert.equal((await readError(jsonDoc([user('a')]).replace('"User a"', '"\\uDC00"'))).where, 'users[0]');
    assert.equal((await readError(jsonDoc([user('a')]).replace('"User a"', '"\\ud800\\u0041"'))).where, 'users[0]');
    assert.equal((await readError(ndjson([{ user: user('a') }]).replace('"User a"', '"\\ud800"'))).where, 'line 2');
    const ok = await read(jsonDoc([user('a')]).replace('"User a"', '"\\\\ud800 \\ud83d\\ude00 \\\\\\ud83d\\ude00"'));
    assert.equal(ok.sink.userList[0]?.displayName, '\\ud800 😀 \\😀');
  });

  it('a member name with a lone surrogate is refused', async () => {
    const err = await readError(jsonDoc([user('a')]).replace('"amrSnapshot"', '"\\ud800":1,"amrSnapshot"'));
    assert.match(err.message, /half of a UTF-16 surrogate pair/);
  });

  it('a log record with a lone surrogate is refused alone; the next is read', async () => {
    const text = `${JSON.stringify({ ...graphSignIn(1), userDisplayName: 'LONE' }).replace('LONE', '\\udfff')}\n${JSON.stringify(graphSignIn(2))}\n`;
    const { sink } = await logs.read(text);
    assert.deepEqual(
      sink.refusedList.map((r) => r.where),
      ['line 1'],
    );
    assert.match(sink.refusedList[0]?.reason ?? '', /the escape "\\udfff" is half of a UTF-16 surrogate pair/);
    assert.equal(sink.signInList.length, 1);
    const page = JSON.stringify({ value: [{ ...graphSignIn(1), userDisplayName: 'LONE' }, graphSignIn(2)] }, null, 1).replace('LONE', '\\ud800');
    assert.deepEqual(
      (await logs.read(page)).sink.refusedList.map((r) => r.where),
      ['value[0]'],
    );
  });
});
