// The activity scenario of `npm run bench`: log import rate against merely reading and parsing
// the same file, peak RSS, and the latency of the period summaries over what was imported.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { prng } from '../util/prng.js';

const TENANT = 'b3c4d5e6-0000-4000-8000-00000000be0c';
const DAY = 86_400_000;

/** An Event Hub SignInLogs / NonInteractiveUserSignInLogs record (shape of log-samples/*.eventhub.elastic-test.jsonl). */
function signInRecord(i: number, at: string, user: number): object {
  const mfa = i % 3 !== 0;
  return {
    time: at,
    category: i % 4 === 0 ? 'NonInteractiveUserSignInLogs' : 'SignInLogs',
    tenantId: TENANT,
    resultType: i % 11 === 0 ? '50126' : '0',
    properties: {
      id: `s-${i}`,
      createdDateTime: at,
      userId: `u-${user}`,
      userPrincipalName: `u${user}@contoso.com`,
      userDisplayName: `User ${user}`,
      status: { errorCode: i % 11 === 0 ? 50126 : 0 },
      authenticationRequirement: mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
      authenticationDetails: [
        { authenticationStepDateTime: at, authenticationMethod: 'Password', succeeded: i % 11 !== 0, authenticationStepRequirement: 'Primary authentication' },
        ...(mfa
          ? [
              {
                authenticationStepDateTime: at,
                authenticationMethod: i % 2 ? 'Mobile app notification' : 'Text message',
                succeeded: true,
                authenticationStepRequirement: 'MFA',
              },
            ]
          : []),
      ],
    },
  };
}

const REASONS = ['User registered Authenticator app.', 'User registered Email.', 'User registered Phone.'];

/** An Event Hub AuditLogs record of a security-info registration. */
function auditRecord(i: number, at: string, user: number): object {
  return {
    time: at,
    category: 'AuditLogs',
    tenantId: TENANT,
    properties: {
      id: `a-${i}`,
      activityDateTime: at,
      activityDisplayName: 'User registered security info',
      category: 'UserManagement',
      loggedByService: 'Authentication Methods',
      operationType: 'Add',
      result: i % 9 === 0 ? 'failure' : 'success',
      resultReason: REASONS[i % REASONS.length],
      correlationId: `c-${i}`,
      initiatedBy: { user: { id: `u-${user}`, userPrincipalName: `u${user}@contoso.com` } },
      targetResources: [{ id: `u-${user}`, type: 'User', userPrincipalName: `u${user}@contoso.com`, displayName: `User ${user}` }],
      additionalDetails: [],
    },
  };
}

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
    await put(signInRecord(i, at, i % 50_000));
  }
  for (let i = 0; i < audits; i++) {
    const at = new Date(now.getTime() - ((i * 6007) % (30 * DAY))).toISOString();
    await put(auditRecord(i, at, i % 50_000));
  }
  out.end();
  await once(out, 'close');
  return bytes;
}

/** Relative sign-in volume per UTC hour of a working day (people sign in from 7 to 19, a few at night). */
const HOURLY = [1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 8, 7, 9, 10, 9, 8, 6, 4, 3, 2, 2, 1, 1];
/** Saturdays and Sundays see a third of a weekday's activity. */
const WEEKEND = 1 / 3;

/**
 * The 10-million-event export (issue 3 §6): `signIns` sign-ins and `audits` security-info
 * registrations (one registration event each) over the `days` days before `now`, in time order as
 * Event Hub and the storage account's hourly blobs deliver them, with a working-day rhythm: more by
 * day than by night, fewer at weekends. Every tenth record is a registration while they last.
 * Deterministic for a given seed and `now` hour; `users` distinct users. Written in 1 MiB pieces.
 */
export async function writeEventsExport(
  file: string,
  o: { signIns: number; audits: number; users: number; days: number; now: Date; seed: number },
): Promise<number> {
  const random = prng(o.seed);
  const end = Math.floor(o.now.getTime() / 3_600_000) * 3_600_000;
  const hours = o.days * 24;
  const weights: number[] = [];
  for (let h = 0; h < hours; h++) {
    const start = new Date(end - (hours - h) * 3_600_000);
    const day = start.getUTCDay();
    weights.push((HOURLY[start.getUTCHours()] ?? 1) * (day === 0 || day === 6 ? WEEKEND : 1));
  }
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const total = o.signIns + o.audits;
  const out = createWriteStream(file);
  let bytes = 0;
  let pending = '';
  const put = async (record: object): Promise<void> => {
    pending += `${JSON.stringify(record)}\n`;
    if (pending.length < 1 << 20) return;
    bytes += Buffer.byteLength(pending);
    const full = !out.write(pending);
    pending = '';
    if (full) await once(out, 'drain');
  };
  let written = 0;
  let signIns = 0;
  let audits = 0;
  let cumulative = 0;
  for (let h = 0; h < hours; h++) {
    cumulative += weights[h] ?? 0;
    // Records up to the end of this hour, so the counts add up to exactly `total`.
    const upTo = h === hours - 1 ? total : Math.round((total * cumulative) / totalWeight);
    const offsets = Array.from({ length: upTo - written }, () => Math.floor(random() * 3_600_000)).sort((a, b) => a - b);
    const hourStart = end - (hours - h) * 3_600_000;
    for (const offset of offsets) {
      const at = new Date(hourStart + offset).toISOString();
      const user = Math.floor(random() * o.users);
      const audit = audits < o.audits && (written % 10 === 9 || signIns >= o.signIns);
      if (audit) await put(auditRecord(audits++, at, user));
      else await put(signInRecord(signIns++, at, user));
      written++;
    }
  }
  bytes += Buffer.byteLength(pending);
  out.end(pending);
  await once(out, 'close');
  return bytes;
}

/**
 * The yardstick: read the same file line by line and JSON.parse every line, nothing else (a
 * minimal reader: a stream, lines split, each parsed). Records are the non-empty lines; bytes the
 * file's size.
 */
export async function readAndParseRate(file: string): Promise<{ records: number; perSecond: number; bytes: number; bytesPerSecond: number }> {
  const started = performance.now();
  let records = 0;
  for await (const line of createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) {
    if (line.length > 0) {
      JSON.parse(line) as unknown;
      records++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const bytes = statSync(file).size;
  return { records, perSecond: Math.round(records / seconds), bytes, bytesPerSecond: Math.round(bytes / seconds) };
}

export const ACTIVITY_TENANT = TENANT;
