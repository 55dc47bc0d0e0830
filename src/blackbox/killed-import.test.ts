// Black-box: `amr import` of a log export killed with SIGKILL part-way, then run again, stores
// exactly what one clean import stores — no record lost, none doubled, rollups equal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const run = promisify(execFile);
const AMR = fileURLToPath(new URL('../../bin/amr.js', import.meta.url));
const TENANT = '4bbb79f7-5724-4c9e-95f3-de075f6ec090';
const RECORDS = 60_000;

let dir: string;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'amr-kill-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

/** Event Hub SignInLogs records (shape of log-samples/signinlogs.eventhub.elastic-test.jsonl). */
async function writeExport(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < RECORDS; i++) {
    const minute = String(i % 60).padStart(2, '0');
    const line = JSON.stringify({
      time: `2026-11-20T10:${minute}:00Z`, category: 'SignInLogs', tenantId: TENANT, resultType: i % 7 === 0 ? '50126' : '0',
      properties: {
        id: `sign-in-${i}`, createdDateTime: `2026-11-20T${String(i % 24).padStart(2, '0')}:${minute}:00Z`,
        userId: `user-${i % 500}`, userPrincipalName: `u${i % 500}@contoso.com`, userDisplayName: `U ${i % 500}`, isInteractive: i % 3 !== 0,
        status: { errorCode: i % 7 === 0 ? 50126 : 0 }, authenticationRequirement: i % 2 ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
        authenticationDetails: [
          { authenticationMethod: 'Password', succeeded: i % 7 !== 0, authenticationStepRequirement: 'Primary authentication' },
          ...(i % 2 ? [{ authenticationMethod: 'Mobile app notification', succeeded: true, authenticationStepRequirement: 'MFA' }] : []),
        ],
      },
    });
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

/** Rows of a query, or none while the importer has not created the database or its tables yet. */
function count(db: string, sql: string): unknown[] {
  let d: Database.Database | null = null;
  try {
    d = new Database(db, { readonly: true, fileMustExist: true });
    return d.prepare(sql).all();
  } catch {
    return [];
  } finally {
    d?.close();
  }
}

const facts = (db: string) => Number((count(db, 'select count(*) n from signin_facts')[0] as { n: number } | undefined)?.n ?? 0);
const rollups = (db: string) => count(db, 'select hour, method, success, failure from signin_method_hours order by 1, 2');

test('a killed import, run again, ends exactly where a clean import does', { timeout: 120_000 }, async () => {
  const file = join(dir, 'signins.jsonl');
  await writeExport(file);
  const clean = join(dir, 'clean.db');
  await run(process.execPath, [AMR, 'import', '--db', clean, file]);
  assert.equal(facts(clean), RECORDS);

  const killed = join(dir, 'killed.db');
  const child = spawn(process.execPath, [AMR, 'import', '--db', killed, file], { stdio: 'ignore' });
  // Kill it once some batches are committed and before it ends.
  for (let i = 0; i < 400 && facts(killed) === 0; i++) await new Promise((r) => setTimeout(r, 25));
  child.kill('SIGKILL');
  await once(child, 'exit');
  const partial = facts(killed);
  assert.ok(partial > 0 && partial < RECORDS, `killed part-way (${partial} of ${RECORDS} stored)`);

  const again = await run(process.execPath, [AMR, 'import', '--db', killed, file]);
  assert.match(again.stdout, new RegExp(`duplicates skipped ${partial.toLocaleString('en-US')}`));
  assert.equal(facts(killed), RECORDS);
  assert.deepEqual(rollups(killed), rollups(clean));
});
