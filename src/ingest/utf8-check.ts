// Refuses input that is not UTF-8 (decision 0054): overlong forms, lone continuation bytes, cut
// sequences, surrogates, code points past U+10FFFF. Without it, decoding turns them into U+FFFD
// silently. Checked chunk by chunk with node:buffer's isUtf8 (native), a sequence cut at a
// chunk's end carried into the next; the bytes before a fault are passed on first, so readers
// keep what precedes it (a log's earlier records) exactly as for any other fault.
import { isUtf8 } from 'node:buffer';

/** The error a reader throws for the byte at absolute offset `at` (after gunzip and BOM). */
export type Utf8Fault = (at: number, reason: string) => Error;

/** What a UTF-16 file looks like from its first bytes (its byte-order mark). */
export const UTF16_BOM_REASON = 'the file starts with a UTF-16 byte-order mark: save it as UTF-8 (Windows PowerShell 5: Out-File -Encoding utf8)';

/** How many bytes a sequence with this lead byte has; 0 when it cannot lead one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Where a sequence that the chunk's end cuts short begins (buf.length when none is cut). */
function completeEnd(buf: Buffer): number {
  for (let back = 1; back <= 3 && back <= buf.length; back++) {
    const c = buf[buf.length - back] ?? 0;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const need = sequenceLength(c);
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

/** The first byte that breaks UTF-8 (Unicode 15, table 3-7) and why; null when buf is well formed. */
export function firstInvalidUtf8(buf: Buffer): { readonly index: number; readonly reason: string } | null {
  const n = buf.length;
  for (let i = 0; i < n;) {
    const c = buf[i] ?? 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = sequenceLength(c);
    const hex = `0x${c.toString(16)}`;
    if (need === 0) {
      return {
        index: i,
        reason:
          (c & 0xc0) === 0x80
            ? `a continuation byte (${hex}) with no sequence before it`
            : c === 0xc0 || c === 0xc1
              ? `an overlong encoding (lead byte ${hex})`
              : `byte ${hex} never occurs in UTF-8`,
      };
    }
    // The second byte's range depends on the lead: this rules out overlong forms, surrogates and > U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < need; k++) {
      if (i + k >= n) return { index: i, reason: `a ${need}-byte sequence cut short by the end of the input` };
      const b = buf[i + k] ?? 0;
      const ok = k === 1 ? b >= lo && b <= hi : (b & 0xc0) === 0x80;
      if (!ok) {
        const what =
          k === 1 && (b & 0xc0) === 0x80
            ? c === 0xed
              ? 'a UTF-16 surrogate encoded as UTF-8'
              : c === 0xf4
                ? 'a code point past U+10FFFF'
                : 'an overlong encoding'
            : `a ${need}-byte sequence (lead byte ${hex}) cut short`;
        return { index: i, reason: what };
      }
    }
    i += need;
  }
  return null;
}

/** Passes the chunks on once they are known to be UTF-8; throws `fault(at, reason)` at the first bad byte. */
export async function* checkedUtf8(chunks: AsyncIterable<Buffer>, fault: Utf8Fault): AsyncGenerator<Buffer> {
  let held: Buffer | null = null;
  let base = 0;
  for await (const chunk of chunks) {
    const buf: Buffer = held === null ? chunk : Buffer.concat([held, chunk]);
    const cut = completeEnd(buf);
    const body = buf.subarray(0, cut);
    if (!isUtf8(body)) {
      const utf16 = base === 0 && ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff));
      const bad = utf16 ? { index: 0, reason: UTF16_BOM_REASON } : (firstInvalidUtf8(body) ?? { index: 0, reason: 'not UTF-8' });
      if (bad.index > 0) yield body.subarray(0, bad.index);
      throw fault(base + bad.index, bad.reason);
    }
    if (body.length > 0) yield body;
    base += cut;
    // A copy: the source may reuse its chunk.
    held = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
  }
  if (held !== null) {
    const bad = firstInvalidUtf8(held);
    throw fault(base + (bad?.index ?? 0), bad?.reason ?? 'a sequence cut short by the end of the input');
  }
}

/** The reason as the readers word it, with how to fix the usual cause. */
export function utf8Message(at: number, reason: string): string {
  if (reason === UTF16_BOM_REASON) return reason;
  return `the input is not valid UTF-8 at byte ${at} (counted after gunzip): ${reason}; save the file as UTF-8`;
}
