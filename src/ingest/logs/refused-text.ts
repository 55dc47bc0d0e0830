// Cuts a refused record's text to 64 KiB of UTF-8, on a character boundary, so a huge bad record stays small.

export const MAX_REFUSED_TEXT_BYTES = 64 * 1024;

export function cutText(text: string): string {
  // At most 3 UTF-8 bytes per UTF-16 unit: short texts need no encoding to know they fit.
  if (text.length * 3 <= MAX_REFUSED_TEXT_BYTES) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= MAX_REFUSED_TEXT_BYTES) return text;
  let end = MAX_REFUSED_TEXT_BYTES;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--; // back off to the start of a character
  return bytes.toString('utf8', 0, end);
}
