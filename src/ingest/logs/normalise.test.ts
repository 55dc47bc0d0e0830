// Tests the normalisation rules of activity-model.ts for each export shape, one rule at a time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { azureMonitorRecord, graphAudit, graphSignIn, logAnalyticsAudit, logAnalyticsSignIn, SAMPLE_TENANT } from './sample-logs.js';
import { lines, read } from './test-support.js';

async function signIns(records: readonly unknown[]): Promise<readonly unknown[]> {
  const { sink } = await read(lines(records));
  assert.deepEqual(sink.refusedList, []);
  return sink.signInList;
}

async function audits(records: readonly unknown[]): Promise<readonly unknown[]> {
  const { sink } = await read(lines(records));
  assert.deepEqual(sink.refusedList, []);
  return sink.auditList;
}

describe('normalised sign-ins', () => {
  it('isInteractive: the field, else the category, else signInEventTypes, else true; AADNonInteractiveUserSignInLogs is never interactive', async () => {
    const { isInteractive: _, ...bare } = graphSignIn(1);
    const got = await signIns([
      { ...bare, isInteractive: false },
      azureMonitorRecord('SignInLogs', bare),
      azureMonitorRecord('NonInteractiveUserSignInLogs', bare),
      azureMonitorRecord('NonInteractiveUserSignInLogs', { ...bare, isInteractive: true }),
      { ...bare, signInEventTypes: ['nonInteractiveUser'] },
      bare,
      logAnalyticsSignIn(1, 'AADNonInteractiveUserSignInLogs', { IsInteractive: true }),
      logAnalyticsSignIn(1, 'SigninLogs', { IsInteractive: 'False' }),
      logAnalyticsSignIn(1, 'SigninLogs', { IsInteractive: undefined }),
    ]);
    assert.deepEqual(
      got.map((s) => (s as { isInteractive: boolean }).isInteractive),
      [false, true, false, true, false, true, false, false, true],
    );
  });

  it('errorCode: Log Analytics ResultType "50126" → 50126; else status.errorCode; failureReason falls back to ResultDescription', async () => {
    const got = await signIns([
      logAnalyticsSignIn(1, 'SigninLogs', { ResultType: '50126', ResultDescription: 'Invalid username or password.', Status: '{"errorCode":50126}' }),
      logAnalyticsSignIn(2, 'SigninLogs', {
        ResultType: undefined,
        Status: '{"errorCode":500121,"failureReason":"Authentication failed during strong authentication request."}',
      }),
      { ...graphSignIn(3), status: { errorCode: '50140', failureReason: "This error occurred due to 'Keep me signed in' interrupt" } },
    ]);
    assert.deepEqual(
      got.map((s) => {
        const r = s as { errorCode: number; failureReason: string };
        return [r.errorCode, r.failureReason];
      }),
      [
        [50126, 'Invalid username or password.'],
        [500121, 'Authentication failed during strong authentication request.'],
        [50140, "This error occurred due to 'Keep me signed in' interrupt"],
      ],
    );
  });

  it('userType lower-case or null; tenantId lower-case or null; createdDateTime, not TimeGenerated', async () => {
    const got = await signIns([
      { ...graphSignIn(1), userType: 'Guest' },
      { ...graphSignIn(2), userType: 'unknownFutureValue' },
      logAnalyticsSignIn(3, 'SigninLogs', { AADTenantId: undefined, CreatedDateTime: '2026-01-02T03:04:05.1Z', TimeGenerated: '2026-01-05T00:00:00Z' }),
    ]);
    assert.deepEqual(
      got.map((s) => {
        const r = s as { userType: string | null; tenantId: string | null; createdDateTime: string };
        return [r.userType, r.tenantId, r.createdDateTime];
      }),
      [
        ['guest', null, '2026-01-02T03:04:06.123Z'],
        [null, null, '2026-01-02T03:04:07.123Z'],
        ['member', null, '2026-01-02T03:04:05.100Z'],
      ],
    );
  });

  it('reads the steps of a failed sign-in (graph.beta.signIn.list.example1.json) and missing optional fields as empty', async () => {
    const step = {
      authenticationStepDateTime: '2021-06-30T16:34:32Z',
      authenticationMethod: 'Password',
      authenticationMethodDetail: 'Password in the cloud',
      succeeded: false,
      authenticationStepResultDetail: 'Invalid username or password or Invalid on-premise username or password.',
      authenticationStepRequirement: 'Primary authentication',
    };
    const got = await signIns([
      {
        id: 's',
        createdDateTime: '2021-06-30T16:34:32Z',
        userPrincipalName: 'testaccount1@contoso.com',
        status: { errorCode: 50126 },
        authenticationDetails: [step, 'junk', { succeeded: 'true' }],
      },
    ]);
    assert.deepEqual(got, [
      {
        id: 's',
        tenantId: null,
        createdDateTime: '2021-06-30T16:34:32.000Z',
        userId: '',
        userPrincipalName: 'testaccount1@contoso.com',
        userDisplayName: '',
        userType: null,
        isInteractive: true,
        errorCode: 50126,
        failureReason: '',
        authenticationRequirement: '',
        conditionalAccessStatus: null,
        authenticationDetails: [
          {
            stepDateTime: '2021-06-30T16:34:32.000Z',
            method: 'Password',
            methodDetail: 'Password in the cloud',
            succeeded: false,
            resultDetail: 'Invalid username or password or Invalid on-premise username or password.',
            requirement: 'Primary authentication',
          },
          { stepDateTime: null, method: '', methodDetail: null, succeeded: true, resultDetail: null, requirement: null },
        ],
      },
    ]);
  });
});

describe('normalised audits', () => {
  it('result: a lower-case member, unknown values unknownFutureValue; resultReason falls back to resultDescription (A14)', async () => {
    const got = await audits([
      { ...graphAudit(1), result: 'Failure', resultReason: 'User canceled security info registration.' },
      { ...graphAudit(2), result: 'timeout' },
      { ...graphAudit(3), result: 'partial' },
      azureMonitorRecord('AuditLogs', { ...graphAudit(4), resultReason: '' }, { resultDescription: 'Successfully completed reset.' }),
      logAnalyticsAudit(5, { Result: 'success', ResultReason: 'User started the mobile app notification verification option', ResultDescription: 'ignored' }),
    ]);
    assert.deepEqual(
      got.map((a) => {
        const r = a as { result: string; resultReason: string };
        return [r.result, r.resultReason];
      }),
      [
        ['failure', 'User canceled security info registration.'],
        ['timeout', 'User registered Mobile App Notification'],
        ['unknownFutureValue', 'User registered Mobile App Notification'],
        ['success', 'Successfully completed reset.'],
        ['success', 'User started the mobile app notification verification option'],
      ],
    );
  });

  it('initiatedBy from an app; additionalDetails with later keys winning; activity from OperationName; tenant from AADTenantId', async () => {
    const appInitiated = azureMonitorRecord(
      'AuditLogs',
      {
        ...graphAudit(1),
        activityDisplayName: undefined,
        initiatedBy: {
          app: {
            appId: 'a70a7931-c387-4dce-9f35-fbf95bdcc91e',
            displayName: 'Managed Service Identity',
            servicePrincipalId: 'b98',
            servicePrincipalName: null,
          },
        },
        additionalDetails: [
          { key: 'OnPremisesAgent', value: 'None' },
          { key: 'k', value: null },
          { key: 'OnPremisesAgent', value: 'CloudSync' },
          { key: '__proto__', value: 'x' },
          { value: 'no key' },
        ],
      },
      { operationName: 'Reset password (by admin)' },
    );
    const la = logAnalyticsAudit(2, { AADTenantId: 'ABC', InitiatedBy: '{"user":{"id":"","userPrincipalName":"admin@contoso.example","ipAddress":""}}' });
    const got = (await audits([appInitiated, la])) as readonly {
      activityDisplayName: string;
      initiatedBy: unknown;
      additionalDetails: Record<string, string>;
      tenantId: string | null;
    }[];
    assert.equal(got[0]?.activityDisplayName, 'Reset password (by admin)');
    assert.deepEqual(got[0]?.initiatedBy, {
      userId: null,
      userPrincipalName: null,
      displayName: null,
      ipAddress: null,
      appId: 'a70a7931-c387-4dce-9f35-fbf95bdcc91e',
      appDisplayName: 'Managed Service Identity',
    });
    assert.deepEqual(Object.entries(got[0]?.additionalDetails ?? {}), [
      ['OnPremisesAgent', 'CloudSync'],
      ['k', ''],
      ['__proto__', 'x'],
    ]);
    assert.equal(Reflect.getPrototypeOf(got[0]!.additionalDetails), Object.prototype);
    assert.equal(got[0]?.tenantId, SAMPLE_TENANT);
    assert.deepEqual(
      [got[1]?.tenantId, got[1]?.initiatedBy],
      ['abc', { userId: null, userPrincipalName: 'admin@contoso.example', displayName: null, ipAddress: null, appId: null, appDisplayName: null }],
    );
  });
});

describe('ids and times (decision 0055)', () => {
  it("sign-ins: GUID ids (record, user) lower-cased, as the snapshot's user ids are", async () => {
    const s = graphSignIn(1);
    const [got] = (await signIns([{ ...s, id: String(s['id']).toUpperCase(), userId: String(s['userId']).toUpperCase() }])) as readonly {
      id: string;
      userId: string;
    }[];
    assert.deepEqual([got?.id, got?.userId], [s['id'], s['userId']]);
  });

  it('audits: GUID correlation, initiator, app and target ids lower-cased; a non-GUID record id kept', async () => {
    const a = graphAudit(1);
    const U = '0B5E4A1C-7D2F-4C1E-9A3B-5F6E7D8C9B0A';
    const [got] = (await audits([
      {
        ...a,
        id: 'SSPR_ABC_1',
        correlationId: String(a['correlationId']).toUpperCase(),
        initiatedBy: { user: { id: U, userPrincipalName: 'u@contoso.example' }, app: { appId: U } },
        targetResources: [
          { id: U, type: 'User' },
          { id: 'Other-Id', type: 'Other' },
        ],
      },
    ])) as readonly { id: string; correlationId: string; initiatedBy: { userId: string; appId: string }; targets: { id: string }[] }[];
    assert.deepEqual(
      [got?.id, got?.correlationId, got?.initiatedBy.userId, got?.initiatedBy.appId, got?.targets.map((t) => t.id)],
      ['SSPR_ABC_1', a['correlationId'], U.toLowerCase(), U.toLowerCase(), [U.toLowerCase(), 'Other-Id']],
    );
  });

  it('refuses a record dated before 2000 or over a day after the import time, naming the field and the range', async () => {
    const now = (): Date => new Date('2026-01-10T00:00:00Z');
    const { sink } = await read(
      lines([
        graphSignIn(1, { createdDateTime: '2099-01-01T00:00:00Z' }),
        graphAudit(2, { activityDateTime: '1970-01-01T00:00:00Z' }),
        graphSignIn(3, { createdDateTime: '2026-01-10T23:59:59Z' }),
        graphSignIn(4, { createdDateTime: '2026-01-11T00:00:00.001Z' }),
        graphAudit(5, { activityDateTime: '2000-01-01T00:00:00Z' }),
      ]),
      { now },
    );
    const range = 'expected from 2000-01-01T00:00:00.000Z to 2026-01-11T00:00:00.000Z (one day after the import time)';
    assert.deepEqual(
      sink.refusedList.map((r) => [r.where, r.reason]),
      [
        ['line 1', `createdDateTime 2099-01-01T00:00:00.000Z is outside the times amr accepts: ${range}`],
        ['line 2', `activityDateTime 1970-01-01T00:00:00.000Z is outside the times amr accepts: ${range}`],
        ['line 4', `createdDateTime 2026-01-11T00:00:00.001Z is outside the times amr accepts: ${range}`],
      ],
    );
    assert.deepEqual([sink.signInList.length, sink.auditList.length], [1, 1]);
  });
});
