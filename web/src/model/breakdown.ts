// The breakdowns' vocabulary: what groupBy may name, how a bucket is called on the page, and the
// names of the protection strength classes (decision 0090).
import { GROUP_BYS, type GroupBy, type StrengthClass } from '../api/amr';

export const GROUP_BY_OPTIONS: readonly { readonly value: '' | GroupBy; readonly label: string }[] = [
  { value: '', label: 'None (all users)' },
  { value: 'department', label: 'Department' },
  { value: 'group', label: 'Group' },
  { value: 'licence', label: 'Licence' },
  { value: 'role', label: 'Admin role' },
  { value: 'userType', label: 'User type' },
];

export const groupByFrom = (value: string | null): GroupBy | null => ((GROUP_BYS as readonly string[]).includes(value ?? '') ? (value as GroupBy) : null);

export const groupByLabel = (g: GroupBy): string => GROUP_BY_OPTIONS.find((o) => o.value === g)?.label ?? g;

const USER_TYPE_NAMES: Readonly<Record<string, string>> = { member: 'Members', guest: 'Guests' };

/** A bucket's name: "(none)" for the users without the attribute, the display name where the server gives one. */
export function bucketLabel(groupBy: GroupBy | null, b: { readonly key: string | null; readonly displayName: string | null }): string {
  if (b.key === null) return '(none)';
  if (groupBy === null) return 'All users';
  if (groupBy === 'userType') return USER_TYPE_NAMES[b.key] ?? b.key;
  return b.displayName ?? b.key;
}

export const STRENGTH_LABELS: Readonly<Record<StrengthClass, string>> = {
  phishingResistant: 'Phishing-resistant',
  passwordless: 'Passwordless',
  mfa: 'MFA',
  weakMfa: 'Weak MFA (SMS, voice)',
  none: 'No MFA',
};

/** What puts a user in each class: the strongest method they have registered (decision 0090). */
export const STRENGTH_HELP: Readonly<Record<StrengthClass, string>> = {
  phishingResistant: 'FIDO2 security keys and passkeys, Windows Hello for Business, macOS platform credential',
  passwordless: 'Microsoft Authenticator phone sign-in',
  mfa: 'Authenticator push, software or hardware OATH tokens, external MFA',
  weakMfa: 'only SMS or voice calls',
  none: 'no MFA method: password only, or email, security questions, QR code or a Temporary Access Pass',
};

export const STRENGTH_COLORS: Readonly<Record<StrengthClass, string>> = {
  phishingResistant: '--strength-1',
  passwordless: '--strength-2',
  mfa: '--strength-3',
  weakMfa: '--strength-4',
  none: '--strength-5',
};
