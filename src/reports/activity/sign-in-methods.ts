// Logged sign-in method strings → userSignInsByAuthMethodSummary names (entra-rules §4.4 PROPOSAL; decision 0044).

/** graph-api §3.6 example order; also the output order of the summary (decision 0047). */
export const SIGN_IN_SUMMARY_METHODS = [
  'password',
  'sms',
  'smsSignIn',
  'mobilePhone',
  'alternateMobilePhone',
  'officePhone',
  'microsoftAuthenticatorPush',
  'oneTimePasscode',
  'microsoftAuthenticatorPasswordless',
  'windowsHelloForBusiness',
  'fido2SecurityKey',
  'temporaryAccessPass',
  'macOsSecureEnclaveKey',
  'passKeyDeviceBound',
  'passKeySynced',
  'externalAuthMethod',
] as const;

export type SignInSummaryMethod = (typeof SIGN_IN_SUMMARY_METHODS)[number];

/** What an unrecognised method string is counted as (kept out of the wire summary; decision 0044). */
export const UNMAPPED_SIGN_IN_METHOD = 'unknownFutureValue';

/** Steps that only say an earlier proof was reused (entra-rules §3.2, §4.4: left out of the method chart). */
const TOKEN_SATISFIED_METHODS: ReadonlySet<string> = new Set(['previously satisfied', 'satisfied by token']); // S65, S68

type Mapper = (detail: string, primary: boolean) => SignInSummaryMethod;
const fixed =
  (m: SignInSummaryMethod): Mapper =>
  () =>
    m;
const text: Mapper = (_detail, primary) => (primary ? 'smsSignIn' : 'sms');
/** "by detail" (entra-rules §4.4 PROPOSAL): the detail names the phone; a bare number is the mobile. */
const call: Mapper = (detail) => (/office/i.test(detail) ? 'officePhone' : /alternate/i.test(detail) ? 'alternateMobilePhone' : 'mobilePhone');

/** Lower-case logged string → name. S65 = Graph signIn doc list; S67 = OATH doc; S68 = observed in real logs. */
const METHODS: ReadonlyMap<string, Mapper> = new Map([
  ['password', fixed('password')], // S65, S68
  ['text message', text], // S68
  ['sms', text], // S65
  ['mobile app notification', fixed('microsoftAuthenticatorPush')], // S68
  ['authenticator app', fixed('microsoftAuthenticatorPush')], // S65 (PROPOSAL: notification is the app's default)
  ['oath verification code', fixed('oneTimePasscode')], // S67
  ['software oath token', fixed('oneTimePasscode')], // S65
  ['authenticator app code', fixed('oneTimePasscode')], // entra-rules §4.4 PROPOSAL list
  ['phone call', call], // entra-rules §4.4 PROPOSAL
  ['voice', call], // S65
  ['fido2 security key', fixed('fido2SecurityKey')], // S68
  ['passkey (device-bound)', fixed('passKeyDeviceBound')], // S68
  ['passkey (synced)', fixed('passKeySynced')], // entra-rules §4.4 PROPOSAL list
  ['windows hello for business', fixed('windowsHelloForBusiness')], // S68
  ['temporary access pass', fixed('temporaryAccessPass')], // entra-rules §4.4 PROPOSAL
  ['microsoft authenticator passwordless', fixed('microsoftAuthenticatorPasswordless')],
  ['passwordless phone sign-in', fixed('microsoftAuthenticatorPasswordless')],
  ['macos platform credential', fixed('macOsSecureEnclaveKey')],
  ['external authentication method', fixed('externalAuthMethod')],
]);

export function isTokenSatisfied(method: string, resultDetail: string | null): boolean {
  return TOKEN_SATISFIED_METHODS.has(method.trim().toLowerCase()) || (resultDetail ?? '').toLowerCase().includes('satisfied by claim in the token'); // vocabulary signInMfaResultDetails
}

/** The summary name of a logged method, or UNMAPPED_SIGN_IN_METHOD. */
export function signInMethodOf(method: string, detail: string | null, primary: boolean): string {
  const map = METHODS.get(method.trim().toLowerCase());
  return map === undefined ? UNMAPPED_SIGN_IN_METHOD : map(detail ?? '', primary);
}
