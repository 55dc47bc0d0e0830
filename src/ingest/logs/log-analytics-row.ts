// Reads a Log Analytics row (AuditLogs, SigninLogs, AADNonInteractiveUserSignInLogs) as Graph fields.
import type { Envelope } from './envelope.js';
import { nonEmpty, Refusal, text, type RawObject } from './log-fields.js';
import type { Plan } from './record-plan.js';

/** PascalCase columns that no Graph object or Azure Monitor record has at its top level (literal names: fast loads). */
export function isLogAnalyticsRow(o: RawObject): boolean {
  return (
    o['Type'] !== undefined ||
    o['TimeGenerated'] !== undefined ||
    o['Id'] !== undefined ||
    o['AADTenantId'] !== undefined ||
    o['ActivityDateTime'] !== undefined ||
    o['CreatedDateTime'] !== undefined
  );
}

// entra-rules §4.1 [S56], §4.4 [S66]: the columns are Graph's fields in PascalCase, but for AADOperationType.
const label = (field: string): string => (field === 'operationType' ? 'AADOperationType' : `${field.charAt(0).toUpperCase()}${field.slice(1)}`);

/** The row's columns under Graph's names; nested columns stay as written (JSON strings are parsed later). */
function auditView(r: RawObject): RawObject {
  return {
    id: r['Id'],
    activityDateTime: r['ActivityDateTime'],
    activityDisplayName: r['ActivityDisplayName'],
    category: r['Category'],
    loggedByService: r['LoggedByService'],
    operationType: r['AADOperationType'],
    correlationId: r['CorrelationId'],
    result: r['Result'],
    resultReason: r['ResultReason'],
    initiatedBy: r['InitiatedBy'],
    targetResources: r['TargetResources'],
    additionalDetails: r['AdditionalDetails'],
  };
}

function signInView(r: RawObject): RawObject {
  return {
    id: r['Id'],
    createdDateTime: r['CreatedDateTime'],
    userId: r['UserId'],
    userPrincipalName: r['UserPrincipalName'],
    userDisplayName: r['UserDisplayName'],
    userType: r['UserType'],
    isInteractive: r['IsInteractive'],
    status: r['Status'],
    authenticationDetails: r['AuthenticationDetails'],
    authenticationRequirement: r['AuthenticationRequirement'],
    conditionalAccessStatus: r['ConditionalAccessStatus'],
  };
}

type Table = { readonly kind: 'audit' | 'signIn'; readonly interactive: boolean | null; readonly forceNonInteractive: boolean };
const AUDIT: Table = { kind: 'audit', interactive: null, forceNonInteractive: false };
const INTERACTIVE: Table = { kind: 'signIn', interactive: true, forceNonInteractive: false };
const NON_INTERACTIVE: Table = { kind: 'signIn', interactive: false, forceNonInteractive: true };

/**
 * `Type` names the table; without it (a query that projected it away) the sign-in tables' `Category`
 * (SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, …) does, and else the columns.
 * Returns the name to skip under when the table is not one this reader imports.
 */
function tableOf(row: RawObject): Table | string {
  const type = text(row['Type']);
  if (type === 'SigninLogs') return INTERACTIVE; // the common case, without a lower-cased copy
  if (type !== null) {
    const lower = type.toLowerCase();
    return lower === 'auditlogs' ? AUDIT : lower === 'signinlogs' ? INTERACTIVE : lower === 'aadnoninteractiveusersigninlogs' ? NON_INTERACTIVE : type;
  }
  const category = text(row['Category']) ?? '';
  const lower = category.toLowerCase();
  if (lower === 'signinlogs') return INTERACTIVE;
  if (lower === 'noninteractiveusersigninlogs') return NON_INTERACTIVE;
  if (lower.endsWith('signinlogs')) return category;
  if (['ActivityDisplayName', 'ActivityDateTime', 'LoggedByService'].some((k) => row[k] !== undefined)) return AUDIT;
  if (['CreatedDateTime', 'UserPrincipalName', 'AuthenticationDetails'].some((k) => row[k] !== undefined)) return INTERACTIVE;
  throw new Refusal(
    'a Log Analytics row of no known table: expected Type AuditLogs, SigninLogs or ' + 'AADNonInteractiveUserSignInLogs, or the columns of one of them',
  );
}

export function planLogAnalytics(row: RawObject): Plan {
  const table = tableOf(row);
  if (typeof table === 'string') return { kind: 'skip', shape: 'log-analytics', category: table };
  const env: Envelope = {
    label,
    // Log Analytics `TenantId` is the workspace's id; the Entra tenant is AADTenantId.
    tenantId: nonEmpty(row['AADTenantId'])?.toLowerCase() ?? null,
    // entra-rules §4.4 [S53]: TimeGenerated is ingestion time, never the event's time.
    fallbackTime: null,
    operationName: nonEmpty(row['OperationName']),
    correlationId: null,
    resultDescription: nonEmpty(row['ResultDescription']),
    resultType: table.kind === 'signIn' ? row['ResultType'] : undefined,
    interactive: table.interactive,
    forceNonInteractive: table.forceNonInteractive,
  };
  return { kind: table.kind, shape: 'log-analytics', fields: table.kind === 'audit' ? auditView(row) : signInView(row), env };
}
