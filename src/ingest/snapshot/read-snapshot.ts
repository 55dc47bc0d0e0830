// Reads a tenant snapshot (tenant-snapshot.md) from a byte stream: gzip or not, JSON document or NDJSON,
// validating as it goes and handing normalised records to a sink in batches, awaiting it (backpressure).
import type { ByteSource } from '../byte-chunks.js';
import type { ChunkPeeker } from '../chunk-peeker.js';
import { batchSizeOf, readInput } from '../read-input.js';
import { pump, sniff, type ChunkParser } from '../chunk-parser.js';
import { EncodingSniffer, type EncodingHint, type SnapshotEncoding } from './detect-encoding.js';
import { JsonDocumentReader } from './json-document-reader.js';
import { NdjsonReader } from './ndjson-reader.js';
import { RecordBatcher, type PlaceOf, type RecordCounts } from './record-batcher.js';
import type { SnapshotSink } from './snapshot-sink.js';
import { SnapshotError } from '../snapshot-error.js';
import { parseLimitsOf, type ParseLimits } from '../parse-limits.js';
import { utf8Message } from '../utf8-check.js';

export interface ReadSnapshotOptions {
  /** The file name or request that is read, for the caller's messages. */
  readonly sourceName: string;
  /** 'auto' (default) decides from the content; callers pass the file extension's or content type's hint. */
  readonly encoding?: EncodingHint;
  /** Records per sink call; default 1000. */
  readonly batchSize?: number;
  /** The import time, used when the snapshot has no capturedDateTime. */
  readonly now: () => Date;
  /** Bytes read from the input so far (compressed bytes for a gzip input). */
  readonly onProgress?: (bytesRead: number) => void;
  /** Limits on one record (decision 0054); DEFAULT_PARSE_LIMITS for what is left out. */
  readonly limits?: Partial<ParseLimits>;
  /** Stops the read at its next slice once aborted (throwing the signal's reason). */
  readonly signal?: AbortSignal;
}

export interface SnapshotReadSummary extends RecordCounts {
  readonly encoding: SnapshotEncoding;
  readonly compressed: boolean;
  /** Bytes read from the input as given (compressed bytes for a gzip input). */
  readonly bytes: number;
}

/**
 * Streams the snapshot into `sink`. Throws SnapshotError at the first fault (the sink may already
 * have received batches: the caller rolls back), and stops reading the input.
 */
export async function readSnapshot(input: ByteSource, options: ReadSnapshotOptions, sink: SnapshotSink): Promise<SnapshotReadSummary> {
  const batchSize = batchSizeOf(options.batchSize);
  const limits = parseLimitsOf(options.limits);
  const damaged = (reason: string, cause: Error) => new SnapshotError('gzip', `the compressed snapshot is damaged or truncated: ${reason}`, { cause });
  const badUtf8 = (at: number, reason: string) => new SnapshotError(`byte ${at}`, utf8Message(at, reason));
  return readInput(input, options.onProgress, damaged, badUtf8, async ({ ahead, bytes, compressed }) => {
    const encoding = await chooseEncoding(ahead, options.encoding ?? 'auto');
    const placeOf: PlaceOf = encoding === 'json' ? (kind, n) => `${kind}[${n}]` : (_, n) => `line ${n}`;
    const out = new RecordBatcher(sink, batchSize, placeOf);
    const parser: ChunkParser = encoding === 'json' ? new JsonDocumentReader(out, options.now, limits) : new NdjsonReader(out, options.now, limits);
    await pump(ahead.rest(), parser, out, options.signal);
    const counts = await out.finish();
    return { encoding, compressed: compressed(), bytes: bytes(), ...counts };
  });
}

/** Follows the hint when it names an encoding; otherwise sniffs the first bytes (kept for the reader). */
async function chooseEncoding(ahead: ChunkPeeker, hint: EncodingHint): Promise<SnapshotEncoding> {
  if (hint !== 'auto') return hint;
  return sniff(ahead, new EncodingSniffer(), (): SnapshotEncoding => 'json');
}
