// Reads NDJSON (JSON lines): each line one record, one Azure Monitor {"records":[…]} object, one Graph
// page or one array. A line that cannot be read is refused with its number; the next line is read on.
import type { LogBatcher } from './log-batcher.js';
import { LogFileError } from './log-file-error.js';
import type { RecordRouter } from './record-router.js';
import { cutText } from './refused-text.js';
import { LineSplitter } from '../line-splitter.js';

/** A line longer than this is refused (and skipped to its end) rather than held: NDJSON lines are records. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;


export class LineReader extends LineSplitter {
  /** Whether any line held more than blanks (an NDJSON of none reads as `empty`). */
  sawValue = false;

  constructor(private readonly router: RecordRouter, out: LogBatcher) {
    super(MAX_LINE_BYTES, out);
  }

  /** A too-long line is refused and skipped; a truncated last line refuses that line only. */
  protected onTooLong(head: string): void {
    this.router.refuse(`line ${this.line + 1}`, `is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB: not read (an NDJSON line holds one record or one Event Hub message)`, cutText(head));
  }

  protected onLine(text: string, terminated: boolean): void {
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
