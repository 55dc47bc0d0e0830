// Black-box: `amr import` of a log export killed with SIGKILL part-way, then run again, stores
// exactly what one clean import stores — no record lost, none doubled, rollups equal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { storedSignInFacts, storedSignInRollups, writeSignInExport } from '../test-support/signin-export.js';
import { testDatabaseFile } from '../test-support/test-db.js';

const run = promisify(execFile);
const AMR = fileURLToPath(new URL('../../bin/amr.js', import.meta.url));
const TENANT = '4bbb79f7-5724-4c9e-95f3-de075f6ec090';
const RECORDS = 60_000;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-kill-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Event Hub SignInLogs records (shape of log-samples/signinlogs.eventhub.elastic-test.jsonl). */
const writeExport = (file: string): Promise<void> =>
  writeSignInExport(file, {
    tenantId: TENANT,
    records: RECORDS,
    idPrefix: 'sign-in-',
    at: (i) => `2026-11-20T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`,
  });
const facts = storedSignInFacts;
const rollups = storedSignInRollups;

test('a killed import, run again, ends exactly where a clean import does', { timeout: 120_000 }, async () => {
  const file = join(dir, 'signins.jsonl');
  await writeExport(file);
  const clean = await testDatabaseFile(dir, 'clean.db');
  await run(process.execPath, [AMR, 'import', '--db', clean, file]);
  assert.equal(await facts(clean), RECORDS);

  const killed = await testDatabaseFile(dir, 'killed.db');
  const child = spawn(process.execPath, [AMR, 'import', '--db', killed, file], { stdio: 'ignore' });
  // Kill it once some batches are committed and before it ends.
  for (let i = 0; i < 400 && (await facts(killed)) === 0; i++) await new Promise((r) => setTimeout(r, 25));
  child.kill('SIGKILL');
  await once(child, 'exit');
  const partial = await facts(killed);
  assert.ok(partial > 0 && partial < RECORDS, `killed part-way (${partial} of ${RECORDS} stored)`);

  const again = await run(process.execPath, [AMR, 'import', '--db', killed, file]);
  assert.match(again.stdout, new RegExp(`duplicates skipped ${partial.toLocaleString('en-US')}`));
  assert.equal(await facts(killed), RECORDS);
  assert.deepEqual(await rollups(killed), await rollups(clean));
});
