// The Usage tab (entra-rules §3.2): sign-ins by requirement over time, sign-ins by method, password
// resets and changes over time, and resets by verification method, for a d1/d7/d30 window.
import type { JSX } from 'preact';
import type { GraphClient } from '../api/graph';
import { PERIOD_DAYS, reports, type MfaSignInDay, type PasswordDay, type Period } from '../api/reports';
import { EMPTY_EVENT_QUERY, eventQueryToParams } from '../model/event-query';
import { methodLabel } from '../model/methods';
import { BarChart } from './chart';
import { PeriodPicker, periodLabel } from './controls';
import { formatCount, formatDay, formatShare } from './format';
import { useLoad, type Loaded } from './hooks';
import { Loading, Problem } from './problem';
import { href, replaceRoute } from './route';

/** The window's UTC days, oldest first (a daily summary has no row for a day without events). */
function windowDays(period: Period, now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: PERIOD_DAYS[period] }, (_, i) => new Date(today - (PERIOD_DAYS[period] - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

function byDay<T>(rows: readonly T[], date: (row: T) => string, days: readonly string[]): (T | undefined)[] {
  const index = new Map(rows.map((r) => [date(r).slice(0, 10), r]));
  return days.map((d) => index.get(d));
}

const signInsEmpty = (
  <p>
    No sign-ins in this window. The usage reports come from sign-in logs: <code>npx amr import signins.ndjson.gz</code> (Graph signIn objects, Log Analytics
    rows or Azure Monitor exports).
  </p>
);
const auditEmpty = (what: string) => (
  <p>
    No {what} in this window. They come from the audit log: <code>npx amr import audit.json</code> (Graph directoryAudit objects, Log Analytics rows or Azure
    Monitor exports).
  </p>
);

function Panel<T>({ title, loaded, render }: { readonly title: string; readonly loaded: Loaded<T>; readonly render: (data: T) => JSX.Element }) {
  if (loaded.state === 'ready') return render(loaded.data);
  return (
    <section class="panel">
      <h3>{title}</h3>
      {loaded.state === 'loading' ? <Loading what={title.toLowerCase()} /> : <Problem error={loaded.error} />}
    </section>
  );
}

function Requirement({ rows, period }: { readonly rows: readonly MfaSignInDay[]; readonly period: Period }) {
  const days = windowDays(period, new Date());
  const cells = byDay(rows, (r) => r.createdDateTime, days);
  const single = cells.map((c) => c?.singleFactorSignIns ?? 0);
  const multi = cells.map((c) => c?.multiFactorSignIns ?? 0);
  const total = single.reduce((a, b) => a + b, 0) + multi.reduce((a, b) => a + b, 0);
  const mfa = multi.reduce((a, b) => a + b, 0);
  return (
    <BarChart
      id="requirement"
      title="Sign-ins by authentication requirement"
      stacked
      description={`Successful interactive sign-ins per UTC day: ${formatCount(total)} in all, ${formatShare(mfa, total)} with multifactor authentication.`}
      categories={days.map(formatDay)}
      series={[
        { label: 'Single-factor', values: single, color: '--series-single' },
        { label: 'Multifactor', values: multi, color: '--series-multi' },
      ]}
      empty={signInsEmpty}
    />
  );
}

function Passwords({ rows, period }: { readonly rows: readonly PasswordDay[]; readonly period: Period }) {
  const days = windowDays(period, new Date());
  const cells = byDay(rows, (r) => r.aggregatedDateTime, days);
  return (
    <BarChart
      id="passwords"
      title="Password resets and changes"
      stacked
      description="Successful password resets (by an admin, self-service) and self-service changes per UTC day. Graph's summary has no count of account unlocks."
      categories={days.map(formatDay)}
      series={[
        { label: 'Reset by admin', values: cells.map((c) => c?.passwordResetsByAdminCount ?? 0), color: '--series-admin' },
        { label: 'Self-service reset', values: cells.map((c) => c?.passwordResetsSelfServiceCount ?? 0), color: '--series-1' },
        { label: 'Self-service change', values: cells.map((c) => c?.changePasswordSelfServiceCount ?? 0), color: '--series-change' },
      ]}
      empty={auditEmpty('password resets or changes')}
    />
  );
}

export function UsageView({ client, params }: { readonly client: GraphClient; readonly params: URLSearchParams }) {
  const p = params.get('period');
  const period: Period = p === 'd1' || p === 'd7' ? p : 'd30';
  const setPeriod = (next: Period) => {
    const q = new URLSearchParams(params);
    if (next === 'd30') q.delete('period');
    else q.set('period', next);
    replaceRoute('usage', q);
  };
  const mfaDays = useLoad((signal) => reports.mfaSignInDays(client, { signal }), [client]);
  const passwordDays = useLoad((signal) => reports.passwordDays(client, { signal }), [client]);
  const byMethod = useLoad((signal) => reports.signInsByMethod(client, period, { signal }), [client, period]);
  const activity = useLoad((signal) => reports.registrationActivity(client, period, { signal }), [client, period]);
  return (
    <>
      <h2>Usage</h2>
      <div class="filters">
        <PeriodPicker name="usage-period" value={period} onChange={setPeriod} />
      </div>
      <div class="grid-2">
        <Panel title="Sign-ins by authentication requirement" loaded={mfaDays} render={(rows) => <Requirement rows={rows} period={period} />} />
        <Panel
          title="Sign-ins by authentication method"
          loaded={byMethod}
          render={(rows) => {
            const sorted = rows.filter((r) => r.successActivityCount > 0).sort((a, b) => b.successActivityCount - a.successActivityCount);
            return (
              <BarChart
                id="signins-by-method"
                title="Sign-ins by authentication method"
                horizontal
                description={`Successful interactive sign-ins that used each method, ${periodLabel(period).toLowerCase()}; methods nobody used are left out.`}
                categories={sorted.map((r) => methodLabel(r.authenticationMethod))}
                series={[{ label: 'Sign-ins', values: sorted.map((r) => r.successActivityCount), color: '--series-multi' }]}
                empty={signInsEmpty}
              />
            );
          }}
        />
        <Panel title="Password resets and changes" loaded={passwordDays} render={(rows) => <Passwords rows={rows} period={period} />} />
        <Panel
          title="Password resets by authentication method"
          loaded={activity}
          render={(rows) => {
            const resets = rows
              .filter((r) => r.feature === 'reset' && r.successfulActivityCount + r.failureActivityCount > 0)
              .sort((a, b) => b.successfulActivityCount + b.failureActivityCount - (a.successfulActivityCount + a.failureActivityCount));
            return (
              <BarChart
                id="resets-by-method"
                title="Password resets by authentication method"
                horizontal
                stacked
                description={`Verification steps of self-service resets that succeeded or failed, ${periodLabel(period).toLowerCase()}; methods with none are left out. Select a bar for the events.`}
                categories={resets.map((r) => methodLabel(r.authMethod))}
                series={[
                  { label: 'Succeeded', values: resets.map((r) => r.successfulActivityCount), color: '--series-success' },
                  { label: 'Failed', values: resets.map((r) => r.failureActivityCount), color: '--series-failure' },
                ]}
                linkFor={(i, s) =>
                  href(
                    'events',
                    eventQueryToParams({
                      ...EMPTY_EVENT_QUERY,
                      period,
                      feature: 'reset',
                      method: resets[i]!.authMethod,
                      status: s === 0 ? 'success' : 'failure',
                    }),
                  )
                }
                empty={auditEmpty('self-service reset attempts')}
              />
            );
          }}
        />
      </div>
    </>
  );
}
