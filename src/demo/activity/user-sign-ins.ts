// All sign-ins of one user in the window, in time order, as Graph signIn objects.
import { guidFromWords } from '../ids.js';
import { hashString, streamFor } from '../prng.js';
import type { JsonObject } from '../wire.js';
import { inWindow, type ActivitySettings } from './activity-settings.js';
import { isEmpty } from './active-span.js';
import { localDay, utcOffsetMinutes } from './calendar.js';
import { guestDay, personDay } from './day-sign-ins.js';
import { locationOf } from './network.js';
import { breakGlassSignIns, resetSignIns, tapSignIn } from './planned-sign-ins.js';
import { UserIds, type RecordIds } from './record-ids.js';
import type { SignInContext } from './sign-in-context.js';
import { signInObject, type SignInSubject } from './sign-in-object.js';
import { STREAM, type UserPlan } from './user-plan.js';
import type { UserProfile } from './user-profile.js';

/** The tenant-wide facts every sign-in names. */
export interface SignInTenant {
  readonly tenantId: string;
  readonly policy: { readonly id: string; readonly displayName: string };
}

/** A guest's home tenant: a stable GUID per partner domain (UPN `local_domain#EXT#@…`). */
function homeTenantOf(u: UserProfile, tenantId: string): string {
  if (u.kind !== 'guest') return tenantId;
  const external = u.upn.split('#EXT#')[0] ?? '';
  const domain = external.slice(external.lastIndexOf('_') + 1);
  const [a, b, c, d] = hashString(`amr-demo-home-tenant:${domain}`);
  return guidFromWords(a, b, c, d);
}

function subjectOf(u: UserProfile, t: SignInTenant): SignInSubject {
  return {
    userId: u.id,
    upn: u.upn,
    displayName: u.displayName,
    guest: u.kind === 'guest',
    tenantId: t.tenantId,
    homeTenantId: homeTenantOf(u, t.tenantId),
    operatingSystem: u.methods.some((m) => m.kind === 'macPlatform') ? 'MacOs' : 'Windows 10',
    location: locationOf(u),
    policy: t.policy,
  };
}

function fillDays(ctx: SignInContext): void {
  const { u, plan } = ctx;
  const offset = utcOffsetMinutes(u.usageLocation);
  const last = localDay(plan.span.toMs, offset);
  for (let day = localDay(plan.span.fromMs, offset); day <= last; day++) {
    if (u.kind === 'guest') guestDay(ctx, day);
    else personDay(ctx, day);
  }
}

export function userSignIns(u: UserProfile, plan: UserPlan, s: ActivitySettings, ids: RecordIds, tenant: SignInTenant): JsonObject[] {
  if (isEmpty(plan.span) || u.kind === 'resource') return [];
  const ctx: SignInContext = { s, u, plan, rng: streamFor(s.seed, STREAM.signIns, u.index), ids: new UserIds(ids, u.index), out: [] };
  if (u.kind === 'breakGlass') breakGlassSignIns(ctx);
  else {
    fillDays(ctx);
    if (u.kind === 'person') {
      resetSignIns(ctx);
      tapSignIn(ctx);
    }
  }
  const who = subjectOf(u, tenant);
  // Only what the account could do while active, and nothing after `now`.
  return ctx.out
    .filter((p) => p.atMs > plan.span.fromMs && p.atMs <= plan.span.toMs && inWindow(s, p.atMs))
    .sort((a, b) => a.atMs - b.atMs)
    .map((p) => signInObject(who, p));
}
