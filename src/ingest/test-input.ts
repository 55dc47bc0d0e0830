// Inputs for the readers' tests (snapshot/ and logs/): bytes as a stream of chunks, the way a file
// or request body arrives, cut at sizes a seeded generator draws.

export type Input = string | Buffer | readonly Buffer[];

/** The input as an async stream of chunks, the way a file or request body arrives. */
export async function* streamOf(input: Input): AsyncGenerator<Buffer> {
  if (typeof input === 'string') yield Buffer.from(input, 'utf8');
  else if (Buffer.isBuffer(input)) yield input;
  else yield* input;
}

/** Splits bytes into chunks whose sizes `nextSize` draws (1 for byte-by-byte). */
export function chunked(bytes: Buffer, nextSize: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length;) {
    const size = Math.max(1, nextSize());
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  return chunks;
}

/** A small deterministic generator (mulberry32) so random chunkings can be replayed from a seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
