// Tests that a bad record is refused with its place and reason while the rest is read, and that a file
// that cannot be trusted (not JSON, truncated document, damaged gzip) throws LogFileError.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { azureMonitorRecord, graphAudit, graphSignIn, logAnalyticsSignIn } from './sample-logs.js';
import { expectedSignIn, lines, parseMessage, read, readError } from './test-support.js';

describe('readLogs: refused records', () => {
  it('refuses a bad line in the middle with its line number and reads the lines after it', async () => {
    const bad = '{"id":"x","createdDateTime":"2026-01-02T03:04:05Z",,"status":{}}';
    const text = `${JSON.stringify(graphSignIn(1))}\n${bad}\n${JSON.stringify(graphSignIn(3))}\n`;
    const { summary, sink } = await read(text);
    assert.deepEqual(
      sink.signInList.map((s) => s.id),
      [expectedSignIn(1).id, expectedSignIn(3).id],
    );
    assert.deepEqual(sink.refusedList, [{ where: 'line 2', reason: `malformed JSON: ${parseMessage(bad)}`, text: bad }]);
    assert.deepEqual([summary.records, summary.signIns, summary.refused], [3, 2, 1]);
  });

  it('says what is missing or wrong, naming the field as each export spells it', async () => {
    const { id: _a, ...noId } = graphSignIn(1);
    const { createdDateTime: _b, ...noTime } = graphSignIn(2);
    const noTimeAtAll = { ...azureMonitorRecord('SignInLogs', noTime), time: undefined };
    const { CreatedDateTime: _c, ...laNoTime } = logAnalyticsSignIn(3);
    const records = [
      noId,
      azureMonitorRecord('AuditLogs', { ...graphAudit(1), id: '' }),
      { ...logAnalyticsSignIn(2), Id: null },
      noTimeAtAll,
      laNoTime,
      { ...graphSignIn(4), createdDateTime: '2026-13-01T00:00:00Z' },
      { ...graphSignIn(5), status: {} },
      logAnalyticsSignIn(6, 'SigninLogs', { AuthenticationDetails: '[{"authenticationMethod":' }),
      { ...graphAudit(7), activityDisplayName: '' },
      42,
      { hello: 'world' },
      azureMonitorRecord('SignInLogs', graphSignIn(8), { properties: 'not an object' }),
    ];
    const { sink } = await read(lines([graphSignIn(0), ...records]));
    assert.deepEqual(
      sink.refusedList.map((r) => [r.where, r.reason]),
      [
        ['line 2', 'no id: expected a non-empty string "id"'],
        ['line 3', 'no id: expected a non-empty string "properties.id"'],
        ['line 4', 'no id: expected a non-empty string "Id"'],
        ['line 5', 'no time: expected a date-time "properties.createdDateTime" or time'],
        ['line 6', 'no time: expected a date-time "CreatedDateTime"'],
        ['line 7', 'createdDateTime is not an ISO-8601 date-time: found the string "2026-13-01T00:00:00Z"'],
        ['line 8', 'no error code: expected an integer "status.errorCode" (0 for success)'],
        ['line 9', `AuthenticationDetails is a string that is not valid JSON (${parseMessage('[{"authenticationMethod":')})`],
        ['line 10', 'no activity: expected a non-empty string "activityDisplayName"'],
        ['line 11', 'expected a JSON object (an audit or sign-in record), found 42'],
        [
          'line 12',
          'not an audit or sign-in record: expected a Graph directoryAudit (activityDisplayName, activityDateTime, …), ' +
            'a signIn (createdDateTime with userPrincipalName, status or authenticationDetails), an Azure Monitor record ' +
            '(category, properties) or a Log Analytics row (Type, TimeGenerated, …)',
        ],
        ['line 13', 'properties must be an object (the SignInLogs record\'s fields), found the string "not an object"'],
      ],
    );
    assert.equal(sink.refusedList[0]?.text, JSON.stringify(noId));
    assert.deepEqual(
      sink.signInList.map((s) => s.id),
      [expectedSignIn(0).id],
    );
  });

  it('names records inside containers by their place: records[i] on a line, value[i] in a document', async () => {
    const ndjson = lines([{ records: [azureMonitorRecord('SignInLogs', graphSignIn(1)), azureMonitorRecord('SignInLogs', { id: 'x' }, { time: undefined })] }]);
    const first = await read(ndjson);
    assert.deepEqual(
      first.sink.refusedList.map((r) => r.where),
      ['line 1: records[1]'],
    );
    const badElement = '{"id":"b","createdDateTime":"2026-01-02T03:04:05Z" "status":{}}';
    const page = `{"@odata.context":"x#auditLogs/signIns","value":[\n${JSON.stringify(graphSignIn(1))},\n${badElement},\n${JSON.stringify(graphSignIn(3))}]}`;
    const second = await read(page);
    assert.deepEqual(second.sink.refusedList, [{ where: 'value[1]', reason: `malformed JSON: ${parseMessage(badElement)}`, text: badElement }]);
    assert.deepEqual(
      second.sink.signInList.map((s) => s.id),
      [expectedSignIn(1).id, expectedSignIn(3).id],
    );
    const array = await read(`[\n1,\n${JSON.stringify(graphSignIn(2))}\n]`);
    assert.deepEqual(
      array.sink.refusedList.map((r) => [r.where, r.reason]),
      [['[0]', 'expected a JSON object (an audit or sign-in record), found 1']],
    );
  });

  it('refuses arrays nested deeper than any export, and rows that come before their columns', async () => {
    const deep = `${'['.repeat(10)}${']'.repeat(10)}`;
    const { sink } = await read(`${deep}\n${JSON.stringify(graphSignIn(1))}\n`);
    assert.deepEqual(
      sink.refusedList.map((r) => [r.where, r.reason]),
      [['[0][0][0][0][0][0]', 'nested 5 containers deep: expected a record, or records in a records, value or tables array']],
    );
    assert.equal(sink.signInList.length, 1);
    const rowsFirst = JSON.stringify({ tables: [{ name: 'PrimaryResult', rows: [['SigninLogs']], columns: [{ name: 'Type', type: 'string' }] }] }, null, 1);
    const tables = await read(rowsFirst);
    assert.deepEqual(
      tables.sink.refusedList.map((r) => [r.where, r.reason, r.text]),
      [['tables[0].rows[0]', "a row without the table's columns before it: its values cannot be named", '[\n     "SigninLogs"\n    ]']],
    );
  });

  it('reads NDJSON given hint json as JSON documents in a row, placed by their ordinal', async () => {
    const { sink, summary } = await read(lines([graphSignIn(1), graphSignIn(2), { id: 'x' }]), { hint: 'json' });
    assert.deepEqual(
      sink.signInList.map((s) => s.id),
      [expectedSignIn(1).id, expectedSignIn(2).id],
    );
    assert.deepEqual(
      sink.refusedList.map((r) => r.where),
      ['document 3'],
    );
    assert.equal(summary.format, 'json-object:graph');
  });

  it('refuses a whole one-object document that lacks what it needs, as `document`', async () => {
    const { id: _, ...noId } = graphAudit(1);
    const text = JSON.stringify(noId, null, 2);
    const { sink } = await read(text);
    assert.deepEqual(
      sink.refusedList.map((r) => [r.where, r.reason]),
      [['document', 'no id: expected a non-empty string "id"']],
    );
    // The members' text as written (here indented), between braces.
    const refusedText = sink.refusedList[0]?.text ?? '';
    assert.deepEqual(JSON.parse(refusedText) as unknown, noId);
    assert.ok(refusedText.startsWith('{"category":"UserManagement",') && refusedText.includes('\n    "user": {\n'));
  });

  it("cuts a refused record's text to 64 KiB", async () => {
    const huge = JSON.stringify({ note: 'x'.repeat(100_000), createdDateTime: '2026-01-02T03:04:05Z', status: { errorCode: 0 }, userPrincipalName: 'a' });
    const { sink } = await read(`${huge}\n`);
    assert.equal(sink.refusedList[0]?.reason, 'no id: expected a non-empty string "id"');
    assert.equal(sink.refusedList[0]?.text, huge.slice(0, 65536));
  });

  it('skips Graph service-principal sign-ins and counts them under their diagnostic category', async () => {
    const sp = { ...graphSignIn(1), signInEventTypes: ['servicePrincipal'] };
    const user = { ...graphSignIn(2), signInEventTypes: ['nonInteractiveUser'], isInteractive: undefined };
    const { summary, sink } = await read(lines([sp, user]));
    assert.deepEqual(summary.skippedByCategory, { ServicePrincipalSignInLogs: 1 });
    assert.deepEqual(
      sink.signInList.map((s) => [s.id, s.isInteractive]),
      [[expectedSignIn(2).id, false]],
    );
  });
});

describe('readLogs: truncated and unreadable files', () => {
  it('truncated NDJSON: refuses the cut last line only, every earlier line stands', async () => {
    const whole = lines([graphSignIn(1), graphSignIn(2)]);
    const cut = whole.slice(0, whole.length - 40);
    const lastLine = cut.slice(cut.indexOf('\n') + 1);
    const { summary, sink } = await read(cut);
    assert.deepEqual(
      sink.signInList.map((s) => s.id),
      [expectedSignIn(1).id],
    );
    assert.deepEqual(sink.refusedList, [
      {
        where: 'line 2',
        text: lastLine,
        reason: `malformed JSON: ${parseMessage(lastLine)} (the last line has no line end: the file looks truncated)`,
      },
    ]);
    assert.equal(summary.refused, 1);
  });

  it('truncated JSON document: throws LogFileError naming the element it ends in', async () => {
    const text = JSON.stringify({ '@odata.context': 'x', value: [graphSignIn(1), graphSignIn(2)] }, null, 2);
    const cut = text.slice(0, text.length - 100);
    const { error } = await readError(cut);
    assert.deepEqual([error.where, error.message], ['value[1]', `the input ends after ${cut.length} bytes, inside a JSON value: the file looks truncated`]);
    const between = await readError('{"records":[');
    assert.deepEqual(
      [between.error.where, between.error.message],
      ['records[0]', 'the input ends after 12 bytes, inside a JSON value: the file looks truncated'],
    );
  });

  it('a file that is not JSON at all throws LogFileError at its first byte', async () => {
    const csv = await readError('TimeGenerated,Id,CreatedDateTime\n2026-01-02,x,2026-01-02\n');
    assert.deepEqual(
      [csv.error.where, csv.error.message],
      ['byte 0', 'expected a JSON object or array, found "T" at byte 0: the file is not valid JSON from here on'],
    );
    const scalar = await readError('"just a string"');
    assert.deepEqual(
      [scalar.error.where, scalar.error.message],
      ['byte 0', 'expected a JSON object or array at the top level, found "\\"": this is not a log export'],
    );
    const utf16 = await readError(Buffer.from('\ufeff{"a":1}', 'utf16le'));
    assert.deepEqual(
      [utf16.error.where, utf16.error.message],
      ['byte 0', 'the file starts with a UTF-16 byte-order mark: save it as UTF-8 (Windows PowerShell 5: Out-File -Encoding utf8)'],
    );
  });

  it('with hint ndjson, a non-JSON first line or a multi-line document throws', async () => {
    const csv = await readError('a,b\n1,2\n', { hint: 'ndjson' });
    assert.deepEqual([csv.error.where, csv.error.message], ['line 1', 'not JSON or NDJSON: expected a JSON object or array, found "a,b"']);
    const pretty = await readError(JSON.stringify([graphSignIn(1)], null, 2), { hint: 'ndjson' });
    assert.deepEqual(
      [pretty.error.where, pretty.error.message],
      ['line 1', "holds only \"[\": this is a JSON document written over several lines, not NDJSON (read it with hint 'auto' or 'json')"],
    );
  });

  it('broken structure inside a document throws at the place it breaks, after what came before', async () => {
    const first = JSON.stringify(graphSignIn(1));
    const text = `{"value":[\n${first}\n{"id":"b"}]}`;
    const { error, sink } = await readError(text, { batchSize: 1 });
    assert.deepEqual(
      [error.where, error.message],
      ['value[0]', `expected "," or "]" after the element, found "{" at byte ${11 + first.length + 1}: the file is not valid JSON from here on`],
    );
    assert.deepEqual(
      sink.signInList.map((s) => s.id),
      [expectedSignIn(1).id],
    );
  });

  it('a damaged gzip stream throws LogFileError at gzip', async () => {
    const gz = gzipSync(lines([graphSignIn(1), graphSignIn(2)]));
    const { error } = await readError(gz.subarray(0, gz.length - 20));
    assert.equal(error.where, 'gzip');
    assert.match(error.message, /^the compressed input is damaged or truncated: /);
  });

  it('an empty file, or one of blanks, is refused at byte 0 (an empty array is an export of nothing)', async () => {
    for (const [text, hint] of [
      ['', 'auto'],
      [' \n\r\n', 'auto'],
      [' \n\r\n', 'ndjson'],
      ['\n', 'json'],
    ] as const) {
      const { error } = await readError(text, { hint });
      assert.equal(error.where, 'byte 0', JSON.stringify(text));
      assert.equal(error.message, 'the input holds no JSON value (it is empty or only blanks): expected a log export (NDJSON or a JSON document)');
    }
    assert.equal((await readError(gzipSync(''))).error.where, 'byte 0');
    const { summary } = await read('[]');
    assert.equal(summary.records, 0);
  });
});
