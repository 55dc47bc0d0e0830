// Tests for the snapshot writer: byte-identical determinism, both encodings parse back, the counts
// and bytes it reports, backpressure and failing outputs, and the lazy user generator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { demoTenant } from './demo-tenant.js';
import { writeSnapshot, type SnapshotEncoding } from './write-snapshot.js';
import { PINNED_NOW } from './test-support.js';

async function render(users: number, seed: string, encoding: SnapshotEncoding): Promise<{ text: Buffer; summary: Awaited<ReturnType<typeof writeSnapshot>> }> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const summary = await writeSnapshot(demoTenant({ users, seed, now: PINNED_NOW }), out, encoding);
  out.end();
  return { text: Buffer.concat(chunks), summary };
}

for (const encoding of ['json', 'ndjson'] as const) {
  test(`${encoding}: the same seed gives identical bytes; another seed differs`, async () => {
    const a = await render(2000, 'determinism', encoding);
    const b = await render(2000, 'determinism', encoding);
    const c = await render(2000, 'determinism-2', encoding);
    assert.ok(a.text.equals(b.text));
    assert.ok(!a.text.equals(c.text));
    assert.equal(a.summary.bytes, a.text.length);
  });
}

test('json: one document, header members first, then groups, roleAssignments, users', async () => {
  const { text, summary } = await render(500, 'json', 'json');
  const doc = JSON.parse(text.toString('utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(doc), ['amrSnapshot', 'tenant', 'capturedDateTime', 'policies', 'groups', 'roleAssignments', 'users']);
  assert.equal((doc['users'] as unknown[]).length, 500);
  assert.equal((doc['groups'] as unknown[]).length, summary.groups);
  assert.equal((doc['roleAssignments'] as unknown[]).length, summary.roleAssignments);
  assert.equal(summary.users, 500);
});

test('ndjson: a header line, then one group / roleAssignment / user per line', async () => {
  const { text, summary } = await render(500, 'ndjson', 'ndjson');
  const lines = text.toString('utf8').split('\n');
  assert.equal(lines.pop(), '');
  const header = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
  assert.deepEqual(Object.keys(header), ['amrSnapshot', 'tenant', 'capturedDateTime', 'policies']);
  const kinds = lines.slice(1).map((line) => Object.keys(JSON.parse(line) as object));
  for (const k of kinds) assert.equal(k.length, 1);
  const count = (kind: string): number => kinds.filter((k) => k[0] === kind).length;
  assert.deepEqual([count('group'), count('roleAssignment'), count('user')], [summary.groups, summary.roleAssignments, 500]);
  assert.equal(kinds.length, summary.groups + summary.roleAssignments + 500);
});

test('non-ASCII names are counted in UTF-8 bytes', async () => {
  const { text, summary } = await render(300, 'utf8', 'ndjson');
  assert.ok(text.toString('utf8').length < text.length, 'expected multi-byte characters');
  assert.equal(summary.bytes, text.length);
});

test('honours backpressure: a slow, tiny-buffered sink still receives everything in order', async () => {
  const chunks: Buffer[] = [];
  let writes = 0;
  let overruns = 0;
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      setTimeout(done, 1);
    },
  });
  // Writing again while the stream still asks for 'drain' is exactly what backpressure forbids.
  const write = slow.write.bind(slow) as (chunk: Buffer) => boolean;
  (slow as unknown as { write: (chunk: Buffer) => boolean }).write = (chunk) => {
    writes++;
    if (slow.writableNeedDrain) overruns++;
    return write(chunk);
  };
  const summary = await writeSnapshot(demoTenant({ users: 3000, seed: 'slow', now: PINNED_NOW }), slow, 'ndjson');
  assert.ok(writes > 2, `only ${writes} writes`);
  assert.equal(overruns, 0, 'wrote while the stream needed to drain');
  const reference = await render(3000, 'slow', 'ndjson');
  assert.ok(Buffer.concat(chunks).equals(reference.text));
  assert.equal(summary.bytes, reference.text.length);
});

test('a failing output rejects instead of hanging', async () => {
  const broken = new Writable({
    highWaterMark: 1,
    write(_chunk: unknown, _enc, done) {
      setImmediate(() => done(new Error('disk full')));
    },
  });
  broken.on('error', () => {
    /* also observed by the writer */
  });
  await assert.rejects(writeSnapshot(demoTenant({ users: 3000, seed: 'broken', now: PINNED_NOW }), broken, 'json'), /disk full|closed/);
});

test('users() is lazy: ten users of a million-user tenant come at once', () => {
  const started = performance.now();
  const tenant = demoTenant({ users: 1_000_000, seed: 'lazy', now: PINNED_NOW });
  const first: unknown[] = [];
  for (const u of tenant.users()) {
    first.push(u);
    if (first.length === 10) break;
  }
  assert.equal(first.length, 10);
  assert.equal(tenant.userCount, 1_000_000);
  assert.ok(performance.now() - started < 500, `took ${performance.now() - started} ms`);
});
