// All audit rows of one user in the window, in time order: registrations, reset sessions, password events.
import { streamFor } from '../prng.js';
import type { JsonObject } from '../wire.js';
import { inWindow, type ActivitySettings } from './activity-settings.js';
import type { Actor, AuditContext } from './audit-context.js';
import { auditObject } from './audit-object.js';
import { passwordAudits } from './password-audits.js';
import { UserIds, type RecordIds } from './record-ids.js';
import { registrationAudits } from './registration-audits.js';
import { sessionAudits } from './reset-audits.js';
import { STREAM, type UserPlan } from './user-plan.js';
import type { UserProfile } from './user-profile.js';

export function userAudits(u: UserProfile, plan: UserPlan, s: ActivitySettings, ids: RecordIds, actors: readonly Actor[]): JsonObject[] {
  const ctx: AuditContext = { s, ids: new UserIds(ids, u.index), rng: streamFor(s.seed, STREAM.audits, u.index), actors };
  const parts = [
    ...registrationAudits(ctx, u, plan.registration, plan.span.fromMs),
    ...plan.sessions.flatMap((session) => sessionAudits(ctx, u, session)),
    ...passwordAudits(ctx, u, plan.passwords),
  ];
  // A session still running at `now` keeps only the rows already written (none in the future).
  return parts
    .filter((p) => inWindow(s, p.atMs))
    .sort((a, b) => a.atMs - b.atMs)
    .map(auditObject);
}
