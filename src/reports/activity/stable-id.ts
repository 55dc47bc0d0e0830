// GUID-shaped ids derived from stable parts, so that re-deriving an event gives the same id (decision 0049).
import { createHash } from 'node:crypto';

/**
 * A name-based id in the UUID v5 layout (SHA-1 of the parts, version and variant bits set).
 * Parts are joined with a separator that cannot occur in them unescaped, so ('a|b','c') ≠ ('a','b|c').
 */
export function stableId(...parts: readonly string[]): string {
  const key = parts.map((p) => p.replaceAll('\\', '\\\\').replaceAll('|', '\\|')).join('|');
  const b = createHash('sha1').update(`amr-activity|${key}`).digest();
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
