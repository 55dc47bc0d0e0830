// The snapshot's `policies` from the authentication methods policy, the authorization policy and
// the SSPR policy (a file, or inferred: sspr-inference.ts). Graph has no legacy MFA policy API.
import { at, describe, fail, index } from './body-error.js';
import { ENDPOINTS } from './endpoints.js';
import { toJsonObject, withoutControlAnnotationsDeep, type JsonObject } from './json.js';
import { expectObject, member, optionalBoolean, optionalString, root, type RawObject } from './read-fields.js';

export interface PoliciesPart {
  readonly authenticationMethodsPolicy: JsonObject | null;
  readonly passwordResetPolicy: JsonObject | null;
  readonly authorizationPolicy: JsonObject | null;
  /** Always null from sync: the MFA service settings have no Graph API (decision 0072). */
  readonly legacyMfaPolicy: JsonObject | null;
}

/** The beta policy verbatim (systemCredentialPreferences is beta-only), less OData annotations. */
export function readAuthenticationMethodsPolicy(body: unknown): JsonObject {
  const where = root(ENDPOINTS.authenticationMethodsPolicy);
  const o = expectObject(body, where, 'an authenticationMethodsPolicy object');
  const configs = member(o, 'authenticationMethodConfigurations');
  if (configs !== undefined && configs !== null && !Array.isArray(configs)) {
    fail(at(where, 'authenticationMethodConfigurations'), `expected an array of authenticationMethodConfiguration objects, got ${describe(configs)}`);
  }
  optionalString(o, 'policyMigrationState', where);
  return strip(toJsonObject(o, where, 'an authenticationMethodsPolicy object'));
}

/** v1.0 answers the single object; beta (and old v1.0) a collection of one: both are read. */
export function readAuthorizationPolicy(body: unknown): JsonObject {
  const where = root(ENDPOINTS.authorizationPolicy);
  const outer = expectObject(body, where, 'an authorizationPolicy object');
  const value = member(outer, 'value');
  const [o, w] = Array.isArray(value)
    ? ([expectObject(value[0], index(at(where, 'value'), 0), 'an authorizationPolicy object'), index(at(where, 'value'), 0)] as const)
    : ([outer, where] as const);
  optionalBoolean(o, 'allowedToUseSSPR', w);
  return strip(toJsonObject(o, w, 'an authorizationPolicy object'));
}

const SSPR_METHODS: ReadonlySet<string> = new Set(['mobileAppNotification', 'mobileAppCode', 'email', 'mobilePhone', 'officePhone', 'securityQuestions']);

/**
 * `--sspr-policy FILE`: the snapshot's passwordResetPolicy object (or a `{"passwordResetPolicy":…}`
 * wrapper), checked as amr's snapshot parser checks it so that a bad file fails before any request.
 */
export function readSsprPolicyFile(value: unknown): JsonObject {
  const where = root(ENDPOINTS.ssprPolicyFile);
  const outer = expectObject(value, where, 'the passwordResetPolicy object');
  const wrapped = member(outer, 'passwordResetPolicy');
  const w = wrapped === undefined ? where : at(where, 'passwordResetPolicy');
  const o = wrapped === undefined ? outer : expectObject(wrapped, w, 'the passwordResetPolicy object');
  checkSspr(o, w);
  return toJsonObject(o, w, 'the passwordResetPolicy object');
}

function checkSspr(o: RawObject, where: ReturnType<typeof root>): void {
  const scope = optionalString(o, 'enabledFor', where);
  if (scope !== null && !['none', 'selected', 'all'].includes(scope))
    fail(at(where, 'enabledFor'), `expected "none", "selected" or "all", got ${describe(scope)}`);
  const group = optionalString(o, 'selectedGroupId', where);
  if (scope === 'selected' && group === null) fail(at(where, 'selectedGroupId'), 'expected the group\'s id when enabledFor is "selected"');
  const required = member(o, 'numberOfMethodsRequired');
  if (required !== undefined && required !== null && required !== 1 && required !== 2)
    fail(at(where, 'numberOfMethodsRequired'), `expected 1 or 2, got ${describe(required)}`);
  const methods = member(o, 'methods');
  if (methods !== undefined && methods !== null) {
    if (!Array.isArray(methods)) fail(at(where, 'methods'), `expected an array of method names, got ${describe(methods)}`);
    methods.forEach((m: unknown, i) => {
      if (typeof m !== 'string' || !SSPR_METHODS.has(m))
        fail(index(at(where, 'methods'), i), `expected one of ${[...SSPR_METHODS].join(', ')}, got ${describe(m)}`);
    });
  }
  const questions = member(o, 'securityQuestionsRequiredToReset');
  if (questions !== undefined && questions !== null && !(typeof questions === 'number' && Number.isInteger(questions) && questions >= 0)) {
    fail(at(where, 'securityQuestionsRequiredToReset'), `expected a whole number, got ${describe(questions)}`);
  }
}

function strip(o: JsonObject): JsonObject {
  return withoutControlAnnotationsDeep(o) as JsonObject;
}
