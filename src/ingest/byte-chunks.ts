// Turns any byte source (a Node stream, string-mode included, or an async iterable) into Buffers, counting them.
/** What ingest readers accept: a Node readable stream or any async iterable of bytes. */
export type ByteSource = NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

/**
 * Yields the source's chunks as Buffers (no copy for Uint8Arrays) and reports the running byte
 * total after each chunk. Leaving the loop early closes the source, so a refused input stops being read.
 */
export async function* byteChunks(source: ByteSource, onBytes?: (total: number) => void): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const buf =
      typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (buf.length === 0) continue;
    total += buf.length;
    onBytes?.(total);
    yield buf;
  }
}
