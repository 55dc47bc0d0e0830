// Maps a user's Graph authenticationMethod objects to methodsRegistered names (entra-rules §1.3, §5).
import type { GraphObject } from './model.js';
import type { MethodName } from './method-names.js';
import { canonicalOrder } from './method-names.js';
import { fido2Variant } from './fido2-variant.js';
import { isTapUsable } from './tap-usable.js';
import { shortODataType, str } from './graph-object.js';

export { METHODS_REGISTERED, canonicalOrder, methodIndex, isMethodName } from './method-names.js';
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

const MAPPERS: ReadonlyMap<string, Mapper> = new Map<string, Mapper>([
  ['phoneAuthenticationMethod', (m) => phoneName(m)],
  ['emailAuthenticationMethod', () => ['email']],
  // entra-rules §1.3/§5 PROPOSAL from S4: the Authenticator app also yields its own OATH codes.
  ['microsoftAuthenticatorAuthenticationMethod', () => ['microsoftAuthenticatorPush', 'softwareOneTimePasscode']],
  // tenant-snapshot.md, S19: the deprecated object is the phone sign-in (passwordless) signal.
  ['passwordlessMicrosoftAuthenticatorAuthenticationMethod', () => ['microsoftAuthenticatorPasswordless']],
  ['fido2AuthenticationMethod', (m) => [fido2Variant(m)]],
  ['windowsHelloForBusinessAuthenticationMethod', () => ['windowsHelloForBusiness']],
  ['softwareOathAuthenticationMethod', () => ['softwareOneTimePasscode']],
  ['hardwareOathAuthenticationMethod', () => ['hardwareOneTimePasscode']],
  // entra-rules A6: listed only while usable at the capture time.
  ['temporaryAccessPassAuthenticationMethod', (m, at) => (isTapUsable(m, at) ? ['temporaryAccessPass'] : [])],
  ['platformCredentialAuthenticationMethod', (m) => platformCredentialName(m)],
  ['externalAuthenticationMethod', () => ['externalAuthMethod']],
  ['qrCodePinAuthenticationMethod', () => ['qrCode']],
  // entra-rules §1.3: the report never lists password as a method.
  ['passwordAuthenticationMethod', () => []],
]);

/** Recognised `@odata.type`s, with and without the leading `#`. */
export const KNOWN_METHOD_TYPES: ReadonlySet<string> = new Set(
  [...MAPPERS.keys()].flatMap((t) => [`#microsoft.graph.${t}`, `microsoft.graph.${t}`]),
);

export interface MethodsFromGraph {
  /** Canonical order, no duplicates. */
  readonly names: MethodName[];
  /** The `@odata.type` of each object not recognised ('' when it had none), in input order. */
  readonly unrecognisedTypes: string[];
}

/**
 * @param capturedDateTime the snapshot's capture time, for TAP usability (A6)
 */
export function methodsFromGraph(
  methods: readonly GraphObject[],
  securityQuestionsRegistered: number,
  capturedDateTime: string,
): MethodsFromGraph {
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
