// The Trends tab's breakdown (issue 15 item 4): one line per bucket (the largest few) for a chosen
// feature, as a share of the bucket's users per UTC day, from amr's
// GET /amr/v1/reports/registrationHistory?groupBy=… — is a department catching up? Breakdowns count
// all users, so the user type and role filters do not apply here.
import type { GraphClient } from '../api/graph';
import { amr, type BucketHistoryDay, type GroupBy, type RegistrationBucket } from '../api/amr';
import { bucketLabel, groupByLabel } from '../model/breakdown';
import { ChartTable } from './chart';
import { Select } from './controls';
import { formatCount, formatDay, formatShare } from './format';
import { useLoad } from './hooks';
import { LineChart } from './line-chart';
import { Loading, Problem } from './problem';
import { BREAKDOWN_FEATURES, bySize } from './registration-breakdown';

/** At most this many bucket lines: more are not readable on one chart (decision 0060). */
const MAX_BUCKET_LINES = 6;
const COLORS = ['--trend-1', '--trend-2', '--trend-3', '--trend-4', '--trend-5', '--trend-6'];

type BreakdownFeature = (typeof BREAKDOWN_FEATURES)[number]['feature'];
export const featureFrom = (v: string | null): BreakdownFeature => BREAKDOWN_FEATURES.find((f) => f.feature === v)?.feature ?? 'mfaCapable';

const keyOf = (b: { readonly key: string | null }): string => b.key ?? '\u0000none';
const bucketOn = (d: BucketHistoryDay, key: string): RegistrationBucket | undefined => d.buckets?.find((b) => keyOf(b) === key);
const shareOf = (b: RegistrationBucket | undefined, feature: string): number =>
  b === undefined || b.totalUserCount === 0 ? Number.NaN : ((b.features[feature] ?? 0) / b.totalUserCount) * 100;
const percent = (v: number): string => (Number.isNaN(v) ? '–' : formatShare(v, 100));

function Lines({ groupBy, feature, days }: { readonly groupBy: GroupBy; readonly feature: BreakdownFeature; readonly days: readonly BucketHistoryDay[] }) {
  const label = BREAKDOWN_FEATURES.find((f) => f.feature === feature)!.label;
  const latest = [...days].reverse().find((d) => d.buckets !== null);
  if (latest === undefined) {
    return (
      <div class="empty" data-testid="breakdown-history-empty">
        <p>No breakdown has been kept yet for these days: amr keeps one with every snapshot from now on.</p>
      </div>
    );
  }
  const top = bySize(latest.buckets!).slice(0, MAX_BUCKET_LINES);
  const names = top.map((b) => bucketLabel(groupBy, b));
  const series = top.map((b, i) => ({ label: names[i]!, color: COLORS[i % COLORS.length]!, values: days.map((d) => shareOf(bucketOn(d, keyOf(b)), feature)) }));
  const name = groupByLabel(groupBy).toLowerCase();
  const summary = `${label} by ${name}, per UTC day: ${top
    .map((b, i) => `${names[i]} ${percent(series[i]!.values[0]!)} on ${formatDay(days[0]!.day)}, ${percent(shareOf(b, feature))} on ${formatDay(latest.day)}`)
    .join('; ')}. The table below has every number.`;
  return (
    <>
      <LineChart
        id="bucket-trends"
        summary={summary}
        days={days.map((d) => d.day)}
        recorded={days.map((d) => d.recorded)}
        series={series}
        max={100}
        format={percent}
        tooltip={(s, i) => {
          const b = bucketOn(days[i]!, keyOf(top[s]!));
          return `${names[s]}: ${percent(series[s]!.values[i] ?? Number.NaN)}${b === undefined ? '' : ` (${formatCount(b.features[feature] ?? 0)} of ${formatCount(b.totalUserCount)})`}`;
        }}
      />
      <ChartTable title={`${label} by ${name}`} caption={`${label} by ${name} per UTC day, newest first`}>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {names.map((n) => (
              <th scope="col" class="num">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...days].reverse().map((d) => (
            <tr data-day={d.day}>
              <th scope="row">{formatDay(d.day)}</th>
              {top.map((t) => {
                const b = bucketOn(d, keyOf(t));
                return (
                  <td class="num" data-bucket={t.key ?? ''} data-count={b?.features[feature] ?? ''} data-total={b?.totalUserCount ?? ''}>
                    {percent(shareOf(b, feature))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </>
  );
}

export function TrendsBreakdown({
  client,
  span,
  groupBy,
  feature,
  setFeature,
}: {
  readonly client: GraphClient;
  readonly span: number;
  readonly groupBy: GroupBy;
  readonly feature: BreakdownFeature;
  readonly setFeature: (f: string) => void;
}) {
  const history = useLoad((signal) => amr.bucketHistory(client, span, groupBy, { signal }), [client, span, groupBy]);
  const name = groupByLabel(groupBy).toLowerCase();
  return (
    <section class="panel" aria-labelledby="bucket-trends-title" data-chart="bucket-trends">
      <h3 id="bucket-trends-title">By {name}</h3>
      <p class="muted">
        One line per {name}, the {MAX_BUCKET_LINES} largest, for the chosen feature as a share of that {name}’s users; all users, whatever the user type and
        role filters.
      </p>
      <div class="filters">
        <Select label="Feature" value={feature} options={BREAKDOWN_FEATURES.map((f) => ({ value: f.feature, label: f.label }))} onChange={setFeature} />
      </div>
      {history.state === 'loading' ? <Loading what={`the history by ${name}`} /> : null}
      {history.state === 'failed' ? <Problem error={history.error} /> : null}
      {history.state === 'ready' && history.data.value.length > 0 ? <Lines groupBy={groupBy} feature={feature} days={history.data.value} /> : null}
    </section>
  );
}
