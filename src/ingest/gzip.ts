// Gzip support for ingest inputs: detection by magic bytes and streamed decompression with node:zlib.
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** RFC 1952 §2.3.1: every gzip member starts with ID1 0x1f, ID2 0x8b. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** A zlib failure: the compressed bytes are damaged or end early (codes Z_DATA_ERROR, Z_BUF_ERROR…). */
export function isZlibError(err: unknown): err is Error & { readonly code: string } {
  if (!(err instanceof Error)) return false;
  const code = 'code' in err ? err.code : undefined;
  return typeof code === 'string' && code.startsWith('Z_');
}

/**
 * Decompresses a gzip byte stream (several concatenated members included). Backpressure holds:
 * zlib is read only as fast as the caller iterates. Leaving the loop early destroys the whole chain.
 */
export function gunzipChunks(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  // Errors of either side reach the caller through gunzip's iterator; the callback only keeps
  // pipeline from reporting them a second time as unhandled.
  pipeline(Readable.from(copies(source)), gunzip, () => undefined);
  return gunzip;
}

/** zlib works on a chunk after the source has moved on, and a source may reuse its buffer. */
async function* copies(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of source) yield Buffer.from(chunk);
}
