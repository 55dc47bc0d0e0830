// GET /beta/reports/authenticationMethods/userRegistrationDetails rows: what the assembler reads of them.
import { at, describe, fail } from './body-error.js';
import { ENDPOINTS } from './endpoints.js';
import { member, optionalBoolean, optionalString, pagedItems, requiredString, stringList } from './read-fields.js';

export interface RegistrationRow {
  readonly id: string;
  readonly userType: 'member' | 'guest' | 'other';
  readonly isAdmin: boolean;
  readonly isSsprEnabled: boolean;
  readonly isSsprRegistered: boolean;
  readonly methodsRegistered: readonly string[];
  /** '' (no choice) becomes null, as in signInPreferences. */
  readonly userPreferredMethodForSecondaryAuthentication: string | null;
  readonly isSystemPreferredAuthenticationMethodEnabled: boolean | null;
}

/** Every row of every page (pages of up to 1,000 rows, S4); a later row for the same id wins. */
export function readRegistrationDetails(pages: readonly unknown[]): Map<string, RegistrationRow> {
  const rows = new Map<string, RegistrationRow>();
  for (const { item, where } of pagedItems(pages, ENDPOINTS.registrationDetails, 'a userRegistrationDetails object')) {
    const id = requiredString(item, 'id', where).toLowerCase();
    const type = (optionalString(item, 'userType', where) ?? 'member').toLowerCase();
    const preferred = optionalString(item, 'userPreferredMethodForSecondaryAuthentication', where);
    rows.set(id, {
      id,
      userType: type === 'member' || type === 'guest' ? type : 'other',
      isAdmin: flag(item, 'isAdmin', where),
      isSsprEnabled: flag(item, 'isSsprEnabled', where),
      isSsprRegistered: flag(item, 'isSsprRegistered', where),
      methodsRegistered: stringList(item, 'methodsRegistered', where),
      userPreferredMethodForSecondaryAuthentication: preferred === '' || preferred === 'none' ? null : preferred,
      isSystemPreferredAuthenticationMethodEnabled: optionalBoolean(item, 'isSystemPreferredAuthenticationMethodEnabled', where),
    });
  }
  return rows;
}

/** The report's flags are booleans; an absent one reads as false (a $select that left it out). */
function flag(o: Readonly<Record<string, unknown>>, key: string, where: Parameters<typeof at>[0]): boolean {
  const v = member(o, key);
  if (v === undefined || v === null) return false;
  return typeof v === 'boolean' ? v : fail(at(where, key), `expected true or false, got ${describe(v)}`);
}

/** Graph lists security questions only as registered or not (entra-rules §1.3, S15). */
export function hasSecurityQuestions(row: RegistrationRow | undefined): boolean {
  return row?.methodsRegistered.includes('securityQuestion') ?? false;
}
