// Reads NDJSON (JSON lines): each line one record, one Azure Monitor {"records":[…]} object, one Graph
// page or one array. A line that cannot be read is refused with its number; the next line is read on.
import type { LogBatcher } from './log-batcher.js';
import { LogFileError } from './log-file-error.js';
import type { RecordRouter } from './record-router.js';
import { LineSplitter } from '../line-splitter.js';
import { limitText, logLineLimits, raiseHint, type ParseLimits } from '../parse-limits.js';
import type { SnapshotError } from '../snapshot-error.js';

/**
 * A line is one record, one Event Hub message or one Graph page, with logLineLimits (decision
 * 0054). Going past one stops the file (LogFileError): no log export holds such a line, and the
 * records before it are kept as for any other fault of the file.
 */
export class LineReader extends LineSplitter {
  /** Whether any line held more than blanks (an NDJSON of none reads as `empty`). */
  sawValue = false;

  private readonly perLine: ParseLimits;

  constructor(
    private readonly router: RecordRouter,
    out: LogBatcher,
    recordLimits: ParseLimits,
  ) {
    super(out);
    this.perLine = logLineLimits(recordLimits);
  }

  protected limits(): ParseLimits {
    return this.perLine;
  }

  protected onTooLong(_head: string, max: number, at: number): void {
    throw new LogFileError(
      `line ${this.line + 1}`,
      `is longer than ${limitText('bytes', max)}, the limit on one line (one record, Event Hub message or Graph page; it starts at byte ${at}); ${raiseHint('bytes')}`,
      { limit: 'bytes' },
    );
  }

  protected overLimit(err: SnapshotError): Error {
    return new LogFileError(err.where, err.message, { cause: err, ...(err.limit === undefined ? {} : { limit: err.limit }) });
  }

  protected onLine(text: string, terminated: boolean): void {
    const where = `line ${this.line}`;
    if (!this.sawValue) this.firstLine(text, where);
    this.router.routeText(text, where, null, terminated ? '' : ' (the last line has no line end: the file looks truncated)', this.parseLine);
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
      throw new LogFileError(
        where,
        `holds only "${trimmed}": this is a JSON document written over several lines, not NDJSON (read it with hint 'auto' or 'json')`,
      );
    }
  }
}
