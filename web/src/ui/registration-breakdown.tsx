// The Registration tab's breakdown (issue 15 item 4): MFA, passwordless and SSPR capable as a share
// of each bucket's users, from amr's GET /amr/v1/reports/registrationSummary?groupBy=… — which
// departments, groups, licences, roles or user types lag behind. Breakdowns count all users.
import type { GraphClient } from '../api/graph';
import { amr, type GroupBy, type RegistrationBucket } from '../api/amr';
import { bucketLabel, groupByLabel } from '../model/breakdown';
import { EMPTY_USER_QUERY, userQueryToParams, type UserFlag } from '../model/user-query';
import { BarChart } from './chart';
import { formatCount, formatShare } from './format';
import { useLoad } from './hooks';
import { Loading, Problem } from './problem';
import { href } from './route';

export const BREAKDOWN_FEATURES = [
  { feature: 'mfaCapable', label: 'MFA capable', flag: 'isMfaCapable', color: '--trend-1' },
  { feature: 'passwordlessCapable', label: 'Passwordless capable', flag: 'isPasswordlessCapable', color: '--trend-2' },
  { feature: 'ssprCapable', label: 'SSPR capable', flag: 'isSsprCapable', color: '--trend-3' },
  { feature: 'ssprRegistered', label: 'SSPR registered', flag: 'isSsprRegistered', color: '--trend-4' },
  { feature: 'ssprEnabled', label: 'SSPR enabled', flag: 'isSsprEnabled', color: '--trend-5' },
] as const satisfies readonly { feature: string; label: string; flag: UserFlag; color: string }[];

const SHOWN = BREAKDOWN_FEATURES.slice(0, 3);
const share = (part: number, whole: number): number => (whole === 0 ? 0 : (part / whole) * 100);
const percent = (v: number): string => formatShare(v, 100);

/** Largest buckets first; the users without the attribute last. */
export function bySize<B extends { readonly key: string | null; readonly totalUserCount: number }>(buckets: readonly B[]): B[] {
  return [...buckets].sort((a, b) => (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) || b.totalUserCount - a.totalUserCount);
}

function Chart({ groupBy, buckets }: { readonly groupBy: GroupBy; readonly buckets: readonly RegistrationBucket[] }) {
  const rows = bySize(buckets);
  const name = groupByLabel(groupBy).toLowerCase();
  // Only user types are a property of the user list: those bars open their users; others lead nowhere.
  const link = (i: number, s: number): string | null => {
    const key = rows[i]!.key;
    if (groupBy !== 'userType' || (key !== 'member' && key !== 'guest')) return null;
    return href('users', userQueryToParams({ ...EMPTY_USER_QUERY, userType: key, flags: { [SHOWN[s]!.flag]: true } }));
  };
  const weakest = [...rows]
    .filter((b) => b.totalUserCount > 0)
    .sort((a, b) => share(a.features.mfaCapable ?? 0, a.totalUserCount) - share(b.features.mfaCapable ?? 0, b.totalUserCount))[0];
  return (
    <BarChart
      id="registration-breakdown"
      title={`Capable users by ${name}`}
      horizontal
      categoryHeading={groupByLabel(groupBy)}
      format={percent}
      max={100}
      summary={`Capable users by ${name}, as a share of each bucket's users.${
        weakest === undefined
          ? ''
          : ` Lowest MFA capable: ${bucketLabel(groupBy, weakest)} at ${percent(share(weakest.features.mfaCapable ?? 0, weakest.totalUserCount))}.`
      } The table below has every number.`}
      description={`MFA, passwordless and SSPR capable as a share of each ${name}’s users (their number in brackets); all users, whatever the filters above. ${
        groupBy === 'userType' ? 'Select a bar for its users.' : `The user list has no ${name} property, so these bars open no list.`
      }`}
      categories={rows.map((b) => `${bucketLabel(groupBy, b)} (${formatCount(b.totalUserCount)})`)}
      series={SHOWN.map((f) => ({ label: f.label, color: f.color, values: rows.map((b) => share(b.features[f.feature] ?? 0, b.totalUserCount)) }))}
      linkFor={link}
    />
  );
}

export function RegistrationBreakdown({ client, groupBy }: { readonly client: GraphClient; readonly groupBy: GroupBy }) {
  const data = useLoad((signal) => amr.registrationSummary(client, groupBy, { signal }), [client, groupBy]);
  if (data.state === 'loading') return <Loading what={`the breakdown by ${groupByLabel(groupBy).toLowerCase()}`} />;
  if (data.state === 'failed') return <Problem error={data.error} />;
  return <Chart groupBy={groupBy} buckets={data.data.buckets} />;
}
