// Users by protection: amr's userProtection list behind every number of the Protection tab — search
// by name or UPN, class, department, user type and admin filters, the ready-made lists, sort, columns,
// paging over the server's nextLink and a CSV export of the whole filter (as the user list does).
import type { GraphClient } from '../api/graph';
import { STRENGTH_CLASSES, protectionPath, type UserProtection as Row } from '../api/amr';
import { STRENGTH_LABELS, groupByLabel } from '../model/breakdown';
import { methodLabel } from '../model/methods';
import {
  EMPTY_PROTECTION_QUERY,
  PRESETS,
  protectionFilter,
  protectionOrderBy,
  protectionQueryFromParams,
  protectionQueryToParams,
  type ProtectionQuery,
} from '../model/protection-query';
import { ANY_YES_NO, Select } from './controls';
import { formatDateTime } from './format';
import { SearchField, sortToggle, useListColumns, usePagedList, useSearchText, type Column } from './list-parts';
import { FilteredUserList } from './user-list';
import { href, replaceRoute } from './route';

const PAGE_SIZE = 50;
const EXPORT_PAGE_SIZE = 1000;

const yesNo = (v: boolean): string => (v ? 'Yes' : 'No');
const strength = (v: Row['usedStrength']): string => (v === null ? 'No sign-in in 30 days' : STRENGTH_LABELS[v]);
const methods = (values: readonly string[]): string => values.map(methodLabel).join(', ');
const flag = (key: 'isAdmin' | 'isPrivilegedAdmin' | 'isWeakMfaOnly', label: string): Column<Row> => ({
  key,
  label,
  value: (u) => u[key],
  render: (u) => <span class={u[key] ? 'yes' : 'no'}>{yesNo(u[key])}</span>,
});

/** Every property of a userProtection row, in its wire order (the export writes them all). */
const COLUMNS: readonly Column<Row>[] = [
  { key: 'userDisplayName', label: 'Name', value: (u) => u.userDisplayName, sort: 'userDisplayName' },
  { key: 'userPrincipalName', label: 'User principal name', value: (u) => u.userPrincipalName, sort: 'userPrincipalName' },
  { key: 'userType', label: 'User type', value: (u) => u.userType },
  { key: 'department', label: 'Department', value: (u) => u.department },
  { key: 'companyName', label: 'Company', value: (u) => u.companyName },
  flag('isAdmin', 'Admin'),
  flag('isPrivilegedAdmin', 'Privileged admin'),
  { key: 'registeredStrength', label: 'Registered strength', value: (u) => u.registeredStrength, render: (u) => STRENGTH_LABELS[u.registeredStrength] },
  { key: 'usedStrength', label: 'Used strength (30 days)', value: (u) => u.usedStrength, render: (u) => strength(u.usedStrength) },
  flag('isWeakMfaOnly', 'Weak MFA only'),
  { key: 'staleMethods', label: 'Stale methods', wrap: true, value: (u) => u.staleMethods, render: (u) => methods(u.staleMethods) },
  { key: 'staleMethodCount', label: 'Stale method count', numeric: true, value: (u) => u.staleMethodCount },
  { key: 'methodsRegistered', label: 'Methods registered', wrap: true, value: (u) => u.methodsRegistered, render: (u) => methods(u.methodsRegistered) },
  { key: 'lastUpdatedDateTime', label: 'Row refreshed', value: (u) => u.lastUpdatedDateTime, render: (u) => formatDateTime(u.lastUpdatedDateTime) },
  { key: 'id', label: 'Object id', value: (u) => u.id },
];
const DEFAULT_COLUMNS = [
  'userDisplayName',
  'userPrincipalName',
  'department',
  'isAdmin',
  'registeredStrength',
  'usedStrength',
  'staleMethods',
  'methodsRegistered',
];

function Filters({ q, set }: { readonly q: ProtectionQuery; readonly set: (next: ProtectionQuery) => void }) {
  const [search, setSearch] = useSearchText(q.search, (text) => set({ ...q, search: text }));
  return (
    <form
      class="filters"
      role="search"
      aria-label="Filter users"
      onSubmit={(e) => {
        e.preventDefault();
        set({ ...q, search });
      }}
    >
      <SearchField value={search} onInput={setSearch} />
      <Select
        label="Ready-made list"
        value={q.preset}
        onChange={(v) => set({ ...q, preset: v as ProtectionQuery['preset'] })}
        options={[{ value: '', label: 'None' }, ...PRESETS.map((p) => ({ value: p.preset, label: p.title }))]}
      />
      <Select
        label="Registered strength"
        value={q.strength}
        onChange={(v) => set({ ...q, strength: v as ProtectionQuery['strength'] })}
        options={[{ value: '', label: 'Any' }, ...STRENGTH_CLASSES.map((c) => ({ value: c, label: STRENGTH_LABELS[c] }))]}
      />
      <Select
        label="User type"
        value={q.userType}
        onChange={(v) => set({ ...q, userType: v as ProtectionQuery['userType'] })}
        options={[
          { value: '', label: 'Any' },
          { value: 'member', label: 'Member' },
          { value: 'guest', label: 'Guest' },
        ]}
      />
      <Select label="Admin" value={q.isAdmin} options={ANY_YES_NO} onChange={(v) => set({ ...q, isAdmin: v as ProtectionQuery['isAdmin'] })} />
      <button
        type="button"
        class="link"
        onClick={() => {
          setSearch('');
          set({ ...EMPTY_PROTECTION_QUERY, orderBy: q.orderBy, descending: q.descending });
        }}
      >
        Clear filters
      </button>
    </form>
  );
}

/** What the list is: the ready-made list's title, the department, or the bucket it cannot narrow to. */
function Heading({ q }: { readonly q: ProtectionQuery }) {
  const preset = PRESETS.find((p) => p.preset === q.preset);
  return (
    <>
      <h2>{preset?.title ?? 'Users by protection'}</h2>
      {q.preset === 'enforcePhishingResistant' ? (
        <p class="note" data-testid="what-if-note">
          These users have registered no phishing-resistant method: if a Conditional Access policy required phishing-resistant MFA strength tomorrow, each of
          them would be stopped at their next sign-in until they register a FIDO2 key or passkey, Windows Hello for Business or a platform credential.
        </p>
      ) : null}
      {q.department !== undefined ? <p class="muted">Department: {q.department ?? '(none)'}</p> : null}
      {q.bucket !== null ? (
        <p class="note" data-testid="bucket-note">
          Opened from the {groupByLabel(q.bucket.groupBy).toLowerCase()} “{q.bucket.name}”: this list shows every user of the class, not only that{' '}
          {groupByLabel(q.bucket.groupBy).toLowerCase()}’s, because the userProtection list has no {groupByLabel(q.bucket.groupBy).toLowerCase()} property to
          filter on.
        </p>
      ) : null}
      <p>
        <a href={href('protection')}>Back to Protection</a>
      </p>
    </>
  );
}

export function ProtectionUsersView({ client, params }: { readonly client: GraphClient; readonly params: URLSearchParams }) {
  const q = protectionQueryFromParams(params);
  const set = (next: ProtectionQuery) => replaceRoute('protectionUsers', protectionQueryToParams(next));
  const { shown, setShown, visible } = useListColumns('amr.protection.columns', COLUMNS, DEFAULT_COLUMNS);
  const filter = protectionFilter(q);
  const select = ['id', ...visible.map((c) => c.key).filter((k) => k !== 'id')].join(',');
  const paged = usePagedList<Row>(
    client,
    protectionPath({ $filter: filter, $orderby: protectionOrderBy(q), $top: PAGE_SIZE, $count: true, $select: select }),
    PAGE_SIZE,
  );
  return (
    <>
      <Heading q={q} />
      <Filters q={q} set={set} />
      <FilteredUserList
        client={client}
        columns={COLUMNS}
        shown={shown}
        setShown={setShown}
        visible={visible}
        paged={paged}
        filter={filter}
        exportPath={protectionPath({ $filter: filter, $orderby: protectionOrderBy(q), $top: EXPORT_PAGE_SIZE, $count: true })}
        fileStem="amr-protection"
        caption="Users and their protection"
        sorting={{ property: q.orderBy, descending: q.descending, onSort: sortToggle(q, set) }}
      />
    </>
  );
}
