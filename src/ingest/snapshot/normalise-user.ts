// Validates one Graph user object of a snapshot (with amr's `authentication` member) into a SnapshotUser.
import type { GraphObject, SignInPreferences, SnapshotUser, UserType } from '../../reports/model.js';
import {
  expectObject, isObject, optionalBoolean, optionalCount, optionalObject, optionalString, own, refuse,
  requiredBoolean, requiredString, type RawObject,
} from './field-checks.js';
import { child, item } from './place.js';
import { canonicalId } from '../../util/object-id.js';

/** The members read into SnapshotUser's own fields; every other one is kept in `properties`. */
const OWN_FIELDS: ReadonlySet<string> = new Set([
  'id', 'userPrincipalName', 'displayName', 'userType', 'accountEnabled', 'deletedDateTime', 'authentication',
]);

/** The id in canonical form (decision 0055): a GUID in lower case, so ids differing only in case are one user. */
export function normaliseUser(raw: unknown, where: string): SnapshotUser {
  const o = expectObject(raw, where, 'a Graph user object');
  const authentication = optionalObject(o, 'authentication', where);
  const authWhere = child(where, 'authentication');
  return {
    id: canonicalId(requiredString(o, 'id', where)),
    userPrincipalName: requiredString(o, 'userPrincipalName', where),
    displayName: readDisplayName(o, where),
    userType: readUserType(o, where),
    accountEnabled: requiredBoolean(o, 'accountEnabled', where),
    deleted: readDeleted(o, where),
    methods: authentication === null ? [] : readMethods(authentication, authWhere),
    signInPreferences: authentication === null ? null : readSignInPreferences(authentication, authWhere),
    securityQuestionsRegistered: authentication === null
      ? 0 : optionalCount(authentication, 'securityQuestionsRegistered', authWhere, 0),
    properties: otherProperties(o),
  };
}

/** Graph may return a null displayName; it is kept as '' (the report column is a string). Absent is refused. */
function readDisplayName(o: RawObject, where: string): string {
  const v = own(o, 'displayName');
  if (v === null) return '';
  return requiredString(o, 'displayName', where, false);
}

/** Graph writes "Member" / "Guest"; any case is accepted. */
function readUserType(o: RawObject, where: string): UserType {
  const v = own(o, 'userType');
  const lower = typeof v === 'string' ? v.toLowerCase() : '';
  if (lower === 'member' || lower === 'guest') return lower;
  return refuse(child(where, 'userType'), '"Member" or "Guest"', v);
}

/** Only a non-null deletedDateTime marks a soft-deleted user; it must then be a date-time string. */
function readDeleted(o: RawObject, where: string): boolean {
  return optionalString(o, 'deletedDateTime', where) !== null;
}

function readMethods(auth: RawObject, where: string): readonly GraphObject[] {
  const list = own(auth, 'methods');
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return refuse(child(where, 'methods'), 'an array of authenticationMethod objects', list);
  // Places are spelled only for a refusal: this runs for every method of every user.
  for (let i = 0; i < list.length; i++) {
    const m: unknown = list[i];
    if (!isObject(m)) refuse(item(child(where, 'methods'), i), 'an authenticationMethod object', m);
    const type = own(m, '@odata.type');
    if (typeof type !== 'string' || type === '') {
      refuse(child(item(child(where, 'methods'), i), '@odata.type'), 'a string naming the method, e.g. "#microsoft.graph.fido2AuthenticationMethod"', type);
    }
  }
  return list as readonly GraphObject[];
}

function readSignInPreferences(auth: RawObject, where: string): SignInPreferences | null {
  const prefs = optionalObject(auth, 'signInPreferences', where);
  if (prefs === null) return null;
  const at = child(where, 'signInPreferences');
  return {
    userPreferredMethodForSecondaryAuthentication: optionalString(prefs, 'userPreferredMethodForSecondaryAuthentication', at),
    isSystemPreferredAuthenticationMethodEnabled: optionalBoolean(prefs, 'isSystemPreferredAuthenticationMethodEnabled', at),
  };
}

function otherProperties(o: RawObject): GraphObject {
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(o)) {
    if (OWN_FIELDS.has(key)) continue;
    // Assigning to "__proto__" would set the prototype; defining it keeps the member as data.
    if (key === '__proto__') Object.defineProperty(rest, key, { value: o[key], enumerable: true, writable: true, configurable: true });
    else rest[key] = o[key];
  }
  return rest;
}
