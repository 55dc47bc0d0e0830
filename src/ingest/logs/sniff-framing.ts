// Tells NDJSON from a JSON document by the first value: NDJSON when it is an object closed on its first line.
import { SNIFF_LIMIT } from '../parse-limits.js';

export type Framing = 'json' | 'ndjson';

const LF = 0x0a;

/**
 * Fed the first chunks, in order. NDJSON when the first object closes before any line break and
 * only blanks follow it up to the line end (or the input ends). A JSON document when the input starts
 * with `[` or anything but `{`, the first object spans lines, something follows it on its line, or it
 * runs past SNIFF_LIMIT on one line (a compact export too big to hold as one line). A raw line break
 * inside a string is invalid in any JSON, so the line is broken: read as NDJSON, that line alone is refused.
 */
export class FramingSniffer {
  private bytes = 0;
  private started = false;
  private closed = false;
  private depth = 0;
  private inString = false;
  private escaped = false;

  feed(buf: Buffer): Framing | null {
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i] ?? 0;
      const found = this.byte(c);
      if (found !== null) return found;
    }
    this.bytes += buf.length;
    return this.bytes > SNIFF_LIMIT ? 'json' : null;
  }

  /** The input ended before the sniffer decided. */
  atEnd(): Framing {
    return this.closed ? 'ndjson' : 'json';
  }

  private byte(c: number): Framing | null {
    if (this.closed) return c === LF ? 'ndjson' : c === 0x20 || c === 0x09 || c === 0x0d ? null : 'json';
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === 0x5c) this.escaped = true;
      else if (c === 0x22) this.inString = false;
      else if (c === LF) return 'ndjson';
      return null;
    }
    if (!this.started) {
      if (c === 0x20 || c === 0x09 || c === 0x0d || c === LF) return null;
      if (c !== 0x7b) return 'json';
      this.started = true;
      this.depth = 1;
      return null;
    }
    if (c === 0x22) this.inString = true;
    else if (c === LF) return 'json';
    else if (c === 0x7b || c === 0x5b) this.depth++;
    else if ((c === 0x7d || c === 0x5d) && --this.depth === 0) this.closed = true;
    return null;
  }
}
