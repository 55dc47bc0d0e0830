// The userRegistrationDetails property → column map, and row ↔ domain conversion.
// Collections are stored as bitmasks so `any()` filters are one integer test.
import { METHODS_REGISTERED } from '../../reports/methods.js';
import type { RegistrationDetails, UserType } from '../../reports/model.js';
import type { ShapeDetails } from '../../reports/registration-shapes.js';
import type { RegistrationDetailsTable } from '../schema.js';
import type { ColumnMap, ColumnSpec } from './filter-sql.js';
import type { JsonCodec, JsonRowsLayout } from './json-rows.js';
import { PROTECTION_ROW_COLUMNS } from './protection-columns.js';

/** userDefaultAuthenticationMethod members (graph-api §6), bit = index; append-only. */
export const SYSTEM_PREFERRED_MODES: readonly string[] = [
  'push',
  'oath',
  'voiceMobile',
  'voiceAlternateMobile',
  'voiceOffice',
  'sms',
  'none',
  'unknownFutureValue',
];

function bits(names: readonly string[]): ReadonlyMap<string, number> {
  return new Map(names.map((n, i) => [n, 2 ** i]));
}

const METHOD_BITS = bits(METHODS_REGISTERED);
const MODE_BITS = bits(SYSTEM_PREFERRED_MODES);

function maskOf(names: readonly string[], table: ReadonlyMap<string, number>): number {
  let mask = 0;
  for (const n of names) mask |= table.get(n) ?? 0;
  return mask;
}

function namesOf(mask: number, names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length; i++) if ((mask & (2 ** i)) !== 0) out.push(names[i]!);
  return out;
}

const bool = (column: keyof RegistrationDetailsTable): ColumnSpec => ({ kind: 'boolean', column });

export const REGISTRATION_FILTER_COLUMNS: ColumnMap = new Map<string, ColumnSpec>([
  ['id', { kind: 'text', column: 'id' }],
  ['userPrincipalName', { kind: 'text-ci', column: 'upn_key' }],
  ['userDisplayName', { kind: 'text-ci', column: 'name_key' }],
  ['userType', { kind: 'enum', column: 'user_type' }],
  ['isAdmin', bool('is_admin')],
  ['isMfaRegistered', bool('is_mfa_registered')],
  ['isMfaCapable', bool('is_mfa_capable')],
  ['isPasswordlessCapable', bool('is_passwordless_capable')],
  ['isSsprRegistered', bool('is_sspr_registered')],
  ['isSsprEnabled', bool('is_sspr_enabled')],
  ['isSsprCapable', bool('is_sspr_capable')],
  ['isSystemPreferredAuthenticationMethodEnabled', bool('is_system_preferred_enabled')],
  ['methodsRegistered', { kind: 'mask', column: 'methods_mask', bits: METHOD_BITS }],
  ['systemPreferredAuthenticationMethods', { kind: 'mask', column: 'system_preferred_mask', bits: MODE_BITS }],
  // Stored and sent as 'none' when the user has none (docs/decisions/0083): `eq 'none'` finds them.
  ['userPreferredMethodForSecondaryAuthentication', { kind: 'enum', column: 'user_preferred' }],
  ['defaultMfaMethod', { kind: 'enum', column: 'default_mfa' }],
]);

/** The sort key column of each orderable property. */
export const ORDER_COLUMNS = {
  userPrincipalName: 'upn_key',
  userDisplayName: 'name_key',
} as const;

export const REGISTRATION_COLUMNS = [
  'tenant_key',
  'generation',
  'id',
  'user_principal_name',
  'upn_key',
  'user_display_name',
  'name_key',
  'user_type',
  'is_admin',
  'is_privileged_admin',
  'is_mfa_registered',
  'is_mfa_capable',
  'is_passwordless_capable',
  'is_sspr_registered',
  'is_sspr_enabled',
  'is_sspr_capable',
  'is_system_preferred_enabled',
  'system_preferred_mask',
  'user_preferred',
  'default_mfa',
  'methods_mask',
  'last_updated',
  ...PROTECTION_ROW_COLUMNS,
] as const;

const b = (v: boolean): number => (v ? 1 : 0);

/** A row's cells after the user's identity and sort keys (user_type … last_updated): the same for every user of one shape. */
export function registrationTail(d: ShapeDetails): readonly unknown[] {
  return [
    d.userType,
    b(d.isAdmin),
    b(d.isPrivilegedAdmin),
    b(d.isMfaRegistered),
    b(d.isMfaCapable),
    b(d.isPasswordlessCapable),
    b(d.isSsprRegistered),
    b(d.isSsprEnabled),
    b(d.isSsprCapable),
    b(d.isSystemPreferredAuthenticationMethodEnabled),
    maskOf(d.systemPreferredAuthenticationMethods, MODE_BITS),
    // The derivation's '' for "no method" is stored as the enum member 'none' (decision 0083).
    d.userPreferredMethodForSecondaryAuthentication === '' ? 'none' : d.userPreferredMethodForSecondaryAuthentication,
    d.defaultMfaMethod === '' ? 'none' : d.defaultMfaMethod,
    maskOf(d.methodsRegistered, METHOD_BITS),
    d.lastUpdatedDateTime,
  ];
}

/**
 * A report row in REGISTRATION_COLUMNS order: the user's identity and sort keys, then `tail`
 * (registrationTail), then the user's own protection cells (protection-columns.ts protectionCells).
 */
export function registrationRowOf(
  tenantKey: number,
  generation: number,
  id: string,
  upn: string,
  displayName: string,
  tail: readonly unknown[],
  protection: readonly unknown[],
): unknown[] {
  return [tenantKey, generation, id, upn, upn.toLowerCase(), displayName, displayName.toLowerCase(), ...tail, ...protection];
}

/** The columns a report row is read back from (no sort keys, no tenant or generation). */
export const DETAIL_COLUMNS = [
  'id',
  'user_principal_name',
  'user_display_name',
  'user_type',
  'is_admin',
  'is_privileged_admin',
  'is_mfa_registered',
  'is_mfa_capable',
  'is_passwordless_capable',
  'is_sspr_registered',
  'is_sspr_enabled',
  'is_sspr_capable',
  'is_system_preferred_enabled',
  'system_preferred_mask',
  'user_preferred',
  'default_mfa',
  'methods_mask',
  'last_updated',
] as const;

const bit = (v: unknown): boolean => v === 1;

/** A report row read as an array in DETAIL_COLUMNS order (arrays: the export's hot path). */
export function detailsFromArray(a: readonly unknown[]): RegistrationDetails {
  // The domain's "no method" is '' (reports/default-method.ts); the stored 'none' reads back as it.
  const userPreferred = a[14] as string;
  const defaultMfa = a[15] as string;
  return {
    id: a[0] as string,
    userPrincipalName: a[1] as string,
    userDisplayName: a[2] as string,
    userType: a[3] as UserType,
    isAdmin: bit(a[4]),
    isPrivilegedAdmin: bit(a[5]),
    isMfaRegistered: bit(a[6]),
    isMfaCapable: bit(a[7]),
    isPasswordlessCapable: bit(a[8]),
    isSsprRegistered: bit(a[9]),
    isSsprEnabled: bit(a[10]),
    isSsprCapable: bit(a[11]),
    isSystemPreferredAuthenticationMethodEnabled: bit(a[12]),
    systemPreferredAuthenticationMethods: namesOf(a[13] as number, SYSTEM_PREFERRED_MODES),
    userPreferredMethodForSecondaryAuthentication: userPreferred === 'none' ? '' : userPreferred,
    defaultMfaMethod: defaultMfa === 'none' ? '' : defaultMfa,
    methodsRegistered: namesOf(a[16] as number, METHODS_REGISTERED),
    lastUpdatedDateTime: a[17] as string,
  };
}

/**
 * Each RegistrationDetails property as its DETAIL_COLUMNS index and how the column becomes its
 * JSON value: the wire form of detailsFromArray's object, for pages written straight to JSON
 * (json-rows.ts; json-rows.test.ts holds the two equal). The two enum columns are written as stored:
 * 'none' for no method, the member Graph sends (decision 0083), where the object holds ''.
 */
const JSON_FIELDS: Readonly<Record<keyof RegistrationDetails, { readonly column: number; readonly codec: JsonCodec }>> = {
  id: { column: 0, codec: 'text' },
  userPrincipalName: { column: 1, codec: 'text' },
  userDisplayName: { column: 2, codec: 'text' },
  userType: { column: 3, codec: 'text' },
  isAdmin: { column: 4, codec: 'boolean' },
  isPrivilegedAdmin: { column: 5, codec: 'boolean' },
  isMfaRegistered: { column: 6, codec: 'boolean' },
  isMfaCapable: { column: 7, codec: 'boolean' },
  isPasswordlessCapable: { column: 8, codec: 'boolean' },
  isSsprRegistered: { column: 9, codec: 'boolean' },
  isSsprEnabled: { column: 10, codec: 'boolean' },
  isSsprCapable: { column: 11, codec: 'boolean' },
  isSystemPreferredAuthenticationMethodEnabled: { column: 12, codec: 'boolean' },
  systemPreferredAuthenticationMethods: { column: 13, codec: { mask: SYSTEM_PREFERRED_MODES } },
  userPreferredMethodForSecondaryAuthentication: { column: 14, codec: 'text' },
  defaultMfaMethod: { column: 15, codec: 'text' },
  methodsRegistered: { column: 16, codec: { mask: METHODS_REGISTERED } },
  lastUpdatedDateTime: { column: 17, codec: 'text' },
};

/** The layout writing `JSON.stringify(detailsFromArray(row), properties)` on the wire ('none', not '') straight from the row. */
export function registrationJsonLayout(properties: readonly (keyof RegistrationDetails)[]): JsonRowsLayout {
  // JSON.stringify writes a name listed twice once.
  return { fields: [...new Set(properties)].map((name) => ({ name, ...JSON_FIELDS[name] })) };
}
