// Builds the accounts that are not employees: B2B guests, and the shared mailboxes, rooms and
// service accounts that real tenants are full of and that can never register a method
// (peers-and-asks theme E: they distort the denominator).

import type { TenantContext } from './context.js';
import { IdSpace } from './ids.js';
import { NO_LICENSES } from './licences.js';
import { planGuest } from './method-plan.js';
import type { PersonName } from './name-space.js';
import { lastActive } from './method-use.js';
import { OFFICES, PARTNER_DOMAINS, PHONE_MODELS, ROOM_NAMES, SERVICE_ACCOUNTS, SHARED_MAILBOXES } from './org-data.js';
import type { Rng } from './prng.js';
import type { AccountKind, Skeleton } from './skeleton.js';
import { authenticationMember } from './user-authentication.js';
import { DAY_MS, isoSeconds, type JsonObject, type JsonValue } from './wire.js';

function partnerName(domain: string): string {
  const label = domain.split('.')[0] ?? domain;
  return label
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

export function guestUser(ctx: TenantContext, sk: Skeleton, rng: Rng, name: PersonName): JsonObject {
  const partner = rng.pick(PARTNER_DOMAINS);
  const created = ctx.nowMs - DAY_MS - Math.floor(5 * 365 * DAY_MS * rng.next() ** 1.3);
  const accepted = rng.chance(0.85);
  const clock = { rng, nowMs: ctx.nowMs, userCreatedMs: created };
  const user: Record<string, JsonValue> = {
    id: ctx.ids.id(IdSpace.User, sk.index),
    // B2B guest UPN: the home address with '@' as '_', then #EXT# in the resource tenant's initial domain.
    userPrincipalName: `${name.localPart}_${partner}#EXT#@${ctx.initialDomain}`,
    displayName: name.displayName,
    givenName: name.givenName,
    surname: name.surname,
    mail: `${name.localPart}@${partner}`,
    userType: 'Guest',
    accountEnabled: sk.enabled,
    createdDateTime: isoSeconds(created),
  };
  if (sk.deleted) user['deletedDateTime'] = isoSeconds(Math.max(created + DAY_MS, ctx.nowMs - rng.between(1, 29) * DAY_MS));
  user['companyName'] = partnerName(partner);
  user['creationType'] = 'Invitation';
  user['externalUserState'] = accepted ? 'Accepted' : 'PendingAcceptance';
  user['onPremisesSyncEnabled'] = null;
  // Guests bring their licences from home (B2B); this tenant assigns them none.
  user['assignedLicenses'] = NO_LICENSES;
  const owner = {
    clock,
    usageLocation: 'US',
    localPart: name.localPart,
    phoneModel: rng.pick(PHONE_MODELS),
    computerName: () => '',
    macName: '',
    externalConfigId: ctx.externalConfigId,
    externalName: '',
  };
  const plan = planGuest(rng);
  const active = sk.enabled && !sk.deleted && accepted;
  user['authentication'] = authenticationMember(owner, plan, true, {
    lastActiveMs: active ? null : lastActive(rng, ctx.nowMs),
    mayGoStale: false,
    hasAuthenticator: plan.authenticator,
  });
  return user;
}

interface ResourceNaming {
  readonly localPart: string;
  readonly displayName: string;
}

function resourceNaming(kind: AccountKind, rng: Rng, index: number): ResourceNaming {
  // The index in base 36 keeps local parts unique; person local parts always contain a dot, these never do.
  const code = index.toString(36);
  if (kind === 'sharedMailbox') {
    const box = rng.pick(SHARED_MAILBOXES);
    return { localPart: `${box}-${code}`, displayName: `${box.replace(/-/g, ' ')} (shared ${code.toUpperCase()})` };
  }
  if (kind === 'room') {
    const room = rng.pick(ROOM_NAMES);
    const office = rng.pick(Object.values(OFFICES));
    return { localPart: `room-${room.toLowerCase()}-${code}`, displayName: `${room} ${office.city} ${rng.between(1, 12)}F (${code.toUpperCase()})` };
  }
  const service = rng.pick(SERVICE_ACCOUNTS);
  return { localPart: `${service}-${code}`, displayName: `${service} (${code.toUpperCase()})` };
}

/** Shared mailboxes, rooms and service accounts: no methods at all, often sign-in blocked. */
export function resourceUser(ctx: TenantContext, sk: Skeleton, rng: Rng): JsonObject {
  const naming = resourceNaming(sk.kind, rng, sk.index);
  const created = ctx.nowMs - DAY_MS - Math.floor(10 * 365 * DAY_MS * rng.next());
  const user: Record<string, JsonValue> = {
    id: ctx.ids.id(IdSpace.User, sk.index),
    userPrincipalName: `${naming.localPart}@${ctx.domain}`,
    displayName: naming.displayName,
    mail: `${naming.localPart}@${ctx.domain}`,
    userType: 'Member',
    accountEnabled: sk.enabled,
    createdDateTime: isoSeconds(created),
  };
  if (sk.deleted) user['deletedDateTime'] = isoSeconds(Math.max(created + DAY_MS, ctx.nowMs - rng.between(1, 29) * DAY_MS));
  user['companyName'] = ctx.companyName;
  user['onPremisesSyncEnabled'] = rng.chance(0.4) ? true : null;
  // Shared mailboxes under 50 GB, rooms and service accounts need no licence.
  user['assignedLicenses'] = NO_LICENSES;
  user['authentication'] = { methods: [] };
  return user;
}
