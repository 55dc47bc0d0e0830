// Tells a Graph directoryAudit from a signIn (entra-rules §4.1, §4.4), by type, by shape, or by its page.
import { GRAPH_ENVELOPE } from './envelope.js';
import { Refusal, text, type RawObject } from './log-fields.js';
import type { Plan } from './record-plan.js';

export type GraphKind = 'audit' | 'signIn' | null;

/** A page's `@odata.context`: `…$metadata#auditLogs/signIns` or `…#auditlogs/directoryaudits` (any case). */
export function contextKind(context: unknown): GraphKind {
  if (typeof context !== 'string') return null;
  const lower = context.toLowerCase();
  if (lower.includes('/directoryaudits')) return 'audit';
  if (lower.includes('/signins')) return 'signIn';
  return null;
}

function has(o: RawObject, key: string): boolean {
  const v = o[key];
  return v !== undefined && v !== null;
}

function kindOf(o: RawObject, page: GraphKind): GraphKind {
  const type = (text(o['@odata.type']) ?? '').toLowerCase();
  if (type === '#microsoft.graph.directoryaudit') return 'audit';
  if (type === '#microsoft.graph.signin') return 'signIn';
  if (has(o, 'activityDisplayName') || has(o, 'loggedByService') || has(o, 'activityDateTime')) return 'audit';
  if (has(o, 'createdDateTime') && (has(o, 'userPrincipalName') || has(o, 'status') || has(o, 'authenticationDetails'))) return 'signIn';
  return contextKind(o['@odata.context']) ?? page;
}

/**
 * beta signIns also lists service-principal and managed-identity sign-ins (signInEventTypes); they are
 * not user sign-ins, so they are skipped under the diagnostic category that carries them elsewhere.
 */
function skippedCategory(o: RawObject): string | null {
  const types = o['signInEventTypes'];
  if (!Array.isArray(types) || types.includes('interactiveUser') || types.includes('nonInteractiveUser')) return null;
  if (types.includes('servicePrincipal')) return 'ServicePrincipalSignInLogs';
  if (types.includes('managedIdentity')) return 'ManagedIdentitySignInLogs';
  return null;
}

export function planGraph(o: RawObject, page: GraphKind): Plan {
  const kind = kindOf(o, page);
  if (kind === null) {
    throw new Refusal(
      'not an audit or sign-in record: expected a Graph directoryAudit (activityDisplayName, ' +
        'activityDateTime, …), a signIn (createdDateTime with userPrincipalName, status or authenticationDetails), ' +
        'an Azure Monitor record (category, properties) or a Log Analytics row (Type, TimeGenerated, …)',
    );
  }
  const skipped = kind === 'signIn' ? skippedCategory(o) : null;
  if (skipped !== null) return { kind: 'skip', shape: 'graph', category: skipped };
  return { kind, shape: 'graph', fields: o, env: GRAPH_ENVELOPE };
}
