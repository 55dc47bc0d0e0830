// A user's GET /beta/users/{id}/authentication/methods body → the snapshot's method objects.
import { at, describe, fail } from './body-error.js';
import { ENDPOINTS, endpointFor } from './endpoints.js';
import { toJsonObject, withoutControlAnnotations, type JsonObject } from './json.js';
import { member, pagedItems } from './read-fields.js';

/**
 * Decision 0072: the snapshot keeps Graph's method objects verbatim (tenant-snapshot.md "User"), so
 * the mapping is the identity for every type amr's rules read (reports/methods.ts maps them to
 * methodsRegistered names). Each entry says what the rules take from it.
 */
export const KNOWN_METHOD_TYPES: ReadonlyMap<string, string> = new Map([
  ['phoneAuthenticationMethod', 'phoneType mobile/alternateMobile/office (or the fixed id) → mobilePhone/alternateMobilePhone/officePhone'],
  ['emailAuthenticationMethod', 'email'],
  ['fido2AuthenticationMethod', 'aaGuid and beta passkeyType → fido2SecurityKey or a passKey* variant'],
  ['microsoftAuthenticatorAuthenticationMethod', 'microsoftAuthenticatorPush and softwareOneTimePasscode'],
  ['passwordlessMicrosoftAuthenticatorAuthenticationMethod', 'microsoftAuthenticatorPasswordless (phone sign-in)'],
  ['windowsHelloForBusinessAuthenticationMethod', 'windowsHelloForBusiness'],
  ['softwareOathAuthenticationMethod', 'softwareOneTimePasscode'],
  ['hardwareOathAuthenticationMethod', 'hardwareOneTimePasscode'],
  ['temporaryAccessPassAuthenticationMethod', 'temporaryAccessPass while isUsable (or start + lifetime)'],
  ['platformCredentialAuthenticationMethod', 'macOsSecureEnclaveKey (platform macOS)'],
  ['externalAuthenticationMethod', 'externalAuthMethod'],
  ['qrCodePinAuthenticationMethod', 'qrCode'],
  ['passwordAuthenticationMethod', 'nothing: the report never lists the password'],
]);

export interface UserMethods {
  readonly methods: readonly JsonObject[];
  /** `@odata.type`s outside KNOWN_METHOD_TYPES: kept in the snapshot, ignored by the rules. */
  readonly unrecognisedTypes: readonly string[];
}

/**
 * Every method object of every page. `@odata.type` is required (Graph always sends it for the
 * derived types of this collection; amr's snapshot parser refuses a method without one) and is
 * written with its leading '#'. Unknown types (x509 certificate bindings, types Graph adds later)
 * are kept as they came, as the snapshot format asks.
 */
export function readMethods(userId: string, pages: readonly unknown[]): UserMethods {
  const endpoint = endpointFor(ENDPOINTS.methods, userId);
  const methods: JsonObject[] = [];
  const unrecognisedTypes: string[] = [];
  for (const { item, where } of pagedItems(pages, endpoint, 'an authenticationMethod object')) {
    const type = member(item, '@odata.type');
    if (typeof type !== 'string' || !/^#?[\w.]+$/.test(type)) {
      fail(at(where, '@odata.type'), `expected the method's type, e.g. "#microsoft.graph.fido2AuthenticationMethod", got ${describe(type)}`);
    }
    const full = type.startsWith('#') ? type : `#${type}`;
    const short = full.startsWith('#microsoft.graph.') ? full.slice('#microsoft.graph.'.length) : null;
    if (short === null || !KNOWN_METHOD_TYPES.has(short)) unrecognisedTypes.push(full);
    methods.push({ ...withoutControlAnnotations(toJsonObject(item, where, 'an authenticationMethod object')), '@odata.type': full });
  }
  return { methods, unrecognisedTypes };
}
