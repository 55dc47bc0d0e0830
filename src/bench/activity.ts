// The activity scenario of `npm run bench`: log import rate against merely reading and parsing
// the same file, peak RSS, and the latency of the period summaries over what was imported.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const TENANT = 'b3c4d5e6-0000-4000-8000-00000000be0c';
const DAY = 86_400_000;

/** Event Hub records (shapes of log-samples/*.eventhub.elastic-test.jsonl) over the last 30 days. */
export async function writeActivityExport(file: string, signIns: number, audits: number, now: Date): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  const put = async (record: object): Promise<void> => {
    const line = `${JSON.stringify(record)}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  for (let i = 0; i < signIns; i++) {
    const at = new Date(now.getTime() - ((i * 7919) % (30 * DAY))).toISOString();
    const mfa = i % 3 !== 0;
    await put({
      time: at, category: i % 4 === 0 ? 'NonInteractiveUserSignInLogs' : 'SignInLogs', tenantId: TENANT, resultType: i % 11 === 0 ? '50126' : '0',
      properties: {
        id: `s-${i}`, createdDateTime: at, userId: `u-${i % 50_000}`, userPrincipalName: `u${i % 50_000}@contoso.com`, userDisplayName: `User ${i % 50_000}`,
        status: { errorCode: i % 11 === 0 ? 50126 : 0 }, authenticationRequirement: mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
        authenticationDetails: [
          { authenticationStepDateTime: at, authenticationMethod: 'Password', succeeded: i % 11 !== 0, authenticationStepRequirement: 'Primary authentication' },
          ...(mfa ? [{ authenticationStepDateTime: at, authenticationMethod: i % 2 ? 'Mobile app notification' : 'Text message', succeeded: true, authenticationStepRequirement: 'MFA' }] : []),
        ],
      },
    });
  }
  const reasons = ['User registered Authenticator app.', 'User registered Email.', 'User registered Phone.'];
  for (let i = 0; i < audits; i++) {
    const at = new Date(now.getTime() - ((i * 6007) % (30 * DAY))).toISOString();
    await put({
      time: at, category: 'AuditLogs', tenantId: TENANT,
      properties: {
        id: `a-${i}`, activityDateTime: at, activityDisplayName: 'User registered security info', category: 'UserManagement',
        loggedByService: 'Authentication Methods', operationType: 'Add', result: i % 9 === 0 ? 'failure' : 'success',
        resultReason: reasons[i % reasons.length], correlationId: `c-${i}`,
        initiatedBy: { user: { id: `u-${i % 50_000}`, userPrincipalName: `u${i % 50_000}@contoso.com` } },
        targetResources: [{ id: `u-${i % 50_000}`, type: 'User', userPrincipalName: `u${i % 50_000}@contoso.com`, displayName: `User ${i % 50_000}` }],
        additionalDetails: [],
      },
    });
  }
  out.end();
  await once(out, 'close');
  return bytes;
}

/** The yardstick: read the same file line by line and JSON.parse every line, nothing else. */
export async function readAndParseRate(file: string): Promise<{ records: number; perSecond: number }> {
  const started = performance.now();
  let records = 0;
  for await (const line of createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) {
    if (line.length > 0) { JSON.parse(line); records++; }
  }
  return { records, perSecond: Math.round(records / ((performance.now() - started) / 1000)) };
}

export const ACTIVITY_TENANT = TENANT;
