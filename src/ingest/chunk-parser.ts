// The shape shared by every streaming reader (snapshot JSON and NDJSON, log lines and documents),
// and the two loops that drive one: pumping chunks with backpressure, and sniffing the framing.
import type { ChunkPeeker } from './chunk-peeker.js';

export interface ChunkParser {
  /** Hands over the next chunk; the previous one has been fully stepped through. */
  feed(buf: Buffer): void;
  /** Scans on in the current chunk: true when it is used up, false when it paused for the sink to drain. */
  step(): boolean;
  /** The input ended: refuses what is incomplete, settles what is pending. */
  end(): void;
}

/** What a parser hands records to: it asks to be drained when a batch is full. */
export interface Drainable {
  readonly ready: boolean;
  drain(): Promise<void>;
}

/**
 * How long a reader works before it lets the event loop run. A buffered stream hands chunks over
 * without one, and the SQLite writer thread's replies (decision 0012) wait for it.
 */
const YIELD_EVERY_MS = 2;

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Chunks are fed in slices of at most this many bytes, so the time is checked often enough. */
const SLICE_BYTES = 64 * 1024;

/**
 * Feeds every chunk to the parser, draining the sink whenever it pauses or fills (backpressure).
 * Once `signal` aborts (the server shutting down), throws its reason at the next slice: an input
 * of endless small records that never reaches the store is stopped too.
 */
export async function pump(chunks: AsyncIterable<Buffer>, parser: ChunkParser, out: Drainable, signal?: AbortSignal): Promise<void> {
  let since = performance.now();
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
      signal?.throwIfAborted();
      parser.feed(at === 0 && chunk.length <= SLICE_BYTES ? chunk : chunk.subarray(at, at + SLICE_BYTES));
      while (!parser.step()) await out.drain();
      if (out.ready) await out.drain();
      if (performance.now() - since >= YIELD_EVERY_MS) {
        await macrotask();
        since = performance.now();
      }
    }
  }
  parser.end();
}

/** Decides the framing from the first bytes; the peeker keeps them for the reader. */
export async function sniff<T>(ahead: ChunkPeeker, sniffer: { feed(buf: Buffer): T | null }, atEnd: () => T): Promise<T> {
  for (;;) {
    const chunk = await ahead.pull();
    if (chunk === null) return atEnd();
    const found = sniffer.feed(chunk);
    if (found !== null) return found;
  }
}
