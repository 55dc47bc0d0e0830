// amr's userProtection report (decision 0091) over the registration_details rows: its columns, the
// $filter property → column map, and row ↔ domain conversion, as registration-columns.ts does for Graph's report.
import { METHODS_REGISTERED } from '../../reports/methods.js';
import type { ProtectionDetails, StrengthClassName, UserType } from '../../reports/model.js';
import type { ColumnMap, ColumnSpec } from './filter-sql.js';
import type { JsonCodec, JsonRowsLayout } from './json-rows.js';

const METHOD_BITS: ReadonlyMap<string, number> = new Map(METHODS_REGISTERED.map((n, i) => [n, 2 ** i]));

/** The protection cells of a report row, after registrationTail's (REGISTRATION_COLUMNS' last nine). */
export const PROTECTION_ROW_COLUMNS = [
  'department',
  'department_key',
  'company_name',
  'registered_strength',
  'used_strength',
  'is_weak_mfa_only',
  'stale_mask',
  'stale_count',
  'as_of',
] as const;

export interface ProtectionCells {
  readonly department: string | null;
  readonly companyName: string | null;
  readonly registeredStrength: StrengthClassName;
  readonly usedStrength: StrengthClassName | null;
  readonly staleMask: number;
  readonly staleCount: number;
  readonly asOf: string;
}

/** The cells in PROTECTION_ROW_COLUMNS order. */
export function protectionCells(p: ProtectionCells): unknown[] {
  return [
    p.department,
    p.department === null ? null : p.department.toLowerCase(),
    p.companyName,
    p.registeredStrength,
    p.usedStrength,
    p.registeredStrength === 'weakMfa' ? 1 : 0,
    p.staleMask,
    p.staleCount,
    p.asOf,
  ];
}

/** A method-name list as METHOD_BITS mask. */
export function methodMask(names: Iterable<string>): number {
  let mask = 0;
  for (const n of names) mask |= METHOD_BITS.get(n) ?? 0;
  return mask;
}

const bool = (column: string): ColumnSpec => ({ kind: 'boolean', column });

export const PROTECTION_FILTER_COLUMNS: ColumnMap = new Map<string, ColumnSpec>([
  ['id', { kind: 'text', column: 'id' }],
  ['userPrincipalName', { kind: 'text-ci', column: 'upn_key' }],
  ['userDisplayName', { kind: 'text-ci', column: 'name_key' }],
  ['userType', { kind: 'enum', column: 'user_type' }],
  ['department', { kind: 'text-ci', column: 'department_key', nullable: true }],
  ['companyName', { kind: 'text', column: 'company_name', nullable: true }],
  ['isAdmin', bool('is_admin')],
  ['isPrivilegedAdmin', bool('is_privileged_admin')],
  ['registeredStrength', { kind: 'enum', column: 'registered_strength' }],
  ['usedStrength', { kind: 'enum', column: 'used_strength', nullable: true }],
  ['isWeakMfaOnly', bool('is_weak_mfa_only')],
  ['staleMethodCount', { kind: 'integer', column: 'stale_count' }],
  ['staleMethods', { kind: 'mask', column: 'stale_mask', bits: METHOD_BITS }],
  ['methodsRegistered', { kind: 'mask', column: 'methods_mask', bits: METHOD_BITS }],
]);

/** The columns a userProtection row is read back from. */
export const PROTECTION_DETAIL_COLUMNS = [
  'id',
  'user_principal_name',
  'user_display_name',
  'user_type',
  'department',
  'company_name',
  'is_admin',
  'is_privileged_admin',
  'registered_strength',
  'used_strength',
  'is_weak_mfa_only',
  'stale_mask',
  'stale_count',
  'methods_mask',
  'as_of',
] as const;

function namesOf(mask: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < METHODS_REGISTERED.length; i++) if ((mask & (2 ** i)) !== 0) out.push(METHODS_REGISTERED[i]!);
  return out;
}

/** A row read as an array in PROTECTION_DETAIL_COLUMNS order. */
export function protectionFromArray(a: readonly unknown[]): ProtectionDetails {
  return {
    id: a[0] as string,
    userPrincipalName: a[1] as string,
    userDisplayName: a[2] as string,
    userType: a[3] as UserType,
    department: a[4] as string | null,
    companyName: a[5] as string | null,
    isAdmin: a[6] === 1,
    isPrivilegedAdmin: a[7] === 1,
    registeredStrength: a[8] as StrengthClassName,
    usedStrength: a[9] as StrengthClassName | null,
    isWeakMfaOnly: a[10] === 1,
    staleMethods: namesOf(Number(a[11])),
    staleMethodCount: Number(a[12]),
    methodsRegistered: namesOf(Number(a[13])),
    lastUpdatedDateTime: a[14] as string,
  };
}

/** Each property as its PROTECTION_DETAIL_COLUMNS index and JSON codec: the wire form of protectionFromArray's object. */
const JSON_FIELDS: Readonly<Record<keyof ProtectionDetails, { readonly column: number; readonly codec: JsonCodec }>> = {
  id: { column: 0, codec: 'text' },
  userPrincipalName: { column: 1, codec: 'text' },
  userDisplayName: { column: 2, codec: 'text' },
  userType: { column: 3, codec: 'text' },
  department: { column: 4, codec: 'text' },
  companyName: { column: 5, codec: 'text' },
  isAdmin: { column: 6, codec: 'boolean' },
  isPrivilegedAdmin: { column: 7, codec: 'boolean' },
  registeredStrength: { column: 8, codec: 'text' },
  usedStrength: { column: 9, codec: 'text' },
  isWeakMfaOnly: { column: 10, codec: 'boolean' },
  staleMethods: { column: 11, codec: { mask: METHODS_REGISTERED } },
  staleMethodCount: { column: 12, codec: 'text' },
  methodsRegistered: { column: 13, codec: { mask: METHODS_REGISTERED } },
  lastUpdatedDateTime: { column: 14, codec: 'text' },
};

export function protectionJsonLayout(properties: readonly (keyof ProtectionDetails)[]): JsonRowsLayout {
  return { fields: [...new Set(properties)].map((name) => ({ name, ...JSON_FIELDS[name] })) };
}
