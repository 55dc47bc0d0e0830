// `amr verify`: amr's registration rows of the served generation against Entra's
// userRegistrationDetails rows of the last sync, property by property (decision 0073).
import type { Store } from '../../store/store.js';
import type { RegistrationDetails } from '../../reports/model.js';
import { SyncError } from '../sync-error.js';
import type { VerifyDifference, VerifyReport } from './contract.js';
import { asArray, loadSyncState } from './state.js';

/** Properties compared; lists compare as sets. */
export const VERIFIED_PROPERTIES = [
  'isAdmin',
  'isMfaCapable',
  'isMfaRegistered',
  'isPasswordlessCapable',
  'isSsprCapable',
  'isSsprEnabled',
  'isSsprRegistered',
  'isSystemPreferredAuthenticationMethodEnabled',
  'methodsRegistered',
  'systemPreferredAuthenticationMethods',
  'userPreferredMethodForSecondaryAuthentication',
  'defaultMfaMethod',
  'userType',
] as const;

type Property = (typeof VERIFIED_PROPERTIES)[number];

/** Entra's and amr's values in one form: '' and null alike, lists sorted, enum names lower-cased. */
function normal(v: unknown): unknown {
  // Entra writes `none` where amr's report objects hold '' (no preferred or default method, decision 0083).
  if (v === null || v === undefined || v === '' || v === 'none') return null;
  const list = asArray(v);
  if (list !== null) return list.map((x) => String(x)).sort();
  if (typeof v === 'string') return v.toLowerCase();
  return v;
}

export async function verifyTenant(store: Store, tenantIdRaw: string): Promise<VerifyReport> {
  const tenantId = tenantIdRaw.trim().toLowerCase();
  const state = await loadSyncState(store, tenantId);
  const tenant = await store.getTenant(tenantId);
  if (state === null || state.registrationRows === null) {
    throw new SyncError('settings', `tenant ${tenantId} has no Entra userRegistrationDetails from a sync (a P1/P2 tenant synced at least once)`);
  }
  if (tenant === null || tenant.currentGeneration === null) throw new SyncError('settings', `tenant ${tenantId} has no reports served`);
  const amr = new Map<string, RegistrationDetails>();
  for (let after: Parameters<Store['listRegistrationDetails']>[0]['after'] = null; ;) {
    const page = await store.listRegistrationDetails({
      tenantId,
      generation: tenant.currentGeneration,
      filter: null,
      orderby: [],
      top: 1000,
      after,
      count: false,
    });
    for (const r of page.rows) amr.set(r.id.toLowerCase(), r);
    if (page.next === null) break;
    after = page.next;
  }
  const entra = new Map<string, Readonly<Record<string, unknown>>>();
  for (const r of state.registrationRows) if (typeof r['id'] === 'string') entra.set(r['id'].toLowerCase(), r);
  const diffs = new Map<Property, VerifyDifference['users'][number][]>();
  let compared = 0;
  for (const [id, e] of entra) {
    const a = amr.get(id);
    if (a === undefined) continue;
    compared++;
    for (const p of VERIFIED_PROPERTIES) {
      if (!(p in e)) continue; // v1.0 rows have no defaultMfaMethod
      const mine: unknown = a[p];
      if (JSON.stringify(normal(mine)) === JSON.stringify(normal(e[p]))) continue;
      const list = diffs.get(p) ?? [];
      list.push({ id, userPrincipalName: a.userPrincipalName, amr: mine, entra: e[p] });
      diffs.set(p, list);
    }
  }
  const syncedAt = state.state.registrationReadAt ?? state.state.lastSuccessAt ?? '';
  return {
    tenantId,
    syncedAt,
    usersCompared: compared,
    onlyInEntra: [...entra.keys()].filter((id) => !amr.has(id)).sort(),
    onlyInAmr: [...amr.keys()].filter((id) => !entra.has(id)).sort(),
    differences: [...diffs]
      .map(([property, users]) => ({ property, users }))
      .sort((x, y) => y.users.length - x.users.length || (x.property < y.property ? -1 : 1)),
  };
}
