// Builds one Graph v1.0 directoryAudit object (shape: log-samples graph.v1.directoryAudit.get.json and the
// Event Hub properties in auditlogs.eventhub.elastic-test.jsonl; fields: entra-rules §4.1).
import type { JsonObject } from '../wire.js';
import { isoSeconds } from '../wire.js';

export interface Person {
  readonly id: string;
  readonly upn: string;
  readonly displayName: string;
}

export interface Initiator {
  readonly person: Person;
  /** Self-service rows name the user without a display name (sample-logs graphAudit; entra-rules §4.1). */
  readonly withName: boolean;
  readonly ipAddress: string;
}

export interface AuditParts {
  readonly id: string;
  readonly atMs: number;
  readonly service: string;
  readonly activity: string;
  readonly operationType: 'Add' | 'Update';
  readonly correlationId: string;
  readonly success: boolean;
  readonly reason: string;
  readonly initiator: Initiator;
  readonly target: Person;
  readonly additionalDetails?: readonly (readonly [string, string])[];
}

export function auditObject(p: AuditParts): JsonObject {
  const by = p.initiator;
  return {
    id: p.id,
    category: 'UserManagement',
    correlationId: p.correlationId,
    result: p.success ? 'success' : 'failure',
    resultReason: p.reason,
    activityDisplayName: p.activity,
    activityDateTime: isoSeconds(p.atMs),
    loggedByService: p.service,
    operationType: p.operationType,
    initiatedBy: {
      user: { id: by.person.id, displayName: by.withName ? by.person.displayName : null, userPrincipalName: by.person.upn, ipAddress: by.ipAddress },
      app: null,
    },
    targetResources: [
      {
        id: p.target.id,
        displayName: p.target.displayName,
        type: 'User',
        userPrincipalName: p.target.upn,
        modifiedProperties: [],
      },
    ],
    additionalDetails: (p.additionalDetails ?? []).map(([key, value]) => ({ key, value })),
  };
}
