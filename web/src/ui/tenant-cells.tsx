// The Tenants table's columns: each number exactly as the overview answered it (its raw value in
// data-value, for the browser test), a trend sparkline with its change in points, and "–" where a
// tenant has no report state yet.
import type { ComponentChildren } from 'preact';
import type { OverviewLine, TrendDay } from '../api/overview';
import type { TenantSort } from '../model/tenant-order';
import { formatCount, formatDateTime, formatDay } from './format';
import type { Column } from './list-parts';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const points = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
/** The overview's shares are percentages to one decimal (87.5 means 87.5 %). */
export const formatPercent = (share: number): string => percent.format(share / 100);

const NONE = (
  <span class="muted" title="no report state yet">
    –
  </span>
);

function value(col: TenantSort, v: number | null, text: (n: number) => string): ComponentChildren {
  if (v === null) return NONE;
  return (
    <span data-col={col} data-value={String(v)}>
      {text(v)}
    </span>
  );
}

/** Phishing-resistant share per day, scaled to the window's own range (a flat line when it did not move). */
export function Sparkline({ days }: { readonly days: readonly TrendDay[] }) {
  const known = days.filter((d): d is TrendDay & { readonly phishingResistant: number } => d.phishingResistant !== null);
  if (known.length < 2) return null;
  const w = 72;
  const h = 20;
  const values = known.map((d) => d.phishingResistant);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const y = (v: number): number => (hi === lo ? h / 2 : h - 2 - ((v - lo) / (hi - lo)) * (h - 4));
  const x = (i: number): number => (i / (known.length - 1)) * (w - 2) + 1;
  const first = known[0]!;
  const last = known[known.length - 1]!;
  const label = `Phishing-resistant share: ${formatPercent(first.phishingResistant)} on ${formatDay(first.day)}, ${formatPercent(last.phishingResistant)} on ${formatDay(last.day)}`;
  return (
    <svg class="sparkline" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <polyline
        fill="none"
        stroke="currentColor"
        stroke-width="1.5"
        points={known.map((d, i) => `${x(i).toFixed(1)},${y(d.phishingResistant).toFixed(1)}`).join(' ')}
      />
    </svg>
  );
}

/** ▲/▼ and the change in points; the arrow is for the eye, the words for a screen reader. */
export function Change({ change }: { readonly change: number | null }) {
  if (change === null) return NONE;
  const dir = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  return (
    <span class={`change ${dir}`} data-col="trend" data-value={String(change)}>
      <span aria-hidden="true">{dir === 'up' ? '▲ ' : dir === 'down' ? '▼ ' : '= '}</span>
      <span class="visually-hidden">{dir === 'flat' ? 'unchanged' : dir} </span>
      {points.format(Math.abs(change))} pts
    </span>
  );
}

function TenantName({ line }: { readonly line: OverviewLine }) {
  return (
    <>
      <span data-tenant={line.tenantId} class="tenant-name">
        {line.displayName ?? line.tenantId}
      </span>
      <br />
      <span class="muted tenant-id">
        {line.tenantId} · {line.license}
        {line.totalUserCount === null ? ' · no reports yet' : ''}
      </span>
    </>
  );
}

export const TENANT_COLUMNS: readonly Column<OverviewLine>[] = [
  { key: 'name', label: 'Tenant', sort: 'name', value: (l) => l.displayName ?? l.tenantId, render: (l) => <TenantName line={l} /> },
  { key: 'users', label: 'Users', sort: 'users', numeric: true, value: (l) => l.totalUserCount, render: (l) => value('users', l.totalUserCount, formatCount) },
  {
    key: 'mfaCapable',
    label: 'MFA capable',
    sort: 'mfaCapable',
    numeric: true,
    value: (l) => l.coverage?.mfaCapable ?? null,
    render: (l) => value('mfaCapable', l.coverage?.mfaCapable ?? null, formatPercent),
  },
  {
    key: 'phishingResistant',
    label: 'Phishing-resistant',
    sort: 'phishingResistant',
    numeric: true,
    value: (l) => l.coverage?.phishingResistant ?? null,
    render: (l) => value('phishingResistant', l.coverage?.phishingResistant ?? null, formatPercent),
  },
  {
    key: 'weakMfaOnly',
    label: 'Weak MFA only (SMS, voice)',
    sort: 'weakMfaOnly',
    numeric: true,
    value: (l) => l.counts?.weakMfaOnly ?? null,
    render: (l) => value('weakMfaOnly', l.counts?.weakMfaOnly ?? null, formatCount),
  },
  {
    key: 'staleMethodUsers',
    label: 'Users with stale methods',
    sort: 'staleMethodUsers',
    numeric: true,
    value: (l) => l.counts?.staleMethodUsers ?? null,
    render: (l) => value('staleMethodUsers', l.counts?.staleMethodUsers ?? null, formatCount),
  },
  {
    key: 'adminsWithoutPhishingResistant',
    label: 'Admins without phishing-resistant',
    sort: 'adminsWithoutPhishingResistant',
    numeric: true,
    value: (l) => l.counts?.adminsWithoutPhishingResistant ?? null,
    render: (l) => value('adminsWithoutPhishingResistant', l.counts?.adminsWithoutPhishingResistant ?? null, formatCount),
  },
  {
    key: 'openAlerts',
    label: 'Open alerts',
    sort: 'openAlerts',
    numeric: true,
    value: (l) => l.openAlertCount,
    render: (l) => value('openAlerts', l.openAlertCount, formatCount),
  },
  {
    key: 'trend',
    label: 'Phishing-resistant trend',
    sort: 'trend',
    value: (l) => l.trend?.change.phishingResistant ?? null,
    render: (l) =>
      l.trend === null ? (
        NONE
      ) : (
        <span class="trend">
          <Sparkline days={l.trend.days} /> <Change change={l.trend.change.phishingResistant} />
        </span>
      ),
  },
  {
    key: 'captured',
    label: 'Captured',
    sort: 'captured',
    value: (l) => l.capturedDateTime,
    render: (l) => (l.capturedDateTime === null ? NONE : <time dateTime={l.capturedDateTime}>{formatDateTime(l.capturedDateTime)}</time>),
  },
];
