// Splits a byte stream into lines for the NDJSON readers (snapshots and logs): lines across chunk
// boundaries, CRLF, blank lines skipped, a bound on a line's length, and a pause whenever the
// sink wants draining. Subclasses say what a line is, and what an over-long line means.
import type { ChunkParser, Drainable } from './chunk-parser.js';
import { isJsonBlank } from './json-blank.js';

const NEWLINE = 0x0a;

export abstract class LineSplitter implements ChunkParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** The current line was given up as too long: drop its bytes up to its end. */
  private skipping = false;
  /** 1-based number of the line being handled. */
  protected line = 0;

  constructor(private readonly maxLineBytes: number, private readonly drain: Drainable) {}

  /** A line with more than blanks; `terminated` is false for a last line without its line end. */
  protected abstract onLine(text: string, terminated: boolean): void;

  /** The line being read passed maxLineBytes: throw to stop, or return to skip to its end. */
  protected abstract onTooLong(head: string): void;

  /** After the last line. */
  protected onEnd(): void {}

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
      if (!isJsonBlank(text)) this.onLine(text, true);
      if (this.drain.ready) return false;
    }
    return true;
  }

  end(): void {
    if (this.parts.length > 0 && !this.skipping) {
      this.line++;
      const text = Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
      if (!isJsonBlank(text)) this.onLine(text, false);
    }
    this.onEnd();
  }

  private takeLine(buf: Buffer, nl: number): string {
    if (this.parts.length === 0) return buf.toString('utf8', this.pos, nl);
    this.parts.push(buf.subarray(this.pos, nl));
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.partBytes = 0;
    return text;
  }

  /** The chunk ended mid-line: keep a copy (the source may reuse its chunk), up to the bound. */
  private carry(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    this.partBytes += part.length;
    if (this.partBytes <= this.maxLineBytes) {
      this.parts.push(Buffer.from(part));
      return;
    }
    const head = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.partBytes = 0;
    this.onTooLong(head);
    this.skipping = true;
  }
}
