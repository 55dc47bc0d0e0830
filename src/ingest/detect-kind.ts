// Tells a tenant snapshot from a log export by its first bytes (gzip or not): a snapshot names
// "amrSnapshot" at its start (tenant-snapshot.md); anything else is read as logs.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

const LOOK = 64 * 1024;

async function head(path: string): Promise<Buffer> {
  const raw = createReadStream(path, { start: 0, end: 1 });
  const magic: Buffer[] = [];
  for await (const c of raw as AsyncIterable<Buffer>) magic.push(c);
  const first = Buffer.concat(magic);
  const gz = first[0] === 0x1f && first[1] === 0x8b;
  const source = createReadStream(path);
  const stream = gz ? source.pipe(createGunzip()) : source;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of stream as AsyncIterable<Buffer>) {
      chunks.push(c);
      size += c.length;
      if (size >= LOOK) break;
    }
  } catch {
    // A damaged or truncated file: the reader that gets it will say where and why.
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks).subarray(0, LOOK);
}

export async function detectFileKind(path: string): Promise<'snapshot' | 'logs'> {
  return /"amrSnapshot"\s*:/.test((await head(path)).toString('utf8')) ? 'snapshot' : 'logs';
}
