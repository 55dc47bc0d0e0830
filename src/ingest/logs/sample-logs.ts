// Real-shaped audit and sign-in records for the tests and the benchmark, in each export's shape.
// Shapes (field names, nesting, types, value formats) follow ../shared/spec/log-samples; values are ours.
const TENANT = '4BBB79F7-5724-4C9E-95F3-DE075F6EC090';
const RESOURCE = `/tenants/${TENANT.toLowerCase()}/providers/Microsoft.aadiam`;

function hex(i: number, width: number): string {
  return (i >>> 0).toString(16).padStart(width, '0').slice(-width);
}

/** A deterministic GUID-looking id for record `i` and a salt. */
export function guid(i: number, salt = 0): string {
  return `${hex(i * 2654435761 + salt, 8)}-${hex(i + salt, 4)}-4${hex(i, 3)}-a${hex(salt, 3)}-${hex(i * 40503, 12)}`;
}

/** An event time i seconds after 2026-01-02T03:04:05, written with 7 fraction digits and +00:00 as Entra does. */
export function entraTime(i: number): string {
  const t = new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + i * 1000).toISOString().slice(0, 19);
  return `${t}.${String(1234567 + i).slice(-7)}+00:00`;
}

export const SAMPLE_TENANT = TENANT.toLowerCase();

/** The `properties` of a SignInLogs record: signinlogs.eventhub.elastic-test.jsonl, with a password + MFA pair of steps as in graph.beta.signIn.list.example1.json. */
export function graphSignIn(i: number, over: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const time = entraTime(i);
  return {
    id: guid(i, 1),
    createdDateTime: time,
    userDisplayName: `User ${i}`,
    userPrincipalName: `user${i}@contoso.example`,
    userId: guid(i % 5000, 2),
    appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
    appDisplayName: 'Azure Portal',
    ipAddress: '1.128.3.4',
    status: { errorCode: 0 },
    clientAppUsed: 'Browser',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/97.0.4692.99 Safari/537.36 Edg/97.0.1072.69',
    deviceDetail: { deviceId: '', operatingSystem: 'Windows 10', browser: 'Edge 97.0.1072' },
    location: { city: 'Nizampet', state: 'Telangana', countryOrRegion: 'IN', geoCoordinates: { latitude: 17.5164794921875, longitude: 78.37663269042969 } },
    mfaDetail: {},
    correlationId: guid(i, 3),
    conditionalAccessStatus: 'notApplied',
    appliedConditionalAccessPolicies: [],
    originalRequestId: guid(i, 1),
    isInteractive: true,
    tokenIssuerName: '',
    tokenIssuerType: 'AzureAD',
    authenticationProcessingDetails: [
      { key: 'Login Hint Present', value: 'True' },
      { key: 'Is CAE Token', value: 'False' },
    ],
    networkLocationDetails: [],
    processingTimeInMilliseconds: 5662,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes: [],
    riskEventTypes_v2: [],
    resourceDisplayName: 'Windows Azure Service Management API',
    resourceId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
    resourceTenantId: SAMPLE_TENANT,
    homeTenantId: SAMPLE_TENANT,
    authenticationDetails: [
      {
        authenticationStepDateTime: time,
        authenticationMethod: 'Password',
        authenticationMethodDetail: 'Password in the cloud',
        succeeded: true,
        authenticationStepResultDetail: 'Correct password',
        authenticationStepRequirement: 'Primary authentication',
        StatusSequence: 0,
        RequestSequence: 0,
      },
      {
        authenticationStepDateTime: time,
        authenticationMethod: 'Mobile app notification',
        authenticationMethodDetail: null,
        succeeded: true,
        authenticationStepResultDetail: 'MFA successfully completed',
        authenticationStepRequirement: 'Multifactor authentication',
        StatusSequence: 0,
        RequestSequence: 1,
      },
    ],
    authenticationRequirementPolicies: [],
    authenticationRequirement: 'multiFactorAuthentication',
    servicePrincipalId: '',
    userType: 'Member',
    flaggedForReview: false,
    isTenantRestricted: false,
    autonomousSystemNumber: 55836,
    crossTenantAccessType: 'none',
    privateLinkDetails: {},
    ssoExtensionVersion: '',
    uniqueTokenIdentifier: Buffer.from(guid(i, 1)).toString('base64url'),
    incomingTokenType: 'none',
    authenticationProtocol: 'none',
    ...over,
  };
}

/** The `properties` of an AuditLogs record: auditlogs.eventhub.elastic-test.jsonl; an SSPR-style user initiator as in graph.v1.directoryAudit.get.json. */
export function graphAudit(i: number, over: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    id: `SSPR_${guid(i, 4)}_${i}`,
    category: 'UserManagement',
    correlationId: guid(i, 5),
    result: 'success',
    resultReason: 'User registered Mobile App Notification',
    activityDisplayName: 'User registered security info',
    activityDateTime: entraTime(i),
    loggedByService: 'Authentication Methods',
    operationType: 'Add',
    userAgent: null,
    initiatedBy: { user: { id: guid(i % 5000, 2), displayName: null, userPrincipalName: `user${i}@contoso.example`, ipAddress: '1.128.3.4', roles: [] } },
    targetResources: [
      {
        id: guid(i % 5000, 2),
        displayName: null,
        type: 'User',
        userPrincipalName: `user${i}@contoso.example`,
        modifiedProperties: [],
        administrativeUnits: [],
      },
    ],
    additionalDetails: [
      { key: 'User-Agent', value: 'Mozilla/5.0' },
      { key: 'AppId', value: 'a70a7931-c387-4dce-9f35-fbf95bdcc91e' },
    ],
    ...over,
  };
}

/** The Azure Monitor envelope (diagnostic settings → Event Hub / storage), as in the *.eventhub.elastic-test.jsonl files. */
export function azureMonitorRecord(
  category: string,
  properties: Readonly<Record<string, unknown>>,
  over: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const signIn = category.endsWith('SignInLogs');
  return {
    time: String(properties['createdDateTime'] ?? properties['activityDateTime'] ?? entraTime(0)).replace('+00:00', 'Z'),
    resourceId: RESOURCE,
    operationName: signIn ? 'Sign-in activity' : String(properties['activityDisplayName']),
    operationVersion: '1.0',
    category,
    tenantId: TENANT,
    ...(signIn ? { resultType: '0' } : {}),
    resultSignature: 'None',
    durationMs: 0,
    callerIpAddress: '1.128.3.4',
    correlationId: properties['correlationId'],
    identity: 'elastic testing',
    Level: 4,
    location: 'IN',
    properties,
    ...over,
  };
}

/** A SigninLogs row as Log Analytics exports it: PascalCase columns, dynamic columns as JSON strings (entra-rules §4.4 [S66]). */
export function logAnalyticsSignIn(i: number, type = 'SigninLogs', over: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const g = graphSignIn(i);
  return {
    TenantId: 'f0e1d2c3-b4a5-4968-8776-655443322110',
    SourceSystem: 'Azure AD',
    TimeGenerated: '2026-01-02T04:00:00.1234567Z',
    ResourceId: RESOURCE,
    OperationName: 'Sign-in activity',
    OperationVersion: '1.0',
    Category: type === 'SigninLogs' ? 'SignInLogs' : 'NonInteractiveUserSignInLogs',
    ResultType: '0',
    ResultSignature: 'None',
    ResultDescription: '',
    DurationMs: 0,
    CorrelationId: g['correlationId'],
    Identity: g['userDisplayName'],
    Level: '4',
    Location: 'IN',
    AppDisplayName: g['appDisplayName'],
    AppId: g['appId'],
    AuthenticationDetails: JSON.stringify(g['authenticationDetails']),
    AuthenticationRequirement: g['authenticationRequirement'],
    ConditionalAccessStatus: g['conditionalAccessStatus'],
    CreatedDateTime: String(g['createdDateTime']).replace('+00:00', 'Z'),
    Id: g['id'],
    IsInteractive: type === 'SigninLogs',
    Status: JSON.stringify(g['status']),
    UserDisplayName: g['userDisplayName'],
    UserId: g['userId'],
    UserPrincipalName: g['userPrincipalName'],
    UserType: 'Member',
    AADTenantId: TENANT,
    Type: type,
    ...over,
  };
}

/** An AuditLogs row as Log Analytics exports it (entra-rules §4.1 [S56]): InitiatedBy, TargetResources, AdditionalDetails as JSON strings. */
export function logAnalyticsAudit(i: number, over: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const g = graphAudit(i);
  return {
    TenantId: 'f0e1d2c3-b4a5-4968-8776-655443322110',
    SourceSystem: 'Azure AD',
    TimeGenerated: '2026-01-02T04:00:00.1234567Z',
    ResourceId: '/tenants/x/providers/Microsoft.aadiam',
    OperationName: g['activityDisplayName'],
    OperationVersion: '1.0',
    Category: g['category'],
    ResultType: '',
    ResultSignature: 'None',
    ResultDescription: 'User registered Mobile App Notification',
    DurationMs: 0,
    CorrelationId: g['correlationId'],
    Result: 'success',
    ResultReason: '',
    Identity: '',
    Level: '4',
    AdditionalDetails: JSON.stringify(g['additionalDetails']),
    Id: g['id'],
    InitiatedBy: JSON.stringify(g['initiatedBy']),
    LoggedByService: g['loggedByService'],
    TargetResources: JSON.stringify(g['targetResources']),
    AADTenantId: TENANT,
    ActivityDisplayName: g['activityDisplayName'],
    ActivityDateTime: String(g['activityDateTime']).replace('+00:00', 'Z'),
    AADOperationType: g['operationType'],
    Type: 'AuditLogs',
    ...over,
  };
}
