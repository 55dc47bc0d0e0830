// Round trip through amr's own snapshot reader (ingest/snapshot): both encodings of a demo tenant
// are accepted whole, with the counts the writer reported and the unknown method type kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { readSnapshot, type SnapshotSink } from '../ingest/snapshot/index.js';
import { demoTenant } from './demo-tenant.js';
import { FUTURE_METHOD_TYPE } from './other-methods.js';
import { PINNED_NOW } from './test-support.js';
import { writeSnapshot } from './write-snapshot.js';

async function* once(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer;
}

for (const encoding of ['json', 'ndjson'] as const) {
  test(`${encoding}: the snapshot reader accepts the demo tenant whole`, async () => {
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (c: Buffer) => chunks.push(c));
    const written = await writeSnapshot(demoTenant({ users: 2000, seed: 'reader', now: PINNED_NOW }), out, encoding);
    out.end();
    let users = 0;
    let deleted = 0;
    const sink: SnapshotSink = {
      header: () => undefined,
      users: (batch) => {
        users += batch.length;
        deleted += batch.filter((u) => u.deleted).length;
      },
      groups: () => undefined,
      roleAssignments: () => undefined,
    };
    const read = await readSnapshot(once(Buffer.concat(chunks)), { sourceName: `demo.${encoding}`, now: () => PINNED_NOW, encoding }, sink);
    assert.equal(read.encoding, encoding);
    assert.deepEqual([read.users, read.groups, read.roleAssignments], [written.users, written.groups, written.roleAssignments]);
    assert.equal(users, 2000);
    assert.ok(deleted > 0, 'no soft-deleted user came through');
    assert.ok((read.methodsByType[FUTURE_METHOD_TYPE] ?? 0) > 0, JSON.stringify(read.methodsByType));
  });
}
