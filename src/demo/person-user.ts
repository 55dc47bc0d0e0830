// Builds the Graph user object of an employee (and of the break-glass accounts): directory
// properties, licences and registered methods, all drawn from the user's own seeded stream.

import type { TenantContext } from './context.js';
import type { MethodClock } from './device-methods.js';
import { IdSpace } from './ids.js';
import { BREAK_GLASS_METHODS, planPerson, type PersonTraits } from './method-plan.js';
import { lastActive } from './method-use.js';
import type { PersonName } from './name-space.js';
import { assignedLicenses, BREAK_GLASS_LICENSES } from './licences.js';
import { CONTRACTOR_AGENCIES, DEPARTMENTS, ENGINEERING_DEPARTMENT, EXTERNAL_METHOD_NAME, OFFICES, PHONE_MODELS } from './org-data.js';
import { WeightedTable, type Rng } from './prng.js';
import type { Skeleton } from './skeleton.js';
import { authenticationMember, type MethodOwner } from './user-authentication.js';
import { DAY_MS, isoSeconds, type JsonObject, type JsonValue } from './wire.js';

const SYNCED_SHARE = 0.62;
const locationTables = new Map<string, WeightedTable<string>>();

function usageLocation(rng: Rng, name: PersonName): string {
  let table = locationTables.get(name.culture.id);
  if (table === undefined) {
    table = new WeightedTable(name.culture.locations);
    locationTables.set(name.culture.id, table);
  }
  return table.pick(rng.next());
}

/** Account age: new hires joined in the last weeks; others skew recent over twelve years. */
function createdMs(rng: Rng, sk: Skeleton, nowMs: number): number {
  if (sk.recentHire) return nowMs - rng.between(2, 45) * DAY_MS - rng.int(DAY_MS);
  return nowMs - 60 * DAY_MS - Math.floor(12 * 365 * DAY_MS * rng.next() ** 1.6);
}

function traits(sk: Skeleton): PersonTraits {
  return {
    admin: sk.admin !== null,
    recentHire: sk.recentHire,
    pilot: sk.passwordlessPilot || sk.securityChampion,
    frontline: DEPARTMENTS[sk.department]?.frontline === true,
    engineering: sk.department === ENGINEERING_DEPARTMENT,
    unknownMethod: sk.unknownMethod,
  };
}

function owner(ctx: TenantContext, rng: Rng, clock: MethodClock, name: PersonName, location: string): MethodOwner {
  const laptopPrefix =
    ctx.companyName
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 3)
      .toUpperCase() || 'PC';
  return {
    clock,
    usageLocation: location,
    localPart: name.localPart,
    phoneModel: rng.pick(PHONE_MODELS),
    computerName: () => `${laptopPrefix}-LT${String(rng.between(10_000, 99_999))}`,
    macName: `${name.givenName}’s MacBook Pro`,
    externalConfigId: ctx.externalConfigId,
    externalName: EXTERNAL_METHOD_NAME,
  };
}

function deletion(rng: Rng, nowMs: number, created: number): number {
  return Math.max(created + DAY_MS, nowMs - rng.between(1, 29) * DAY_MS);
}

export function personUser(ctx: TenantContext, sk: Skeleton, rng: Rng, name: PersonName): JsonObject {
  const department = DEPARTMENTS[sk.department];
  const location = usageLocation(rng, name);
  const created = createdMs(rng, sk, ctx.nowMs);
  const office = OFFICES[location];
  const user: Record<string, JsonValue> = {
    id: ctx.ids.id(IdSpace.User, sk.index),
    userPrincipalName: `${name.localPart}@${ctx.domain}`,
    displayName: name.displayName,
    givenName: name.givenName,
    surname: name.surname,
    mail: `${name.localPart}@${ctx.domain}`,
    userType: 'Member',
    accountEnabled: sk.enabled,
    createdDateTime: isoSeconds(created),
  };
  if (sk.deleted) user['deletedDateTime'] = isoSeconds(deletion(rng, ctx.nowMs, created));
  // Contractors come through an agency: Graph holds no department or job title for them.
  user['department'] = department?.name ?? null;
  user['jobTitle'] = department === undefined ? null : rng.pick(department.titles);
  user['companyName'] = sk.contractor ? rng.pick(CONTRACTOR_AGENCIES) : office === undefined ? ctx.companyName : `${ctx.companyName} ${office.entity}`;
  user['employeeType'] = sk.contractor ? 'Contractor' : 'Employee';
  user['officeLocation'] = office?.city ?? null;
  user['usageLocation'] = location;
  user['onPremisesSyncEnabled'] = rng.chance(SYNCED_SHARE) ? true : null;
  user['assignedLicenses'] = assignedLicenses({
    admin: sk.admin !== null,
    department: department?.name ?? null,
    frontline: department?.frontline === true,
    contractor: sk.contractor,
  });
  const clock = { rng, nowMs: ctx.nowMs, userCreatedMs: created };
  const plan = planPerson(rng, traits(sk));
  const active = sk.enabled && !sk.deleted;
  user['authentication'] = authenticationMember(owner(ctx, rng, clock, name, location), plan, true, {
    lastActiveMs: active ? null : lastActive(rng, ctx.nowMs),
    mayGoStale: active && (plan.authenticator || plan.mobile),
    hasAuthenticator: plan.authenticator,
  });
  return user;
}

/** Cloud-only emergency access accounts on the initial domain, as Microsoft recommends. */
export function breakGlassUser(ctx: TenantContext, sk: Skeleton, rng: Rng): JsonObject {
  const number = String(sk.index + 1).padStart(2, '0');
  const created = ctx.nowMs - (5 * 365 + rng.int(200)) * DAY_MS - rng.int(DAY_MS);
  const clock = { rng, nowMs: ctx.nowMs, userCreatedMs: created };
  const methodOwner: MethodOwner = {
    clock,
    usageLocation: 'US',
    localPart: `emergency.access${number}`,
    phoneModel: '',
    computerName: () => '',
    macName: '',
    externalConfigId: ctx.externalConfigId,
    externalName: '',
  };
  return {
    id: ctx.ids.id(IdSpace.User, sk.index),
    userPrincipalName: `emergency.access${number}@${ctx.initialDomain}`,
    displayName: `Emergency Access ${number}`,
    userType: 'Member',
    accountEnabled: true,
    createdDateTime: isoSeconds(created),
    companyName: ctx.companyName,
    usageLocation: 'US',
    onPremisesSyncEnabled: null,
    assignedLicenses: BREAK_GLASS_LICENSES,
    // Excluded from system-preferred MFA through the break-glass group, so the flag is off. Its keys were
    // last used at the monthly check (planned-sign-ins.ts signs in no later than that).
    authentication: authenticationMember(methodOwner, BREAK_GLASS_METHODS, false, {
      lastActiveMs: ctx.nowMs - rng.between(3, 25) * DAY_MS,
      mayGoStale: false,
      hasAuthenticator: false,
    }),
  };
}
