// Capability descriptors of amr's own report entities (served under /amr/v1; decision 0092): what
// $filter, $orderby and $select may name. Property names are the domain row's (reports/model.ts
// ProtectionDetails) exactly: the store maps the same names to its columns.
import { defineEntity, type EntityCapabilities, type EnumType, type PropertyCapability } from '../odata/capabilities.js';
import type { ProtectionDetails } from '../reports/model.js';
import { STRENGTH_CLASSES } from '../reports/protection-classes.js';
import { inBoth, type ApiVersion } from './entities.js';
import { signInUserType } from './enums.js';

/** amr's strength classes (decision 0090); no unknownFutureValue: amr owns the list and adds to it only with a version. */
export const strengthClass: EnumType = { name: 'amr.strengthClass', members: STRENGTH_CLASSES };

type Name = keyof ProtectionDetails;

const flag = (name: Name): PropertyCapability => ({ name, type: 'boolean', nullable: false, filter: ['eq', 'ne', 'in'], orderby: false });
const strength = (name: Name, nullable: boolean): PropertyCapability => ({
  name,
  type: 'enum',
  enum: strengthClass,
  nullable,
  filter: ['eq', 'ne', 'in'],
  orderby: false,
});
/**
 * Names and departments compare case-insensitively, as userRegistrationDetails' names do (the store
 * keeps folded keys for them); companyName is compared as stored (the store keeps no folded key).
 */
const text = (name: Name, orderby: boolean, nullable: boolean, caseInsensitive = true): PropertyCapability => ({
  name,
  type: 'string',
  nullable,
  filter: ['eq', 'ne', 'in', 'startswith'],
  orderby,
  caseInsensitive,
});

/** In ProtectionDetails' order, which is also the wire order (wire/protection.ts). */
const properties: readonly PropertyCapability[] = [
  // decision 0055: ids are GUIDs stored in lower case; an id literal matches in any case.
  { name: 'id', type: 'string', nullable: false, filter: ['eq', 'ne', 'in'], orderby: false, lowerCaseGuids: true },
  text('userPrincipalName', true, false),
  text('userDisplayName', true, false),
  { name: 'userType', type: 'enum', enum: signInUserType, nullable: false, filter: ['eq', 'ne', 'in'], orderby: false },
  text('department', false, true),
  text('companyName', false, true, false),
  flag('isAdmin'),
  flag('isPrivilegedAdmin'),
  strength('registeredStrength', false),
  // null without a sign-in step in 30 days: `usedStrength eq null` finds those users.
  strength('usedStrength', true),
  flag('isWeakMfaOnly'),
  { name: 'staleMethods', type: 'stringCollection', nullable: false, filter: ['any'], orderby: false },
  { name: 'staleMethodCount', type: 'int64', nullable: false, filter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'], orderby: false },
  { name: 'methodsRegistered', type: 'stringCollection', nullable: false, filter: ['any'], orderby: false },
  // Not filterable, as on userRegistrationDetails (the store has no column spec for it).
  { name: 'lastUpdatedDateTime', type: 'dateTimeOffset', nullable: false, filter: [], orderby: false },
];

export const userProtectionEntity: Readonly<Record<ApiVersion, EntityCapabilities>> = inBoth(defineEntity({ typeName: 'amr.userProtection', properties }));

/** The wire order of a userProtection row: ProtectionDetails' own. */
export const PROTECTION_WIRE_ORDER: readonly Name[] = properties.map((p) => p.name as Name);
