// Tells a JSON-document snapshot from an NDJSON one by its first bytes, and maps names / content types to hints.
import { isObject } from '../field-checks.js';
import { SNIFF_LIMIT } from '../parse-limits.js';

const BULK_NAMES: ReadonlySet<string> = new Set(['users', 'groups', 'roleAssignments']);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export type SnapshotEncoding = 'json' | 'ndjson';
export type EncodingHint = SnapshotEncoding | 'auto';

/**
 * Fed the first chunks: NDJSON when the first object closes on its own line without a `users` member
 * (the header line); a JSON document as soon as a top-level member is named `users`, `groups` or
 * `roleAssignments`, a line breaks inside the first object, it is not an object, or it runs past
 * SNIFF_LIMIT. Unreadable input is called JSON: that reader then names the fault.
 */
export class EncodingSniffer {
  private readonly parts: Buffer[] = [];
  private bytes = 0;
  private started = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The bytes of the last string at depth 1 (a member name when a ':' follows), up to 32. */
  private name: number[] = [];

  /** The encoding once it is known from what was fed, else null. */
  feed(buf: Buffer): SnapshotEncoding | null {
    this.parts.push(buf);
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i] ?? 0;
      if (this.inString) this.stringByte(c);
      else if (!this.started) {
        if (c === 0x7b) {
          this.started = true;
          this.depth = 1;
        } else if (!isSpace(c)) return 'json';
      } else if (c === 0x22) {
        this.inString = true;
        this.name = [];
      } else if (c === 0x0a) return 'json';
      else if (c === 0x3a && this.depth === 1 && BULK_NAMES.has(String.fromCharCode(...this.name))) return 'json';
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if ((c === 0x7d || c === 0x5d) && --this.depth === 0) return this.firstObject(this.bytes + i + 1);
    }
    this.bytes += buf.length;
    return this.bytes > SNIFF_LIMIT ? 'json' : null;
  }

  private stringByte(c: number): void {
    if (this.escaped) this.escaped = false;
    else if (c === 0x5c) this.escaped = true;
    else if (c === 0x22) this.inString = false;
    if (this.inString && this.depth === 1 && this.name.length < 32) this.name.push(c);
  }

  private firstObject(length: number): SnapshotEncoding {
    const text = Buffer.concat(this.parts).toString('utf8', 0, length);
    try {
      const value: unknown = JSON.parse(text);
      return isObject(value) && !Object.hasOwn(value, 'users') ? 'ndjson' : 'json';
    } catch {
      return 'json'; // malformed either way; the JSON reader reports it with its place
    }
  }
}

/** The hint a file name gives: `.ndjson` / `.jsonl` → ndjson, `.json` → json, a trailing `.gz` ignored. */
export function encodingFromFileName(name: string): EncodingHint {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  return 'auto';
}

/** The hint an HTTP Content-Type gives (parameters ignored). */
export function encodingFromContentType(contentType: string | undefined): EncodingHint {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines'].includes(type)) {
    return 'ndjson';
  }
  if (type === 'application/json') return 'json';
  return 'auto';
}
