// Streams a demo tenant to a writable stream as a tenant snapshot, in either encoding, honouring
// backpressure. Order: header (tenant, policies), groups, role assignments, then users — a
// streaming reader then knows every membership and role before the first user arrives, and can
// compute each user's report row as it streams instead of buffering a million users.

import type { DemoTenant } from './demo-tenant.js';
import type { JsonObject } from './wire.js';

export type SnapshotEncoding = 'json' | 'ndjson';

export interface WriteSummary {
  readonly bytes: number;
  readonly users: number;
  readonly groups: number;
  readonly roleAssignments: number;
}

/** Characters buffered before a write: large enough that per-write overhead vanishes. */
const CHUNK_CHARS = 1 << 20;

/** Resolves on 'drain'; rejects if the stream fails or closes first, so a dead sink cannot hang us. */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      out.removeListener('drain', onDrain);
      out.removeListener('error', onError);
      out.removeListener('close', onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: unknown): void => {
      cleanup();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error('snapshot output closed before it drained'));
    };
    out.once('drain', onDrain);
    out.once('error', onError);
    out.once('close', onClose);
  });
}

class ChunkedOutput {
  bytes = 0;
  private parts: string[] = [];
  private chars = 0;

  constructor(private readonly out: NodeJS.WritableStream) {}

  /** Queues text; true when a chunk is ready and the caller should `await flush()`. */
  push(text: string): boolean {
    this.parts.push(text);
    this.chars += text.length;
    return this.chars >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const buffer = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.chars = 0;
    this.bytes += buffer.length;
    if (!this.out.write(buffer)) await drained(this.out);
  }
}

/** Writes `"name":[…]` items of a JSON document, one item per line. */
async function jsonSection(sink: ChunkedOutput, name: string, items: Iterable<JsonObject>): Promise<number> {
  let count = 0;
  sink.push(`,\n${JSON.stringify(name)}:[`);
  for (const item of items) {
    if (sink.push(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(item)}`)) await sink.flush();
    count++;
  }
  sink.push(']');
  return count;
}

/** Writes one `{"<key>":{…}}` line per item. */
async function ndjsonLines(sink: ChunkedOutput, key: string, items: Iterable<JsonObject>): Promise<number> {
  let count = 0;
  const prefix = `{${JSON.stringify(key)}:`;
  for (const item of items) {
    if (sink.push(`${prefix}${JSON.stringify(item)}}\n`)) await sink.flush();
    count++;
  }
  return count;
}

/**
 * Writes the whole snapshot; the caller owns `out` and ends it afterwards.
 * `bytes` counts the UTF-8 bytes handed to the stream.
 */
export async function writeSnapshot(tenant: DemoTenant, out: NodeJS.WritableStream, encoding: SnapshotEncoding): Promise<WriteSummary> {
  const sink = new ChunkedOutput(out);
  const header = JSON.stringify(tenant.header());
  let groups: number;
  let roleAssignments: number;
  let users: number;
  if (encoding === 'json') {
    sink.push(header.slice(0, -1)); // reopen the header object to append the three arrays
    groups = await jsonSection(sink, 'groups', tenant.groups());
    roleAssignments = await jsonSection(sink, 'roleAssignments', tenant.roleAssignments());
    users = await jsonSection(sink, 'users', tenant.users());
    sink.push('\n}\n');
  } else {
    sink.push(`${header}\n`);
    groups = await ndjsonLines(sink, 'group', tenant.groups());
    roleAssignments = await ndjsonLines(sink, 'roleAssignment', tenant.roleAssignments());
    users = await ndjsonLines(sink, 'user', tenant.users());
  }
  await sink.flush();
  return { bytes: sink.bytes, users, groups, roleAssignments };
}
