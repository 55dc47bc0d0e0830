// Tests that chunk boundaries anywhere (inside strings, escapes, multi-byte characters) change nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sampleJsonDocument, sampleNdjson } from './sample-snapshot.js';
import { readSnapshot } from './read-snapshot.js';
import { chunked } from '../test-input.js';
import { FIXED_NOW, HEADER, read, RecordingSink, TENANT, user } from './test-support.js';
import { chunkBoundarySuite, reusedChunks } from '../../test-support/chunk-boundary-suite.js';

// Every awkward byte sequence next to every boundary: escaped quotes and backslashes (runs of
// both parities), \u escapes, 2/3/4-byte UTF-8, an escaped member name, brackets inside strings.
const TRICKY =
  `\ufeff{"extra":{"s":"}]\\"[{","n":[1,[2,{"k":"\\\\"}]]},"amrSnapshot":1,` +
  `"\\u0075sers":[${JSON.stringify(user('é"\\', { displayName: 'Zoë 山田 🙂 \\" \\\\ \\\\\\"', note: 'tab\there \u00e9\u4e2d' }))},` +
  ` ${JSON.stringify(user('b\\\\', { displayName: '"quoted"', deletedDateTime: null }))}],` +
  `"tenant":{"id":"${TENANT}","displayName":"Ünïcødé ✓"},"groups":[{"id":"g]","members":[]}],"capturedDateTime":"2024-05-01T12:00:00Z"}`;
const SMALL_JSON = [...sampleJsonDocument({ users: 8, groups: 2, roleAssignments: 2 })].join('');
const SMALL_NDJSON = [...sampleNdjson({ users: 8, groups: 2, roleAssignments: 2 })].join('');

async function contentOf(bytes: Buffer | readonly Buffer[]): Promise<unknown> {
  return (await read(bytes, { batchSize: 3 })).sink.content();
}

describe('readSnapshot: chunk boundaries', () => {
  for (const [name, text] of [
    ['tricky JSON', TRICKY],
    ['sample JSON', SMALL_JSON],
    ['sample NDJSON', SMALL_NDJSON],
  ] as const) {
    const bytes = Buffer.from(text, 'utf8');

    chunkBoundarySuite(name, bytes, { contentOf, seeds: 30, maxChunk: 40, splitStep: (n) => (n > 4000 ? 7 : 1) });
  }

  it('keeps the characters of split strings intact', async () => {
    const { sink } = await read(chunked(Buffer.from(TRICKY), () => 1));
    assert.deepEqual(
      sink.userList.map((u) => [u.id, u.displayName]),
      [
        ['é"\\', 'Zoë 山田 🙂 \\" \\\\ \\\\\\"'],
        ['b\\\\', '"quoted"'],
      ],
    );
    assert.equal(sink.userList[0]?.properties['note'], 'tab\there é中');
    assert.deepEqual(sink.headers[0]?.tenant, { id: TENANT, displayName: 'Ünïcødé ✓', license: 'P1' });
    assert.deepEqual(
      sink.groupList.map((g) => g.id),
      ['g]'],
    );
  });

  it('does not depend on the source keeping its chunks: a reused buffer reads the same', async () => {
    // Compact JSON is sniffed to its end, so every chunk is held during the look-ahead.
    const texts = [SMALL_JSON, JSON.stringify(JSON.parse(SMALL_JSON) as unknown), SMALL_NDJSON, TRICKY];
    for (const bytes of [...texts.map((t) => Buffer.from(t)), gzipSync(SMALL_JSON, { level: 0 })]) {
      const sink = new RecordingSink();
      await readSnapshot(reusedChunks(bytes, 5), { sourceName: 't', now: () => FIXED_NOW, batchSize: 3 }, sink);
      assert.deepEqual(sink.content(), await contentOf(bytes));
    }
  });

  it('reads the header line of NDJSON split byte by byte with a BOM', async () => {
    const text = `\ufeff${JSON.stringify(HEADER)}\r\n${JSON.stringify({ user: user('a') })}\r\n`;
    const { summary } = await read(chunked(Buffer.from(text), () => 1));
    assert.deepEqual([summary.encoding, summary.users], ['ndjson', 1]);
  });
});
