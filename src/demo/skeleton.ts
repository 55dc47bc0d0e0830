// The cheap, per-index facts about each demo account (kind, department, state, admin role, pilot
// flags). They are a pure function of (seed, index), so groups and role assignments can be built
// by re-deriving them instead of holding a million users in memory; the user builder reads the same.

import { DEPARTMENTS, IT_DEPARTMENT } from './org-data.js';
import { streamFor, WeightedTable, type SeedWords } from './prng.js';
import { GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR, ORDINARY_ROLES, SECURITY_READER, type DemoRole } from './roles.js';

export type AccountKind = 'breakGlass' | 'person' | 'guest' | 'sharedMailbox' | 'room' | 'service';

export interface AdminSlot {
  readonly role: DemoRole;
  /** Holds the role only through a role-assignable group (Helpdesk Operators / SOC Analysts). */
  readonly viaGroup: boolean;
  /** PIM-eligible, not activated: the user holds no active role (spec: does not make an admin). */
  readonly eligible: boolean;
  readonly secondRole: DemoRole | null;
}

export interface Skeleton {
  readonly index: number;
  readonly kind: AccountKind;
  /** Index into DEPARTMENTS for employees; -1 for contractors and everyone else. */
  readonly department: number;
  /** A person from a staffing agency: no department, job title or group by department (the "none" bucket). */
  readonly contractor: boolean;
  readonly enabled: boolean;
  readonly deleted: boolean;
  readonly admin: AdminSlot | null;
  readonly recentHire: boolean;
  readonly passwordlessPilot: boolean;
  readonly securityChampion: boolean;
  /** Registers a method type no Graph version knows (the importer's "unrecognised" path). */
  readonly unknownMethod: boolean;
}

/** Account mix over all accounts (decision 0020 gives the sources and the judgments). */
export const RATES = {
  guest: 0.07,
  sharedMailbox: 0.015,
  room: 0.008,
  service: 0.006,
  deleted: 0.001,
  personEnabled: 0.965,
  guestEnabled: 0.98,
  sharedEnabled: 0.35,
  roomEnabled: 0.2,
  serviceEnabled: 0.97,
  admin: 0.011,
  recentHire: 0.025,
  passwordlessPilot: 0.03,
  securityChampion: 0.006,
  unknownMethod: 0.002,
  /** Share of non-admin people who are agency contractors (a judgment, decision 0020). */
  contractor: 0.04,
} as const;

/** Indices 0–1 are the break-glass accounts, 2–4 the named Global Administrators. */
export const BREAK_GLASS_COUNT = 2;
export const NAMED_ADMIN_COUNT = 3;

/**
 * Indices 5–9 pin the rare cases, so that even a 10-user demo shows every path the reports must
 * handle: a soft-deleted employee, an unknown method type, a leaver, a guest, an enabled shared mailbox.
 */
const SHOWCASE: Readonly<Record<number, Partial<Skeleton>>> = {
  5: { kind: 'person', deleted: true },
  6: { kind: 'person', enabled: true, deleted: false, unknownMethod: true },
  7: { kind: 'person', enabled: false, deleted: false },
  8: { kind: 'guest', enabled: true, deleted: false },
  9: { kind: 'sharedMailbox', enabled: true, deleted: false },
};
const SKELETON_STREAM = 0x5e1;

const KINDS = new WeightedTable<AccountKind>([
  ['guest', RATES.guest],
  ['sharedMailbox', RATES.sharedMailbox],
  ['room', RATES.room],
  ['service', RATES.service],
  ['person', 1 - RATES.guest - RATES.sharedMailbox - RATES.room - RATES.service],
]);
const DEPARTMENT_TABLE = new WeightedTable(DEPARTMENTS.map((d, i) => [i, d.weight] as const));
const ROLE_TABLE = new WeightedTable(ORDINARY_ROLES.map((r) => [r, r.weight] as const));
const ENABLED_RATE: Readonly<Record<AccountKind, number>> = {
  breakGlass: 1,
  person: RATES.personEnabled,
  guest: RATES.guestEnabled,
  sharedMailbox: RATES.sharedEnabled,
  room: RATES.roomEnabled,
  service: RATES.serviceEnabled,
};

function namedAccount(index: number): Skeleton {
  const breakGlass = index < BREAK_GLASS_COUNT;
  return {
    index,
    kind: breakGlass ? 'breakGlass' : 'person',
    department: breakGlass ? -1 : IT_DEPARTMENT,
    contractor: false,
    enabled: true,
    deleted: false,
    // One named admin holds Global Administrator permanently; two activate it through PIM.
    admin: { role: GLOBAL_ADMINISTRATOR, viaGroup: false, eligible: index > BREAK_GLASS_COUNT, secondRole: null },
    recentHire: false,
    passwordlessPilot: !breakGlass,
    securityChampion: !breakGlass,
    unknownMethod: false,
  };
}

/** Applies a showcase override, keeping the skeleton consistent with its (possibly new) kind. */
function showcase(sk: Skeleton): Skeleton {
  const override = SHOWCASE[sk.index];
  if (override === undefined) return sk;
  const merged = { ...sk, ...override };
  if (merged.kind === 'person') return { ...merged, department: merged.department >= 0 ? merged.department : 0 };
  return { ...merged, department: -1, admin: null, recentHire: false, passwordlessPilot: false, securityChampion: false };
}

export class SkeletonSource {
  constructor(private readonly seed: SeedWords) {}

  at(index: number): Skeleton {
    if (index < BREAK_GLASS_COUNT + NAMED_ADMIN_COUNT) return namedAccount(index);
    const rng = streamFor(this.seed, SKELETON_STREAM, index);
    const kind = KINDS.pick(rng.next());
    const person = kind === 'person';
    const department = person ? DEPARTMENT_TABLE.pick(rng.next()) : -1;
    const enabled = rng.chance(ENABLED_RATE[kind]);
    const deleted = rng.chance(RATES.deleted);
    const admin = person && rng.chance(RATES.admin) ? this.adminSlot(rng.next(), rng.next(), rng.next(), rng.next()) : null;
    const itBoost = department === IT_DEPARTMENT ? 6 : 1;
    const sk = showcase({
      index,
      kind,
      department,
      contractor: false,
      enabled,
      deleted,
      admin,
      recentHire: person && rng.chance(RATES.recentHire),
      passwordlessPilot: person && rng.chance(RATES.passwordlessPilot * itBoost),
      securityChampion: person && rng.chance(RATES.securityChampion * itBoost),
      unknownMethod: person && rng.chance(RATES.unknownMethod),
    });
    // Drawn last, so that adding contractors left every other draw of the stream where it was.
    const contractor = sk.kind === 'person' && sk.admin === null && SHOWCASE[index] === undefined && rng.chance(RATES.contractor);
    return contractor ? { ...sk, contractor, department: -1 } : sk;
  }

  private adminSlot(u1: number, u2: number, u3: number, u4: number): AdminSlot {
    const role = ROLE_TABLE.pick(u1);
    const groupable = role === HELPDESK_ADMINISTRATOR || role === SECURITY_READER;
    const viaGroup = groupable && u2 < 0.5;
    const eligible = !viaGroup && u3 < 0.35;
    const second = u4 < 0.15 ? ROLE_TABLE.pick(u4 / 0.15) : null;
    return { role, viaGroup, eligible, secondRole: second === role ? null : second };
  }
}
