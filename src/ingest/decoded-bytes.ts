// The text bytes of an ingest input: gunzipped when it starts with gzip's magic bytes, UTF-8 BOM
// removed, checked to be UTF-8 (decision 0054).
import { ChunkPeeker } from './chunk-peeker.js';
import { gunzipChunks, isGzip } from './gzip.js';
import { checkedUtf8, type Utf8Fault } from './utf8-check.js';

const BOM = [0xef, 0xbb, 0xbf] as const;

export interface DecodeInfo {
  /** Set once the first bytes have been seen. */
  compressed: boolean;
}

/**
 * Yields the decoded bytes. Closing this generator (a reader that stops early) closes the whole
 * chain down to the source. zlib errors pass through unchanged (see isZlibError); bytes that are not
 * UTF-8 throw `badUtf8`'s error, after the bytes before them.
 */
export async function* decodedBytes(raw: AsyncGenerator<Buffer>, info: DecodeInfo, badUtf8: Utf8Fault): AsyncGenerator<Buffer> {
  const outer = new ChunkPeeker(raw);
  try {
    info.compressed = isGzip(await outer.peek(2));
    // Compressed: tearing down the gunzip pipeline closes the source, without waiting on a stalled one.
    yield* checkedUtf8(withoutBom(info.compressed ? gunzipChunks(outer.rest()) : outer.rest()), badUtf8);
  } finally {
    if (!info.compressed) await outer.close();
  }
}

/** JSON.parse refuses a byte-order mark, and writers on Windows often add one. */
async function* withoutBom(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let head: Buffer | null = Buffer.alloc(0);
  for await (const chunk of chunks) {
    if (head === null) {
      yield chunk;
      continue;
    }
    const joined: Buffer = Buffer.concat([head, chunk]);
    if (joined.length < BOM.length && isBomPrefix(joined)) {
      head = joined; // one-byte chunks: wait for enough bytes to decide
      continue;
    }
    head = null;
    const rest = isBomPrefix(joined) ? joined.subarray(BOM.length) : joined;
    if (rest.length > 0) yield rest;
  }
  if (head !== null && head.length > 0) yield head;
}

/** Whether buf's bytes agree with the BOM as far as both go. */
function isBomPrefix(buf: Buffer): boolean {
  return BOM.every((b, i) => i >= buf.length || buf[i] === b);
}
