// Tests for readSnapshot: both encodings, key orders, BOM, gzip, skipped members, counts, and refusals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sampleJsonDocument, sampleNdjson } from './sample-snapshot.js';
import { HEADER, jsonDoc, ndjson, read, readError, TENANT, user } from './test-support.js';

const GUID_ID = '0b5e4a1c-7d2f-4c1e-9a3b-5f6e7d8c9b0a';

const CONTENT = { users: 23, groups: 4, roleAssignments: 3 };
const JSON_TEXT = [...sampleJsonDocument(CONTENT)].join('');
const NDJSON_TEXT = [...sampleNdjson(CONTENT)].join('');
const BOM = '\ufeff';

describe('readSnapshot: the two encodings', () => {
  it('gives the same records for the JSON document and NDJSON', async () => {
    const a = await read(JSON_TEXT, { batchSize: 5 });
    const b = await read(NDJSON_TEXT, { batchSize: 5 });
    assert.deepEqual(b.sink.content(), a.sink.content());
    assert.equal(a.sink.userList.length, 23);
    assert.equal(a.sink.groupList.length, 4);
    assert.equal(a.sink.roleList.length, 3);
    assert.deepEqual({ ...a.summary, bytes: 0, encoding: '' }, { ...b.summary, bytes: 0, encoding: '' });
    assert.equal(a.summary.encoding, 'json');
    assert.equal(b.summary.encoding, 'ndjson');
  });

  it('batches by batchSize and sends the header first when it comes first', async () => {
    const { sink } = await read(JSON_TEXT, { batchSize: 10 });
    assert.deepEqual(sink.calls, ['header', 'users:10', 'users:10', 'users:3', 'groups:4', 'roleAssignments:3']);
  });

  it('reads keys in another order: users before the header, unknown members between', async () => {
    const scrambled = [...sampleJsonDocument({ ...CONTENT, scrambled: true })].join('');
    const a = await read(scrambled, { batchSize: 10 });
    const b = await read(JSON_TEXT, { batchSize: 10 });
    assert.deepEqual(a.sink.content(), b.sink.content());
    assert.equal(a.sink.calls.filter((c) => c === 'header').length, 1);
    assert.ok(a.sink.calls.indexOf('header') > a.sink.calls.indexOf('users:10'), 'the header is known only at the end');
  });

  it('follows an explicit encoding and sniffs one when told auto', async () => {
    assert.equal((await read(NDJSON_TEXT, { encoding: 'ndjson' })).summary.encoding, 'ndjson');
    assert.equal((await read(JSON_TEXT, { encoding: 'json' })).summary.encoding, 'json');
    const err = await readError(NDJSON_TEXT, { encoding: 'json' });
    assert.equal(err.where, 'document');
    assert.match(err.message, /^expected nothing after the end of the JSON document \(NDJSON must be read as NDJSON\), found "\{" at byte \d+$/);
  });

  it('accepts a UTF-8 byte-order mark in either encoding', async () => {
    const plain = await read(JSON_TEXT);
    assert.deepEqual((await read(BOM + JSON_TEXT)).sink.content(), plain.sink.content());
    assert.deepEqual((await read(BOM + NDJSON_TEXT)).sink.content(), plain.sink.content());
  });

  it('reads gzip of each encoding, reporting compressed and the compressed byte count', async () => {
    const plain = await read(JSON_TEXT);
    for (const text of [JSON_TEXT, NDJSON_TEXT, BOM + JSON_TEXT]) {
      const gz = gzipSync(Buffer.from(text));
      const { summary, sink } = await read(gz);
      assert.deepEqual(sink.content(), plain.sink.content());
      assert.equal(summary.compressed, true);
      assert.equal(summary.bytes, gz.length);
    }
    assert.equal(plain.summary.compressed, false);
    assert.equal(plain.summary.bytes, Buffer.byteLength(JSON_TEXT));
  });

  it('reports progress as bytes are read', async () => {
    const seen: number[] = [];
    const chunks = [Buffer.from(JSON_TEXT.slice(0, 100)), Buffer.from(JSON_TEXT.slice(100))];
    await read(chunks, { onProgress: (n) => seen.push(n) });
    assert.deepEqual(seen, [100, Buffer.byteLength(JSON_TEXT)]);
  });

  it('counts every method type, unknown ones included', async () => {
    const methods = [
      { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod' },
      { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod' },
      { '@odata.type': '#microsoft.graph.quantumEntanglementAuthenticationMethod' },
    ];
    const { summary } = await read(jsonDoc([user('a', { authentication: { methods } }), user('b', { authentication: { methods: methods.slice(2) } })]));
    assert.deepEqual(summary.methodsByType, {
      '#microsoft.graph.phoneAuthenticationMethod': 2,
      '#microsoft.graph.quantumEntanglementAuthenticationMethod': 2,
    });
  });

  it('skips a large unknown top-level member without keeping it', async () => {
    const big = { rows: Array.from({ length: 20000 }, (_, i) => ({ i, s: `"]}{[\\${i}` })) };
    const text = JSON.stringify({ exportedBy: big, ...HEADER, extra: [big], users: [user('a')], trailing: 'x' });
    const { sink } = await read(text);
    assert.deepEqual(
      sink.userList.map((u) => u.id),
      ['a'],
    );
  });

  it('reads whitespace anywhere, pretty-printed or not', async () => {
    const text = ` \r\n\t{ "amrSnapshot" : 1 ,\n "tenant" :\t{ "id" : "${TENANT}" } , "users" : [ \n ${JSON.stringify(user('a'))} \n , ${JSON.stringify(user('b'), null, 4)} ] , "groups" : [ ] } \n\n`;
    assert.deepEqual(
      (await read(text)).sink.userList.map((u) => u.id),
      ['a', 'b'],
    );
  });

  it('allows an unknown member twice (it is skipped) but not a known one', async () => {
    const { summary } = await read(`{"x":1,"amrSnapshot":1,"x":[2],"tenant":{"id":"${TENANT}"},"users":[]}`);
    assert.equal(summary.users, 0);
    assert.equal((await readError(`{"amrSnapshot":1,"tenant":{"id":"${TENANT}"},"tenant":{"id":"${TENANT}"},"users":[]}`)).where, 'tenant');
  });

  it('hands over the header once, when the document ends with it, after the records before it', async () => {
    const text = `{"users":[${JSON.stringify(user('a'))}],"groups":[{"id":"g"}],${JSON.stringify(HEADER).slice(1, -1)},"policies":null}`;
    const { sink } = await read(text);
    // A group closes the users' batch; the header is known only at the end (the store copes: snapshot-writer).
    assert.deepEqual(sink.calls, ['users:1', 'header', 'groups:1']);
    assert.equal(sink.headers[0]?.capturedDateTime, '2024-06-01T00:00:00.000Z');
  });

  it('hands interleaved kinds over in snapshot order: a new kind closes the other batches', async () => {
    const role = { principalId: 'a', roleDefinitionId: 'r' };
    const text = ndjson([
      { group: { id: 'g1' } },
      { user: user('a') },
      { roleAssignment: role },
      { group: { id: 'g2' } },
      { roleAssignment: role },
      { user: user('b') },
    ]);
    const { sink } = await read(text, { batchSize: 2 });
    assert.deepEqual(sink.calls, ['header', 'groups:1', 'users:1', 'roleAssignments:1', 'groups:1', 'roleAssignments:1', 'users:1']);
  });

  it('keeps one kind in full batches while it runs', async () => {
    const text = ndjson([
      { group: { id: 'g1' } },
      { group: { id: 'g2' } },
      { group: { id: 'g3' } },
      { user: user('a') },
      { user: user('b') },
      { user: user('c') },
    ]);
    const { sink } = await read(text, { batchSize: 2 });
    assert.deepEqual(sink.calls, ['header', 'groups:2', 'groups:1', 'users:2', 'users:1']);
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await assert.rejects(read(JSON_TEXT, { batchSize: 0 }), RangeError);
  });

  it('accepts null for the optional arrays', async () => {
    const { summary } = await read(jsonDoc([user('a')], { groups: null, roleAssignments: null }));
    assert.equal(summary.groups, 0);
  });

  it('reads NDJSON with CRLF line ends, blank lines and no final line end', async () => {
    const text = `\r\n${JSON.stringify(HEADER)}\r\n\r\n${JSON.stringify({ user: user('a') })}\r\n   \n${JSON.stringify({ roleAssignment: { principalId: 'a', roleDefinitionId: 'r' } })}`;
    const { summary } = await read(text);
    assert.deepEqual([summary.encoding, summary.users, summary.roleAssignments], ['ndjson', 1, 1]);
  });

  it('reads a header-only NDJSON snapshot as an empty tenant', async () => {
    const { summary, sink } = await read(`${JSON.stringify(HEADER)}\n`);
    assert.deepEqual([summary.encoding, summary.users, sink.calls], ['ndjson', 0, ['header']]);
  });
});

describe('readSnapshot: refusals name the place', () => {
  const cases: [string, string, string, string | RegExp][] = [
    ['empty input', '', 'document', 'the snapshot is empty: expected a JSON object'],
    ['not an object', '[1,2]', 'document', 'expected a JSON object starting with "{", found "[" at byte 0'],
    ['missing users', JSON.stringify({ ...HEADER, groups: [] }) + '\n  ', 'users', 'is required: expected an array of Graph user objects (it may be empty)'],
    ['users not an array', jsonDoc([], { users: {} }), 'users', 'expected an array, found an object'],
    ['users null', jsonDoc([], { users: null }), 'users', 'expected an array, found null'],
    ['groups a string', jsonDoc([], { groups: 'none' }), 'groups', 'expected an array, found the string "none"'],
    [
      'missing version',
      JSON.stringify({ tenant: { id: TENANT }, users: [] }),
      'amrSnapshot',
      'is required: expected the number 1 (the snapshot format version)',
    ],
    ['version 2', JSON.stringify({ amrSnapshot: 2, users: [] }), 'amrSnapshot', 'unsupported snapshot format version 2: expected 1'],
    [
      'bad element',
      jsonDoc([user('a'), user('b'), user('c', { accountEnabled: 'no' })]),
      'users[2].accountEnabled',
      'expected true or false, found the string "no"',
    ],
    [
      'bad method deep inside',
      jsonDoc([user('a', { authentication: { methods: [{ '@odata.type': 1 }] } })]),
      'users[0].authentication.methods[0]["@odata.type"]',
      /^expected a string naming the method/,
    ],
    [
      'bad group member',
      jsonDoc([], { groups: [{ id: 'g', members: [{ '@odata.type': '#microsoft.graph.user' }] }] }),
      'groups[0].members[0].id',
      'is required: expected a non-empty string',
    ],
    [
      'bad role assignment',
      jsonDoc([], { roleAssignments: [{ principalId: 'p', roleDefinitionId: 'r' }, { principalId: 'p' }] }),
      'roleAssignments[1].roleDefinitionId',
      'is required: expected a non-empty string',
    ],
    ['bad tenant', JSON.stringify({ amrSnapshot: 1, tenant: { id: 'nope' }, users: [] }), 'tenant.id', /^expected a GUID/],
    [
      'bad policies',
      jsonDoc([], { policies: { passwordResetPolicy: { numberOfMethodsRequired: 0 } } }),
      'policies.passwordResetPolicy.numberOfMethodsRequired',
      'expected 1 or 2, found 0',
    ],
    ['duplicate user id', jsonDoc([user('a'), user('b'), user('a')]), 'users[2].id', 'duplicate user id "a": already given at users[0]'],
    ['duplicate group id', jsonDoc([], { groups: [{ id: 'g' }, { id: 'g' }] }), 'groups[1].id', 'duplicate group id "g": already given at groups[0]'],
    // decision 0055: GUIDs compare ignoring case, so these are one id given twice.
    [
      'user ids differing in case',
      jsonDoc([user(GUID_ID), user('b'), user(GUID_ID.toUpperCase())]),
      'users[2].id',
      `duplicate user id "${GUID_ID}" (GUIDs compare ignoring case): already given at users[0]`,
    ],
    [
      'group ids differing in case',
      jsonDoc([], { groups: [{ id: GUID_ID.toUpperCase() }, { id: GUID_ID }] }),
      'groups[1].id',
      `duplicate group id "${GUID_ID}" (GUIDs compare ignoring case): already given at groups[0]`,
    ],
    [
      'capture time 1970',
      jsonDoc([], { capturedDateTime: '1970-01-01T00:00:00Z' }),
      'capturedDateTime',
      /^expected a capture time from 2000-01-01T00:00:00.000Z to /,
    ],
    [
      'capture time 2099',
      jsonDoc([], { capturedDateTime: '2099-12-31T00:00:00Z' }),
      'capturedDateTime',
      /one day after the import time\), found the string "2099-12-31T00:00:00Z"$/,
    ],
    ['member twice', `{"amrSnapshot":1,"users":[],"users":[]}`, 'users', 'appears twice at the top level: expected each member once'],
    [
      'malformed element',
      `{"amrSnapshot":1,"tenant":{"id":"${TENANT}"},"users":[${JSON.stringify(user('a'))},{"id":"b",}]}`,
      'users[1]',
      /^malformed JSON: .+ \(the value starts at byte \d+\)$/,
    ],
    ['malformed header member', `{"amrSnapshot":1,"tenant":{"id":nope},"users":[]}`, 'tenant', /^malformed JSON: /],
    [
      'missing comma between users',
      `{"amrSnapshot":1,"users":[${JSON.stringify(user('a'))} {"id":"b"}]}`,
      'users[0]',
      /^expected "," or "\]" after users\[0\], found "\{" at byte \d+$/,
    ],
    ['trailing comma in users', `{"amrSnapshot":1,"users":[${JSON.stringify(user('a'))},]}`, 'users[1]', /^expected a JSON value, found "\]" at byte \d+$/],
    [
      'trailing comma at top',
      `{"amrSnapshot":1,"tenant":{"id":"${TENANT}"},"users":[],}`,
      'document',
      /^expected a member name in double quotes, found "\}" at byte \d+$/,
    ],
    ['missing colon', `{"amrSnapshot" 1}`, 'amrSnapshot', 'expected ":" after the member name, found "1" at byte 15'],
    ['content after the end', `${jsonDoc([])} x`, 'document', /^expected nothing after the end of the JSON document .*found "x"/],
    [
      'truncated inside a user',
      jsonDoc([user('a'), user('b')]).slice(0, -20),
      'users[1]',
      /^the snapshot ends after \d+ bytes, before the document is complete: the file looks truncated$/,
    ],
    ['truncated between users', `{"amrSnapshot":1,"users":[${JSON.stringify(user('a'))},`, 'users', /truncated/],
    ['truncated after users', `{"amrSnapshot":1,"users":[]`, 'document', /truncated/],
  ];
  for (const [name, text, where, message] of cases) {
    it(`JSON: ${name}`, async () => {
      const err = await readError(text, { encoding: 'json' });
      assert.equal(err.where, where, err.message);
      if (typeof message === 'string') assert.equal(err.message, message);
      else assert.match(err.message, message);
    });
  }

  const lines: [string, string, string, string | RegExp][] = [
    ['empty', '', 'line 1', 'the snapshot is empty: expected the header line {"amrSnapshot":1,"tenant":{…},…}'],
    [
      'no header',
      ndjson([], { user: user('a') }),
      'line 1',
      'expected the header line {"amrSnapshot":1,"tenant":{…},…} first, found a line without "amrSnapshot"',
    ],
    ['users in the header', ndjson([], { ...HEADER, users: [] }), 'line 1: users', /belongs to the JSON document encoding/],
    ['bad header', ndjson([], { amrSnapshot: 3, tenant: { id: TENANT } }), 'line 1: amrSnapshot', 'unsupported snapshot format version 3: expected 1'],
    ['no kind', ndjson([{ user: user('a') }, { person: {} }]), 'line 3', 'expected exactly one of "user", "group" or "roleAssignment", found none of them'],
    [
      'two kinds',
      ndjson([{ user: user('a'), group: { id: 'g' } }]),
      'line 2',
      'expected exactly one of "user", "group" or "roleAssignment", found "user" and "group"',
    ],
    ['second header', ndjson([HEADER]), 'line 2', 'expected exactly one of "user", "group" or "roleAssignment", found a second header'],
    ['not an object', ndjson([[1]]), 'line 2', 'expected a JSON object, found an array'],
    ['malformed line', `${JSON.stringify(HEADER)}\n{"user":{"id":"a"\n`, 'line 2', /^malformed JSON: [^(]+$/],
    [
      'bad user',
      ndjson([{ user: user('a') }, { user: user('b', { userType: 'Alien' }) }]),
      'line 3: user.userType',
      'expected "Member" or "Guest", found the string "Alien"',
    ],
    [
      'bad method',
      ndjson([{ user: user('a', { authentication: { methods: [7] } }) }]),
      'line 2: user.authentication.methods[0]',
      'expected an authenticationMethod object, found 7',
    ],
    ['bad group', ndjson([{ group: { id: 'g', members: 'all' } }]), 'line 2: group.members', /^expected an array/],
    [
      'bad role assignment',
      ndjson([{ roleAssignment: { principalId: 'p', roleDefinitionId: 'r', status: 'on' } }]),
      'line 2: roleAssignment.status',
      'expected "active" or "eligible", found the string "on"',
    ],
    [
      'duplicate user id',
      ndjson([{ user: user('a') }, { group: { id: 'g' } }, { user: user('a') }]),
      'line 4: user.id',
      'duplicate user id "a": already given at line 2',
    ],
    [
      'user ids differing in case',
      ndjson([{ user: user(GUID_ID.toUpperCase()) }, { user: user(GUID_ID) }]),
      'line 3: user.id',
      `duplicate user id "${GUID_ID}" (GUIDs compare ignoring case): already given at line 2`,
    ],
    [
      'capture time 2099',
      ndjson([], { ...HEADER, capturedDateTime: '2099-01-01T00:00:00Z' }),
      'line 1: capturedDateTime',
      /^expected a capture time from 2000-01-01/,
    ],
    [
      'truncated last line',
      `${JSON.stringify(HEADER)}\n${JSON.stringify({ user: user('a') }).slice(0, -5)}`,
      'line 2',
      /^malformed JSON: .+ \(the last line has no line end: the file looks truncated\)$/,
    ],
  ];
  for (const [name, text, where, message] of lines) {
    it(`NDJSON: ${name}`, async () => {
      const err = await readError(text, { encoding: 'ndjson' });
      assert.equal(err.where, where, err.message);
      if (typeof message === 'string') assert.equal(err.message, message);
      else assert.match(err.message, message);
    });
  }

  it('counts physical lines, blank ones included', async () => {
    const err = await readError(`\n${JSON.stringify(HEADER)}\n\n${JSON.stringify({ user: user('a', { id: 1 }) })}\n`);
    assert.equal(err.where, 'line 4: user.id');
  });

  it('refuses every truncation of a JSON document', async () => {
    const text = jsonDoc([user('a', { displayName: 'Zoë "Z" \\ 山田' }), user('b')], { groups: [{ id: 'g' }] });
    for (let cut = 0; cut < text.length - 1; cut++) {
      await readError(text.slice(0, cut), { encoding: 'json' });
    }
  });

  it('refuses a damaged or truncated gzip', async () => {
    const gz = gzipSync(Buffer.from(JSON_TEXT));
    const truncated = await readError(gz.subarray(0, gz.length - 30));
    assert.equal(truncated.where, 'gzip');
    assert.match(truncated.message, /^the compressed snapshot is damaged or truncated: /);
    const damaged = Buffer.from(gz);
    damaged.fill(0x41, 20, 60);
    assert.equal((await readError(damaged)).where, 'gzip');
  });
});
