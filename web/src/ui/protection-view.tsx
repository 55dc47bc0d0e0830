// The Protection tab (issue 15 item 4, beyond Entra): how strongly each user can sign in — the five
// strength classes of amr's protectionSummary as a stacked bar, for all users or one bar per bucket
// of a breakdown; the what-if "enforce phishing-resistant MFA tomorrow"; and the ready-made lists.
// Every number links to exactly its rows of /amr/v1/reports/userProtection (decision 0096).
import type { GraphClient } from '../api/graph';
import { amr, STRENGTH_CLASSES, type Breakdown, type GroupBy, type ProtectionBucket } from '../api/amr';
import { GROUP_BY_OPTIONS, STRENGTH_COLORS, STRENGTH_HELP, STRENGTH_LABELS, bucketLabel, groupByFrom, groupByLabel } from '../model/breakdown';
import {
  EMPTY_PROTECTION_QUERY,
  PRESETS,
  bucketQuery,
  presetFilter,
  protectionQueryToParams,
  type Preset,
  type ProtectionQuery,
} from '../model/protection-query';
import { BarChart, cssVar } from './chart';
import { Select } from './controls';
import { formatCount, formatDateTime, formatShare } from './format';
import { useLoad } from './hooks';
import { Loading, Problem } from './problem';
import { href, replaceRoute } from './route';

const listLink = (q: ProtectionQuery): string => href('protectionUsers', protectionQueryToParams(q));
const presetLink = (preset: Preset): string => listLink({ ...EMPTY_PROTECTION_QUERY, preset });

interface Loaded {
  readonly all: ProtectionBucket;
  readonly capturedDateTime: string;
  readonly breakdown: Breakdown<ProtectionBucket> | null;
  /** The ready-made lists' sizes, by their own $count (not derived from the classes). */
  readonly presets: Readonly<Record<string, number>>;
}

/** What phishing-resistant enforcement would do: everyone whose strongest method is weaker is locked out. */
function WhatIf({ all }: { readonly all: ProtectionBucket }) {
  const locked = all.totalUserCount - all.counts.phishingResistant;
  return (
    <section class="tile" aria-labelledby="what-if-title" data-tile="what-if">
      <h3 id="what-if-title">What if phishing-resistant MFA were enforced tomorrow?</h3>
      <a class="tile-main" href={presetLink('enforcePhishingResistant')} data-testid="what-if" data-count={locked}>
        <span class="big">{formatCount(locked)}</span>
        <span class="of">
          {' '}
          of {formatCount(all.totalUserCount)} users ({formatShare(locked, all.totalUserCount)}) would be locked out
        </span>
      </a>
      <p class="muted">
        They have registered no phishing-resistant method ({STRENGTH_HELP.phishingResistant}), so a Conditional Access policy requiring phishing-resistant MFA
        strength would stop them at their next sign-in. Select the number for their names.
      </p>
    </section>
  );
}

function ReadyLists({ counts, total }: { readonly counts: Readonly<Record<string, number>>; readonly total: number }) {
  const shown = PRESETS.filter((p) => p.preset !== 'enforcePhishingResistant');
  return (
    <section class="panel" aria-labelledby="ready-lists-title">
      <h3 id="ready-lists-title">Ready-made lists</h3>
      <ul class="ready-lists">
        {shown.map((p) => {
          const n = counts[p.preset] ?? 0;
          return (
            <li data-preset={p.preset}>
              <a href={presetLink(p.preset)} data-count={n}>
                <span class="big">{formatCount(n)}</span> {p.title}
              </a>{' '}
              <span class="muted">({formatShare(n, total)})</span>
              <div class="muted">
                <code>{p.filter}</code>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The classes with their counts over all users, what puts a user in each, and a link to each list. */
function ClassKey({ all }: { readonly all: ProtectionBucket }) {
  return (
    <dl class="class-key" aria-label="Protection classes, all users">
      {STRENGTH_CLASSES.map((c) => (
        <div style={{ display: 'contents' }} data-class={c}>
          <dt>
            <span class="swatch" aria-hidden="true" style={{ background: cssVar(STRENGTH_COLORS[c]) }} />
            {STRENGTH_LABELS[c]}
          </dt>
          <dd>
            <a href={listLink({ ...EMPTY_PROTECTION_QUERY, strength: c })} data-count={all.counts[c]}>
              {formatCount(all.counts[c])} users
            </a>{' '}
            <span class="muted">
              ({formatShare(all.counts[c], all.totalUserCount)}): {STRENGTH_HELP[c]}
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Largest buckets first; the users without the attribute last. */
function ordered(buckets: readonly ProtectionBucket[]): ProtectionBucket[] {
  return [...buckets].sort((a, b) => (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) || b.totalUserCount - a.totalUserCount);
}

const SCALES = [
  { value: '', label: 'Users' },
  { value: 'share', label: 'Share of each bar’s users' },
] as const;
const percent = (v: number): string => formatShare(v, 100);

function ClassesChart({
  groupBy,
  buckets,
  all,
  shares,
}: {
  readonly groupBy: GroupBy | null;
  readonly buckets: readonly ProtectionBucket[];
  readonly all: ProtectionBucket;
  /** Each bar as shares of its bucket's users (buckets differ tenfold in size), instead of counts. */
  readonly shares: boolean;
}) {
  const rows = ordered(buckets);
  const labels = rows.map((b) => bucketLabel(groupBy, b));
  const link = (i: number, s: number | null) => listLink(bucketQuery(groupBy, rows[i]!.key, labels[i]!, s === null ? '' : STRENGTH_CLASSES[s]!));
  const exact = groupBy === null || groupBy === 'department' || groupBy === 'userType';
  return (
    <BarChart
      id="protection-classes"
      title={groupBy === null ? 'Users by protection class' : `Users by protection class, by ${groupByLabel(groupBy).toLowerCase()}`}
      horizontal
      stacked
      categoryHeading={groupBy === null ? 'Users' : groupByLabel(groupBy)}
      description={`Each user counts once per bar, in the class of the strongest method they have registered. ${
        groupBy === null ? '' : groupBy === 'department' || groupBy === 'userType' ? '' : 'A user in several buckets counts in each. '
      }Select a bar for its users${exact ? '' : ` (the user list has no ${groupByLabel(groupBy).toLowerCase()} property: it shows the class across all users and says so)`}.`}
      categories={labels}
      series={STRENGTH_CLASSES.map((c) => ({
        label: STRENGTH_LABELS[c],
        values: rows.map((b) => (shares ? (b.totalUserCount === 0 ? 0 : (b.counts[c] / b.totalUserCount) * 100) : b.counts[c])),
        color: STRENGTH_COLORS[c],
      }))}
      {...(shares ? { format: percent, max: 100 } : {})}
      linkFor={(i, s) => link(i, s)}
      categoryLinkFor={(i) => link(i, null)}
    >
      <ClassKey all={all} />
    </BarChart>
  );
}

export function ProtectionView({ client, params }: { readonly client: GraphClient; readonly params: URLSearchParams }) {
  const groupBy = groupByFrom(params.get('by'));
  const shares = params.get('scale') === 'share';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(key);
    else next.set(key, value);
    replaceRoute('protection', next);
  };
  const data = useLoad(
    async (signal): Promise<Loaded> => {
      const shown = PRESETS.filter((p) => p.preset !== 'enforcePhishingResistant');
      const [summary, breakdown, ...counts] = await Promise.all([
        amr.protectionSummary(client, null, { signal }),
        groupBy === null ? Promise.resolve(null) : amr.protectionSummary(client, groupBy, { signal }),
        ...shown.map((p) => amr.countProtection(client, presetFilter(p.preset), { signal })),
      ]);
      const all = summary.buckets[0]!;
      return { all, capturedDateTime: summary.capturedDateTime, breakdown, presets: Object.fromEntries(shown.map((p, i) => [p.preset, counts[i]!])) };
    },
    [client, groupBy],
  );
  return (
    <>
      <h2>Protection</h2>
      <p class="muted">
        How strongly each user can sign in, from the methods they have registered: not a Graph report but amr’s own{' '}
        <code>GET /amr/v1/reports/protectionSummary</code> and <code>userProtection</code>, with the same token.
      </p>
      <div class="filters" role="group" aria-label="Breakdown">
        <Select label="Break down by" value={groupBy ?? ''} options={GROUP_BY_OPTIONS} onChange={(v) => set('by', v)} />
        <Select label="Bars show" value={shares ? 'share' : ''} options={SCALES} onChange={(v) => set('scale', v)} />
      </div>
      {data.state === 'loading' ? <Loading what="protection classes" /> : null}
      {data.state === 'failed' ? <Problem error={data.error} /> : null}
      {data.state === 'ready' ? (
        data.data.all.totalUserCount === 0 ? (
          <div class="empty">
            <p>This tenant’s snapshot lists no users.</p>
          </div>
        ) : (
          <>
            <p class="muted" data-testid="captured">
              As of the snapshot captured {formatDateTime(data.data.capturedDateTime)}.
            </p>
            <div class="tiles">
              <WhatIf all={data.data.all} />
            </div>
            <ClassesChart groupBy={groupBy} buckets={data.data.breakdown?.buckets ?? [data.data.all]} all={data.data.all} shares={shares} />
            <ReadyLists counts={data.data.presets} total={data.data.all.totalUserCount} />
          </>
        )
      ) : null}
    </>
  );
}
