// Maps a user's Graph authenticationMethod objects to methodsRegistered names (entra-rules §1.3, §5).
import type { GraphObject } from './model.js';
import type { MethodName } from './method-names.js';
import { canonicalOrder, methodIndex } from './method-names.js';
import { fido2Variant } from './fido2-variant.js';
import { isTapUsable } from './tap-usable.js';
import { shortODataType, str } from './graph-object.js';

export { METHODS_REGISTERED, canonicalOrder, methodIndex } from './method-names.js';
export type { MethodName } from './method-names.js';

// entra-rules §5, S12: the fixed phone method ids, used when phoneType is missing.
// Maps, not object literals: keys come from input, and 'constructor' must not match anything.
const PHONE_IDS: ReadonlyMap<string, MethodName> = new Map([
  ['3179e48a-750b-4051-897c-87b9720928f7', 'mobilePhone'],
  ['b6332ec1-7057-4abe-9331-3d72feddfe41', 'alternateMobilePhone'],
  ['e37fc753-ff3b-4958-9484-eaa9425c82bc', 'officePhone'],
]);

const PHONE_TYPES: ReadonlyMap<string, MethodName> = new Map([
  ['mobile', 'mobilePhone'],
  ['alternatemobile', 'alternateMobilePhone'],
  ['office', 'officePhone'],
]);

/** Per recognised type (short name): the names one object of that type contributes. */
type Mapper = (m: GraphObject, capturedDateTime: string) => readonly MethodName[];

// Each mapper returns a constant array where it can: a user's methods are mapped for every user of an import.
const EMAIL: readonly MethodName[] = ['email'];
const AUTHENTICATOR: readonly MethodName[] = ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'];
const PHONE_SIGN_IN: readonly MethodName[] = ['microsoftAuthenticatorPasswordless'];
const WHFB: readonly MethodName[] = ['windowsHelloForBusiness'];
const SOFTWARE_OATH: readonly MethodName[] = ['softwareOneTimePasscode'];
const HARDWARE_OATH: readonly MethodName[] = ['hardwareOneTimePasscode'];
const TAP: readonly MethodName[] = ['temporaryAccessPass'];
const EXTERNAL: readonly MethodName[] = ['externalAuthMethod'];
const QR_CODE: readonly MethodName[] = ['qrCode'];
const NONE: readonly MethodName[] = [];

const MAPPERS: ReadonlyMap<string, Mapper> = new Map<string, Mapper>([
  ['phoneAuthenticationMethod', (m) => phoneName(m)],
  ['emailAuthenticationMethod', () => EMAIL],
  // entra-rules §1.3/§5 PROPOSAL from S4: the Authenticator app also yields its own OATH codes.
  ['microsoftAuthenticatorAuthenticationMethod', () => AUTHENTICATOR],
  // tenant-snapshot.md, S19: the deprecated object is the phone sign-in (passwordless) signal.
  ['passwordlessMicrosoftAuthenticatorAuthenticationMethod', () => PHONE_SIGN_IN],
  ['fido2AuthenticationMethod', (m) => [fido2Variant(m)]],
  ['windowsHelloForBusinessAuthenticationMethod', () => WHFB],
  ['softwareOathAuthenticationMethod', () => SOFTWARE_OATH],
  ['hardwareOathAuthenticationMethod', () => HARDWARE_OATH],
  // entra-rules A6: listed only while usable at the capture time.
  ['temporaryAccessPassAuthenticationMethod', (m, at) => (isTapUsable(m, at) ? TAP : NONE)],
  ['platformCredentialAuthenticationMethod', (m) => platformCredentialName(m)],
  ['externalAuthenticationMethod', () => EXTERNAL],
  ['qrCodePinAuthenticationMethod', () => QR_CODE],
  // entra-rules §1.3: the report never lists password as a method.
  ['passwordAuthenticationMethod', () => NONE],
]);

/** The mappers by the type as Graph writes it, so the common case is one lookup of the string as read. */
const BY_FULL_TYPE: ReadonlyMap<string, Mapper> = new Map(
  [...MAPPERS].flatMap(
    ([t, mapper]) =>
      [
        [`#microsoft.graph.${t}`, mapper],
        [`microsoft.graph.${t}`, mapper],
      ] as const,
  ),
);

/** Recognised `@odata.type`s, with and without the leading `#`. */
export const KNOWN_METHOD_TYPES: ReadonlySet<string> = new Set([...MAPPERS.keys()].flatMap((t) => [`#microsoft.graph.${t}`, `microsoft.graph.${t}`]));

export interface MethodsFromGraph {
  /** Canonical order, no duplicates. */
  readonly names: MethodName[];
  /** The `@odata.type` of each object not recognised ('' when it had none), in input order. */
  readonly unrecognisedTypes: string[];
}

/**
 * @param capturedDateTime the snapshot's capture time, for TAP usability (A6)
 */
export function methodsFromGraph(methods: readonly GraphObject[], securityQuestionsRegistered: number, capturedDateTime: string): MethodsFromGraph {
  const names: MethodName[] = [];
  const unrecognisedTypes: string[] = [];
  for (const m of methods) {
    const type = shortODataType(m);
    const mapper = type === null ? undefined : MAPPERS.get(type);
    if (mapper === undefined) unrecognisedTypes.push(str(m, '@odata.type') ?? '');
    else names.push(...mapper(m, capturedDateTime));
  }
  // entra-rules §1.3, S15: security questions are not in Graph; the snapshot carries a count.
  if (securityQuestionsRegistered > 0) names.push('securityQuestion');
  return { names: canonicalOrder(names), unrecognisedTypes };
}

const SECURITY_QUESTION_BIT = 1 << methodIndex('securityQuestion');

/**
 * methodsFromGraph's names as a bit mask (bit = methodIndex), without building them: two users
 * have the same names exactly when they have the same mask (canonical order, no duplicates).
 */
export function methodMaskFromGraph(methods: readonly GraphObject[], securityQuestionsRegistered: number, capturedDateTime: string): number {
  let mask = 0;
  for (const m of methods) {
    const t = m['@odata.type'];
    let mapper = typeof t === 'string' ? BY_FULL_TYPE.get(t) : undefined;
    if (mapper === undefined) {
      const type = shortODataType(m);
      mapper = type === null ? undefined : MAPPERS.get(type);
    }
    if (mapper === undefined) continue;
    for (const name of mapper(m, capturedDateTime)) {
      const i = methodIndex(name);
      if (i >= 0) mask |= 1 << i;
    }
  }
  return securityQuestionsRegistered > 0 ? mask | SECURITY_QUESTION_BIT : mask;
}

function phoneName(m: GraphObject): readonly MethodName[] {
  const byType = PHONE_TYPES.get((str(m, 'phoneType') ?? '').toLowerCase());
  const byId = PHONE_IDS.get((str(m, 'id') ?? '').toLowerCase());
  const name = byType ?? byId;
  return name === undefined ? [] : [name];
}

// S21: only macOS platform credentials exist today; another platform has no vocabulary name yet.
function platformCredentialName(m: GraphObject): readonly MethodName[] {
  const platform = (str(m, 'platform') ?? 'macOS').toLowerCase();
  return platform === 'macos' || platform === 'unknown' ? ['macOsSecureEnclaveKey'] : [];
}
