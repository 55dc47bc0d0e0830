// Tests that the reader keeps memory bounded: it awaits the sink, pulls the source only when ready,
// hands over batches of exactly batchSize, and closes the source when it stops early.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SlowStore } from '../../test-support/slow-sink.js';
import type { AuditRecord, SignInRecord } from '../../reports/activity-model.js';
import { LogFileError } from './log-file-error.js';
import type { LogSink, RefusedRecord } from './log-sink.js';
import { readLogs } from './read-logs.js';
import { azureMonitorRecord, graphSignIn } from './sample-logs.js';
import { read } from './test-support.js';

const RECORDS = 60_000;
const PER_CHUNK = 50;
const BATCH = 1000;

type Framing = 'ndjson' | 'page' | 'records-lines';

/** A lazily generated export: each chunk is made only when the reader asks for it. */
async function* generated(framing: Framing, records: number, onMade: (n: number) => void, onClose = (): void => undefined): AsyncGenerator<Buffer> {
  try {
    if (framing === 'page') yield Buffer.from('{"@odata.context":"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns",\n"value":[\n');
    for (let i = 0; i < records; i += PER_CHUNK) {
      const n = Math.min(PER_CHUNK, records - i);
      const made = Array.from({ length: n }, (_, k) => azureMonitorRecord('SignInLogs', graphSignIn(i + k)));
      onMade(n);
      if (framing === 'page') yield Buffer.from(`${i === 0 ? '' : ',\n'}${made.map((r) => JSON.stringify(r)).join(',\n')}`);
      else if (framing === 'ndjson') yield Buffer.from(`${made.map((r) => JSON.stringify(r)).join('\n')}\n`);
      else yield Buffer.from(`${JSON.stringify({ records: made })}\n`);
    }
    if (framing === 'page') yield Buffer.from('\n]}');
  } finally {
    onClose();
  }
}

/** A sink that takes its time (SlowStore) and notes the batch sizes it is given. */
class SlowSink extends SlowStore implements LogSink {
  readonly sizes = new Set<number>();

  async audits(batch: readonly AuditRecord[]): Promise<void> {
    await this.slowly(batch.length);
  }

  async signIns(batch: readonly SignInRecord[]): Promise<void> {
    await this.slowly(batch.length);
  }

  async refused(batch: readonly RefusedRecord[]): Promise<void> {
    await this.slowly(batch.length);
  }

  private slowly(n: number): Promise<void> {
    this.sizes.add(n);
    return this.store(n);
  }
}

describe('readLogs: backpressure and bounded memory', () => {
  for (const framing of ['ndjson', 'page', 'records-lines'] as const) {
    it(`${framing}: ${RECORDS} sign-ins with a slow sink never hold more than a batch and a chunk in flight`, async () => {
      const sink = new SlowSink();
      const summary = await readLogs(
        generated(framing, RECORDS, (n) => sink.onMade(n)),
        { sourceName: 't', batchSize: BATCH },
        sink,
      );
      assert.deepEqual([summary.signIns, sink.stored], [RECORDS, RECORDS]);
      assert.ok(sink.maxInFlight <= BATCH + 2 * PER_CHUNK, `max records in flight ${sink.maxInFlight}`);
      assert.equal(sink.maxActive, 1, 'sink calls never overlap');
      assert.equal(sink.pulledWhileBusy, 0, 'the source is not read while the sink is busy');
      assert.deepEqual([...sink.sizes], [BATCH], 'every batch holds exactly batchSize records');
    });
  }

  it('hands over batches of exactly batchSize, the rest at the end, even when one line holds more', async () => {
    const line = JSON.stringify({ records: Array.from({ length: 25 }, (_, i) => azureMonitorRecord('SignInLogs', graphSignIn(i))) });
    const { sink } = await read(`${line}\n{"id":1}\n`, { batchSize: 10 });
    assert.deepEqual(sink.calls, ['signIns:10', 'signIns:10', 'signIns:5', 'refused:1']);
  });

  it('hands refused records over early when their texts add up to 8 MiB, so huge bad lines stay bounded', async () => {
    const bad = `${JSON.stringify({ note: 'x'.repeat(70_000) })}\n`;
    const { sink } = await read(bad.repeat(300));
    // Each text is cut to 64 KiB: 128 of them make 8 MiB.
    assert.deepEqual(sink.calls, ['refused:128', 'refused:128', 'refused:44']);
  });

  it('reports progress in bytes read as they are read', async () => {
    const seen: number[] = [];
    const chunks = [Buffer.from(`${JSON.stringify(graphSignIn(1))}\n`), Buffer.from(`${JSON.stringify(graphSignIn(2))}\n`)];
    const { summary } = await read(chunks, { onProgress: (b) => seen.push(b) });
    assert.deepEqual(seen, [chunks[0]?.length, (chunks[0]?.length ?? 0) + (chunks[1]?.length ?? 0)]);
    assert.equal(summary.bytes, seen[1]);
  });

  it("passes a failing sink's error through unchanged and closes the source", async () => {
    let closed = false;
    const failure = new Error('disk full');
    const sink: LogSink = {
      audits: () => undefined,
      signIns: () => {
        throw failure;
      },
      refused: () => undefined,
    };
    const source = generated(
      'ndjson',
      10_000,
      () => undefined,
      () => {
        closed = true;
      },
    );
    await assert.rejects(readLogs(source, { sourceName: 't', batchSize: 100 }, sink), (err) => err === failure);
    assert.ok(closed);
  });

  it('stops reading and closes the source when the file cannot be read on', async () => {
    let made = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from('{"value":[\n{"id":"a"} {"id":"b"}');
        for (;;) {
          made++;
          yield Buffer.from(`,${JSON.stringify(graphSignIn(made))}`);
        }
      } finally {
        closed = true;
      }
    }
    await assert.rejects(readLogs(endless(), { sourceName: 't' }, new SlowSink()), (err) => err instanceof LogFileError && err.where === 'value[0]');
    assert.ok(closed, 'the source was closed');
    assert.ok(made < 5, `read on after the fault: ${made}`);
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await assert.rejects(read('', { batchSize: 0 }), { name: 'RangeError', message: 'batchSize must be a positive integer, got 0' });
  });
});
