// FIDO2 authenticators and OATH tokens the demo users carry: real AAGUIDs and model names.
// AAGUIDs: the FIDO MDS names as cached by the PasskeyProviderAAGUIDs PowerShell module
// (powershellgallery.com/packages/PasskeyProviderAAGUIDs, from passkeydeveloper/passkey-authenticator-aaguids
// and the FIDO Metadata Service). Weights are judgments: YubiKey dominates enterprise key fleets.

export interface Fido2Model {
  readonly aaGuid: string;
  readonly model: string;
  /** What the user typed when registering, as Graph's displayName shows it. */
  readonly displayName: string;
  readonly weight: number;
}

export const SECURITY_KEYS: readonly Fido2Model[] = [
  { aaGuid: '2fc0579f-8113-47ea-b116-bb5a8db9202a', model: 'YubiKey 5 Series with NFC', displayName: 'YubiKey 5 NFC', weight: 30 },
  { aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8', model: 'YubiKey 5 Series', displayName: 'YubiKey 5C', weight: 18 },
  { aaGuid: 'ee882879-721c-4913-9775-3dfcce97072a', model: 'YubiKey 5 Series', displayName: 'YubiKey 5C Nano', weight: 8 },
  { aaGuid: 'c1f9a0bc-1dd2-404a-b27f-8e29047a43fd', model: 'YubiKey 5 FIPS Series with NFC', displayName: 'YubiKey 5 NFC FIPS', weight: 6 },
  { aaGuid: 'a4e9fc6d-4cbe-4758-b8ba-37598bb5bbaa', model: 'Security Key NFC by Yubico', displayName: 'Yubico Security Key NFC', weight: 10 },
  { aaGuid: 'd8522d9f-575b-4866-88a9-ba99fa02f35b', model: 'YubiKey Bio Series', displayName: 'YubiKey Bio', weight: 5 },
  { aaGuid: '42b4fb4a-2866-43b2-9bf7-6c6669c2e5d3', model: 'Google Titan Security Key v2', displayName: 'Titan key', weight: 6 },
  { aaGuid: 'ee041bce-25e5-4cdb-8f86-897fd6418464', model: 'Feitian ePass FIDO2-NFC Authenticator', displayName: 'Feitian ePass', weight: 6 },
  { aaGuid: '2a55aee6-27cb-42c0-bc6e-04efe999e88a', model: 'HID Crescendo 4000', displayName: 'HID badge key', weight: 5 },
  { aaGuid: 'ab32f0c6-2239-afbb-c470-d2ef4e254db7', model: 'TOKEN2 FIDO2 Security Key', displayName: 'Token2 key', weight: 6 },
];

/** Device-bound passkeys held in Microsoft Authenticator. */
export const AUTHENTICATOR_PASSKEYS: readonly Fido2Model[] = [
  { aaGuid: '90a3ccdf-635c-4729-a248-9b709135078f', model: 'Microsoft Authenticator for iOS', displayName: 'Authenticator - iOS', weight: 55 },
  { aaGuid: 'de1e552d-db1d-4423-a619-566b625cdc84', model: 'Microsoft Authenticator for Android', displayName: 'Authenticator - Android', weight: 45 },
];

/** Device-bound passkeys in Windows Hello (Entra reports them as passKeyDeviceBoundWindowsHello). */
export const WINDOWS_HELLO_PASSKEYS: readonly Fido2Model[] = [
  { aaGuid: '08987058-cadc-4b81-b6e1-30de50dcbe96', model: 'Windows Hello', displayName: 'Windows Hello', weight: 70 },
  { aaGuid: '9ddd1817-af5a-4672-a2b9-3e3dd95000a9', model: 'Windows Hello', displayName: 'Windows Hello', weight: 20 },
  { aaGuid: '6028b017-b1d4-4c02-b4b3-afcdafc96bb2', model: 'Windows Hello', displayName: 'Windows Hello', weight: 10 },
];

/** Synced passkeys from platform and third-party passkey providers (not attested). */
export const SYNCED_PASSKEYS: readonly Fido2Model[] = [
  { aaGuid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', model: 'iCloud Keychain', displayName: 'iCloud Keychain', weight: 45 },
  { aaGuid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', model: 'Google Password Manager', displayName: 'Google Password Manager', weight: 35 },
  { aaGuid: 'bada5566-a7aa-401f-bd96-45619a55120d', model: '1Password', displayName: '1Password', weight: 10 },
  { aaGuid: 'd548826e-79b4-db40-a3d8-11116f7e8349', model: 'Bitwarden', displayName: 'Bitwarden', weight: 5 },
  { aaGuid: '53414d53-554e-4700-0000-000000000000', model: 'Samsung Pass', displayName: 'Samsung Pass', weight: 5 },
];

export interface OathToken {
  readonly manufacturer: string;
  readonly model: string;
}

export const OATH_TOKENS: readonly OathToken[] = [
  { manufacturer: 'Token2', model: 'C302-i' },
  { manufacturer: 'Feitian', model: 'OTP c200' },
];
