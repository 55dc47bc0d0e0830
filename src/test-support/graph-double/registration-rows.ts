// Entra's userRegistrationDetails rows for the double's tenant. Unless a test injects Entra's rows
// (state.setRegistrationDetails) the double answers what amr's own rules (src/reports, through
// expected-rows.ts) give for the current state, so a sync that mirrors Entra agrees with one that
// computes; per-user overrides (state.overrideRegistrationDetails) make the two differ on purpose.
import { expectedRegistrationRows } from '../expected-rows.js';
import { isoAt } from './clock.js';
import type { JsonRecord } from './json.js';
import type { TenantState } from './state.js';

/** Properties Graph v1.0 does not have (graph-api §5.1). */
const BETA_ONLY = ['defaultMfaMethod'];
/** The two enum properties whose "no method" is `none` on the wire. */
const NO_METHOD = ['defaultMfaMethod', 'userPreferredMethodForSecondaryAuthentication'];

const cache = new WeakMap<TenantState, { version: number; rows: readonly JsonRecord[] }>();

function computed(state: TenantState): readonly JsonRecord[] {
  const hit = cache.get(state);
  if (hit && hit.version === state.version) return hit.rows;
  const snapshot = state.toSnapshot();
  const header = { amrSnapshot: 1, tenant: snapshot.tenant, capturedDateTime: isoAt(state.now()), policies: snapshot.policies };
  const users = [...state.users.values()].map((u) => ({
    ...u.props,
    authentication: { methods: u.methods, signInPreferences: u.signInPreferences, securityQuestionsRegistered: u.securityQuestionsRegistered ?? 0 },
  }));
  const groups = [...state.groups.values()].map((g) => ({ ...g.props, members: g.members }));
  const byId = expectedRegistrationRows({ header, users, groups, roleAssignments: state.roleAssignments });
  // Entra sends `none` for a user with no preferred or default method (decision 0083); amr's
  // report objects hold ''.
  const rows = [...byId.values()].map((row) => {
    const wire: JsonRecord = { ...row };
    for (const key of NO_METHOD) if (wire[key] === '') wire[key] = 'none';
    return wire;
  });
  cache.set(state, { version: state.version, rows });
  return rows;
}

/** The rows in Entra's order (by id), for one API version. */
export function registrationRows(state: TenantState, version: 'v1.0' | 'beta'): JsonRecord[] {
  const base = state.registrationDetails ?? computed(state);
  return base
    .map((row) => ({ ...row, ...(state.registrationOverrides.get(String(row.id)) ?? {}) }))
    .map((row) => {
      if (version === 'beta') return row;
      const v1: JsonRecord = { ...row };
      for (const key of BETA_ONLY) delete v1[key];
      return v1;
    })
    .sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
}
