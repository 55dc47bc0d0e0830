// Mirror mode: a methodsRegistered name from userRegistrationDetails → a stand-in Graph method object
// that amr's rules (reports/methods.ts) map back to the same name.
import type { JsonObject } from './json.js';

const T = (short: string): string => `#microsoft.graph.${short}`;
/** Ids of the stand-ins say where they came from; phones keep Graph's fixed ids (S12). */
const id = (name: string): string => `amr-mirror-${name}`;

const STAND_INS: ReadonlyMap<string, JsonObject> = new Map<string, JsonObject>([
  ['mobilePhone', { '@odata.type': T('phoneAuthenticationMethod'), id: '3179e48a-750b-4051-897c-87b9720928f7', phoneType: 'mobile', phoneNumber: null }],
  [
    'alternateMobilePhone',
    { '@odata.type': T('phoneAuthenticationMethod'), id: 'b6332ec1-7057-4abe-9331-3d72feddfe41', phoneType: 'alternateMobile', phoneNumber: null },
  ],
  ['officePhone', { '@odata.type': T('phoneAuthenticationMethod'), id: 'e37fc753-ff3b-4958-9484-eaa9425c82bc', phoneType: 'office', phoneNumber: null }],
  ['email', { '@odata.type': T('emailAuthenticationMethod'), id: id('email'), emailAddress: null }],
  ['microsoftAuthenticatorPush', { '@odata.type': T('microsoftAuthenticatorAuthenticationMethod'), id: id('microsoftAuthenticatorPush') }],
  [
    'microsoftAuthenticatorPasswordless',
    { '@odata.type': T('passwordlessMicrosoftAuthenticatorAuthenticationMethod'), id: id('microsoftAuthenticatorPasswordless') },
  ],
  ['softwareOneTimePasscode', { '@odata.type': T('softwareOathAuthenticationMethod'), id: id('softwareOneTimePasscode') }],
  ['hardwareOneTimePasscode', { '@odata.type': T('hardwareOathAuthenticationMethod'), id: id('hardwareOneTimePasscode') }],
  ['fido2SecurityKey', { '@odata.type': T('fido2AuthenticationMethod'), id: id('fido2SecurityKey') }],
  ['fido2', { '@odata.type': T('fido2AuthenticationMethod'), id: id('fido2') }],
  ['passKeyDeviceBound', { '@odata.type': T('fido2AuthenticationMethod'), id: id('passKeyDeviceBound'), passkeyType: 'deviceBound' }],
  // The Microsoft Authenticator and Windows Hello AAGUIDs that reports/fido2-variant.ts recognises.
  [
    'passKeyDeviceBoundAuthenticator',
    {
      '@odata.type': T('fido2AuthenticationMethod'),
      id: id('passKeyDeviceBoundAuthenticator'),
      passkeyType: 'deviceBound',
      aaGuid: '90a3ccdf-635c-4729-a248-9b709135078f',
    },
  ],
  [
    'passKeyDeviceBoundWindowsHello',
    {
      '@odata.type': T('fido2AuthenticationMethod'),
      id: id('passKeyDeviceBoundWindowsHello'),
      passkeyType: 'deviceBound',
      aaGuid: '08987058-cadc-4b81-b6e1-30de50dcbe96',
    },
  ],
  ['passKeySynced', { '@odata.type': T('fido2AuthenticationMethod'), id: id('passKeySynced'), passkeyType: 'synced' }],
  ['windowsHelloForBusiness', { '@odata.type': T('windowsHelloForBusinessAuthenticationMethod'), id: id('windowsHelloForBusiness') }],
  ['macOsSecureEnclaveKey', { '@odata.type': T('platformCredentialAuthenticationMethod'), id: id('macOsSecureEnclaveKey'), platform: 'macOS' }],
  // Entra lists a pass only while it exists; amr lists it only while usable (A6).
  ['temporaryAccessPass', { '@odata.type': T('temporaryAccessPassAuthenticationMethod'), id: id('temporaryAccessPass'), isUsable: true }],
  ['externalAuthMethod', { '@odata.type': T('externalAuthenticationMethod'), id: id('externalAuthMethod') }],
  ['qrCode', { '@odata.type': T('qrCodePinAuthenticationMethod'), id: id('qrCode') }],
]);

/**
 * The stand-ins for one row's names. `securityQuestion` has no method object (it becomes the
 * user's securityQuestionsRegistered). The Authenticator's stand-in already yields
 * softwareOneTimePasscode, so no separate OATH token is made up for it. A name amr does not know
 * (a certificate, a later value) is kept on the base type, which the rules ignore.
 */
export function mirrorMethods(methodsRegistered: readonly string[]): JsonObject[] {
  const names = new Set(methodsRegistered);
  const out: JsonObject[] = [];
  for (const name of names) {
    if (name === 'securityQuestion') continue;
    if (name === 'softwareOneTimePasscode' && names.has('microsoftAuthenticatorPush')) continue;
    out.push(STAND_INS.get(name) ?? { '@odata.type': T('authenticationMethod'), id: id(name), amrMethodsRegistered: name });
  }
  return out;
}
