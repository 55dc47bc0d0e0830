// For the killed-import tests: an Event Hub SignInLogs export (the shape of
// log-samples/signinlogs.eventhub.elastic-test.jsonl) of many records, and a peek at what a
// database holds while another process may still be writing it.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { peekRows } from './read-rows.js';

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
      time: at,
      category: 'SignInLogs',
      tenantId: e.tenantId,
      resultType: i % 7 === 0 ? '50126' : '0',
      properties: {
        id: `${e.idPrefix}${i}`,
        createdDateTime: at,
        userId: `user-${i % 500}`,
        userPrincipalName: `u${i % 500}@contoso.com`,
        userDisplayName: `U ${i % 500}`,
        isInteractive: i % 3 !== 0,
        status: { errorCode: i % 7 === 0 ? 50126 : 0 },
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

/** How many sign-in facts the database holds (0 while it is being created): it may be a SQLite file or a PostgreSQL URL. */
export const storedSignInFacts = async (db: string): Promise<number> =>
  Number((await peekRows<{ n: number }>(db, 'select count(*) n from signin_facts'))[0]?.n ?? 0);
export const storedSignInRollups = (db: string): Promise<unknown[]> =>
  peekRows(db, 'select hour, method, success, failure from signin_method_hours order by 1, 2');
