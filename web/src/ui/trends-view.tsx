// The Trends tab (issue 5 item 6, beyond Entra): the registration state per UTC day from amr's own
// extension endpoint, GET /amr/v1/reports/registrationHistory — coverage (MFA, passwordless and
// SSPR capable as a share of the users) and users per method, over 7/30/90/365 days, for the same
// user type and role filters as the Registration tab. Each chart has a table of the same numbers.
import type { GraphClient } from '../api/graph';
import { reports, type HistoryDay, type RegistrationHistory, type UserRoleFilter, type UserTypeFilter } from '../api/reports';
import { methodLabel } from '../model/methods';
import { Select, USER_ROLES, USER_TYPES } from './controls';
import { formatCount, formatDateTime, formatDay, formatShare } from './format';
import { useLoad } from './hooks';
import { LineChart } from './line-chart';
import { ChartTable } from './chart';
import { Loading, Problem } from './problem';
import { replaceRoute } from './route';
import { GROUP_BY_OPTIONS, groupByFrom } from '../model/breakdown';
import { TrendsBreakdown, featureFrom } from './trends-breakdown';

const WINDOWS = [7, 30, 90, 365] as const;
type Window = (typeof WINDOWS)[number];
const DEFAULT_WINDOW: Window = 30;
const windowLabel = (days: Window): string => `Last ${days} days`;

const FEATURES = [
  { feature: 'mfaCapable', label: 'MFA capable', color: '--trend-1' },
  { feature: 'passwordlessCapable', label: 'Passwordless capable', color: '--trend-2' },
  { feature: 'ssprCapable', label: 'SSPR capable', color: '--trend-3' },
] as const;

/** At most this many method lines at once: more are not readable on one chart. */
const MAX_METHODS = 6;
const DEFAULT_METHODS = 5;
const METHOD_COLORS = ['--trend-1', '--trend-2', '--trend-3', '--trend-4', '--trend-5', '--trend-6'];

const points = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const share = (part: number, whole: number): number => (whole === 0 ? 0 : (part / whole) * 100);
const percentText = (value: number): string => formatShare(value, 100);
const featureCount = (d: HistoryDay, feature: string): number => d.features[feature] ?? 0;
const methodCount = (d: HistoryDay, method: string): number => d.methods[method] ?? 0;

function WindowPicker({ value, onChange }: { readonly value: Window; readonly onChange: (w: Window) => void }) {
  return (
    <fieldset class="period">
      <legend>Window</legend>
      {WINDOWS.map((w) => (
        <label>
          <input type="radio" name="trends-span" value={w} checked={w === value} onChange={() => onChange(w)} />
          <span>{windowLabel(w)}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** The state column of the tables: when it was captured, or that it was carried over. */
function StateCell({ day }: { readonly day: HistoryDay }) {
  return day.recorded ? <td>Captured {formatDateTime(day.capturedDateTime)}</td> : <td class="muted">Carried over from {formatDay(day.capturedDateTime)}</td>;
}

/** What the history holds so far, and how it grows: shown while it is short. */
function HistoryNote({ history, span }: { readonly history: RegistrationHistory; readonly span: Window }) {
  const captures = history.value.filter((d) => d.recorded).length;
  const first = history.value[0]!;
  const grows = (
    <>
      amr records a point every day it runs (<code>npm start</code>) and each time a snapshot lands, so the history grows daily. To add a point now, import a
      fresh export again: <code>npx amr import snapshot.json</code>.
    </>
  );
  if (captures <= 1 && history.value.length <= 1) {
    return (
      <p class="note" data-testid="history-note">
        History starts with the tenant’s first snapshot, and so far it has one day: {formatDay(first.day)}. {grows}
      </p>
    );
  }
  if (first.day > history.from) {
    return (
      <p class="note" data-testid="history-note">
        History starts on {formatDay(first.day)}, when this tenant’s first snapshot landed; the {windowLabel(span).toLowerCase()} reach further back than that.{' '}
        {grows}
      </p>
    );
  }
  return null;
}

function Coverage({ history, span }: { readonly history: RegistrationHistory; readonly span: Window }) {
  const days = history.value;
  const last = days[days.length - 1]!;
  const first = days[0]!;
  const series = FEATURES.map((f) => ({ label: f.label, color: f.color, values: days.map((d) => share(featureCount(d, f.feature), d.totalUserCount)) }));
  const summary = `Coverage, ${windowLabel(span).toLowerCase()}: ${FEATURES.map(
    (f) =>
      `${f.label} ${percentText(share(featureCount(first, f.feature), first.totalUserCount))} on ${formatDay(first.day)}, ${percentText(share(featureCount(last, f.feature), last.totalUserCount))} on ${formatDay(last.day)}`,
  ).join('; ')}. The table below has every number.`;
  return (
    <section class="panel" aria-labelledby="coverage-title" data-chart="coverage">
      <h3 id="coverage-title">Coverage</h3>
      <p class="muted">
        Users capable of MFA, passwordless sign-in and SSPR, as a share of all users these filters count, per UTC day. A dashed line is a day without a capture,
        carrying the previous state.
      </p>
      <dl class="trend-stats">
        {FEATURES.map((f) => {
          const now = share(featureCount(last, f.feature), last.totalUserCount);
          const then = share(featureCount(first, f.feature), first.totalUserCount);
          return (
            <div data-stat={f.feature}>
              <dt>{f.label}</dt>
              <dd>
                <span class="big">{percentText(now)}</span>{' '}
                <span class="muted">
                  {formatCount(featureCount(last, f.feature))} of {formatCount(last.totalUserCount)}
                </span>
              </dd>
              {days.length > 1 ? (
                <dd class="muted">
                  {points.format(now - then)} points since {formatDay(first.day)}
                </dd>
              ) : null}
            </div>
          );
        })}
      </dl>
      <LineChart
        id="coverage"
        summary={summary}
        days={days.map((d) => d.day)}
        recorded={days.map((d) => d.recorded)}
        series={series}
        max={100}
        format={(v) => percentText(v)}
        tooltip={(s, i) => {
          const f = FEATURES[s]!;
          const d = days[i]!;
          return `${f.label}: ${percentText(share(featureCount(d, f.feature), d.totalUserCount))} (${formatCount(featureCount(d, f.feature))} of ${formatCount(d.totalUserCount)})`;
        }}
      />
      <ChartTable title="Coverage" caption="Coverage per UTC day, newest first">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col" class="num">
              Users
            </th>
            {FEATURES.map((f) => (
              <>
                <th scope="col" class="num">
                  {f.label}
                </th>
                <th scope="col" class="num">
                  {f.label}, share
                </th>
              </>
            ))}
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {[...days].reverse().map((d) => (
            <tr data-day={d.day} data-recorded={String(d.recorded)}>
              <th scope="row">{formatDay(d.day)}</th>
              <td class="num" data-count={d.totalUserCount}>
                {formatCount(d.totalUserCount)}
              </td>
              {FEATURES.map((f) => (
                <>
                  <td class="num" data-feature={f.feature} data-count={featureCount(d, f.feature)}>
                    {formatCount(featureCount(d, f.feature))}
                  </td>
                  <td class="num">{formatShare(featureCount(d, f.feature), d.totalUserCount)}</td>
                </>
              ))}
              <StateCell day={d} />
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </section>
  );
}

function Methods({
  history,
  span,
  chosen,
  setChosen,
}: {
  readonly history: RegistrationHistory;
  readonly span: Window;
  readonly chosen: readonly string[] | null;
  readonly setChosen: (m: readonly string[]) => void;
}) {
  const days = history.value;
  const last = days[days.length - 1]!;
  const first = days[0]!;
  // Every method any day names, but password (every user has one): most users first, as of the last day.
  const all = [...new Set(days.flatMap((d) => Object.keys(d.methods)))]
    .filter((m) => m !== 'password')
    .sort((a, b) => methodCount(last, b) - methodCount(last, a) || methodLabel(a).localeCompare(methodLabel(b)));
  const selected =
    chosen === null ? all.filter((m) => methodCount(last, m) > 0).slice(0, DEFAULT_METHODS) : all.filter((m) => chosen.includes(m)).slice(0, MAX_METHODS);
  const toggle = (m: string, on: boolean) => setChosen(on ? [...selected, m] : selected.filter((s) => s !== m));
  const series = selected.map((m, i) => ({
    label: methodLabel(m),
    color: METHOD_COLORS[i % METHOD_COLORS.length]!,
    values: days.map((d) => methodCount(d, m)),
  }));
  const summary =
    selected.length === 0
      ? 'Users registered by method: no method chosen.'
      : `Users registered by method, ${windowLabel(span).toLowerCase()}: ${selected.map((m) => `${methodLabel(m)} ${formatCount(methodCount(first, m))} on ${formatDay(first.day)}, ${formatCount(methodCount(last, m))} on ${formatDay(last.day)}`).join('; ')}. The table below has every number.`;
  return (
    <section class="panel" aria-labelledby="method-trends-title" data-chart="method-trends">
      <h3 id="method-trends-title">Users registered by authentication method</h3>
      <p class="muted">Users who registered each chosen method, per UTC day (up to {MAX_METHODS} at once). Every user also has a password.</p>
      <details class="columns method-choice">
        <summary>
          Methods ({selected.length} of {all.length})
        </summary>
        <fieldset>
          <legend class="visually-hidden">Methods to draw</legend>
          {all.map((m) => {
            const on = selected.includes(m);
            return (
              <label>
                <input
                  type="checkbox"
                  value={m}
                  checked={on}
                  disabled={!on && selected.length >= MAX_METHODS}
                  onChange={(e) => toggle(m, e.currentTarget.checked)}
                />{' '}
                {methodLabel(m)} <span class="muted">({formatCount(methodCount(last, m))})</span>
              </label>
            );
          })}
        </fieldset>
      </details>
      {selected.length === 0 ? (
        <div class="empty">
          <p>Choose one or more methods above to draw them.</p>
        </div>
      ) : (
        <>
          <LineChart
            id="method-trends"
            summary={summary}
            days={days.map((d) => d.day)}
            recorded={days.map((d) => d.recorded)}
            series={series}
            format={formatCount}
            tooltip={(s, i) => `${series[s]!.label}: ${formatCount(series[s]!.values[i] ?? 0)}`}
          />
          <ChartTable title="Users registered by authentication method" caption="Users registered by method per UTC day, newest first">
            <thead>
              <tr>
                <th scope="col">Day</th>
                {selected.map((m) => (
                  <th scope="col" class="num">
                    {methodLabel(m)}
                  </th>
                ))}
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {[...days].reverse().map((d) => (
                <tr data-day={d.day} data-recorded={String(d.recorded)}>
                  <th scope="row">{formatDay(d.day)}</th>
                  {selected.map((m) => (
                    <td class="num" data-method={m} data-count={methodCount(d, m)}>
                      {formatCount(methodCount(d, m))}
                    </td>
                  ))}
                  <StateCell day={d} />
                </tr>
              ))}
            </tbody>
          </ChartTable>
        </>
      )}
    </section>
  );
}

export function TrendsView({ client, params }: { readonly client: GraphClient; readonly params: URLSearchParams }) {
  const type: UserTypeFilter = USER_TYPES.find((t) => t.value === params.get('type'))?.value ?? 'all';
  const role: UserRoleFilter = USER_ROLES.find((r) => r.value === params.get('role'))?.value ?? 'all';
  const span: Window = WINDOWS.find((w) => String(w) === params.get('days')) ?? DEFAULT_WINDOW;
  const groupBy = groupByFrom(params.get('by'));
  const feature = featureFrom(params.get('feature'));
  const methodsParam = params.get('methods');
  const chosen = methodsParam === null ? null : methodsParam.split(',').filter((m) => m !== '');
  const set = (key: string, value: string, fallback: string | null) => {
    const next = new URLSearchParams(params);
    if (value === fallback) next.delete(key);
    else next.set(key, value);
    replaceRoute('trends', next);
  };
  const history = useLoad((signal) => reports.registrationHistory(client, span, type, role, { signal }), [client, span, type, role]);
  return (
    <>
      <h2>Trends</h2>
      <p class="muted">
        The registration state per UTC day, as amr has recorded it: not a Graph report but amr’s own <code>GET /amr/v1/reports/registrationHistory</code>, with
        the same token.
      </p>
      <div class="filters">
        <div class="field-group" role="group" aria-label="Which users to count">
          <Select label="User type" value={type} options={USER_TYPES} onChange={(v) => set('type', v, 'all')} />
          <Select label="Role" value={role} options={USER_ROLES} onChange={(v) => set('role', v, 'all')} />
        </div>
        <WindowPicker value={span} onChange={(w) => set('days', String(w), String(DEFAULT_WINDOW))} />
        <div class="field-group" role="group" aria-label="Breakdown">
          <Select label="Break down by" value={groupBy ?? ''} options={GROUP_BY_OPTIONS} onChange={(v) => set('by', v, '')} />
        </div>
      </div>
      {history.state === 'loading' ? <Loading what="history" /> : null}
      {history.state === 'failed' ? <Problem error={history.error} /> : null}
      {history.state === 'ready' ? (
        history.data.value.length === 0 ? (
          <div class="empty" data-testid="history-empty">
            <p>
              No history yet. It starts when the tenant’s first snapshot lands and grows by one day every day amr runs (<code>npm start</code>); importing a
              snapshot (<code>npx amr import snapshot.json</code>) records that day at once.
            </p>
          </div>
        ) : (
          <>
            <HistoryNote history={history.data} span={span} />
            {history.data.value[history.data.value.length - 1]!.totalUserCount === 0 ? (
              <div class="empty">
                <p>No users match these filters.</p>
              </div>
            ) : null}
            <Coverage history={history.data} span={span} />
            {groupBy === null ? null : (
              <TrendsBreakdown client={client} span={span} groupBy={groupBy} feature={feature} setFeature={(f) => set('feature', f, 'mfaCapable')} />
            )}
            <Methods history={history.data} span={span} chosen={chosen} setChosen={(m) => set('methods', m.join(','), null)} />
          </>
        )
      ) : null}
    </>
  );
}
