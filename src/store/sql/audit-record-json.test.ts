// audit_records.record_json: a record read back equals the record stored, in the array layout and
// in the object layout rows were written in before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AuditRecord } from '../../reports/activity-model.js';
import { ssprStep } from '../../reports/activity/test-records.js';
import { decodeAuditRecord, encodeAuditRecord } from './audit-record-json.js';

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const maybe = fc.option(text, { nil: null });
const recordArb: fc.Arbitrary<AuditRecord> = fc.record({
  id: text,
  tenantId: maybe,
  activityDateTime: text,
  activityDisplayName: text,
  category: text,
  loggedByService: text,
  operationType: text,
  correlationId: maybe,
  result: fc.constantFrom('success', 'failure', 'timeout', 'unknownFutureValue'),
  resultReason: text,
  initiatedBy: fc.record({ userId: maybe, userPrincipalName: maybe, displayName: maybe, ipAddress: maybe, appId: maybe, appDisplayName: maybe }),
  targets: fc.array(fc.record({ id: maybe, type: text, displayName: maybe, userPrincipalName: maybe }), { maxLength: 3 }),
  // Keys as a log may hold them, "__proto__" and number-like ones included.
  additionalDetails: fc.array(fc.tuple(fc.oneof(text, fc.constantFrom('__proto__', 'constructor', '0', '12')), text), { maxLength: 4 }).map((pairs) => {
    const o: Record<string, string> = {};
    for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return o;
  }),
});

const columns = (a: AuditRecord) => [a.id, a.activityDateTime, a.activityDisplayName, a.correlationId] as const;

test('a record read back from its columns and record_json equals the record stored', () => {
  fc.assert(
    fc.property(recordArb, (a) => {
      const back = decodeAuditRecord(columns(a), encodeAuditRecord(a));
      assert.deepStrictEqual(back, JSON.parse(JSON.stringify(a)) as unknown);
      assert.deepStrictEqual(Object.keys(back.additionalDetails), Object.keys(a.additionalDetails));
    }),
    { seed: 20261123, numRuns: 500 },
  );
});

test('rows written before the array layout (the whole record as an object) read as they were', () => {
  const a = ssprStep('s1', 3, 'User started the mobile SMS verification option', { correlationId: 'c-1', additionalDetails: { Resource: 'x' } });
  assert.deepStrictEqual(decodeAuditRecord(columns(a), JSON.stringify(a)), a);
});

test('the array layout is smaller than the record as an object', () => {
  const a = ssprStep('s1', 3, 'User started the mobile SMS verification option', { correlationId: 'c-1' });
  assert.ok(encodeAuditRecord(a).length < JSON.stringify(a).length / 2, encodeAuditRecord(a));
});
