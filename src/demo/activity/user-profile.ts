// What the activity generator needs of one demo user, read back from the Graph user object the tenant
// emits (so activity always belongs to a real user and uses only the methods that user registered).
import { AUTHENTICATOR_PASSKEYS, WINDOWS_HELLO_PASSKEYS } from '../authenticator-models.js';
import { DEPARTMENTS } from '../org-data.js';
import type { JsonObject, JsonValue } from '../wire.js';

export type AccountKind = 'person' | 'guest' | 'breakGlass' | 'resource';

export type MethodKind =
  | 'mobile'
  | 'alternateMobile'
  | 'office'
  | 'email'
  | 'securityQuestions'
  | 'authenticator'
  | 'phoneSignIn'
  | 'securityKey'
  | 'authenticatorPasskey'
  | 'helloPasskey'
  | 'syncedPasskey'
  | 'windowsHello'
  | 'macPlatform'
  | 'softwareOath'
  | 'hardwareOath'
  | 'temporaryAccessPass'
  | 'external'
  | 'qrCode';

export interface RegisteredMethod {
  readonly kind: MethodKind;
  /** createdDateTime (creationDateTime for phone sign-in); null where Graph has none (phones, e-mail, questions). */
  readonly createdMs: number | null;
  /** lastUsedDateTime (Graph beta); null where the object has none. Nothing uses the method after it. */
  readonly lastUsedMs: number | null;
}

export interface TapWindow {
  readonly createdMs: number;
  readonly startMs: number;
  readonly endMs: number;
}

export interface UserProfile {
  readonly index: number;
  readonly id: string;
  readonly upn: string;
  readonly displayName: string;
  readonly kind: AccountKind;
  readonly enabled: boolean;
  readonly createdMs: number;
  readonly deletedMs: number | null;
  readonly department: string | null;
  readonly frontline: boolean;
  readonly synced: boolean;
  readonly usageLocation: string;
  readonly city: string | null;
  /** B2B guests who never redeemed their invitation cannot sign in. */
  readonly guestAccepted: boolean;
  readonly methods: readonly RegisteredMethod[];
  /** signInPreferences.userPreferredMethodForSecondaryAuthentication. */
  readonly preferred: string | null;
  readonly smsSignInReady: boolean;
  readonly tap: TapWindow | null;
}

const AUTHENTICATOR_AAGUIDS = new Set(AUTHENTICATOR_PASSKEYS.map((m) => m.aaGuid));
const HELLO_AAGUIDS = new Set(WINDOWS_HELLO_PASSKEYS.map((m) => m.aaGuid));
const FRONTLINE = new Set(DEPARTMENTS.filter((d) => d.frontline).map((d) => d.name));

const TYPE_KIND: Readonly<Record<string, MethodKind>> = {
  emailAuthenticationMethod: 'email',
  microsoftAuthenticatorAuthenticationMethod: 'authenticator',
  passwordlessMicrosoftAuthenticatorAuthenticationMethod: 'phoneSignIn',
  windowsHelloForBusinessAuthenticationMethod: 'windowsHello',
  platformCredentialAuthenticationMethod: 'macPlatform',
  softwareOathAuthenticationMethod: 'softwareOath',
  hardwareOathAuthenticationMethod: 'hardwareOath',
  temporaryAccessPassAuthenticationMethod: 'temporaryAccessPass',
  externalAuthenticationMethod: 'external',
  qrCodePinAuthenticationMethod: 'qrCode',
};
const PHONE_KIND: Readonly<Record<string, MethodKind>> = { mobile: 'mobile', alternateMobile: 'alternateMobile', office: 'office' };

function str(o: JsonObject, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' ? v : null;
}

function time(o: JsonObject, key: string): number | null {
  const v = str(o, key);
  return v === null ? null : Date.parse(v);
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fido2Kind(m: JsonObject): MethodKind {
  if (str(m, 'passkeyType') === 'synced') return 'syncedPasskey';
  const aaGuid = str(m, 'aaGuid') ?? '';
  if (AUTHENTICATOR_AAGUIDS.has(aaGuid)) return 'authenticatorPasskey';
  return HELLO_AAGUIDS.has(aaGuid) ? 'helloPasskey' : 'securityKey';
}

/** The method a Graph method object is, or null for the password and types amr does not use. */
function methodKind(m: JsonObject): MethodKind | null {
  const type = (str(m, '@odata.type') ?? '').replace('#microsoft.graph.', '');
  if (type === 'phoneAuthenticationMethod') return PHONE_KIND[str(m, 'phoneType') ?? ''] ?? null;
  if (type === 'fido2AuthenticationMethod') return fido2Kind(m);
  return TYPE_KIND[type] ?? null;
}

function tapWindow(m: JsonObject): TapWindow | null {
  const startMs = time(m, 'startDateTime');
  const lifetime = m['lifetimeInMinutes'];
  if (startMs === null || typeof lifetime !== 'number') return null;
  return { createdMs: time(m, 'createdDateTime') ?? startMs, startMs, endMs: startMs + lifetime * 60_000 };
}

interface MethodFacts {
  readonly methods: RegisteredMethod[];
  readonly tap: TapWindow | null;
  readonly smsSignInReady: boolean;
}

function readMethods(auth: JsonObject | null): MethodFacts {
  const list = auth?.['methods'];
  const methods: RegisteredMethod[] = [];
  let tap: TapWindow | null = null;
  let smsSignInReady = false;
  for (const m of Array.isArray(list) ? (list as readonly JsonValue[]) : []) {
    if (!isObject(m)) continue;
    const kind = methodKind(m);
    if (kind === null) continue;
    methods.push({ kind, createdMs: time(m, 'createdDateTime') ?? time(m, 'creationDateTime'), lastUsedMs: time(m, 'lastUsedDateTime') });
    if (kind === 'temporaryAccessPass') tap = tapWindow(m);
    if (kind === 'mobile' && str(m, 'smsSignInState') === 'ready') smsSignInReady = true;
  }
  const questions = auth?.['securityQuestionsRegistered'];
  if (typeof questions === 'number' && questions > 0) methods.push({ kind: 'securityQuestions', createdMs: null, lastUsedMs: null });
  return { methods, tap, smsSignInReady };
}

function accountKind(user: JsonObject, upn: string): AccountKind {
  if (user['userType'] === 'Guest') return 'guest';
  if (upn.startsWith('emergency.access')) return 'breakGlass';
  // Employees carry a given name; shared mailboxes, rooms and service accounts do not (other-users.ts).
  return str(user, 'givenName') === null ? 'resource' : 'person';
}

export function profileOf(user: JsonObject, index: number): UserProfile {
  const upn = str(user, 'userPrincipalName') ?? '';
  const auth = isObject(user['authentication']) ? user['authentication'] : null;
  const prefs = auth !== null && isObject(auth['signInPreferences']) ? auth['signInPreferences'] : null;
  const department = str(user, 'department');
  return {
    index,
    id: str(user, 'id') ?? '',
    upn,
    displayName: str(user, 'displayName') ?? upn,
    kind: accountKind(user, upn),
    enabled: user['accountEnabled'] === true,
    createdMs: time(user, 'createdDateTime') ?? 0,
    deletedMs: time(user, 'deletedDateTime'),
    department,
    frontline: department !== null && FRONTLINE.has(department),
    synced: user['onPremisesSyncEnabled'] === true,
    usageLocation: str(user, 'usageLocation') ?? 'US',
    city: str(user, 'officeLocation'),
    guestAccepted: user['userType'] !== 'Guest' || str(user, 'externalUserState') === 'Accepted',
    ...readMethods(auth),
    preferred: prefs === null ? null : str(prefs, 'userPreferredMethodForSecondaryAuthentication'),
  };
}

/** Registered by `atMs` and not past its lastUsedDateTime. */
export function usableAt(m: RegisteredMethod, availableMs: (m: RegisteredMethod) => number, atMs: number): boolean {
  return availableMs(m) <= atMs && (m.lastUsedMs === null || atMs <= m.lastUsedMs);
}

/**
 * Kinds whose uses the logs cannot tell apart: a FIDO2 or passkey step is a use of every FIDO2 name, an
 * OATH code one of both token kinds and of the Authenticator's codes (decision 0090). While one member
 * is past its lastUsedDateTime, the family's shared step would contradict that date, so none is taken.
 */
const FIDO2_FAMILY: readonly MethodKind[] = ['securityKey', 'authenticatorPasskey', 'helloPasskey', 'syncedPasskey'];
export const OATH_CODE_FAMILY: readonly MethodKind[] = ['authenticator', 'softwareOath', 'hardwareOath'];

/** Whether a held member of the family was last used before `atMs`. */
export function familyRetired(u: UserProfile, family: readonly MethodKind[], atMs: number): boolean {
  return u.methods.some((m) => family.includes(m.kind) && m.lastUsedMs !== null && m.lastUsedMs < atMs);
}

/**
 * Whether the user could use a method of one of these kinds at `atMs`: registered by then, not past its
 * lastUsedDateTime, and its family's shared step free (a request naming a token kind asks for a code).
 */
export function hasMethod(u: UserProfile, kinds: readonly MethodKind[], availableMs: (m: RegisteredMethod) => number, atMs: number): boolean {
  const codes = kinds.includes('softwareOath') || kinds.includes('hardwareOath');
  return u.methods.some(
    (m) =>
      kinds.includes(m.kind) &&
      usableAt(m, availableMs, atMs) &&
      !(FIDO2_FAMILY.includes(m.kind) && familyRetired(u, FIDO2_FAMILY, atMs)) &&
      !(codes && OATH_CODE_FAMILY.includes(m.kind) && familyRetired(u, OATH_CODE_FAMILY, atMs)),
  );
}
