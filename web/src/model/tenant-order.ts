// The Tenants page's sort: the overview has no $orderby (decision 0097: tenants in id order, paged by
// id), so the page sorts the lines it has loaded. A tenant without reports yet has no numbers: it
// goes last in either direction, so that "lowest coverage first" never opens on empty rows.
import type { OverviewLine } from '../api/overview';

export const TENANT_SORTS = [
  'name',
  'users',
  'mfaCapable',
  'phishingResistant',
  'weakMfaOnly',
  'staleMethodUsers',
  'adminsWithoutPhishingResistant',
  'openAlerts',
  'trend',
  'captured',
] as const;
export type TenantSort = (typeof TENANT_SORTS)[number];

/** The value a column sorts by; null: nothing to compare (no report state). */
export function sortValue(line: OverviewLine, by: TenantSort): string | number | null {
  switch (by) {
    case 'name':
      return (line.displayName ?? line.tenantId).toLocaleLowerCase();
    case 'users':
      return line.totalUserCount;
    case 'mfaCapable':
      return line.coverage?.mfaCapable ?? null;
    case 'phishingResistant':
      return line.coverage?.phishingResistant ?? null;
    case 'weakMfaOnly':
      return line.counts?.weakMfaOnly ?? null;
    case 'staleMethodUsers':
      return line.counts?.staleMethodUsers ?? null;
    case 'adminsWithoutPhishingResistant':
      return line.counts?.adminsWithoutPhishingResistant ?? null;
    case 'openAlerts':
      return line.openAlertCount;
    case 'trend':
      return line.trend?.change.phishingResistant ?? null;
    case 'captured':
      return line.capturedDateTime;
  }
}

/** A stable sort: equal values keep the server's order (tenant id), so a re-sort never shuffles ties. */
export function sortTenants(lines: readonly OverviewLine[], by: TenantSort, descending: boolean): OverviewLine[] {
  return lines
    .map((line, index) => ({ line, index, value: sortValue(line, by) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      const c = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value));
      return c === 0 ? a.index - b.index : descending ? -c : c;
    })
    .map((x) => x.line);
}

export function tenantSortFromParams(params: URLSearchParams): { readonly by: TenantSort; readonly descending: boolean } {
  const raw = params.get('sort') ?? '';
  const by = (TENANT_SORTS as readonly string[]).includes(raw) ? (raw as TenantSort) : 'name';
  return { by, descending: params.get('desc') === '1' };
}

export function tenantSortToParams(by: TenantSort, descending: boolean): URLSearchParams {
  const params = new URLSearchParams();
  if (by !== 'name') params.set('sort', by);
  if (descending) params.set('desc', '1');
  return params;
}
