// Round trip: a tenant snapshot rendered as Graph bodies and assembled gives the reports that
// importing the snapshot itself gives (fixture tenant and demo tenant; full and mirror mode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { assembleMirror, assembleSnapshot } from './assemble.js';
import { rawFromNdjson, renderGraph, type RawSnapshot } from './render-graph.test-helper.js';
import type { AssembledSnapshot } from './snapshot-types.js';
import { expectedRegistrationRows } from '../../test-support/expected-rows.js';
import { fixtureSnapshot } from '../../test-support/fixture-tenant.js';
import { materialise } from '../../demo/test-support.js';
import { readSnapshot } from '../../ingest/snapshot/index.js';
import { RecordingSink } from '../../ingest/snapshot/test-support.js';
import { streamOf } from '../../ingest/test-input.js';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { openStore } from '../../store/open-store.js';
import { testDatabase } from '../../test-support/test-db.js';

/** Sync cannot see the legacy MFA policy (decision 0072): the original is compared without it. */
function withoutLegacyMfa(raw: RawSnapshot): RawSnapshot {
  const policies = { ...(raw.header['policies'] as Record<string, unknown> | undefined) };
  delete policies['legacyMfaPolicy'];
  return { ...raw, header: { ...raw.header, policies } };
}

export function rawOf(s: AssembledSnapshot): RawSnapshot {
  const { users, groups, roleAssignments, ...header } = s;
  return { header, users, groups, roleAssignments };
}

function rowsOf(raw: RawSnapshot): Record<string, unknown>[] {
  return [...expectedRegistrationRows(raw).values()];
}

const fixture = (): RawSnapshot => rawFromNdjson(fixtureSnapshot());
const demo = (): RawSnapshot => {
  const m = materialise(400, 'assemble-round-trip');
  return { header: m.header, users: m.users, groups: m.groups, roleAssignments: m.roleAssignments };
};

for (const [name, make] of [
  ['fixture tenant', fixture],
  ['demo tenant (400 users)', demo],
] as const) {
  test(`${name}: full assembly gives the same registration rows as the snapshot`, () => {
    const original = withoutLegacyMfa(make());
    const expected = expectedRegistrationRows(original);
    const result = assembleSnapshot(renderGraph(original, { registrationRows: [...expected.values()] }));
    assert.equal(result.ssprPolicySource, 'file');
    assert.deepEqual(result.missingGroups, []);
    assert.deepEqual(expectedRegistrationRows(rawOf(result.snapshot)), expected);
  });

  test(`${name}: with $expand=principal and one page per list, the same rows`, () => {
    const original = withoutLegacyMfa(make());
    const expected = expectedRegistrationRows(original);
    const result = assembleSnapshot(renderGraph(original, { registrationRows: [...expected.values()], expandPrincipals: true, pageSize: 100_000 }));
    assert.deepEqual(expectedRegistrationRows(rawOf(result.snapshot)), expected);
  });

  test(`${name}: mirror assembly (userRegistrationDetails only) gives the same rows`, () => {
    const original = withoutLegacyMfa(make());
    const expected = expectedRegistrationRows(original);
    const bodies = renderGraph(original, { registrationRows: [...expected.values()] });
    const result = assembleMirror({ ...bodies, methods: new Map(), signInPreferences: new Map() });
    assert.deepEqual(expectedRegistrationRows(rawOf(result.snapshot)), expected);
  });

  test(`${name}: amr's snapshot parser accepts the assembled snapshot`, async () => {
    const original = withoutLegacyMfa(make());
    const result = assembleSnapshot(renderGraph(original, { registrationRows: rowsOf(original) }));
    const sink = new RecordingSink();
    const now = () => new Date(result.snapshot.capturedDateTime);
    const summary = await readSnapshot(streamOf(JSON.stringify(result.snapshot)), { sourceName: 'assembled', now }, sink);
    assert.equal(summary.users, result.snapshot.users.length);
    assert.equal(sink.headers[0]?.tenant.id, result.snapshot.tenant.id);
  });
}

test('demo tenant: without an SSPR file the inferred policy still gives the same rows', () => {
  const original = withoutLegacyMfa(demo());
  const expected = expectedRegistrationRows(original);
  const result = assembleSnapshot(renderGraph(original, { registrationRows: [...expected.values()], ssprFile: false }));
  assert.equal(result.ssprPolicySource, 'inferred');
  const got = expectedRegistrationRows(rawOf(result.snapshot));
  for (const [id, row] of expected) {
    const mine = got.get(id);
    assert.equal(mine?.['isSsprEnabled'], row['isSsprEnabled'], `isSsprEnabled of ${id}`);
  }
});

test('imported into a store, the assembled fixture tenant serves the rows and summary of the original', async () => {
  const original = withoutLegacyMfa(fixture());
  const result = assembleSnapshot(renderGraph(original, { registrationRows: rowsOf(original) }));
  const now = () => new Date('2026-11-20T12:00:00Z');
  const served = async (json: string) => {
    const store = await openStore({ db: await testDatabase(), now });
    try {
      const { tenantId, recompute } = await importSnapshot(store, Readable.from([json]), { sourceName: 't', encoding: 'json', now });
      const page = await store.listRegistrationDetails({
        tenantId,
        generation: recompute.generation,
        filter: null,
        orderby: [],
        top: 1000,
        after: null,
        count: false,
      });
      const summary = await store.getRegistrationSummary(tenantId, recompute.generation, 'all', 'all');
      return { rows: page.rows, summary };
    } finally {
      await store.close();
    }
  };
  const { users, groups, roleAssignments, header } = original;
  const originalJson = JSON.stringify({ ...header, users, groups, roleAssignments });
  assert.deepEqual(await served(JSON.stringify(result.snapshot)), await served(originalJson));
});
