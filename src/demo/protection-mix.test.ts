// The demo makes the protection views meaningful (issue 15): derived from the raw snapshot with the
// report rules (reports/protection.ts, decision 0090), every strength class shows, weak-only users and
// admins without a phishing-resistant method exist, a minority hold stale methods, and every
// department and licence bucket has users enough to read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STRENGTH_CLASSES, type StrengthClass } from '../reports/protection.js';
import { skuName } from '../reports/sku-names.js';
import { DEMO_SKU_PART_NUMBERS } from './licences.js';
import { protectionOf, type UserProtection } from '../test-support/demo-protection.js';
import { materialise } from './test-support.js';

const rows = protectionOf(materialise(3000));
const share = (n: number): number => n / rows.length;
const pct = (n: number): string => `${(share(n) * 100).toFixed(1)}%`;

function countBy<K>(items: readonly UserProtection[], key: (r: UserProtection) => readonly K[]): Map<K, number> {
  const out = new Map<K, number>();
  for (const r of items) for (const k of key(r)) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

test('every strength class is present; weak-only users are a visible share', (t) => {
  const classes = countBy(rows, (r) => [r.registeredStrength]);
  t.diagnostic(`${rows.length} listed: ${STRENGTH_CLASSES.map((c) => `${c} ${pct(classes.get(c) ?? 0)}`).join(', ')}`);
  for (const c of STRENGTH_CLASSES) assert.ok((classes.get(c) ?? 0) > 0, `no user is ${c}`);
  // isWeakMfaOnly ⇔ registeredStrength = weakMfa (decision 0090).
  assert.ok(share(classes.get('weakMfa') ?? 0) >= 0.03, `weak-only ${pct(classes.get('weakMfa') ?? 0)}`);
});

test('some admins lack a phishing-resistant method, others have one', (t) => {
  const admins = rows.filter((r) => r.isAdmin);
  const without = admins.filter((r) => r.registeredStrength !== 'phishingResistant');
  t.diagnostic(`${admins.length} admins, ${without.length} without a phishing-resistant method`);
  assert.ok(without.length >= 1);
  assert.ok(admins.length - without.length >= 1);
  const kinds = new Set<StrengthClass>(without.map((r) => r.registeredStrength));
  assert.ok(kinds.size >= 2, `admins without phishing resistance are all ${[...kinds].join()}`);
});

test('phishing-resistant users hold security keys, passkeys, Windows Hello and the macOS credential', () => {
  const registered = new Set(rows.filter((r) => r.registeredStrength === 'phishingResistant').flatMap((r) => r.registered));
  // The demo's keys carry passkeyType, so a security key reads as passKeyDeviceBound (reports/fido2-variant.ts).
  const names = [
    'passKeyDeviceBound',
    'passKeyDeviceBoundAuthenticator',
    'passKeyDeviceBoundWindowsHello',
    'passKeySynced',
    'windowsHelloForBusiness',
    'macOsSecureEnclaveKey',
  ] as const;
  for (const name of names) assert.ok(registered.has(name), name);
});

test('at least 5% of listed users hold a stale method (lastUsedDateTime-tracked, no activity)', (t) => {
  const stale = rows.filter((r) => r.stale.length > 0);
  const byMethod = countBy(stale, (r) => r.stale.map((s) => s.method));
  t.diagnostic(`${stale.length} users (${pct(stale.length)}) with stale methods: ${[...byMethod].map(([m, n]) => `${m} ${n}`).join(', ')}`);
  assert.ok(share(stale.length) >= 0.05, pct(stale.length));
  assert.ok(share(stale.length) <= 0.2, `${pct(stale.length)}: a minority, not the norm`);
  for (const r of stale) for (const s of r.stale) assert.ok(s.lastUsedDateTime !== null, 'stale without a known last use');
});

test('every department bucket, the no-department one included, has at least 5 users', (t) => {
  const departments = countBy(rows, (r) => [r.department]);
  t.diagnostic([...departments].map(([d, n]) => `${d ?? '(none)'} ${n}`).join(', '));
  assert.ok((departments.get(null) ?? 0) >= 5, 'no "no department" bucket');
  assert.ok(departments.size >= 15, `${departments.size} buckets`);
  for (const [d, n] of departments) assert.ok(n >= 5, `${d ?? '(none)'}: ${n}`);
});

test('every licence bucket has at least 5 users and a known part number; guests hold none', (t) => {
  const licences = countBy(rows, (r) => (r.skuIds.length === 0 ? [null] : r.skuIds));
  t.diagnostic([...licences].map(([id, n]) => `${id === null ? '(none)' : (skuName(id)?.skuPartNumber ?? id)} ${n}`).join(', '));
  assert.ok(licences.size >= 5);
  for (const [id, n] of licences) {
    assert.ok(n >= 5, `${id ?? '(none)'}: ${n}`);
    if (id !== null) assert.equal(skuName(id)?.skuPartNumber, DEMO_SKU_PART_NUMBERS.get(id), id);
  }
  for (const r of rows.filter((x) => x.userType === 'guest')) assert.deepEqual(r.skuIds, []);
});
