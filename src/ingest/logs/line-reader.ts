// Reads NDJSON (JSON lines): each line one record, one Azure Monitor {"records":[…]} object, one Graph
// page or one array. A line that cannot be read is refused with its number; the next line is read on.
import type { ChunkParser } from '../snapshot/chunk-parser.js';
import type { LogBatcher } from './log-batcher.js';
import { LogFileError } from './log-file-error.js';
import type { RecordRouter } from './record-router.js';
import { cutText } from './refused-text.js';
import { isJsonBlank } from '../json-blank.js';

const NEWLINE = 0x0a;
/** A line longer than this is refused (and skipped to its end) rather than held: NDJSON lines are records. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;


export class LineReader implements ChunkParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private line = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** The current line was refused as too long: drop its bytes up to its end. */
  private skipping = false;
  /** Whether any line held more than blanks (an NDJSON of none reads as `empty`). */
  sawValue = false;

  constructor(private readonly router: RecordRouter, private readonly out: LogBatcher) {}

  feed(buf: Buffer): void {
    this.buf = buf;
    this.pos = 0;
  }

  step(): boolean {
    const buf = this.buf;
    while (this.pos < buf.length) {
      const nl = buf.indexOf(NEWLINE, this.pos);
      if (nl < 0) {
        this.carry(buf.subarray(this.pos));
        this.pos = buf.length;
        return true;
      }
      this.line++;
      if (this.skipping) {
        this.skipping = false;
        this.pos = nl + 1;
        continue;
      }
      const text = this.takeLine(buf, nl);
      this.pos = nl + 1;
      this.handle(text, true);
      if (this.out.ready) return false;
    }
    return true;
  }

  /** The last line without a line end: a truncated NDJSON refuses that line only; every earlier line stands. */
  end(): void {
    if (this.parts.length === 0 || this.skipping) return;
    this.line++;
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.handle(text, false);
  }

  private takeLine(buf: Buffer, nl: number): string {
    if (this.parts.length === 0) return buf.toString('utf8', this.pos, nl);
    this.parts.push(buf.subarray(this.pos, nl));
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.partBytes = 0;
    return text;
  }

  /** The chunk ended mid-line: keep a copy (the source may reuse its chunk), up to MAX_LINE_BYTES. */
  private carry(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    this.partBytes += part.length;
    if (this.partBytes <= MAX_LINE_BYTES) {
      this.parts.push(Buffer.from(part));
      return;
    }
    const head = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.partBytes = 0;
    this.skipping = true;
    this.router.refuse(`line ${this.line + 1}`, `is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB: not read (an NDJSON line holds one record or one Event Hub message)`, cutText(head));
  }

  private handle(text: string, terminated: boolean): void {
    if (isJsonBlank(text)) return;
    const where = `line ${this.line}`;
    if (!this.sawValue) this.firstLine(text, where);
    this.router.routeText(text, where, null, terminated ? '' : ' (the last line has no line end: the file looks truncated)');
  }

  /** A first line that is no JSON value, or only the `{` of a multi-line document, makes the whole file suspect. */
  private firstLine(text: string, where: string): void {
    this.sawValue = true;
    const trimmed = text.trim();
    const c = trimmed.charCodeAt(0);
    if (c !== 0x7b && c !== 0x5b) {
      throw new LogFileError(where, `not JSON or NDJSON: expected a JSON object or array, found ${JSON.stringify(trimmed.slice(0, 40))}`);
    }
    if (trimmed === '{' || trimmed === '[') {
      throw new LogFileError(where, `holds only "${trimmed}": this is a JSON document written over several lines, not NDJSON (read it with hint 'auto' or 'json')`);
    }
  }
}
