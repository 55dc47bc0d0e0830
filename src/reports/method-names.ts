// The methodsRegistered vocabulary (entra-rules §1.3) in canonical order; also the store's bit positions.
//
// APPEND-ONLY: the index of each name is its bit position in the store's methods bitmask and its
// place in every output list. Never reorder, rename or remove an entry; add new names at the end.
// At most 31 entries, so that the mask fits a signed 32-bit integer on every store.
export const METHODS_REGISTERED = [
  'mobilePhone', // 0  phone, phoneType=mobile (S12)
  'alternateMobilePhone', // 1  phone, phoneType=alternateMobile (S12)
  'officePhone', // 2  phone, phoneType=office (S12)
  'email', // 3  emailAuthenticationMethod (S15)
  'securityQuestion', // 4  amr snapshot count; not in Graph (S15)
  'microsoftAuthenticatorPush', // 5  microsoftAuthenticatorAuthenticationMethod (S15)
  'microsoftAuthenticatorPasswordless', // 6  passwordlessMicrosoftAuthenticator… (S19)
  'softwareOneTimePasscode', // 7  softwareOath; Authenticator codes too (S4)
  'hardwareOneTimePasscode', // 8  hardwareOathAuthenticationMethod (S20)
  'fido2SecurityKey', // 9  fido2 without a passkey type (S72)
  'passKeyDeviceBound', // 10 fido2, device-bound passkey (S2)
  'passKeyDeviceBoundAuthenticator', // 11 fido2, Microsoft Authenticator AAGUID
  'passKeyDeviceBoundWindowsHello', // 12 fido2, Windows Hello AAGUID
  'passKeySynced', // 13 fido2, synced passkey
  'windowsHelloForBusiness', // 14 windowsHelloForBusinessAuthenticationMethod (S15)
  'macOsSecureEnclaveKey', // 15 platformCredentialAuthenticationMethod (S21)
  'temporaryAccessPass', // 16 TAP, only while usable (A6)
  'externalAuthMethod', // 17 externalAuthenticationMethod (S22)
  'qrCode', // 18 qrCodePinAuthenticationMethod (S23, PROPOSAL)
] as const;

export type MethodName = (typeof METHODS_REGISTERED)[number];

const INDEX: ReadonlyMap<string, number> = new Map(METHODS_REGISTERED.map((m, i) => [m, i]));

/** Bit position / output rank of a methodsRegistered name, or -1 when it is not in the vocabulary. */
export function methodIndex(name: string): number {
  return INDEX.get(name) ?? -1;
}

export function isMethodName(name: string): name is MethodName {
  return INDEX.has(name);
}

/** Distinct vocabulary names in canonical order; names outside the vocabulary are dropped. */
export function canonicalOrder(names: Iterable<string>): MethodName[] {
  const seen = new Set<number>();
  for (const n of names) {
    const i = methodIndex(n);
    if (i >= 0) seen.add(i);
  }
  return [...seen].sort((a, b) => a - b).map((i) => METHODS_REGISTERED[i] as MethodName);
}
