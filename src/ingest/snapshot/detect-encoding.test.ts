// Tests for telling JSON documents from NDJSON by content, and for the file-name / content-type hints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodingFromContentType, encodingFromFileName, EncodingSniffer, type SnapshotEncoding } from './detect-encoding.js';
import { SNIFF_LIMIT } from '../parse-limits.js';
import { HEADER, user } from './test-support.js';

/** Feeds byte by byte; returns the decision and how many bytes it took. */
function sniff(text: string): { encoding: SnapshotEncoding | null; after: number } {
  const sniffer = new EncodingSniffer();
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i++) {
    const encoding = sniffer.feed(bytes.subarray(i, i + 1));
    if (encoding !== null) return { encoding, after: i + 1 };
  }
  return { encoding: null, after: bytes.length };
}

describe('EncodingSniffer', () => {
  const header = JSON.stringify({ ...HEADER, policies: { legacyMfaPolicy: { methods: ['sms'] } }, note: 'a "users": [ in a string' });

  it('calls a first line that is a whole object without users NDJSON', () => {
    assert.deepEqual(sniff(`${header}\n{"user":{}}\n`), { encoding: 'ndjson', after: header.length });
    assert.equal(sniff(`  \n${header}`).encoding, 'ndjson');
  });

  it('calls a document JSON as soon as a top-level users/groups/roleAssignments member is named', () => {
    const text = `{"amrSnapshot":1,"users":[${JSON.stringify(user('a'))}]}`;
    assert.deepEqual(sniff(text), { encoding: 'json', after: text.indexOf('[') });
    assert.equal(sniff('{"groups":[').encoding, 'json');
    assert.equal(sniff('{"x":{"users":[]}}').encoding, 'ndjson', 'only top-level members count');
  });

  it('calls a pretty-printed document JSON at its first line break', () => {
    assert.deepEqual(sniff('{\n  "amrSnapshot": 1'), { encoding: 'json', after: 2 });
  });

  it('calls anything but an object JSON, for that reader to refuse', () => {
    assert.equal(sniff('[{}]').encoding, 'json');
    assert.equal(sniff('{"a":1,,}').encoding, 'json');
  });

  it('waits while undecided and gives up on a huge first object, calling it JSON', () => {
    assert.equal(sniff('{"amrSnapshot":1,"tenant":{"id":"x"').encoding, null);
    const sniffer = new EncodingSniffer();
    assert.equal(sniffer.feed(Buffer.from(`{"x":"${'a'.repeat(SNIFF_LIMIT)}`)), 'json');
  });
});

describe('encoding hints', () => {
  it('reads file extensions, ignoring .gz', () => {
    const cases: [string, string][] = [
      ['t.ndjson', 'ndjson'],
      ['t.jsonl', 'ndjson'],
      ['T.NDJSON.GZ', 'ndjson'],
      ['t.json', 'json'],
      ['t.json.gz', 'json'],
      ['t.gz', 'auto'],
      ['t.txt', 'auto'],
    ];
    for (const [name, hint] of cases) assert.equal(encodingFromFileName(name), hint, name);
  });

  it('reads content types, ignoring parameters', () => {
    const cases: [string | undefined, string][] = [
      ['application/x-ndjson', 'ndjson'],
      ['application/jsonl; charset=utf-8', 'ndjson'],
      ['application/json; charset=utf-8', 'json'],
      ['application/gzip', 'auto'],
      [undefined, 'auto'],
    ];
    for (const [type, hint] of cases) assert.equal(encodingFromContentType(type), hint, String(type));
  });
});
