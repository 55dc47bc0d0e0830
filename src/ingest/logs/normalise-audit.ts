// Normalises a directoryAudit's fields (any export, see Envelope) to an AuditRecord (activity-model.ts).
import type { AuditRecord } from '../../reports/activity-model.js';
import { GRAPH_ENVELOPE, type Envelope } from './envelope.js';
import { isObject, nestedArray, nestedObject, nonEmpty, Refusal, requiredId, requiredTime, text, type RawObject } from './log-fields.js';
import { canonicalId, canonicalIdOrNull } from '../../util/object-id.js';

type Result = AuditRecord['result'];
type Target = AuditRecord['targets'][number];

/** graph-api: operationResult is an evolvable enum; a member it does not know reads as unknownFutureValue. */
function auditResult(value: unknown): Result {
  if (typeof value !== 'string') return 'unknownFutureValue';
  const lower = value.toLowerCase();
  return lower === 'success' || lower === 'failure' || lower === 'timeout' ? lower : 'unknownFutureValue';
}

/** Ids in canonical form (decision 0055): GUIDs in lower case (record, correlation, user and target ids). */
export function normaliseAudit(f: RawObject, env: Envelope): AuditRecord {
  const id = canonicalId(requiredId(f, env));
  const activityDateTime = requiredTime(f, 'activityDateTime', env);
  const activityDisplayName = nonEmpty(f['activityDisplayName']) ?? env.operationName;
  if (activityDisplayName === null) throw new Refusal(`no activity: expected a non-empty string "${env.label('activityDisplayName')}"`);
  // graph.v1.directoryAudit.get.json (Graph docs example) writes `targetResource`, with `Type`.
  const targetList =
    f['targetResources'] === undefined && f['targetResource'] !== undefined
      ? nestedArray(f['targetResource'], 'targetResource', env)
      : nestedArray(f['targetResources'], 'targetResources', env);
  return {
    id,
    tenantId: env.tenantId,
    activityDateTime,
    activityDisplayName,
    category: text(f['category']) ?? '',
    loggedByService: text(f['loggedByService']) ?? '',
    operationType: text(f['operationType']) ?? '',
    correlationId: canonicalIdOrNull(nonEmpty(f['correlationId']) ?? env.correlationId),
    result: auditResult(f['result']),
    resultReason: nonEmpty(f['resultReason']) ?? env.resultDescription ?? '',
    initiatedBy: initiatedBy(nestedObject(f['initiatedBy'], 'initiatedBy', env)),
    targets: targets(targetList),
    additionalDetails: keyValues(nestedArray(f['additionalDetails'], 'additionalDetails', env)),
  };
}

/** entra-rules §4.1: `user{id,displayName,userPrincipalName,ipAddress}` or `app{appId,displayName,…}`. */
function initiatedBy(o: RawObject | null): AuditRecord['initiatedBy'] {
  const user = o === null ? null : nestedObject(o['user'], 'initiatedBy.user', GRAPH_ENVELOPE);
  const app = o === null ? null : nestedObject(o['app'], 'initiatedBy.app', GRAPH_ENVELOPE);
  return {
    userId: user === null ? null : canonicalIdOrNull(nonEmpty(user['id'])),
    userPrincipalName: user === null ? null : nonEmpty(user['userPrincipalName']),
    displayName: user === null ? null : nonEmpty(user['displayName']),
    ipAddress: user === null ? null : nonEmpty(user['ipAddress']),
    appId: app === null ? null : canonicalIdOrNull(nonEmpty(app['appId'])),
    appDisplayName: app === null ? null : nonEmpty(app['displayName']),
  };
}

function targets(list: readonly unknown[]): readonly Target[] {
  const out: Target[] = [];
  for (const t of list) {
    if (!isObject(t)) continue;
    out.push({
      id: canonicalIdOrNull(nonEmpty(t['id'])),
      type: text(t['type']) ?? text(t['Type']) ?? '',
      displayName: nonEmpty(t['displayName']),
      userPrincipalName: nonEmpty(t['userPrincipalName']),
    });
  }
  return out;
}

/** `[{key, value}]` → key → value, later keys winning (activity-model.ts); null values read as ''. */
function keyValues(list: readonly unknown[]): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const kv of list) {
    if (!isObject(kv)) continue;
    const key = text(kv['key']);
    if (key === null) continue;
    const raw = kv['value'];
    const value = raw === null || raw === undefined ? '' : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    // A key "__proto__" must become a member, not the object's prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}
