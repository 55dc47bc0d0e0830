// Capability descriptors shaped like Graph's report entities, for odata/ and store/ tests only, over
// Graph's own enums (graph/enums.ts).

import { defineEntity, type PropertyCapability } from '../odata/capabilities.js';
import { featureType, registrationAuthMethod, signInUserType, usageAuthMethod, userDefaultAuthenticationMethod } from '../graph/enums.js';

export { registrationAuthMethod };

const flag = (name: string, nullable = false): PropertyCapability => ({ name, type: 'boolean', nullable, filter: ['eq'], orderby: false });
const ciName = (name: string): PropertyCapability => ({
  name,
  type: 'string',
  nullable: false,
  filter: ['eq', 'startswith'],
  orderby: true,
  caseInsensitive: true,
});

/** graph-api §3.1 / §5.1. */
export const registrationDetails = defineEntity({
  typeName: 'microsoft.graph.userRegistrationDetails',
  properties: [
    { name: 'id', type: 'string', nullable: false, filter: ['eq'], orderby: false, lowerCaseGuids: true },
    flag('isAdmin', true),
    flag('isMfaCapable'),
    flag('isMfaRegistered'),
    flag('isPasswordlessCapable'),
    flag('isSsprEnabled'),
    flag('isSsprRegistered'),
    { name: 'lastUpdatedDateTime', type: 'dateTimeOffset', nullable: false, filter: [], orderby: false },
    { name: 'methodsRegistered', type: 'stringCollection', nullable: true, filter: ['any'], orderby: false },
    {
      name: 'systemPreferredAuthenticationMethods',
      type: 'stringCollection',
      nullable: true,
      filter: ['any'],
      elementFilter: ['eq', 'ne', 'in', 'startswith'],
      orderby: false,
    },
    ciName('userDisplayName'),
    {
      name: 'userPreferredMethodForSecondaryAuthentication',
      type: 'enum',
      enum: userDefaultAuthenticationMethod,
      nullable: true,
      filter: ['eq'],
      orderby: false,
    },
    ciName('userPrincipalName'),
    { name: 'userType', type: 'enum', enum: signInUserType, nullable: true, filter: ['eq', 'in'], orderby: false },
  ],
});

/** graph-api §3.7 / §5.4: an evolvable enum (usageAuthMethod) and a dateTimeOffset range. */
export const userEventsSummary = defineEntity({
  typeName: 'microsoft.graph.userEventsSummary',
  properties: [
    { name: 'id', type: 'string', nullable: false, filter: [], orderby: false },
    { name: 'authMethod', type: 'enum', enum: usageAuthMethod, nullable: false, filter: ['eq', 'in'], orderby: false },
    { name: 'eventDateTime', type: 'dateTimeOffset', nullable: false, filter: ['eq', 'ge', 'gt', 'le', 'lt'], orderby: true },
    { name: 'failureReason', type: 'string', nullable: false, filter: ['eq'], orderby: false },
    { name: 'feature', type: 'enum', enum: featureType, nullable: false, filter: ['eq'], orderby: false },
    flag('isSuccess'),
    ciName('userDisplayName'),
    ciName('userPrincipalName'),
  ],
});

/** graph-api §3.9 / §5.4: nullable Int64 counters filtered with gt. */
export const passwordResetsSummary = defineEntity({
  typeName: 'microsoft.graph.userPasswordResetsAndChangesSummary',
  properties: [
    { name: 'id', type: 'string', nullable: false, filter: [], orderby: false },
    { name: 'aggregatedDateTime', type: 'dateTimeOffset', nullable: true, filter: ['ge', 'lt'], orderby: true },
    { name: 'changePasswordSelfServiceCount', type: 'int64', nullable: true, filter: ['gt'], orderby: true },
    { name: 'passwordResetsByAdminCount', type: 'int64', nullable: true, filter: ['gt'], orderby: false },
    { name: 'passwordResetsSelfServiceCount', type: 'int64', nullable: true, filter: ['gt'], orderby: false },
  ],
});

/** graph-api §3.12: an enum collection whose enum has an evolvable member (externalAuthMethod). */
export const credentialRegistrationDetails = defineEntity({
  typeName: 'microsoft.graph.credentialUserRegistrationDetails',
  properties: [
    { name: 'id', type: 'string', nullable: false, filter: [], orderby: false },
    { name: 'authMethods', type: 'enumCollection', enum: registrationAuthMethod, nullable: false, filter: ['any'], orderby: false },
    flag('isRegistered'),
    { name: 'tenantId', type: 'guid', nullable: false, filter: ['eq'], orderby: false },
  ],
});
