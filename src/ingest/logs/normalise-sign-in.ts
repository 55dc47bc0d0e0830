// Normalises a signIn's fields (any export, see Envelope) to a SignInRecord (activity-model.ts).
import type { AuthenticationStep, SignInRecord } from '../../reports/activity-model.js';
import type { Envelope } from './envelope.js';
import {
  flag,
  integer,
  isObject,
  isoTime,
  nestedArray,
  nestedObject,
  nonEmpty,
  Refusal,
  requiredId,
  requiredTime,
  text,
  type RawObject,
} from './log-fields.js';
import { canonicalId } from '../../util/object-id.js';

function userType(value: unknown): SignInRecord['userType'] {
  if (value === 'Member' || value === 'member') return 'member'; // the common case, without a lower-cased copy
  if (typeof value !== 'string') return null;
  const lower = value.toLowerCase();
  return lower === 'member' || lower === 'guest' ? lower : null;
}

/**
 * The record's word, else the category's (Event Hub SignInLogs → true, NonInteractiveUserSignInLogs →
 * false), else signInEventTypes (beta), else true: Graph v1.0 signIns, which have no isInteractive,
 * list interactive user sign-ins only. Log Analytics AADNonInteractiveUserSignInLogs rows are
 * non-interactive whatever their IsInteractive column says.
 */
function interactive(f: RawObject, env: Envelope): boolean {
  if (env.forceNonInteractive) return false;
  const stated = flag(f['isInteractive']);
  if (stated !== null) return stated;
  if (env.interactive !== null) return env.interactive;
  const types = f['signInEventTypes'];
  if (Array.isArray(types)) {
    if (types.includes('interactiveUser')) return true;
    if (types.includes('nonInteractiveUser')) return false;
  }
  return true;
}

/** The export's resultType column ("0"), else status.errorCode; a sign-in without one cannot be told success or failure. */
function errorCode(status: RawObject | null, env: Envelope): number {
  const code = integer(env.resultType) ?? (status === null ? null : integer(status['errorCode']));
  if (code !== null) return code;
  throw new Refusal(
    `no error code: expected an integer "${env.label('status')}.errorCode"` + `${env.resultType === undefined ? '' : ' or resultType'} (0 for success)`,
  );
}

/** Ids in canonical form (decision 0055): GUIDs in lower case, as the snapshot's user ids are. */
export function normaliseSignIn(f: RawObject, env: Envelope): SignInRecord {
  const id = canonicalId(requiredId(f, env));
  // entra-rules §4.4 [S53]: the sign-in's time is createdDateTime; Log Analytics TimeGenerated is ingestion time.
  const createdDateTime = requiredTime(f, 'createdDateTime', env);
  const status = nestedObject(f['status'], 'status', env);
  return {
    id,
    tenantId: env.tenantId,
    createdDateTime,
    userId: canonicalId(text(f['userId']) ?? ''),
    userPrincipalName: text(f['userPrincipalName']) ?? '',
    userDisplayName: text(f['userDisplayName']) ?? '',
    userType: userType(f['userType']),
    isInteractive: interactive(f, env),
    errorCode: errorCode(status, env),
    failureReason: (status === null ? null : nonEmpty(status['failureReason'])) ?? env.resultDescription ?? '',
    authenticationRequirement: text(f['authenticationRequirement']) ?? '',
    conditionalAccessStatus: nonEmpty(f['conditionalAccessStatus']),
    authenticationDetails: steps(nestedArray(f['authenticationDetails'], 'authenticationDetails', env)),
  };
}

/** entra-rules §4.4: authenticationDetails[] step fields [S65]. */
function steps(list: readonly unknown[]): readonly AuthenticationStep[] {
  const out: AuthenticationStep[] = [];
  for (const s of list) {
    if (!isObject(s)) continue;
    out.push({
      stepDateTime: isoTime(s['authenticationStepDateTime']),
      method: text(s['authenticationMethod']) ?? '',
      methodDetail: nonEmpty(s['authenticationMethodDetail']),
      succeeded: flag(s['succeeded']),
      resultDetail: nonEmpty(s['authenticationStepResultDetail']),
      requirement: nonEmpty(s['authenticationStepRequirement']),
    });
  }
  return out;
}
