// Registration and reset events (entra-rules §3.3, userEventsSummary): the d1/d7/d30 window,
// search, filters, sort, selectable columns, paging and a CSV export, as the user list has.
import { useMemo } from 'preact/hooks';
import type { GraphClient } from '../api/graph';
import { eventsPath, type UserEvent } from '../api/reports';
import { eventFilter, eventOrderBy, eventQueryFromParams, eventQueryToParams, type EventQuery } from '../model/event-query';
import { USAGE_METHODS, methodLabel } from '../model/methods';
import { PeriodPicker, Select } from './controls';
import { formatDateTime } from './format';
import { ColumnPicker, ExportCsv, PagedTable, SearchField, sortToggle, useListColumns, usePagedList, useSearchText, type Column } from './list-parts';
import { replaceRoute } from './route';

const PAGE_SIZE = 50;

const COLUMNS: readonly Column<UserEvent>[] = [
  { key: 'eventDateTime', label: 'Date', value: (e) => e.eventDateTime, render: (e) => formatDateTime(e.eventDateTime) },
  { key: 'userDisplayName', label: 'User name', value: (e) => e.userDisplayName, sort: 'userDisplayName' },
  { key: 'userPrincipalName', label: 'User', value: (e) => e.userPrincipalName, sort: 'userPrincipalName' },
  { key: 'feature', label: 'Feature', value: (e) => e.feature, render: (e) => (e.feature === 'reset' ? 'Reset' : 'Registration') },
  { key: 'authMethod', label: 'Method used', value: (e) => e.authMethod, render: (e) => methodLabel(e.authMethod) },
  {
    key: 'isSuccess',
    label: 'Status',
    value: (e) => e.isSuccess,
    render: (e) => <span class={e.isSuccess ? 'yes' : 'no'}>{e.isSuccess ? 'Success' : 'Failure'}</span>,
  },
  { key: 'failureReason', label: 'Reason for failure', wrap: true, value: (e) => e.failureReason },
  { key: 'id', label: 'Event id', value: (e) => e.id },
];
const DEFAULT_COLUMNS = ['eventDateTime', 'userDisplayName', 'userPrincipalName', 'feature', 'authMethod', 'isSuccess', 'failureReason'];

function Filters({ q, set }: { readonly q: EventQuery; readonly set: (next: EventQuery) => void }) {
  const [search, setSearch] = useSearchText(q.search, (text) => set({ ...q, search: text }));
  return (
    <form
      class="filters"
      role="search"
      aria-label="Filter events"
      onSubmit={(e) => {
        e.preventDefault();
        set({ ...q, search });
      }}
    >
      <PeriodPicker name="events-period" value={q.period} onChange={(period) => set({ ...q, period })} />
      <SearchField value={search} onInput={setSearch} />
      <Select
        label="Feature"
        value={q.feature}
        onChange={(v) => set({ ...q, feature: v as EventQuery['feature'] })}
        options={[
          { value: '', label: 'Any' },
          { value: 'registration', label: 'Registration' },
          { value: 'reset', label: 'Reset' },
        ]}
      />
      <Select
        label="Status"
        value={q.status}
        onChange={(v) => set({ ...q, status: v as EventQuery['status'] })}
        options={[
          { value: '', label: 'Any' },
          { value: 'success', label: 'Success' },
          { value: 'failure', label: 'Failure' },
        ]}
      />
      <Select
        label="Method used"
        value={q.method}
        onChange={(v) => set({ ...q, method: v })}
        options={[{ value: '', label: 'Any' }, ...USAGE_METHODS.map((m) => ({ value: m, label: `${methodLabel(m)} (${m})` }))]}
      />
      <Select
        label="Order"
        value={q.orderBy === '' ? '' : `${q.orderBy}${q.descending ? ' desc' : ''}`}
        onChange={(v) => {
          const [orderBy = '', dir] = v.split(' ');
          set({ ...q, orderBy: orderBy as EventQuery['orderBy'], descending: dir === 'desc' });
        }}
        options={[
          { value: '', label: 'Newest first' },
          { value: 'userDisplayName', label: 'User name A–Z' },
          { value: 'userDisplayName desc', label: 'User name Z–A' },
          { value: 'userPrincipalName', label: 'UPN A–Z' },
          { value: 'userPrincipalName desc', label: 'UPN Z–A' },
        ]}
      />
      <button
        type="button"
        class="link"
        onClick={() => {
          setSearch('');
          set({ ...q, search: '', feature: '', status: '', method: '' });
        }}
      >
        Clear filters
      </button>
    </form>
  );
}

export function EventsView({ client, params }: { readonly client: GraphClient; readonly params: URLSearchParams }) {
  const q = eventQueryFromParams(params);
  const set = (next: EventQuery) => replaceRoute('events', eventQueryToParams(next));
  const { shown, setShown, visible } = useListColumns('amr.events.columns', COLUMNS, DEFAULT_COLUMNS);
  const key = params.toString();
  // The window's start is fixed when the filters are set, so paging does not shift it.
  const filter = useMemo(() => eventFilter(q, new Date()), [key]);
  const options = { $filter: filter, $orderby: eventOrderBy(q), $count: true };
  const paged = usePagedList<UserEvent>(client, eventsPath({ ...options, $top: PAGE_SIZE }), PAGE_SIZE);
  const onSort = sortToggle(q, set);
  return (
    <>
      <h2>Registration and reset events</h2>
      <Filters q={q} set={set} />
      <div class="list-tools">
        <ColumnPicker columns={COLUMNS} shown={shown} onChange={setShown} />
        <ExportCsv
          client={client}
          noun="events"
          columns={COLUMNS}
          total={paged.count}
          firstPath={eventsPath({ ...options, $top: 1000 })}
          fileName={`amr-events-${new Date().toISOString().slice(0, 10)}.csv`}
        />
      </div>
      <p class="muted filter-text">
        Filter: <code data-testid="filter">{filter}</code>
      </p>
      <PagedTable
        paged={paged}
        noun="events"
        caption="Registration and reset events"
        columns={visible}
        rowKey={(e) => e.id}
        sorting={{ property: q.orderBy, descending: q.descending, onSort }}
        empty={
          <>
            No event matches. Widen the window or clear a filter; events come from imported audit logs (<code>npx amr import audit.json</code>).
          </>
        }
      />
    </>
  );
}
