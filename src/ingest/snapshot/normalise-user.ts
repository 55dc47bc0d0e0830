// Validates one Graph user object of a snapshot (with amr's `authentication` member) into a SnapshotUser.
import type { GraphObject, SignInPreferences, SnapshotUser, UserType } from '../../reports/model.js';
import {
  expectObject,
  isObject,
  optionalBoolean,
  optionalCount,
  optionalObject,
  optionalString,
  own,
  refuse,
  requiredBoolean,
  requiredString,
  type RawObject,
} from '../field-checks.js';
import { child, item } from '../place.js';
import { canonicalId } from '../../util/object-id.js';

/** The members read into SnapshotUser's own fields; every other one is kept in `properties`. */
const OWN_FIELDS: ReadonlySet<string> = new Set(['id', 'userPrincipalName', 'displayName', 'userType', 'accountEnabled', 'deletedDateTime', 'authentication']);

/** The id in canonical form (decision 0055): a GUID in lower case, so ids differing only in case are one user. */
export function normaliseUser(raw: unknown, where: string): SnapshotUser {
  const o = expectObject(raw, where, 'a Graph user object');
  const authentication = optionalObject(o, 'authentication', where);
  return {
    id: canonicalId(requiredString(o, 'id', where)),
    userPrincipalName: requiredString(o, 'userPrincipalName', where),
    displayName: readDisplayName(o, where),
    userType: readUserType(o, where),
    accountEnabled: requiredBoolean(o, 'accountEnabled', where),
    deleted: readDeleted(o, where),
    methods: authentication === null ? [] : readMethods(authentication, where),
    signInPreferences: authentication === null ? null : readSignInPreferences(authentication, where),
    securityQuestionsRegistered: authentication === null ? 0 : readQuestions(authentication, where),
    properties: otherProperties(o),
  };
}

/**
 * The place of the user's `authentication` member. The readers below take the user's place and
 * spell this one only for a refusal, through the same field checks: they run for every user.
 */
function authPlace(where: string): string {
  return child(where, 'authentication');
}

function readQuestions(auth: RawObject, where: string): number {
  const v = own(auth, 'securityQuestionsRegistered');
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  return optionalCount(auth, 'securityQuestionsRegistered', authPlace(where), 0);
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
  const listPlace = (): string => child(authPlace(where), 'methods');
  if (!Array.isArray(list)) return refuse(listPlace(), 'an array of authenticationMethod objects', list);
  for (let i = 0; i < list.length; i++) {
    const m: unknown = list[i];
    if (!isObject(m)) refuse(item(listPlace(), i), 'an authenticationMethod object', m);
    const type = own(m, '@odata.type');
    if (typeof type !== 'string' || type === '') {
      refuse(child(item(listPlace(), i), '@odata.type'), 'a string naming the method, e.g. "#microsoft.graph.fido2AuthenticationMethod"', type);
    }
  }
  return list as readonly GraphObject[];
}

const PREFERRED = 'userPreferredMethodForSecondaryAuthentication';
const SYSTEM_PREFERRED = 'isSystemPreferredAuthenticationMethodEnabled';

function readSignInPreferences(auth: RawObject, where: string): SignInPreferences | null {
  const v = own(auth, 'signInPreferences');
  if (v === undefined || v === null) return null;
  const prefs = isObject(v) ? v : expectObject(v, child(authPlace(where), 'signInPreferences'), 'an object');
  const preferred = own(prefs, PREFERRED);
  const system = own(prefs, SYSTEM_PREFERRED);
  if (
    (preferred === undefined || preferred === null || typeof preferred === 'string') &&
    (system === undefined || system === null || typeof system === 'boolean')
  ) {
    return { userPreferredMethodForSecondaryAuthentication: preferred ?? null, isSystemPreferredAuthenticationMethodEnabled: system ?? null };
  }
  // One of them is refused, in the same order as ever.
  const at = child(authPlace(where), 'signInPreferences');
  return {
    userPreferredMethodForSecondaryAuthentication: optionalString(prefs, PREFERRED, at),
    isSystemPreferredAuthenticationMethodEnabled: optionalBoolean(prefs, SYSTEM_PREFERRED, at),
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
