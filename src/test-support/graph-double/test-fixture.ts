// A small tenant and HTTP helpers for the double's own tests (and for the sync's tests to reuse).
import type { JsonRecord } from './json.js';
import { isArray, isRecord, parseJson } from './json.js';
import type { GraphDouble } from './server.js';

export const TENANT_ID = '0b3c5e2a-1111-4222-8333-944455556666';
export const APP_ID = 'a0a0a0a0-0000-4000-8000-000000000001';
export const SECRET = 'test-secret-value';
export const ALL_PERMISSIONS = [
  'User.Read.All',
  'AuditLog.Read.All',
  'UserAuthenticationMethod.Read.All',
  'Policy.Read.All',
  'RoleManagement.Read.Directory',
  'GroupMember.Read.All',
  'Organization.Read.All',
];

export const userId = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export function smallSnapshot(users = 5, license: 'free' | 'P1' | 'P2' = 'P2'): JsonRecord {
  return {
    amrSnapshot: 1,
    tenant: { id: TENANT_ID, displayName: 'Double Test', license },
    capturedDateTime: '2026-01-01T00:00:00Z',
    users: Array.from({ length: users }, (_, i) => ({
      id: userId(i + 1),
      userPrincipalName: `user${i + 1}@double.example`,
      displayName: `User ${i + 1}`,
      userType: 'Member',
      accountEnabled: i !== 2,
      department: 'Sales',
      authentication: {
        methods:
          i % 2 === 0
            ? [{ '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: `m-${i}`, displayName: 'Phone' }]
            : [{ '@odata.type': '#microsoft.graph.emailAuthenticationMethod', emailAddress: 'x@example.com' }],
        signInPreferences: { userPreferredMethodForSecondaryAuthentication: i % 2 === 0 ? 'push' : null, isSystemPreferredAuthenticationMethodEnabled: true },
      },
    })),
    groups: [
      {
        id: 'g-1',
        displayName: 'SSPR',
        members: [
          { '@odata.type': '#microsoft.graph.user', id: userId(1) },
          { '@odata.type': '#microsoft.graph.group', id: 'g-2' },
        ],
      },
      {
        id: 'g-2',
        displayName: 'Nested',
        members: [
          { '@odata.type': '#microsoft.graph.user', id: userId(2) },
          { '@odata.type': '#microsoft.graph.group', id: 'g-1' },
        ],
      },
    ],
    roleAssignments: [
      { principalId: userId(1), roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/' },
      { principalId: userId(2), roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/', status: 'eligible' },
    ],
    policies: { passwordResetPolicy: { enabledFor: 'selected', selectedGroupId: 'g-1', numberOfMethodsRequired: 1, methods: ['email', 'mobileAppCode'] } },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: JsonRecord;
}

export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  const parsed: unknown = text === '' ? {} : parseJson(text);
  return { status: res.status, headers: res.headers, body: isRecord(parsed) ? parsed : { value: parsed } };
}

export async function secretToken(double: GraphDouble, clientId = APP_ID, secret = SECRET): Promise<string> {
  const answer = await call(double.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'https://graph.microsoft.com/.default' }),
  });
  const token = answer.body.access_token;
  if (answer.status !== 200 || typeof token !== 'string') throw new Error(`no token: ${answer.status} ${JSON.stringify(answer.body)}`);
  return token;
}

export const get = (double: GraphDouble, path: string, token: string): Promise<Answer> =>
  call(path.startsWith('http') ? path : `${double.graphUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

export function values(answer: Answer): JsonRecord[] {
  const v = answer.body.value;
  if (!isArray(v)) throw new Error(`no value array: ${JSON.stringify(answer.body)}`);
  return v.filter(isRecord);
}

export const errorCode = (answer: Answer): unknown => (isRecord(answer.body.error) ? answer.body.error.code : undefined);
