// For the killed-import tests: an Event Hub SignInLogs export (the shape of
// log-samples/signinlogs.eventhub.elastic-test.jsonl) of many records, and a read-only peek at
// what a database holds while another process may still be writing it.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import Database from 'better-sqlite3';

export interface SignInExport {
  readonly tenantId: string;
  readonly records: number;
  /** Prefix of each record's source id. */
  readonly idPrefix: string;
  /** When record i happened (ISO 8601). */
  readonly at: (i: number) => string;
}

/** One record per line; every seventh a failed password (50126), every other one multi-factor. */
export async function writeSignInExport(file: string, e: SignInExport): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < e.records; i++) {
    const at = e.at(i);
    const line = JSON.stringify({
      time: at, category: 'SignInLogs', tenantId: e.tenantId, resultType: i % 7 === 0 ? '50126' : '0',
      properties: {
        id: `${e.idPrefix}${i}`, createdDateTime: at, userId: `user-${i % 500}`, userPrincipalName: `u${i % 500}@contoso.com`, userDisplayName: `U ${i % 500}`,
        isInteractive: i % 3 !== 0, status: { errorCode: i % 7 === 0 ? 50126 : 0 },
        authenticationRequirement: i % 2 ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
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

/** Rows of a query, or none while the database or its tables do not exist yet. */
export function peekRows(db: string, sql: string): unknown[] {
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

export const storedSignInFacts = (db: string): number => Number((peekRows(db, 'select count(*) n from signin_facts')[0] as { n: number } | undefined)?.n ?? 0);
export const storedSignInRollups = (db: string): unknown[] => peekRows(db, 'select hour, method, success, failure from signin_method_hours order by 1, 2');
