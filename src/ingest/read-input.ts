// Opens a byte input the way every reader needs it: counted (progress), gunzipped when it is gzip,
// BOM stripped, checked to be UTF-8, with a look-ahead for sniffing; a damaged gzip becomes the reader's own error,
// and the input is closed however reading ends.
import { byteChunks, type ByteSource } from './byte-chunks.js';
import { ChunkPeeker } from './chunk-peeker.js';
import { decodedBytes, type DecodeInfo } from './decoded-bytes.js';
import { isZlibError } from './gzip.js';
import type { Utf8Fault } from './utf8-check.js';

export interface OpenedInput {
  readonly ahead: ChunkPeeker;
  /** Bytes read from the input as given (compressed bytes for gzip). */
  bytes(): number;
  compressed(): boolean;
}

export function batchSizeOf(given: number | undefined): number {
  const batchSize = given ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  return batchSize;
}

export async function readInput<T>(
  input: ByteSource,
  onProgress: ((bytesRead: number) => void) | undefined,
  damagedGzip: (reason: string, cause: Error) => Error,
  badUtf8: Utf8Fault,
  read: (opened: OpenedInput) => Promise<T>,
): Promise<T> {
  let bytes = 0;
  const raw = byteChunks(input, (total) => {
    bytes = total;
    onProgress?.(total);
  });
  const info: DecodeInfo = { compressed: false };
  const ahead = new ChunkPeeker(decodedBytes(raw, info, badUtf8));
  try {
    return await read({ ahead, bytes: () => bytes, compressed: () => info.compressed });
  } catch (err) {
    if (!isZlibError(err)) throw err;
    throw damagedGzip(err.message, err);
  } finally {
    await ahead.close();
  }
}
