// Which methodsRegistered name a fido2AuthenticationMethod becomes (entra-rules §1.3, §5, A8; decision 0020).
import type { GraphObject } from './model.js';
import type { MethodName } from './method-names.js';
import { str } from './graph-object.js';

// Microsoft Authenticator passkey AAGUIDs (iOS, Android), as allowed in Entra passkey key restrictions.
const AUTHENTICATOR_AAGUIDS: ReadonlySet<string> = new Set(['90a3ccdf-635c-4729-a248-9b709135078f', 'de1e552d-db1d-4423-a619-566b625cdc84']);

// Windows Hello hardware, VBS hardware and software authenticators (Entra passkey profile docs).
const WINDOWS_HELLO_AAGUIDS: ReadonlySet<string> = new Set([
  '08987058-cadc-4b81-b6e1-30de50dcbe96',
  '9ddd1817-af5a-4672-a2b9-3e3dd95000a9',
  '6028b017-b1d4-4c02-b4b3-afcdafc96bb2',
]);

/**
 * Synced when beta `passkeyType` says so; otherwise the authenticator's AAGUID picks the
 * Authenticator / Windows Hello variants; a plain key is `passKeyDeviceBound` when the data carries a
 * passkey type at all, else the v1.0-era `fido2SecurityKey` (the data cannot tell synced from bound).
 */
export function fido2Variant(method: GraphObject): MethodName {
  const passkeyType = str(method, 'passkeyType')?.toLowerCase() ?? null;
  if (passkeyType === 'synced') return 'passKeySynced';
  const aaGuid = str(method, 'aaGuid')?.toLowerCase() ?? '';
  if (AUTHENTICATOR_AAGUIDS.has(aaGuid)) return 'passKeyDeviceBoundAuthenticator';
  if (WINDOWS_HELLO_AAGUIDS.has(aaGuid)) return 'passKeyDeviceBoundWindowsHello';
  return passkeyType === null ? 'fido2SecurityKey' : 'passKeyDeviceBound';
}
