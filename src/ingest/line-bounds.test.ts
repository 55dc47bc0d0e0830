// The NDJSON readers check a line that arrives whole by bounds (its length, its `{` and `[` bytes)
// and, past one, by its parsed value or the meter (decision 0054, Consequences); a line cut by a
// chunk's end is metered byte by byte. Both must refuse exactly the same lines, with the same
// message and place: random lines, well-formed and not, against random limits near their size,
// read whole and cut one byte into each line (which leaves every line to the meter, in one scan
// after its first byte, so its checks come in the order they come for a whole line).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seeded } from './test-input.js';
import * as snapshots from './snapshot/test-support.js';
import * as logs from './logs/test-support.js';
import { nestsDeeperThan } from './parse-limits.js';

const SCALARS = ['1', '-2.5e3', 'true', 'null', '""', '"x"', '"{[["', '"]}"', '"a\\"[{"', '"\\\\"', '"é{"'];
const NOISE = ['[', ']', '{', '}', ',', ':', '"', ' ', 'x', '\\', '1'];

function randomValue(random: () => number, depth: number): string {
  const r = random();
  const width = Math.floor(random() * 4);
  if (depth > 0 && r < 0.4) return `[${Array.from({ length: width }, () => randomValue(random, depth - 1)).join(',')}]`;
  if (depth > 0 && r < 0.75) {
    return `{${Array.from({ length: width }, (_, k) => `${SCALARS[6 + (k % 5)]?.replace(/"$/, `${k}"`) ?? `"k${k}"`}:${randomValue(random, depth - 1)}`).join(',')}}`;
  }
  return SCALARS[Math.floor(random() * SCALARS.length)] ?? '0';
}

/** A random line: a JSON value (an object or array), often deep, sometimes with a few bytes changed. */
function randomLine(random: () => number): string {
  let text = random() < 0.5 ? `{"a":${randomValue(random, 2 + Math.floor(random() * 10))}}` : `[${randomValue(random, 2 + Math.floor(random() * 10))}]`;
  if (random() < 0.4) {
    const chars = [...text];
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
      const at = Math.floor(random() * chars.length);
      const noise = NOISE[Math.floor(random() * NOISE.length)] ?? ' ';
      if (random() < 0.5) chars.splice(at, 1, noise);
      else chars.splice(at, 0, noise.repeat(1 + Math.floor(random() * 40)));
    }
    text = chars.join('');
  }
  return `${random() < 0.2 ? '  ' : ''}${text}`;
}

/** The input cut one byte into each line: every line then reaches the meter. */
function metered(bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (let start = 0; start < bytes.length; start = bytes.indexOf(0x0a, start) + 1 || bytes.length) {
    if (start + 1 >= bytes.length) break;
    chunks.push(bytes.subarray(from, start + 1));
    from = start + 1;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

/** What a read ended in: the refusal's place, limit and message, or what reached the sink. */
async function logOutcome(
  input: Buffer | readonly Buffer[],
  limits: { maxRecordBytes: number; maxRecordElements: number; maxDepth: number },
): Promise<unknown> {
  try {
    const { sink, summary } = await logs.read(input, { limits, hint: 'ndjson' });
    return { content: sink.content(), records: summary.records };
  } catch (err) {
    return err instanceof Error ? { error: [err.name, err.message, (err as { limit?: string }).limit] } : err;
  }
}

async function snapshotOutcome(
  input: Buffer | readonly Buffer[],
  limits: { maxRecordBytes: number; maxRecordElements: number; maxDepth: number },
): Promise<unknown> {
  try {
    const { sink } = await snapshots.read(input, { limits, encoding: 'ndjson' });
    return { users: sink.userList.length };
  } catch (err) {
    return err instanceof Error ? { error: [err.name, err.message, (err as { limit?: string }).limit] } : err;
  }
}

describe('NDJSON lines: bounds on a whole line refuse exactly what the meter refuses', () => {
  it('log lines: random lines and limits, read whole and metered', async () => {
    const random = seeded(54);
    // Small lines around it, within any limits: what they are refused for (no record) does not matter.
    const first = '{"x":1}';
    let refusals = 0;
    for (let n = 0; n < 400; n++) {
      const line = randomLine(random);
      const bytes = Buffer.from(`${first}\n${line}\n${first}\n`);
      // Line limits are 16× the bytes, 2× the values, 2 more levels: chosen around this line's size.
      const limits = {
        maxRecordBytes: random() < 0.2 ? Math.max(1, Math.ceil(Buffer.byteLength(line) / 16) - 1) : 1 << 20,
        maxRecordElements: 1 + Math.floor((random() * Buffer.byteLength(line)) / 2),
        maxDepth: 1 + Math.floor(random() * 12),
      };
      const whole = await logOutcome(bytes, limits);
      if ((whole as { error?: unknown }).error !== undefined) refusals++;
      assert.deepEqual(await logOutcome(metered(bytes), limits), whole, `${line} ${JSON.stringify(limits)}`);
    }
    assert.ok(refusals > 50 && refusals < 350, `both outcomes occur (${refusals} of 400 refused)`);
  });

  it('snapshot lines: the same for {"user": …} lines', async () => {
    const random = seeded(11);
    for (let n = 0; n < 200; n++) {
      const line = `{"user":${randomLine(random)}}`;
      const bytes = Buffer.from(`${JSON.stringify(snapshots.HEADER)}\n${JSON.stringify({ user: snapshots.user('a') })}\n${line}\n`);
      const limits = {
        maxRecordBytes: 1 << 20,
        maxRecordElements: 1 + Math.floor(random() * Buffer.byteLength(line)),
        maxDepth: 1 + Math.floor(random() * 12),
      };
      const whole = await snapshotOutcome(bytes, limits);
      assert.deepEqual(await snapshotOutcome(metered(bytes), limits), whole, `${line} ${JSON.stringify(limits)}`);
    }
  });

  it('nestsDeeperThan counts the value itself, on both of its paths, and keeps a 1,000,000-deep value off the stack', () => {
    let v: unknown = 0;
    for (let i = 0; i < 10; i++) v = i % 2 === 0 ? [v] : { k: v };
    assert.deepEqual([nestsDeeperThan(v as object, 10), nestsDeeperThan(v as object, 9)], [false, true]);
    assert.deepEqual([nestsDeeperThan({ a: [1, { b: [] }], c: {} }, 4), nestsDeeperThan({ a: [1, { b: [] }], c: {} }, 3)], [false, true]);
    const deep = JSON.parse(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`) as object;
    assert.equal(nestsDeeperThan(deep, 64), true);
    assert.equal(nestsDeeperThan(deep, 2_000_000), false);
    assert.equal(nestsDeeperThan(deep, 999_999), true);
  });
});
