// Incremental sync: after changes in the double, an incremental pass serves what a full sync and
// `amr import` of the same state serve, and costs O(changes) requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runSync } from './index.js';
import { demoSnapshot, importedRows, servedRows, withHarness, type Harness } from './harness.test.js';
import { asArray, isRecord } from './state.js';

const USERS = 60;

function userIds(h: Harness): string[] {
  const s = h.double.state.toSnapshot();
  const users = asArray(s['users'])?.filter(isRecord) ?? [];
  return users
    .filter((u) => u['deletedDateTime'] == null)
    .map((u) => String(u['id']))
    .sort();
}

type Change =
  | { readonly kind: 'addMethod'; readonly user: number; readonly n: number }
  | { readonly kind: 'removeMethods'; readonly user: number }
  | { readonly kind: 'rename'; readonly user: number; readonly n: number }
  | { readonly kind: 'disable'; readonly user: number }
  | { readonly kind: 'delete'; readonly user: number }
  | { readonly kind: 'addUser'; readonly n: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('addMethod' as const), user: fc.nat(USERS), n: fc.nat(3) }),
  fc.record({ kind: fc.constant('removeMethods' as const), user: fc.nat(USERS) }),
  fc.record({ kind: fc.constant('rename' as const), user: fc.nat(USERS), n: fc.nat(1000) }),
  fc.record({ kind: fc.constant('disable' as const), user: fc.nat(USERS) }),
  fc.record({ kind: fc.constant('delete' as const), user: fc.nat(USERS) }),
  fc.record({ kind: fc.constant('addUser' as const), n: fc.nat(1_000_000) }),
);

const METHODS = [
  { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', emailAddress: 'x@example.com' },
  { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', displayName: 'Phone' },
  { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', displayName: 'Key', model: 'K' },
  { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod' },
];

let added = 0;
function apply(h: Harness, c: Change): void {
  const ids = userIds(h);
  const id = ids['user' in c ? c.user % ids.length : 0]!;
  const st = h.double.state;
  switch (c.kind) {
    case 'addMethod':
      st.addMethod(id, { ...METHODS[c.n % METHODS.length]!, id: `added-${added++}` });
      break;
    case 'removeMethods':
      st.setMethods(id, []);
      break;
    case 'rename':
      st.updateUser(id, { displayName: `Renamed ${c.n}`, department: `D${c.n % 7}` });
      break;
    case 'disable':
      st.updateUser(id, { accountEnabled: false });
      break;
    case 'delete':
      st.removeUser(id);
      break;
    case 'addUser': {
      const n = added++;
      st.addUser({
        id: `11111111-2222-4333-8444-${(c.n * 1000 + n).toString(16).padStart(12, '0').slice(-12)}`,
        userPrincipalName: `new${c.n}-${n}@example.com`,
        displayName: `New ${n}`,
        userType: 'Member',
        accountEnabled: true,
        authentication: {
          methods: [METHODS[n % METHODS.length]!],
          signInPreferences: { userPreferredMethodForSecondaryAuthentication: null, isSystemPreferredAuthenticationMethodEnabled: true },
        },
      });
      break;
    }
  }
}

test('incremental ≡ full ≡ amr import after random changes (fast-check)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 8 }), async (changes) => {
      await withHarness(demoSnapshot(USERS, 'incremental'), async (h) => {
        const first = await h.sync();
        assert.equal(first.pass, 'full');
        for (const c of changes) apply(h, c);
        const second = await h.sync();
        assert.equal(second.pass, 'incremental');
        const reference = await importedRows(h);
        assert.deepEqual(await servedRows(h.store, h.tenantId), reference);
        const other = await h.openAnother('full-again');
        await runSync(other, { tenant: h.tenantId, env: h.env, ssprPolicyFile: h.ssprFile, full: true });
        assert.deepEqual(await servedRows(other, h.tenantId), reference);
      });
    }),
    { numRuns: 6 },
  );
});

test('an incremental sync after K method changes costs at most K requests plus a constant', async () => {
  await withHarness(demoSnapshot(200, 'cost'), async (h) => {
    const full = await h.sync();
    const idle = await h.sync();
    assert.equal(idle.pass, 'incremental');
    assert.equal(idle.usersRead, 0);
    const ids = userIds(h);
    const results: string[] = [
      `full: ${full.requests} requests, ${full.httpCalls} HTTP calls`,
      `no change: ${idle.requests} requests, ${idle.httpCalls} HTTP calls`,
    ];
    for (const k of [1, 10, 40]) {
      for (let i = 0; i < k; i++) h.double.state.addMethod(ids[(i * 7) % ids.length]!, { ...METHODS[i % METHODS.length]!, id: `k${k}-${i}` });
      const inc = await h.sync();
      assert.equal(inc.pass, 'incremental');
      assert.equal(inc.usersRead, k);
      assert.ok(inc.requests <= 2 * k + idle.requests, `K=${k}: ${inc.requests} requests`);
      assert.ok((inc.httpCalls ?? Infinity) <= k + (idle.httpCalls ?? 0), `K=${k}: ${inc.httpCalls} HTTP calls`);
      results.push(`K=${k}: ${inc.requests} requests, ${inc.httpCalls} HTTP calls`);
      assert.deepEqual(await servedRows(h.store, h.tenantId), await importedRows(h));
    }
    console.log(`200-user tenant: ${results.join('; ')}`);
  });
});

test('the daily drift check re-reads a user whose Entra row changed without an audit naming them', async () => {
  await withHarness(demoSnapshot(60, 'drift'), async (h) => {
    await h.sync();
    const ids = userIds(h);
    const rows = await servedRows(h.store, h.tenantId);
    const target = ids.find((id) => (rows.find((r) => r['id'] === id)?.['userPreferredMethodForSecondaryAuthentication'] ?? '') !== '');
    assert.ok(target !== undefined);
    // Changed without the audit event Entra would write: only the drift check can see it.
    h.double.state.setSignInPreferences(target, { userPreferredMethodForSecondaryAuthentication: null, isSystemPreferredAuthenticationMethodEnabled: true });
    const sameDay = await h.sync();
    assert.equal(sameDay.usersRead, 0);
    const nextDay = await h.sync({ now: () => new Date(Date.now() + 25 * 3_600_000) });
    assert.equal(nextDay.pass, 'incremental');
    assert.equal(nextDay.usersRead, 1);
    assert.deepEqual(await servedRows(h.store, h.tenantId), await importedRows(h));
  });
});
