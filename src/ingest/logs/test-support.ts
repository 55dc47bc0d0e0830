// Helpers for the log reader's tests: a recording sink, read-or-fail shorthands, expected records.
import assert from 'node:assert/strict';
import type { AuditRecord, SignInRecord } from '../../reports/activity-model.js';
import { streamOf, type Input } from '../test-input.js';
import { LogFileError } from './log-file-error.js';
import type { LogReadSummary, LogSink, ReadLogsOptions, RefusedRecord } from './log-sink.js';
import { readLogs } from './read-logs.js';
import { entraTime, guid, SAMPLE_TENANT } from './sample-logs.js';

/** Records every call, in order, and the records themselves. */
export class RecordingSink implements LogSink {
  readonly calls: string[] = [];
  readonly auditList: AuditRecord[] = [];
  readonly signInList: SignInRecord[] = [];
  readonly refusedList: RefusedRecord[] = [];

  audits(batch: readonly AuditRecord[]): void {
    this.calls.push(`audits:${batch.length}`);
    this.auditList.push(...batch);
  }

  signIns(batch: readonly SignInRecord[]): void {
    this.calls.push(`signIns:${batch.length}`);
    this.signInList.push(...batch);
  }

  refused(batch: readonly RefusedRecord[]): void {
    this.calls.push(`refused:${batch.length}`);
    this.refusedList.push(...batch);
  }

  /** Everything received, batching aside. */
  content(): unknown {
    return { audits: this.auditList, signIns: this.signInList, refused: this.refusedList };
  }
}

export type TestOptions = Partial<Omit<ReadLogsOptions, 'sourceName'>>;

export async function read(input: Input, options: TestOptions = {}): Promise<{ summary: LogReadSummary; sink: RecordingSink }> {
  const sink = new RecordingSink();
  const summary = await readLogs(streamOf(input), { sourceName: 'test', ...options }, sink);
  return { summary, sink };
}

/** Reads, expecting a LogFileError; returns it (and what reached the sink first) for exact checks. */
export async function readError(input: Input, options: TestOptions = {}): Promise<{ error: LogFileError; sink: RecordingSink }> {
  const sink = new RecordingSink();
  try {
    await readLogs(streamOf(input), { sourceName: 'test', ...options }, sink);
  } catch (err) {
    assert.ok(err instanceof LogFileError, `expected a LogFileError, got ${String(err)}`);
    return { error: err, sink };
  }
  return assert.fail('expected the input to be refused');
}

/** NDJSON text of the given values. */
export function lines(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join('\n') + '\n';
}

/** JSON.parse's own message for `text`, so expected reasons do not hard-code V8's wording. */
export function parseMessage(text: string): string {
  try {
    JSON.parse(text) as unknown;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${text} parses`);
}

/** What sample-logs.graphSignIn(i) normalises to, with the export's tenant and interactivity. */
export function expectedSignIn(i: number, over: Partial<SignInRecord> = {}): SignInRecord {
  const time = `${entraTime(i).slice(0, 23)}Z`;
  const step = { stepDateTime: time, succeeded: true };
  return {
    id: guid(i, 1),
    tenantId: SAMPLE_TENANT,
    createdDateTime: time,
    userId: guid(i % 5000, 2),
    userPrincipalName: `user${i}@contoso.example`,
    userDisplayName: `User ${i}`,
    userType: 'member',
    isInteractive: true,
    errorCode: 0,
    failureReason: '',
    authenticationRequirement: 'multiFactorAuthentication',
    conditionalAccessStatus: 'notApplied',
    authenticationDetails: [
      { ...step, method: 'Password', methodDetail: 'Password in the cloud', resultDetail: 'Correct password', requirement: 'Primary authentication' },
      { ...step, method: 'Mobile app notification', methodDetail: null, resultDetail: 'MFA successfully completed', requirement: 'Multifactor authentication' },
    ],
    ...over,
  };
}

/** What sample-logs.graphAudit(i) normalises to. */
export function expectedAudit(i: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: `SSPR_${guid(i, 4)}_${i}`,
    tenantId: SAMPLE_TENANT,
    activityDateTime: `${entraTime(i).slice(0, 23)}Z`,
    activityDisplayName: 'User registered security info',
    category: 'UserManagement',
    loggedByService: 'Authentication Methods',
    operationType: 'Add',
    correlationId: guid(i, 5),
    result: 'success',
    resultReason: 'User registered Mobile App Notification',
    initiatedBy: {
      userId: guid(i % 5000, 2),
      userPrincipalName: `user${i}@contoso.example`,
      displayName: null,
      ipAddress: '1.128.3.4',
      appId: null,
      appDisplayName: null,
    },
    targets: [{ id: guid(i % 5000, 2), type: 'User', displayName: null, userPrincipalName: `user${i}@contoso.example` }],
    additionalDetails: { 'User-Agent': 'Mozilla/5.0', AppId: 'a70a7931-c387-4dce-9f35-fbf95bdcc91e' },
    ...over,
  };
}
