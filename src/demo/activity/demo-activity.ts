// The demo tenant's month of activity (`amr seed`): Graph directoryAudit and signIn objects for the
// tenant's own users and methods, deterministic for the tenant and `now`, made one user at a time.
import type { DemoTenant } from '../demo-tenant.js';
import { guidFromWords } from '../ids.js';
import { mix32 } from '../prng.js';
import type { JsonObject } from '../wire.js';
import { activitySettings, type ActivitySettings, type DemoActivityOptions } from './activity-settings.js';
import { findActors } from './actors.js';
import { RecordIds } from './record-ids.js';
import { ssprScope } from './sspr-scope.js';
import { userAudits } from './user-audits.js';
import { planUser } from './user-plan.js';
import { profileOf } from './user-profile.js';
import { userSignIns, type SignInTenant } from './user-sign-ins.js';

export interface DemoActivity {
  readonly tenantId: string;
  /** The window the records fall in: (start, end], ISO-8601 UTC. */
  readonly window: { readonly start: string; readonly end: string };
  /** directoryAudit objects, user by user (time order within a user). Each call starts afresh. */
  audits(): Generator<JsonObject, void, undefined>;
  /** signIn objects (beta shape), user by user (time order within a user). Each call starts afresh. */
  signIns(): Generator<JsonObject, void, undefined>;
}

/** Microsoft's Conditional Access template of that name; the demo tenant's one MFA policy. */
export const MFA_POLICY_NAME = 'Require multifactor authentication for all users';

function policyOf(s: ActivitySettings): SignInTenant['policy'] {
  const w = (salt: number, i: 0 | 1 | 2 | 3): number => mix32(s.seed[i] ^ salt);
  return { id: guidFromWords(w(0xca01, 0), w(0xca02, 1), w(0xca03, 2), w(0xca04, 3)), displayName: MFA_POLICY_NAME };
}

export function demoActivity(tenant: DemoTenant, options: DemoActivityOptions): DemoActivity {
  const s = activitySettings(tenant.tenantId, tenant.userCount, options);
  const ids = new RecordIds(s.seed);
  const signInTenant: SignInTenant = { tenantId: tenant.tenantId, policy: policyOf(s) };
  return {
    tenantId: tenant.tenantId,
    window: { start: new Date(s.startMs).toISOString(), end: new Date(s.nowMs).toISOString() },
    *audits() {
      const scope = ssprScope(tenant.header());
      const actors = findActors(tenant);
      let index = 0;
      for (const user of tenant.users()) {
        const u = profileOf(user, index++);
        yield* userAudits(u, planUser(u, s, scope), s, ids, actors);
      }
    },
    *signIns() {
      const scope = ssprScope(tenant.header());
      let index = 0;
      for (const user of tenant.users()) {
        const u = profileOf(user, index++);
        yield* userSignIns(u, planUser(u, s, scope), s, ids, signInTenant);
      }
    },
  };
}
