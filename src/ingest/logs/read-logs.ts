// Reads an Entra audit or sign-in log export (entra-rules §4), streaming: gzip or not, NDJSON or a JSON
// document, Graph objects, Azure Monitor records or Log Analytics rows, into normalised records.
import type { ByteSource } from '../byte-chunks.js';
import type { ChunkPeeker } from '../chunk-peeker.js';
import { batchSizeOf, readInput } from '../read-input.js';
import { pump, sniff, type ChunkParser } from '../chunk-parser.js';
import { DocumentVisitor } from './document-visitor.js';
import { JsonWalker } from '../json-walker.js';
import { LogBatcher } from './log-batcher.js';
import { LogFileError } from './log-file-error.js';
import type { LogHint, LogReadSummary, LogSink, ReadLogsOptions } from './log-sink.js';
import { LineReader } from './line-reader.js';
import { RecordRouter } from './record-router.js';
import { FramingSniffer, type Framing } from './sniff-framing.js';
import { timeWindow } from '../time-window.js';
import { parseLimitsOf, type ParseLimits } from '../parse-limits.js';
import { utf8Message } from '../utf8-check.js';

/**
 * Streams the records of `input` into `sink`, awaiting each batch. A record that cannot be read is
 * refused (sink.refused) and reading goes on; a file that cannot be read throws LogFileError, after
 * the batches read before the fault have reached the sink.
 */
export async function readLogs(input: ByteSource, options: ReadLogsOptions, sink: LogSink): Promise<LogReadSummary> {
  const batchSize = batchSizeOf(options.batchSize);
  const limits = parseLimitsOf(options.limits);
  const damaged = (reason: string, cause: Error) => new LogFileError('gzip', `the compressed input is damaged or truncated: ${reason}`, { cause });
  const badUtf8 = (at: number, reason: string) => new LogFileError(`byte ${at}`, utf8Message(at, reason));
  return readInput(input, options.onProgress, damaged, badUtf8, async ({ ahead, bytes, compressed }) => {
    const framing = await chooseFraming(ahead, options.hint ?? 'auto');
    const out = new LogBatcher(sink, batchSize);
    const router = new RecordRouter(out, timeWindow((options.now ?? (() => new Date()))()));
    const { parser, container } = parserFor(framing, router, out, limits);
    await pump(ahead.rest(), parser, out, options.signal);
    if (container() === 'empty') {
      throw new LogFileError('byte 0', `the input holds no JSON value (it is empty or only blanks): expected a log export (NDJSON or a JSON document)`);
    }
    const counts = await out.finish();
    const format = counts.shapes.length === 0 ? container() : `${container()}:${counts.shapes.join('+')}`;
    const { shapes: _, ...rest } = counts;
    return { bytes: bytes(), compressed: compressed(), format, ...rest };
  });
}

/** The reader for the framing, and what it found the input to be (the first half of LogReadSummary.format). */
function parserFor(framing: Framing, router: RecordRouter, out: LogBatcher, limits: ParseLimits): { parser: ChunkParser; container: () => string } {
  if (framing === 'ndjson') {
    const lines = new LineReader(router, out, limits);
    return { parser: lines, container: () => (lines.sawValue ? 'ndjson' : 'empty') };
  }
  const visitor = new DocumentVisitor(router, out, limits);
  return { parser: new JsonWalker(visitor), container: () => visitor.framing };
}

/** Follows the hint when it names a framing; otherwise sniffs the first bytes (kept for the reader). */
async function chooseFraming(ahead: ChunkPeeker, hint: LogHint): Promise<Framing> {
  if (hint !== 'auto') return hint;
  const sniffer = new FramingSniffer();
  return sniff(ahead, sniffer, () => sniffer.atEnd());
}

/**
 * The hint a file name gives: `.ndjson` / `.jsonl` → ndjson; anything else → auto, `.json` included,
 * since Azure storage writes JSON lines into `PT1H.json` blobs. A trailing `.gz` is ignored.
 */
export function logHintFromFileName(name: string): LogHint {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  return lower.endsWith('.ndjson') || lower.endsWith('.jsonl') ? 'ndjson' : 'auto';
}
