// The Registration tab (entra-rules §3.1): the three capability tiles with their breakdowns, users
// by method, and recent registrations by method; every number links to the rows behind it.
import type { GraphClient } from '../api/graph';
import { reports, type FeatureSummary, type MethodSummary, type Period } from '../api/reports';
import { eventQueryToParams, EMPTY_EVENT_QUERY } from '../model/event-query';
import { methodLabel } from '../model/methods';
import { segmentQuery, userFilter, userQueryToParams, type UserFlag, type UserQuery } from '../model/user-query';
import { and } from '../model/odata';
import { GROUP_BY_OPTIONS, groupByFrom } from '../model/breakdown';
import { RegistrationBreakdown } from './registration-breakdown';
import { BarChart } from './chart';
import { PeriodPicker, Select, USER_ROLES, USER_TYPES, periodLabel } from './controls';
import { formatCount, formatShare } from './format';
import { useLoad } from './hooks';
import { Loading, Problem } from './problem';
import { href, replaceRoute } from './route';

const TYPES = USER_TYPES;
const ROLES = USER_ROLES;

interface Counts {
  readonly feature: FeatureSummary;
  readonly method: MethodSummary;
  /** Users with MFA registered (there is no mfaRegistered feature: the list's $count); null for privileged admins. */
  readonly mfaRegistered: number | null;
}

const featureCount = (f: FeatureSummary, name: string): number => f.userRegistrationFeatureCounts.find((c) => c.feature === name)?.userCount ?? 0;

function usersLink(segment: UserQuery, extra: Partial<UserQuery>): string {
  return href('users', userQueryToParams({ ...segment, ...extra, flags: { ...segment.flags, ...extra.flags } }));
}

interface Part {
  readonly label: string;
  readonly count: number | null;
  readonly flag: UserFlag;
}

function Tile({
  id,
  title,
  main,
  parts,
  total,
  segment,
}: {
  readonly id: string;
  readonly title: string;
  readonly main: Part;
  readonly parts: readonly Part[];
  readonly total: number;
  readonly segment: UserQuery;
}) {
  const share = main.count === null || total === 0 ? 0 : main.count / total;
  return (
    <section class="tile" aria-labelledby={`${id}-title`} data-tile={id}>
      <h3 id={`${id}-title`}>{title}</h3>
      <a class="tile-main" href={usersLink(segment, { flags: { [main.flag]: true } })} data-count={main.count ?? ''}>
        <span class="big">{main.count === null ? '–' : formatCount(main.count)}</span>
        <span class="of">
          {' '}
          {main.label}, of {formatCount(total)} users ({formatShare(main.count ?? 0, total)})
        </span>
      </a>
      <div class="meter" aria-hidden="true">
        <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
      {parts.length === 0 ? null : (
        <ul class="breakdown">
          {parts.map((p) => (
            <li data-part={p.flag}>
              <span>{p.label}</span>
              {p.count === null ? (
                <span class="muted" title="The user list has no property for privileged admin roles, so this count cannot be drawn from it.">
                  n/a
                </span>
              ) : (
                <a href={usersLink(segment, { flags: { [p.flag]: true } })} aria-label={`${p.label}: ${formatCount(p.count)} users`} data-count={p.count}>
                  {formatCount(p.count)}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Tiles({ counts, segment }: { readonly counts: Counts; readonly segment: UserQuery }) {
  const f = counts.feature;
  const n = (name: string) => featureCount(f, name);
  const mfa: Part = { label: 'Capable', count: n('mfaCapable'), flag: 'isMfaCapable' };
  const sspr: Part = { label: 'Capable', count: n('ssprCapable'), flag: 'isSsprCapable' };
  return (
    <div class="tiles">
      <Tile
        id="mfa"
        title="Multifactor authentication"
        total={f.totalUserCount}
        segment={segment}
        main={{ ...mfa, label: 'MFA capable' }}
        parts={[{ label: 'Registered', count: counts.mfaRegistered, flag: 'isMfaRegistered' }, mfa]}
      />
      <Tile
        id="passwordless"
        title="Passwordless"
        total={f.totalUserCount}
        segment={segment}
        main={{ label: 'Passwordless capable', count: n('passwordlessCapable'), flag: 'isPasswordlessCapable' }}
        parts={[]}
      />
      <Tile
        id="sspr"
        title="Self-service password reset"
        total={f.totalUserCount}
        segment={segment}
        main={{ ...sspr, label: 'SSPR capable' }}
        parts={[
          { label: 'Registered', count: n('ssprRegistered'), flag: 'isSsprRegistered' },
          { label: 'Enabled', count: n('ssprEnabled'), flag: 'isSsprEnabled' },
          sspr,
        ]}
      />
    </div>
  );
}

function MethodsChart({ counts, segment }: { readonly counts: Counts; readonly segment: UserQuery }) {
  const rows = counts.method.userRegistrationMethodCounts
    .filter((m) => m.authenticationMethod !== 'password')
    .slice()
    .sort((a, b) => b.userCount - a.userCount);
  const password = counts.method.userRegistrationMethodCounts.find((m) => m.authenticationMethod === 'password')?.userCount ?? 0;
  return (
    <BarChart
      id="methods"
      title="Users registered by authentication method"
      horizontal
      description={`Users who registered each method. Every one of the ${formatCount(password)} users also has a password. Select a bar for its users.`}
      categories={rows.map((r) => methodLabel(r.authenticationMethod))}
      series={[{ label: 'Users', values: rows.map((r) => r.userCount), color: '--series-1' }]}
      linkFor={(i) => usersLink(segment, { method: rows[i]!.authenticationMethod })}
    />
  );
}

function RecentRegistrations({
  client,
  period,
  setPeriod,
}: {
  readonly client: GraphClient;
  readonly period: Period;
  readonly setPeriod: (p: Period) => void;
}) {
  const data = useLoad((signal) => reports.registrationActivity(client, period, { signal }), [client, period]);
  const picker = <PeriodPicker name="registration-period" value={period} onChange={setPeriod} />;
  if (data.state !== 'ready') {
    return (
      <section class="panel">
        <h3>Recent registrations by authentication method</h3>
        {picker}
        {data.state === 'loading' ? <Loading what="registrations" /> : <Problem error={data.error} />}
      </section>
    );
  }
  const rows = data.data
    .filter((r) => r.feature === 'registration' && r.successfulActivityCount + r.failureActivityCount > 0)
    .sort((a, b) => b.successfulActivityCount + b.failureActivityCount - (a.successfulActivityCount + a.failureActivityCount));
  const link = (i: number, s: number) =>
    href(
      'events',
      eventQueryToParams({
        ...EMPTY_EVENT_QUERY,
        period,
        feature: 'registration',
        method: rows[i]!.authMethod,
        status: s === 0 ? 'success' : 'failure',
      }),
    );
  return (
    <BarChart
      id="recent-registrations"
      title="Recent registrations by authentication method"
      horizontal
      stacked
      description={`Security-info registrations that succeeded or failed, ${periodLabel(period).toLowerCase()}; methods with none are left out. Select a bar for the events.`}
      categories={rows.map((r) => methodLabel(r.authMethod))}
      series={[
        { label: 'Succeeded', values: rows.map((r) => r.successfulActivityCount), color: '--series-success' },
        { label: 'Failed', values: rows.map((r) => r.failureActivityCount), color: '--series-failure' },
      ]}
      linkFor={link}
      empty={
        <p>
          No registrations {periodLabel(period).toLowerCase()}. They come from the audit log: <code>npx amr import audit.json</code> (Graph directoryAudit
          objects or Azure Monitor exports).
        </p>
      }
    >
      {picker}
    </BarChart>
  );
}

export function RegistrationView({ client, params }: { readonly client: GraphClient; readonly params: URLSearchParams }) {
  const type = TYPES.find((t) => t.value === params.get('type'))?.value ?? 'all';
  const role = ROLES.find((r) => r.value === params.get('role'))?.value ?? 'all';
  const period: Period = params.get('period') === 'd1' || params.get('period') === 'd7' ? (params.get('period') as Period) : 'd30';
  const groupBy = groupByFrom(params.get('by'));
  const segment = segmentQuery(type, role);
  const set = (key: string, value: string, fallback: string) => {
    const next = new URLSearchParams(params);
    if (value === fallback) next.delete(key);
    else next.set(key, value);
    replaceRoute('registration', next);
  };
  const counts = useLoad(
    async (signal): Promise<Counts> => {
      const [feature, method, mfaRegistered] = await Promise.all([
        reports.featureSummary(client, type, role, { signal }),
        reports.methodSummary(client, type, role, { signal }),
        role === 'privilegedAdmin' ? Promise.resolve(null) : reports.countUsers(client, and([userFilter(segment), 'isMfaRegistered eq true']), { signal }),
      ]);
      return { feature, method, mfaRegistered };
    },
    [client, type, role],
  );
  return (
    <>
      <h2>Registration</h2>
      <div class="filters" role="group" aria-label="Which users to count">
        <Select label="User type" value={type} options={TYPES} onChange={(v) => set('type', v, 'all')} />
        <Select label="Role" value={role} options={ROLES} onChange={(v) => set('role', v, 'all')} />
      </div>
      <div class="filters" role="group" aria-label="Breakdown">
        <Select label="Break down by" value={groupBy ?? ''} options={GROUP_BY_OPTIONS} onChange={(v) => set('by', v, '')} />
      </div>
      {role === 'privilegedAdmin' ? (
        <p class="note">
          The lists behind these numbers show every admin: Graph’s user list has no property for the nine privileged roles, so it cannot be narrowed to them.
        </p>
      ) : null}
      {counts.state === 'loading' ? <Loading what="registration counts" /> : null}
      {counts.state === 'failed' ? <Problem error={counts.error} /> : null}
      {counts.state === 'ready' ? (
        counts.data.feature.totalUserCount === 0 ? (
          <div class="empty">
            <p>No users match these filters.</p>
          </div>
        ) : (
          <>
            <Tiles counts={counts.data} segment={segment} />
            {groupBy === null ? null : <RegistrationBreakdown client={client} groupBy={groupBy} />}
            <MethodsChart counts={counts.data} segment={segment} />
          </>
        )
      ) : null}
      <RecentRegistrations client={client} period={period} setPeriod={(p) => set('period', p, 'd30')} />
    </>
  );
}
