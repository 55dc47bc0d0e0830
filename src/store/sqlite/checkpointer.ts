// The main thread's side of the checkpointer thread (checkpoint-worker.ts).
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { startThread } from './start-thread.js';

/** How often the checkpointer copies the WAL into the database file (bench/README.md: log import). */
const CHECKPOINT_EVERY_MS = 500;

export class CheckpointThread {
  private readonly worker: Worker;
  /** Settles when the thread has ended, whenever that is (before close() too). */
  private readonly exited: Promise<unknown>;

  constructor(path: string) {
    this.worker = startThread('checkpoint-worker', { path, everyMs: CHECKPOINT_EVERY_MS }, { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 });
    this.worker.unref();
    this.exited = once(this.worker, 'exit').catch(() => undefined);
    // A checkpointer that stops leaves the work to the writer's own checkpoints (connection.ts): nothing is lost.
    this.worker.on('error', () => undefined);
  }

  async close(): Promise<void> {
    // Held open until the thread has closed its connection.
    this.worker.ref();
    this.worker.postMessage('close');
    await this.exited;
  }
}
