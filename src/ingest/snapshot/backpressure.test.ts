// Tests that the reader keeps memory bounded: it awaits the sink, pulls the source only when ready,
// and stops reading (closing the source) once it refuses the input or the sink fails.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { SlowStore } from '../../test-support/slow-sink.js';
import { gzipSync } from 'node:zlib';
import type { SnapshotUser } from '../../reports/model.js';
import { readSnapshot } from './read-snapshot.js';
import type { SnapshotSink } from './snapshot-sink.js';
import { FIXED_NOW, HEADER, user } from './test-support.js';

const USERS = 200_000;
const PER_CHUNK = 50;
const BATCH = 1000;

/** A lazily generated snapshot: each chunk is made only when the reader asks for it. */
async function* generated(encoding: 'json' | 'ndjson', users: number, onUsers: (n: number) => void, onClose = (): void => undefined): AsyncGenerator<Buffer> {
  try {
    yield Buffer.from(encoding === 'json' ? `{"amrSnapshot":1,"tenant":${JSON.stringify(HEADER.tenant)},"users":[` : `${JSON.stringify(HEADER)}\n`);
    for (let i = 0; i < users; i += PER_CHUNK) {
      const n = Math.min(PER_CHUNK, users - i);
      const records = Array.from({ length: n }, (_, k) => JSON.stringify(encoding === 'json' ? user(`u${i + k}`) : { user: user(`u${i + k}`) }));
      onUsers(n);
      yield Buffer.from(encoding === 'json' ? `${i === 0 ? '' : ','}${records.join(',')}` : `${records.join('\n')}\n`);
    }
    if (encoding === 'json') yield Buffer.from(']}');
  } finally {
    onClose();
  }
}

/** A sink that takes its time (SlowStore); only users count as stored. */
class SlowSink extends SlowStore implements SnapshotSink {
  async header(): Promise<void> {
    await this.store(0);
  }

  async users(batch: readonly SnapshotUser[]): Promise<void> {
    await this.store(batch.length);
  }

  groups(): void {}
  roleAssignments(): void {}
}

describe('readSnapshot: backpressure and bounded memory', () => {
  for (const encoding of ['json', 'ndjson'] as const) {
    it(`${encoding}: 200,000 users with a slow sink never hold more than a batch and a chunk in flight`, async () => {
      const sink = new SlowSink();
      const summary = await readSnapshot(
        generated(encoding, USERS, (n) => sink.onMade(n)),
        { sourceName: 't', now: () => FIXED_NOW, batchSize: BATCH },
        sink,
      );
      assert.equal(summary.users, USERS);
      assert.equal(sink.stored, USERS);
      assert.ok(sink.maxInFlight <= BATCH + 2 * PER_CHUNK, `max users in flight ${sink.maxInFlight}`);
      assert.equal(sink.maxActive, 1, 'sink calls never overlap');
      assert.equal(sink.pulledWhileBusy, 0, 'the source is not read while the sink is busy');
    });
  }

  it('a small batch size bounds memory as tightly', async () => {
    const sink = new SlowSink();
    await readSnapshot(
      generated('json', 5000, (n) => sink.onMade(n)),
      { sourceName: 't', now: () => FIXED_NOW, batchSize: 10 },
      sink,
    );
    assert.ok(sink.maxInFlight <= 10 + 2 * PER_CHUNK, `max users in flight ${sink.maxInFlight}`);
  });

  it('stops reading and closes the source at the first refused record', async () => {
    let produced = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from(`{"amrSnapshot":1,"users":[${JSON.stringify(user('bad', { accountEnabled: 'yes' }))}`);
        for (;;) {
          produced++;
          yield Buffer.from(`,${JSON.stringify(user(`u${produced}`))}`);
        }
      } finally {
        closed = true;
      }
    }
    const sink = new SlowSink();
    await assert.rejects(readSnapshot(endless(), { sourceName: 't', now: () => FIXED_NOW }, sink), { name: 'SnapshotError', where: 'users[0].accountEnabled' });
    assert.ok(closed, 'the source was closed');
    assert.ok(produced < 5, `read on after the fault: ${produced}`);
  });

  it("passes a failing sink's error through unchanged and closes the source", async () => {
    let closed = false;
    const failure = new Error('disk full');
    const sink: SnapshotSink = {
      header: () => undefined,
      users: () => {
        throw failure;
      },
      groups: () => undefined,
      roleAssignments: () => undefined,
    };
    const source = generated(
      'ndjson',
      10_000,
      () => undefined,
      () => {
        closed = true;
      },
    );
    await assert.rejects(readSnapshot(source, { sourceName: 't', now: () => FIXED_NOW, batchSize: 100 }, sink), (err) => err === failure);
    assert.ok(closed);
  });

  it('closes the source of a gzip input when it refuses it', async () => {
    const text = `{"amrSnapshot":2,"users":[${Array.from({ length: 3000 }, (_, i) => JSON.stringify(user(`u${i}`))).join(',')}]}`;
    const gz = gzipSync(text);
    let closed = false;
    let pulled = 0;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        for (let i = 0; i < gz.length; i += 64) {
          pulled++;
          yield gz.subarray(i, i + 64);
        }
      } finally {
        closed = true;
      }
    }
    await assert.rejects(readSnapshot(source(), { sourceName: 't', now: () => FIXED_NOW }, new SlowSink()), { where: 'amrSnapshot' });
    await delay(10); // the pipeline tears down asynchronously
    assert.ok(closed, 'the source was closed');
    assert.ok(pulled < Math.ceil(gz.length / 64), 'the source was not read to its end');
  });
});
