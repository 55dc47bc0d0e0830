// The Alerts view (issue 15 item 3/4): amr's GET /amr/v1/alerts (decision 0093), the open alerts first,
// then the resolved ones, each list paged over the server's nextLink. Rules are managed with the
// admin API or `amr alerts`; this page only reads, with the same token as the reports.
import { ApiProblem, type GraphClient } from '../api/graph';
import { alertsPath, type Alert } from '../api/amr';
import { bucketLabel, groupByLabel } from '../model/breakdown';
import { formatDateTime } from './format';
import { Pager, Table, usePagedList, type Column } from './list-parts';
import { Problem } from './problem';

const PAGE_SIZE = 50;

const KIND_LABELS: Readonly<Record<string, string>> = {
  coverageBelow: 'Coverage below threshold',
  coverageDrop: 'Coverage dropped',
  adminWithoutPhishingResistant: 'Admin without phishing-resistant method',
  privilegedMethodChange: 'Privileged user’s methods changed',
};

/** Who or what the alert is about: a bucket of a breakdown (or all users), or one user. */
function subjectText(a: Alert): string {
  const s = a.subject;
  if (s.kind === 'user') return s.userPrincipalName;
  if (s.groupBy === null) return 'All users';
  return `${groupByLabel(s.groupBy)}: ${bucketLabel(s.groupBy, s)}`;
}

/** What was measured, as the rule recorded it (coverage and threshold, the admin's class…), in a line. */
function detailText(a: Alert): string {
  return Object.entries(a.detail)
    .filter((e): e is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof e[1]))
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

const COLUMNS: readonly Column<Alert>[] = [
  { key: 'ruleName', label: 'Rule', value: (a) => a.ruleName },
  { key: 'kind', label: 'Kind', value: (a) => a.kind, render: (a) => KIND_LABELS[a.kind] ?? a.kind },
  { key: 'subject', label: 'Bucket or user', value: subjectText },
  { key: 'detail', label: 'Measured', wrap: true, value: detailText },
  { key: 'firstSeenDateTime', label: 'Opened', value: (a) => a.firstSeenDateTime, render: (a) => formatDateTime(a.firstSeenDateTime) },
  { key: 'lastSeenDateTime', label: 'Last seen', value: (a) => a.lastSeenDateTime, render: (a) => formatDateTime(a.lastSeenDateTime) },
  {
    key: 'resolvedDateTime',
    label: 'Resolved',
    value: (a) => a.resolvedDateTime,
    render: (a) => (a.resolvedDateTime === null ? '' : formatDateTime(a.resolvedDateTime)),
  },
];

/** A server without the alerts endpoint answers Graph's "no resource" 404, not a missing tenant. */
const noEndpoint = (error: unknown): boolean => error instanceof ApiProblem && error.status === 404 && error.code === 'Request_ResourceNotFound';

function AlertList({ client, status, title }: { readonly client: GraphClient; readonly status: 'open' | 'resolved'; readonly title: string }) {
  const paged = usePagedList<Alert>(client, alertsPath(status, PAGE_SIZE), PAGE_SIZE);
  const page = paged.page;
  const columns = status === 'open' ? COLUMNS.filter((c) => c.key !== 'resolvedDateTime') : COLUMNS;
  return (
    <section class="panel" aria-labelledby={`alerts-${status}-title`} data-alerts={status}>
      <h3 id={`alerts-${status}-title`}>{title}</h3>
      <Pager paged={paged} noun={title} />
      {page.state === 'failed' ? (
        noEndpoint(page.error) ? (
          <div class="note" data-testid="alerts-unavailable">
            <p>
              This amr server has no alerts endpoint (<code>GET /amr/v1/alerts</code>): it is older than alerts. Update amr and restart it to see them here.
            </p>
          </div>
        ) : (
          <Problem error={page.error} />
        )
      ) : null}
      {page.state === 'ready' ? (
        page.data.value.length === 0 ? (
          <div class="empty" data-testid={`alerts-${status}-empty`}>
            <p>{status === 'open' ? 'No open alerts: every rule’s condition holds.' : 'No resolved alerts yet.'}</p>
          </div>
        ) : (
          <Table
            caption={title}
            columns={columns}
            rows={page.data.value}
            rowKey={(a) => a.id}
            sorting={{ property: '', descending: false, onSort: () => undefined }}
          />
        )
      ) : null}
    </section>
  );
}

export function AlertsView({ client }: { readonly client: GraphClient }) {
  return (
    <>
      <h2>Alerts</h2>
      <p class="muted">
        Alerts open when a rule’s condition is met (coverage below a threshold or dropping, an admin without a phishing-resistant method, a privileged user’s
        methods changing) and resolve when it no longer is; rules are evaluated after every import or sync and daily. Rules and webhooks are set with{' '}
        <code>npx amr alerts</code> or the admin API; this page lists amr’s <code>GET /amr/v1/alerts</code>.
      </p>
      <AlertList client={client} status="open" title="Open alerts" />
      <AlertList client={client} status="resolved" title="Resolved alerts" />
    </>
  );
}
