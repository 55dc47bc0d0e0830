// usersRegisteredByFeature / usersRegisteredByMethod counts in O(1) memory (entra-rules §2; decision 0027).
import type { RegistrationDetails } from './model.js';
import { METHODS_REGISTERED, methodIndex } from './method-names.js';

export const INCLUDED_USER_TYPES = ['all', 'member', 'guest'] as const;
export const INCLUDED_USER_ROLES = ['all', 'privilegedAdmin', 'admin', 'user'] as const;
export type IncludedUserType = (typeof INCLUDED_USER_TYPES)[number];
export type IncludedUserRole = (typeof INCLUDED_USER_ROLES)[number];

/** graph-api §3.3/§6 authenticationMethodFeature order; unknownFutureValue is never emitted. */
export const FEATURES = ['ssprRegistered', 'ssprEnabled', 'ssprCapable', 'passwordlessCapable', 'mfaCapable'] as const;
export type Feature = (typeof FEATURES)[number];

export interface FeatureSummary {
  readonly totalUserCount: number;
  readonly userRegistrationFeatureCounts: readonly { readonly feature: Feature; readonly userCount: number }[];
}

export interface MethodSummary {
  readonly totalUserCount: number;
  readonly userRegistrationMethodCounts: readonly { readonly authenticationMethod: string; readonly userCount: number }[];
}

/** What a summary counts of a row: everything but the user's identity. */
export type CountedRow = Omit<RegistrationDetails, 'id' | 'userPrincipalName' | 'userDisplayName'>;

const FEATURE_FLAGS: readonly ((r: CountedRow) => boolean)[] = [
  (r) => r.isSsprRegistered,
  (r) => r.isSsprEnabled,
  (r) => r.isSsprCapable,
  (r) => r.isPasswordlessCapable,
  (r) => r.isMfaCapable,
];

// Disjoint role classes; every includedUserRoles bucket is a union of them (§1.2: user = not admin).
const PRIVILEGED = 0;
const OTHER_ADMIN = 1;
const NON_ADMIN = 2;
const ROLE_CLASSES: Readonly<Record<IncludedUserRole, readonly number[]>> = {
  all: [PRIVILEGED, OTHER_ADMIN, NON_ADMIN],
  privilegedAdmin: [PRIVILEGED],
  admin: [PRIVILEGED, OTHER_ADMIN],
  user: [NON_ADMIN],
};
const TYPE_CLASSES: Readonly<Record<IncludedUserType, readonly number[]>> = { all: [0, 1], member: [0], guest: [1] };

/** Per cell: [total, 5 feature counts, one count per METHODS_REGISTERED entry]. */
const CELL_WIDTH = 1 + FEATURES.length + METHODS_REGISTERED.length;

/**
 * Counters for 2 user types × 3 disjoint role classes; a summary sums the cells of its bucket.
 * Memory does not grow with the number of rows added.
 */
export class RegistrationSummaryAccumulator {
  private readonly cells: Float64Array = new Float64Array(6 * CELL_WIDTH);

  add(row: CountedRow): void {
    this.addCells(cellsOf(row));
  }

  /** Counts a row by the cells cellsOf gave for it (the same for every row of one shape). */
  addCells(cells: Int32Array): void {
    for (let k = 0; k < cells.length; k++) this.bump(cells[k]!);
  }

  /** §2 PROPOSAL: userCount = listed users in the bucket whose flag is true. */
  featureSummary(userTypes: IncludedUserType, userRoles: IncludedUserRole): FeatureSummary {
    const sum = this.sum(userTypes, userRoles);
    return {
      totalUserCount: sum[0] ?? 0,
      userRegistrationFeatureCounts: FEATURES.map((feature, f) => ({ feature, userCount: sum[1 + f] ?? 0 })),
    };
  }

  /**
   * A7: totalUserCount = listed users in the bucket (as in the feature summary); `password` first,
   * counting every listed user; then every vocabulary method in canonical order, zeros included.
   */
  methodSummary(userTypes: IncludedUserType, userRoles: IncludedUserRole): MethodSummary {
    const sum = this.sum(userTypes, userRoles);
    const total = sum[0] ?? 0;
    const methods = METHODS_REGISTERED.map((authenticationMethod, i) => ({ authenticationMethod, userCount: sum[1 + FEATURES.length + i] ?? 0 }));
    return {
      totalUserCount: total,
      userRegistrationMethodCounts: [{ authenticationMethod: 'password', userCount: total }, ...methods],
    };
  }

  private bump(i: number): void {
    this.cells[i] = (this.cells[i] ?? 0) + 1;
  }

  private sum(userTypes: IncludedUserType, userRoles: IncludedUserRole): number[] {
    const out = new Array<number>(CELL_WIDTH).fill(0);
    for (const t of TYPE_CLASSES[userTypes]) {
      for (const r of ROLE_CLASSES[userRoles]) {
        const base = (t * 3 + r) * CELL_WIDTH;
        for (let k = 0; k < CELL_WIDTH; k++) out[k] = (out[k] ?? 0) + (this.cells[base + k] ?? 0);
      }
    }
    return out;
  }
}

/** The counters a row adds 1 to: its cell's total, each of its features, each of its methods once. */
export function cellsOf(row: CountedRow): Int32Array {
  const base = cellIndex(row) * CELL_WIDTH;
  const cells = [base];
  FEATURE_FLAGS.forEach((flag, f) => {
    if (flag(row)) cells.push(base + 1 + f);
  });
  let seen = 0; // bitmask, so a duplicated name in a stored row is counted once
  for (const m of row.methodsRegistered) {
    const i = methodIndex(m);
    if (i < 0 || (seen & (1 << i)) !== 0) continue;
    seen |= 1 << i;
    cells.push(base + 1 + FEATURES.length + i);
  }
  return Int32Array.from(cells);
}

function cellIndex(row: CountedRow): number {
  const type = row.userType === 'guest' ? 1 : 0;
  const role = row.isPrivilegedAdmin ? PRIVILEGED : row.isAdmin ? OTHER_ADMIN : NON_ADMIN;
  return type * 3 + role;
}
