// The checkpointer thread: copies what the WAL holds into the database file, on its own connection,
// so that the writer thread never stops to do it (docs/decisions/0012). A PASSIVE checkpoint waits
// for no reader or writer: it copies the frames committed so far and leaves the rest for next time.
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './connection.js';

const { path, everyMs } = workerData as { path: string; everyMs: number };
const db = openConnection(path, 'checkpointer');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked (another process's checkpoint, a schema change): the next round copies it.
  }
}, everyMs);

parentPort!.on('message', (message: unknown) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
