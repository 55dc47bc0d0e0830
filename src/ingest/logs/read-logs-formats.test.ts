// Tests that every export shape of both kinds reads to the same normalised records (entra-rules §4).
// Record shapes come from sample-logs.ts, which follows ../shared/spec/log-samples (sources there).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { azureMonitorRecord, entraTime, graphAudit, graphSignIn, logAnalyticsAudit, logAnalyticsSignIn } from './sample-logs.js';
import { expectedAudit, expectedSignIn, lines, read } from './test-support.js';

const GRAPH_SIGN_INS_CONTEXT = 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns';
// graph.v1.directoryAudit.get.json writes the context in lower case.
const GRAPH_AUDITS_CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#auditlogs/directoryaudits';
const fromGraph = { tenantId: null };

describe('readLogs: Graph objects (directoryAudit, signIn)', () => {
  it('reads one directoryAudit object written over several lines (a GET by id)', async () => {
    const text = JSON.stringify({ '@odata.context': `${GRAPH_AUDITS_CONTEXT}/$entity`, ...graphAudit(1) }, null, 2);
    const { summary, sink } = await read(text);
    assert.deepEqual(sink.auditList, [expectedAudit(1, fromGraph)]);
    assert.deepEqual(summary, {
      bytes: Buffer.byteLength(text),
      compressed: false,
      format: 'json-object:graph',
      records: 1,
      audits: 1,
      signIns: 0,
      refused: 0,
      skippedByCategory: {},
    });
  });

  it('reads one signIn object on one line', async () => {
    const { summary, sink } = await read(JSON.stringify(graphSignIn(2)));
    assert.deepEqual(sink.signInList, [expectedSignIn(2, fromGraph)]);
    assert.equal(summary.format, 'ndjson:graph');
  });

  it('reads a JSON array of signIns', async () => {
    const { summary, sink } = await read(JSON.stringify([graphSignIn(1), graphSignIn(2), graphSignIn(3)], null, 1));
    assert.deepEqual(
      sink.signInList,
      [1, 2, 3].map((i) => expectedSignIn(i, fromGraph)),
    );
    assert.deepEqual([summary.format, summary.records, summary.signIns], ['json-array:graph', 3, 3]);
  });

  it('reads a Graph page, members before and after value included', async () => {
    const page = {
      '@odata.context': GRAPH_SIGN_INS_CONTEXT,
      value: [graphSignIn(4), graphSignIn(5)],
      '@odata.nextLink': 'https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=x',
    };
    const { summary, sink } = await read(JSON.stringify(page, null, 2));
    assert.deepEqual(sink.signInList, [expectedSignIn(4, fromGraph), expectedSignIn(5, fromGraph)]);
    assert.deepEqual([summary.format, summary.records], ['graph-page:graph', 2]);
  });

  it('reads pages one per line, told apart by their context where the records alone say little', async () => {
    // Minimal records: only the page's @odata.context says which kind they are.
    const audits = {
      '@odata.context': GRAPH_AUDITS_CONTEXT,
      value: [{ id: 'a1', activityDateTime: '2026-01-02T03:04:05Z', activityDisplayName: 'Reset password (self-service)' }],
    };
    const signIns = { '@odata.context': GRAPH_SIGN_INS_CONTEXT, value: [{ id: 's1', createdDateTime: '2026-01-02T03:04:05Z', status: { errorCode: 50126 } }] };
    const { summary, sink } = await read(lines([audits, signIns]));
    assert.deepEqual(
      sink.auditList.map((a) => [a.id, a.activityDisplayName, a.result]),
      [['a1', 'Reset password (self-service)', 'unknownFutureValue']],
    );
    assert.deepEqual(
      sink.signInList.map((s) => [s.id, s.createdDateTime, s.errorCode, s.isInteractive]),
      [['s1', '2026-01-02T03:04:05.000Z', 50126, true]],
    );
    assert.deepEqual([summary.format, summary.records], ['ndjson:graph', 2]);
  });

  it('reads NDJSON of Graph objects of both kinds, told apart by shape or @odata.type', async () => {
    const typed = { '@odata.type': '#microsoft.graph.signIn', id: 't1', createdDateTime: '2026-01-02T03:04:05.5Z', status: { errorCode: 0 } };
    const { sink } = await read(lines([graphAudit(1), graphSignIn(2), typed]));
    assert.deepEqual(sink.auditList, [expectedAudit(1, fromGraph)]);
    assert.deepEqual(
      sink.signInList.map((s) => s.id),
      [expectedSignIn(2).id, 't1'],
    );
    assert.equal(sink.signInList[1]?.createdDateTime, '2026-01-02T03:04:05.500Z');
  });

  it('reads the Graph docs example shape (targetResource with Type) as published', async () => {
    // graph.v1.directoryAudit.get.json: `targetResource` (sic), `Type` (sic), `app: null`, no operationType.
    const doc = {
      id: 'id',
      category: 'UserManagement',
      correlationId: 'da159bfb-54fa-4092-8a38-6e1fa7870e30',
      result: 'success',
      resultReason: 'Successfully added member to group',
      activityDisplayName: 'Add member to group',
      activityDateTime: '2018-01-09T21:20:02.7215374Z',
      loggedByService: 'Core Directory',
      initiatedBy: {
        user: {
          id: '728309ae-1a37-4937-9afe-e35d964db09b',
          displayName: 'Audry Oliver',
          userPrincipalName: 'bob@wingtiptoysonline.com',
          ipAddress: '127.0.0.1',
        },
        app: null,
      },
      targetResource: [
        { id: 'ef7e527d-6c92-4234-8c6d-cf6fdfb57f95', displayName: 'Example.com', Type: 'Group', modifiedProperties: [], groupType: 'unifiedGroups' },
        { id: '1f0e98f5-3161-4c6b-9b50-d488572f2bb7', displayName: null, Type: 'User', modifiedProperties: [], userPrincipalName: 'example@contoso.com' },
      ],
      additionalDetails: [{ key: 'Additional Detail Name', value: 'Additional Detail Value' }],
    };
    const { sink } = await read(JSON.stringify({ '@odata.context': GRAPH_AUDITS_CONTEXT, value: [doc] }, null, 4));
    assert.deepEqual(sink.auditList, [
      {
        id: 'id',
        tenantId: null,
        activityDateTime: '2018-01-09T21:20:02.721Z',
        activityDisplayName: 'Add member to group',
        category: 'UserManagement',
        loggedByService: 'Core Directory',
        operationType: '',
        correlationId: 'da159bfb-54fa-4092-8a38-6e1fa7870e30',
        result: 'success',
        resultReason: 'Successfully added member to group',
        initiatedBy: {
          userId: '728309ae-1a37-4937-9afe-e35d964db09b',
          userPrincipalName: 'bob@wingtiptoysonline.com',
          displayName: 'Audry Oliver',
          ipAddress: '127.0.0.1',
          appId: null,
          appDisplayName: null,
        },
        targets: [
          { id: 'ef7e527d-6c92-4234-8c6d-cf6fdfb57f95', type: 'Group', displayName: 'Example.com', userPrincipalName: null },
          { id: '1f0e98f5-3161-4c6b-9b50-d488572f2bb7', type: 'User', displayName: null, userPrincipalName: 'example@contoso.com' },
        ],
        additionalDetails: { 'Additional Detail Name': 'Additional Detail Value' },
      },
    ]);
  });
});

describe('readLogs: Azure Monitor diagnostic exports (Event Hub, storage)', () => {
  const audit = azureMonitorRecord('AuditLogs', graphAudit(1));
  const signIn = azureMonitorRecord('SignInLogs', graphSignIn(2));
  // noninteractive-signinlogs.eventhub.elastic-test.jsonl: the category says non-interactive; here the field is left out.
  const { isInteractive: _, ...withoutFlag } = graphSignIn(3);
  const nonInteractive = azureMonitorRecord('NonInteractiveUserSignInLogs', withoutFlag);
  const servicePrincipal = azureMonitorRecord('ServicePrincipalSignInLogs', { id: 'sp1', createdDateTime: '2026-01-02T03:04:05Z' });
  const provisioning = azureMonitorRecord('ProvisioningLogs', { id: 'p1' });
  const all = [audit, signIn, nonInteractive, servicePrincipal, provisioning, servicePrincipal];
  const expected = { audits: [expectedAudit(1)], signIns: [expectedSignIn(2), expectedSignIn(3, { isInteractive: false })] };
  const counts = { records: 6, audits: 1, signIns: 2, refused: 0, skippedByCategory: { ServicePrincipalSignInLogs: 2, ProvisioningLogs: 1 } };

  it('reads one {"records":[…]} object, as an Event Hub message or storage blob holds them', async () => {
    const { summary, sink } = await read(JSON.stringify({ records: all }, null, 2));
    assert.deepEqual({ audits: sink.auditList, signIns: sink.signInList }, expected);
    assert.deepEqual({ ...summary, bytes: 0 }, { bytes: 0, compressed: false, format: 'azure-monitor-records:azure-monitor', ...counts });
  });

  it('reads a {"records":[…]} object per line', async () => {
    const { summary, sink } = await read(lines([{ records: all.slice(0, 3) }, { records: all.slice(3) }]));
    assert.deepEqual({ audits: sink.auditList, signIns: sink.signInList }, expected);
    assert.deepEqual({ ...summary, bytes: 0 }, { bytes: 0, compressed: false, format: 'ndjson:azure-monitor', ...counts });
  });

  it('reads one record per line', async () => {
    const { summary, sink } = await read(lines(all));
    assert.deepEqual({ audits: sink.auditList, signIns: sink.signInList }, expected);
    assert.deepEqual({ ...summary, bytes: 0 }, { bytes: 0, compressed: false, format: 'ndjson:azure-monitor', ...counts });
  });

  it('takes the tenant from resourceId, and the time from `time`, when the record lacks them', async () => {
    const { createdDateTime: _c, ...properties } = graphSignIn(4);
    const { tenantId: _t, ...bare } = azureMonitorRecord('SignInLogs', properties, { time: entraTime(4) });
    const { sink } = await read(lines([bare]));
    assert.deepEqual(sink.signInList, [expectedSignIn(4)]);
  });
});

describe('readLogs: Log Analytics rows', () => {
  const rows = [
    logAnalyticsSignIn(1),
    logAnalyticsSignIn(2, 'AADNonInteractiveUserSignInLogs'),
    logAnalyticsAudit(3),
    logAnalyticsSignIn(4, 'AADServicePrincipalSignInLogs'),
  ];
  const expected = { audits: [expectedAudit(3)], signIns: [expectedSignIn(1), expectedSignIn(2, { isInteractive: false })] };
  const counts = { records: 4, audits: 1, signIns: 2, refused: 0, skippedByCategory: { AADServicePrincipalSignInLogs: 1 } };

  it('reads a JSON array of rows from a query, nested columns given as JSON strings', async () => {
    const { summary, sink } = await read(JSON.stringify(rows, null, 2));
    assert.deepEqual({ audits: sink.auditList, signIns: sink.signInList }, expected);
    assert.deepEqual({ ...summary, bytes: 0 }, { bytes: 0, compressed: false, format: 'json-array:log-analytics', ...counts });
  });

  it('reads NDJSON rows', async () => {
    const { summary, sink } = await read(lines(rows));
    assert.deepEqual({ audits: sink.auditList, signIns: sink.signInList }, expected);
    assert.equal(summary.format, 'ndjson:log-analytics');
  });

  it('reads rows whose nested columns are JSON (a query that parsed them with todynamic)', async () => {
    const parsed = rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^[[{]/.test(v) ? (JSON.parse(v) as unknown) : v])),
    );
    const { sink } = await read(lines(parsed));
    assert.deepEqual({ audits: sink.auditList, signIns: sink.signInList }, expected);
  });

  it("reads the query API's tables format, columns then rows", async () => {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const table = {
      name: 'PrimaryResult',
      columns: columns.map((name) => ({ name, type: 'string' })),
      rows: rows.map((r) => columns.map((c) => r[c] ?? null)),
    };
    const { summary, sink } = await read(JSON.stringify({ tables: [table] }, null, 1));
    assert.deepEqual({ audits: sink.auditList, signIns: sink.signInList }, expected);
    assert.deepEqual({ ...summary, bytes: 0 }, { bytes: 0, compressed: false, format: 'log-analytics-query:log-analytics', ...counts });
  });
});

describe('readLogs: per-record detection', () => {
  it('reads an NDJSON that mixes every shape and framing, line by line', async () => {
    const text = lines([
      graphAudit(1),
      azureMonitorRecord('SignInLogs', graphSignIn(2)),
      logAnalyticsAudit(3),
      { '@odata.context': GRAPH_SIGN_INS_CONTEXT, value: [graphSignIn(4)] },
      { records: [azureMonitorRecord('AuditLogs', graphAudit(5)), azureMonitorRecord('ManagedIdentitySignInLogs', { id: 'm' })] },
      logAnalyticsSignIn(6, 'AADNonInteractiveUserSignInLogs'),
      [graphSignIn(7), logAnalyticsSignIn(8)],
    ]);
    const { summary, sink } = await read(text);
    assert.deepEqual(sink.auditList, [expectedAudit(1, fromGraph), expectedAudit(3), expectedAudit(5)]);
    assert.deepEqual(sink.signInList, [
      expectedSignIn(2),
      expectedSignIn(4, fromGraph),
      expectedSignIn(6, { isInteractive: false }),
      expectedSignIn(7, fromGraph),
      expectedSignIn(8),
    ]);
    assert.deepEqual(
      { ...summary, bytes: 0 },
      {
        bytes: 0,
        compressed: false,
        format: 'ndjson:azure-monitor+graph+log-analytics',
        records: 9,
        audits: 3,
        signIns: 5,
        refused: 0,
        skippedByCategory: { ManagedIdentitySignInLogs: 1 },
      },
    );
  });
});

describe('readLogs: gzip', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['NDJSON', lines([azureMonitorRecord('SignInLogs', graphSignIn(1)), graphAudit(2)])],
    ['a Graph page', JSON.stringify({ '@odata.context': GRAPH_SIGN_INS_CONTEXT, value: [graphSignIn(1), graphAudit(2)] }, null, 2)],
  ];
  for (const [name, text] of cases) {
    it(`reads gzip-compressed ${name} the same as plain, counting compressed bytes`, async () => {
      const plain = await read(text);
      const gz = gzipSync(text);
      const { summary, sink } = await read(gz);
      assert.deepEqual(sink.content(), plain.sink.content());
      assert.deepEqual([summary.compressed, summary.bytes, summary.records], [true, gz.length, 2]);
    });
  }
});
