// The events list's state (window, search, filters, sort) as $filter/$orderby and as the hash of
// its address, so a bar of recent registrations or resets links to exactly its events.
import { PERIOD_DAYS, type Period } from '../api/reports';
import { and, nameSearch, quote } from './odata';

export type EventOrder = '' | 'userDisplayName' | 'userPrincipalName';

export interface EventQuery {
  readonly period: Period;
  readonly search: string;
  readonly feature: '' | 'registration' | 'reset';
  readonly status: '' | 'success' | 'failure';
  /** A usageAuthMethod value, or '' for any. */
  readonly method: string;
  /** '' keeps the server's order: newest first. */
  readonly orderBy: EventOrder;
  readonly descending: boolean;
}

export const EMPTY_EVENT_QUERY: EventQuery = { period: 'd30', search: '', feature: '', status: '', method: '', orderBy: '', descending: false };

/** entra-rules §3.4: a rolling window (now − N×24 h, now], as userRegistrationActivity counts it. */
export function eventFilter(q: EventQuery, now: Date): string | null {
  const since = new Date(now.getTime() - PERIOD_DAYS[q.period] * 86_400_000).toISOString();
  return and([
    `eventDateTime gt ${since}`,
    nameSearch(q.search),
    q.feature === '' ? null : `feature eq ${quote(q.feature)}`,
    q.status === '' ? null : `isSuccess eq ${String(q.status === 'success')}`,
    q.method === '' ? null : `authMethod eq ${quote(q.method)}`,
  ]);
}

export const eventOrderBy = (q: EventQuery): string | null => (q.orderBy === '' ? null : `${q.orderBy}${q.descending ? ' desc' : ''}`);

export function eventQueryToParams(q: EventQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.period !== 'd30') p.set('period', q.period);
  if (q.search !== '') p.set('q', q.search);
  if (q.feature !== '') p.set('feature', q.feature);
  if (q.status !== '') p.set('status', q.status);
  if (q.method !== '') p.set('method', q.method);
  if (q.orderBy !== '') p.set('sort', q.orderBy);
  if (q.descending) p.set('desc', '1');
  return p;
}

export function eventQueryFromParams(p: URLSearchParams): EventQuery {
  const period = p.get('period');
  const feature = p.get('feature');
  const status = p.get('status');
  const sort = p.get('sort');
  return {
    period: period === 'd1' || period === 'd7' ? period : 'd30',
    search: p.get('q') ?? '',
    feature: feature === 'registration' || feature === 'reset' ? feature : '',
    status: status === 'success' || status === 'failure' ? status : '',
    method: p.get('method') ?? '',
    orderBy: sort === 'userDisplayName' || sort === 'userPrincipalName' ? sort : '',
    descending: p.get('desc') === '1',
  };
}
