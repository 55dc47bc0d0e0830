// Reads an Azure Monitor diagnostic record (Event Hub, storage account): {time, category, tenantId, properties:{…}}.
import { describe } from '../place.js';
import { GRAPH_ENVELOPE, type Envelope } from './envelope.js';
import { isObject, nested, nonEmpty, text, Refusal, type RawObject } from './log-fields.js';
import type { Plan } from './record-plan.js';

/** entra-rules §4.1 [S57]: Graph objects also have `category`, but never `properties`. */
export function isAzureMonitorRecord(o: RawObject): boolean {
  return o['properties'] !== undefined && typeof o['category'] === 'string';
}

// `/tenants/<id>/providers/Microsoft.aadiam` (log-samples/*.eventhub.elastic-test.jsonl).
const TENANT_IN_RESOURCE = /^\/tenants\/([^/]+)\//i;

function tenantOf(o: RawObject): string | null {
  const id = nonEmpty(o['tenantId']) ?? TENANT_IN_RESOURCE.exec(text(o['resourceId']) ?? '')?.[1] ?? null;
  return id === null ? null : id.toLowerCase();
}

const label = (field: string): string => `properties.${field}`;

function envelope(o: RawObject, interactive: boolean | null): Envelope {
  return {
    label,
    tenantId: tenantOf(o),
    fallbackTime: ['time', o['time']],
    operationName: nonEmpty(o['operationName']),
    correlationId: nonEmpty(o['correlationId']),
    resultDescription: nonEmpty(o['resultDescription']),
    resultType: o['resultType'],
    interactive,
    forceNonInteractive: false,
  };
}

/**
 * The diagnostic-settings categories this reader imports; every other one (ServicePrincipalSignInLogs,
 * ManagedIdentitySignInLogs, ProvisioningLogs, ADFSSignInLogs, RiskyUsers, …) is skipped and counted.
 */
export function planAzureMonitor(o: RawObject): Plan {
  const category = text(o['category']) ?? '';
  const lower = category.toLowerCase();
  const kind = lower === 'auditlogs' ? 'audit' : lower === 'signinlogs' || lower === 'noninteractiveusersigninlogs' ? 'signIn' : null;
  if (kind === null) return { kind: 'skip', shape: 'azure-monitor', category };
  const fields = nested(o['properties'], 'properties', GRAPH_ENVELOPE);
  if (!isObject(fields)) throw new Refusal(`properties must be an object (the ${category} record's fields), found ${describe(fields)}`);
  const interactive = kind === 'audit' ? null : lower === 'signinlogs';
  return { kind, shape: 'azure-monitor', fields, env: envelope(o, interactive) };
}
