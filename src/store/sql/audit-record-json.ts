// How an audit record is kept in audit_records.record_json: the fields that have no column of their
// own, as a JSON array in a fixed order (decision 0012). Rows written before this layout hold the
// whole record as a JSON object; both are read.
import type { AuditRecord } from '../../reports/activity-model.js';

/** The layout's mark: the array's first element. */
const LAYOUT = 1;

type Row = readonly [string, string, string, string | null];

/** record_json of a record: everything but its id, time, activity name and correlation id (columns of their own). */
export function encodeAuditRecord(a: AuditRecord): string {
  const by = a.initiatedBy;
  const details: string[] = [];
  for (const k in a.additionalDetails) {
    if (Object.hasOwn(a.additionalDetails, k)) details.push(k, a.additionalDetails[k]!);
  }
  return JSON.stringify([
    LAYOUT,
    a.tenantId,
    a.category,
    a.loggedByService,
    a.operationType,
    a.result,
    a.resultReason,
    [by.userId, by.userPrincipalName, by.displayName, by.ipAddress, by.appId, by.appDisplayName],
    a.targets.map((t) => [t.id, t.type, t.displayName, t.userPrincipalName]),
    details,
  ]);
}

type Encoded = [
  typeof LAYOUT,
  string | null,
  string,
  string,
  string,
  AuditRecord['result'],
  string,
  [string | null, string | null, string | null, string | null, string | null, string | null],
  [string | null, string, string | null, string | null][],
  string[],
];

/** The record a row of audit_records holds: `[id, activity_at, activity_name, correlation_id]` and its record_json. */
export function decodeAuditRecord([id, activityDateTime, activityDisplayName, correlationId]: Row, json: string): AuditRecord {
  if (json.startsWith('{')) return JSON.parse(json) as AuditRecord;
  const [, tenantId, category, loggedByService, operationType, result, resultReason, by, targets, details] = JSON.parse(json) as Encoded;
  const additionalDetails: Record<string, string> = {};
  // defineProperty, as JSON.parse would make them: a key such as "__proto__" stays a key.
  for (let i = 0; i + 1 < details.length; i += 2) {
    Object.defineProperty(additionalDetails, details[i]!, { value: details[i + 1], enumerable: true, writable: true, configurable: true });
  }
  return {
    id,
    tenantId,
    activityDateTime,
    activityDisplayName,
    category,
    loggedByService,
    operationType,
    correlationId,
    result,
    resultReason,
    initiatedBy: { userId: by[0], userPrincipalName: by[1], displayName: by[2], ipAddress: by[3], appId: by[4], appDisplayName: by[5] },
    targets: targets.map(([tid, type, displayName, userPrincipalName]) => ({ id: tid, type, displayName, userPrincipalName })),
    additionalDetails,
  };
}
