// Tests that chunk boundaries anywhere (inside strings, escapes, multi-byte characters, between lines) change nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { azureMonitorRecord, graphAudit, graphSignIn, logAnalyticsAudit, logAnalyticsSignIn } from './sample-logs.js';
import { readLogs } from './read-logs.js';
import { chunked } from '../test-input.js';
import { lines, read, RecordingSink } from './test-support.js';
import { chunkBoundarySuite, reusedChunks } from '../../test-support/chunk-boundary-suite.js';

// Awkward bytes in every kind of place: escaped quotes and backslashes, \u escapes, 2/3/4-byte UTF-8,
// brackets and braces inside strings, a line break escaped inside a JSON-string column.
const TRICKY = { userDisplayName: 'Zoë 山田 🙂 \\" \\\\ "}]{[', userPrincipalName: 'zoë@contoso.example', failureReasonNote: 'tab\there \u00e9\u4e2d\n' };
const trickyLa = logAnalyticsSignIn(7, 'SigninLogs', {
  UserDisplayName: TRICKY.userDisplayName,
  Status: JSON.stringify({ errorCode: 50126, failureReason: 'Invalid "password" ]}\n' }),
});
const mixed = [
  graphSignIn(1, TRICKY),
  azureMonitorRecord('AuditLogs', graphAudit(2)),
  trickyLa,
  logAnalyticsAudit(4),
  { records: [azureMonitorRecord('NonInteractiveUserSignInLogs', graphSignIn(5)), azureMonitorRecord('ProvisioningLogs', { id: 'p' })] },
];
const columns = [
  'Type',
  'Id',
  'CreatedDateTime',
  'UserId',
  'UserPrincipalName',
  'UserDisplayName',
  'ResultType',
  'Status',
  'AuthenticationDetails',
  'AADTenantId',
];
const la = [logAnalyticsSignIn(8), trickyLa];

const TEXTS: readonly (readonly [string, string])[] = [
  ['mixed NDJSON with a BOM and CRLF', `\ufeff${lines(mixed).replace(/\n/g, '\r\n')}`],
  ['mixed NDJSON with a bad line and no final line end', `${lines(mixed.slice(0, 2))}{"id":"é",,}\n${JSON.stringify(mixed[2])}`],
  [
    'a Graph page',
    JSON.stringify(
      { '@odata.context': 'x#auditLogs/signIns', value: [graphSignIn(1, TRICKY), graphSignIn(2)], '@odata.nextLink': 'https://x/?a="b"' },
      null,
      2,
    ),
  ],
  ['a {"records":[…]} object', JSON.stringify({ records: mixed.slice(0, 4).map((r, i) => (i === 0 ? azureMonitorRecord('SignInLogs', r) : r)) }, null, 1)],
  ['a JSON array', JSON.stringify(mixed, null, 3)],
  ['one object', JSON.stringify({ '@odata.type': '#microsoft.graph.signIn', ...graphSignIn(9, TRICKY) }, null, 2)],
  [
    'Log Analytics tables',
    JSON.stringify(
      { tables: [{ name: 'PrimaryResult', columns: columns.map((name) => ({ name, type: 'string' })), rows: la.map((r) => columns.map((c) => r[c])) }] },
      null,
      1,
    ),
  ],
];

async function contentOf(bytes: Buffer | readonly Buffer[]): Promise<unknown> {
  const { summary, sink } = await read(bytes, { batchSize: 2 });
  return { content: sink.content(), format: summary.format, records: summary.records, skipped: summary.skippedByCategory };
}

describe('readLogs: chunk boundaries', () => {
  for (const [name, text] of TEXTS) {
    const bytes = Buffer.from(text, 'utf8');

    chunkBoundarySuite(name, bytes, { contentOf, seeds: 20, maxChunk: 50, splitStep: (n) => Math.max(1, Math.floor(n / 600)) });
  }

  it('keeps split characters intact and reads what each text holds', async () => {
    const { sink, summary } = await read(chunked(Buffer.from(TEXTS[0]?.[1] ?? ''), () => 1));
    assert.deepEqual(sink.signInList.map((s) => [s.userDisplayName, s.userPrincipalName]).slice(0, 2), [
      ['Zoë 山田 🙂 \\" \\\\ "}]{[', 'zoë@contoso.example'],
      ['Zoë 山田 🙂 \\" \\\\ "}]{[', 'user7@contoso.example'],
    ]);
    assert.deepEqual(sink.signInList[1]?.failureReason, 'Invalid "password" ]}\n');
    assert.deepEqual(
      [summary.format, summary.records, summary.audits, summary.signIns, summary.refused, summary.skippedByCategory],
      ['ndjson:azure-monitor+graph+log-analytics', 6, 2, 3, 0, { ProvisioningLogs: 1 }],
    );
  });

  it('does not depend on the source keeping its chunks: a reused buffer reads the same', async () => {
    for (const [name, text] of TEXTS) {
      const bytes = Buffer.from(text);
      const sink = new RecordingSink();
      const summary = await readLogs(reusedChunks(bytes, 7), { sourceName: 't', batchSize: 2 }, sink);
      assert.deepEqual(
        { content: sink.content(), format: summary.format, records: summary.records, skipped: summary.skippedByCategory },
        await contentOf(bytes),
        name,
      );
    }
  });
});
