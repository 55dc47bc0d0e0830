// A contract suite every streaming reader runs: however the input is cut into chunks (one byte,
// random sizes, a split at every position, gzip one byte at a time), it reads the same.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { chunked, seeded } from '../ingest/test-input.js';

/** How a suite cuts its input: random chunkings from `seeds` seeds of chunks up to `maxChunk` bytes, and splits. */
interface ChunkPlan {
  readonly seeds: number;
  readonly maxChunk: number;
  /** Positions between splits for an input of this length (1 = every byte). */
  readonly splitStep: (length: number) => number;
}

export interface ChunkSuite extends ChunkPlan {
  /** What a reader made of the input, in a form deepEqual can compare. */
  readonly contentOf: (bytes: Buffer | readonly Buffer[]) => Promise<unknown>;
}

export function chunkBoundarySuite(name: string, bytes: Buffer, s: ChunkSuite): void {
  it(`${name}: one-byte chunks read the same as one chunk`, async () => {
    assert.deepEqual(await s.contentOf(chunked(bytes, () => 1)), await s.contentOf(bytes));
  });

  it(`${name}: random chunkings read the same`, async () => {
    const whole = await s.contentOf(bytes);
    for (let seed = 1; seed <= s.seeds; seed++) {
      const random = seeded(seed);
      assert.deepEqual(await s.contentOf(chunked(bytes, () => 1 + Math.floor(random() * s.maxChunk))), whole, `seed ${seed}`);
    }
  });

  it(`${name}: a split at every byte reads the same`, async () => {
    const whole = await s.contentOf(bytes);
    for (let at = 1; at < bytes.length; at += s.splitStep(bytes.length)) {
      assert.deepEqual(await s.contentOf([bytes.subarray(0, at), bytes.subarray(at)]), whole, `split at ${at}`);
    }
  });

  it(`${name}: gzip in one-byte chunks reads the same`, async () => {
    assert.deepEqual(await s.contentOf(chunked(gzipSync(bytes), () => 1)), await s.contentOf(bytes));
  });
}

/**
 * `bytes` in chunks of `size` from one buffer that is overwritten once the reader has had each
 * chunk: a reader that keeps a chunk instead of copying what it needs reads garbage.
 */
export async function* reusedChunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  const scratch = Buffer.alloc(size);
  for (let i = 0; i < bytes.length; i += size) {
    const n = bytes.copy(scratch, 0, i, i + size);
    yield scratch.subarray(0, n);
    scratch.fill(0x7d);
  }
}

export interface RefusalSuite extends ChunkPlan {
  /** The refusal a reader gave for the input, in a form deepEqual can compare (its place and message). */
  readonly errorOf: (bytes: Buffer | readonly Buffer[]) => Promise<unknown>;
}

/** The same contract for inputs a reader refuses (a parse limit, bad UTF-8): the same refusal, however cut. */
export function chunkBoundaryRefusalSuite(name: string, bytes: Buffer, s: RefusalSuite): void {
  it(`${name}: refused the same in one-byte chunks, random chunkings, a split at every byte, and gzip`, async () => {
    const whole = await s.errorOf(bytes);
    assert.deepEqual(await s.errorOf(chunked(bytes, () => 1)), whole, 'one-byte chunks');
    for (let seed = 1; seed <= s.seeds; seed++) {
      const random = seeded(seed);
      assert.deepEqual(await s.errorOf(chunked(bytes, () => 1 + Math.floor(random() * s.maxChunk))), whole, `seed ${seed}`);
    }
    for (let at = 1; at < bytes.length; at += s.splitStep(bytes.length)) {
      assert.deepEqual(await s.errorOf([bytes.subarray(0, at), bytes.subarray(at)]), whole, `split at ${at}`);
    }
    assert.deepEqual(await s.errorOf(chunked(gzipSync(bytes), () => 1)), whole, 'gzip in one-byte chunks');
  });
}
