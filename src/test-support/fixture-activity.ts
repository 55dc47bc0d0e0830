// The fixture tenant's activity for HTTP tests: registrations, one self-service reset session,
// password events and sign-ins, all within the fixture server's windows (its clock is
// 2026-11-20T12:00Z). Record shapes from reports/activity/test-records (built from log-samples/).
import { audit, registered, signIn, ssprStep, step } from '../reports/activity/test-records.js';
import type { ActivityBatch } from '../store/store.js';
import { TENANT } from './fixture-tenant.js';

export const at = (iso: string) => ({ activityDateTime: iso, tenantId: TENANT });

const session = (id: string, minute: number, reason: string) =>
  ssprStep(id, minute, reason, { ...at(`2026-11-20T09:${String(minute).padStart(2, '0')}:00.000Z`), correlationId: 'sess-a' });

/** Three registrations (one failed), a reset session of three steps, two password events, four sign-ins. */
export const FIXTURE_ACTIVITY: ActivityBatch = {
  audits: [
    registered('r1', 'User registered Authenticator app.', at('2026-11-20T10:00:00.000Z')),
    registered('r2', 'User registered Authenticator app.', { ...at('2026-11-20T10:05:00.000Z'), result: 'failure' }),
    registered('r3', 'User registered Email.', at('2026-11-14T10:00:00.000Z')),
    session('s1', 0, 'User started the mobile SMS verification option'),
    session('s2', 1, 'User completed the mobile SMS verification option'),
    session('s3', 2, 'User started the email verification option'),
    audit({
      id: 'p1',
      loggedByService: 'Self-service Password Management',
      activityDisplayName: 'Reset password (by admin)',
      ...at('2026-11-19T15:00:00.000Z'),
    }),
    audit({
      id: 'p2',
      loggedByService: 'Self-service Password Management',
      activityDisplayName: 'Change password (self-service)',
      ...at('2026-11-19T16:00:00.000Z'),
    }),
  ],
  signIns: [
    signIn({
      id: 'si1',
      tenantId: TENANT,
      createdDateTime: '2026-11-20T08:00:00.000Z',
      authenticationRequirement: 'multiFactorAuthentication',
      authenticationDetails: [step('Password'), step('Mobile app notification', { requirement: 'Secondary authentication' })],
    }),
    signIn({ id: 'si2', tenantId: TENANT, createdDateTime: '2026-11-20T08:30:00.000Z' }),
    // 50126: invalid username or password (entra-rules §4.4): the password step itself failed.
    signIn({
      id: 'si3',
      tenantId: TENANT,
      createdDateTime: '2026-11-20T09:00:00.000Z',
      errorCode: 50126,
      authenticationDetails: [step('Password', { succeeded: false })],
    }),
    signIn({ id: 'si4', tenantId: TENANT, createdDateTime: '2026-11-20T09:30:00.000Z', isInteractive: false }),
  ],
};
