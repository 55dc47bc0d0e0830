// Deterministic Graph-shaped snapshot text for the reader's tests and measurements (not the demo tenant).
export const SAMPLE_TENANT_ID = '8f3c2a1e-5b7d-4e9f-a0c1-2d3e4f5a6b7c';

const METHOD_SHAPES: readonly Record<string, unknown>[] = [
  { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', createdDateTime: '2021-03-04T10:11:12Z' },
  { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', phoneType: 'mobile', phoneNumber: '+1 4255550100', smsSignInState: 'notAllowedByPolicy' },
  {
    '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
    displayName: 'Pixel 8',
    deviceTag: 'SoftwareTokenActivated',
    phoneAppVersion: '6.2401.0119',
  },
  {
    '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
    displayName: 'YubiKey 5 NFC',
    aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
    model: 'YubiKey 5 Series',
    attestationLevel: 'attested',
  },
  { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', emailAddress: 'someone@example.org' },
  { '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod', displayName: 'LAPTOP-7Q2', keyStrength: 'normal' },
  { '@odata.type': '#microsoft.graph.futureQuantumAuthenticationMethod', strength: 'unknown' },
];
// Multi-byte characters, escaped quotes and backslashes: what chunk boundaries must survive.
const NAMES = ['Ada Lovelace', 'Zoë Ångström', '山田 太郎', 'Émile "Mile" Zola', 'Back\\slash Tester', 'Smiley 🙂 Person', 'Tab\tNewline\nName'];

/** A GUID whose last group is `n` in hex, so ids are unique and stable. */
export function sampleGuid(prefix: number, n: number): string {
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function sampleHeader(): Record<string, unknown> {
  return {
    amrSnapshot: 1,
    tenant: { id: SAMPLE_TENANT_ID, displayName: 'Contoso (sample)', license: 'P2' },
    capturedDateTime: '2024-05-01T12:00:00Z',
    policies: {
      passwordResetPolicy: { enabledFor: 'all', selectedGroupId: null, numberOfMethodsRequired: 1, methods: ['mobileAppCode', 'email'] },
      authorizationPolicy: { allowedToUseSSPR: true },
    },
  };
}

export function sampleUser(i: number): Record<string, unknown> {
  const methods = METHOD_SHAPES.filter((_, k) => k === 0 || (i * 7 + k * 3) % 5 < 2).map((m) => ({ ...m, id: sampleGuid(0xa0 + (i % 7), i) }));
  return {
    id: sampleGuid(1, i),
    userPrincipalName: `user${i}@contoso.example`,
    displayName: `${NAMES[i % NAMES.length] ?? ''} ${i}`,
    userType: i % 10 === 9 ? 'Guest' : 'Member',
    accountEnabled: i % 13 !== 0,
    deletedDateTime: i % 97 === 0 ? '2024-04-01T00:00:00Z' : null,
    department: ['Sales', 'R&D', 'Finance', 'Operations'][i % 4],
    jobTitle: 'Engineer',
    usageLocation: 'GB',
    onPremisesSyncEnabled: i % 3 === 0,
    createdDateTime: '2020-01-02T03:04:05Z',
    assignedLicenses: [{ skuId: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4', disabledPlans: [] }],
    authentication: {
      methods,
      signInPreferences: { userPreferredMethodForSecondaryAuthentication: i % 2 === 0 ? 'push' : null, isSystemPreferredAuthenticationMethodEnabled: true },
      securityQuestionsRegistered: i % 11 === 0 ? 3 : 0,
    },
  };
}

export function sampleGroup(i: number, users: number): Record<string, unknown> {
  const members = Array.from({ length: Math.min(users, 5) }, (_, k) => ({ '@odata.type': '#microsoft.graph.user', id: sampleGuid(1, (i * 5 + k) % users) }));
  if (i > 0) members.push({ '@odata.type': '#microsoft.graph.group', id: sampleGuid(2, i - 1) });
  members.push({ '@odata.type': '#microsoft.graph.device', id: sampleGuid(3, i) });
  return { id: sampleGuid(2, i), displayName: `Group ${i}`, members };
}

export function sampleRoleAssignment(i: number, users: number): Record<string, unknown> {
  return {
    principalId: sampleGuid(1, (i * 31) % Math.max(users, 1)),
    roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
    directoryScopeId: '/',
    ...(i % 2 === 1 ? { status: 'eligible' } : {}),
  };
}

export interface SampleOptions {
  readonly users: number;
  readonly groups?: number;
  readonly roleAssignments?: number;
  /** JSON document only: users before the header members, unknown members in between. */
  readonly scrambled?: boolean;
}

/** The JSON document, piece by piece (one piece per record): join or stream them. */
export function* sampleJsonDocument(o: SampleOptions): Generator<string> {
  const header = sampleHeader();
  const headerText = Object.entries(header)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(',\n  ');
  if (!o.scrambled) yield `{\n  ${headerText},\n`;
  else yield '{ "x-exporter": {"name": "sample", "nested": [1, {"a": "]}\\""}]},\n';
  yield* jsonArray('users', o.users, (i) => sampleUser(i));
  yield ',\n';
  yield* jsonArray('groups', o.groups ?? 0, (i) => sampleGroup(i, o.users));
  yield ',\n';
  yield* jsonArray('roleAssignments', o.roleAssignments ?? 0, (i) => sampleRoleAssignment(i, o.users));
  yield o.scrambled ? `,\n  ${headerText}\n}\n` : '\n}\n';
}

function* jsonArray(name: string, count: number, make: (i: number) => unknown): Generator<string> {
  yield `  ${JSON.stringify(name)}: [`;
  for (let i = 0; i < count; i++) yield `${i === 0 ? '\n    ' : ',\n    '}${JSON.stringify(make(i))}`;
  yield '\n  ]';
}

/** The same content as NDJSON, one line per piece. */
export function* sampleNdjson(o: SampleOptions): Generator<string> {
  yield `${JSON.stringify(sampleHeader())}\n`;
  for (let i = 0; i < o.users; i++) yield `${JSON.stringify({ user: sampleUser(i) })}\n`;
  for (let i = 0; i < (o.groups ?? 0); i++) yield `${JSON.stringify({ group: sampleGroup(i, o.users) })}\n`;
  for (let i = 0; i < (o.roleAssignments ?? 0); i++) yield `${JSON.stringify({ roleAssignment: sampleRoleAssignment(i, o.users) })}\n`;
}
