// User registration details: search by name or UPN, a filter per column, sort by name or UPN,
// selectable columns, paging over the server's $skiptoken, and a CSV export of the whole filter.
import type { GraphClient } from '../api/graph';
import { usersPath, type UserRegistrationDetails as User } from '../api/reports';
import { REGISTERED_METHODS, methodLabel } from '../model/methods';
import { USER_FLAGS, userFilter, userOrderBy, userQueryFromParams, userQueryToParams, type UserFlag, type UserQuery } from '../model/user-query';
import { ANY_YES_NO, Select } from './controls';
import { formatDateTime } from './format';
import { SearchField, sortToggle, useListColumns, usePagedList, useSearchText, type Column } from './list-parts';
import { FilteredUserList } from './user-list';
import { replaceRoute } from './route';

const PAGE_SIZE = 50;
const EXPORT_PAGE_SIZE = 1000;

const FLAG_LABELS: Readonly<Record<UserFlag, string>> = {
  isAdmin: 'Admin',
  isMfaRegistered: 'MFA registered',
  isMfaCapable: 'MFA capable',
  isPasswordlessCapable: 'Passwordless capable',
  isSsprRegistered: 'SSPR registered',
  isSsprEnabled: 'SSPR enabled',
  isSsprCapable: 'SSPR capable',
};

const yesNo = (v: boolean | null): string => (v === null ? '' : v ? 'Yes' : 'No');
const flagColumn = (key: UserFlag): Column<User> => ({
  key,
  label: FLAG_LABELS[key],
  value: (u) => u[key],
  render: (u) => <span class={u[key] ? 'yes' : 'no'}>{yesNo(u[key])}</span>,
});
const methods = (values: readonly string[]): string => values.map(methodLabel).join(', ');

/** Every property of the beta resource, in Graph's wire order (the export writes them all). */
const COLUMNS: readonly Column<User>[] = [
  { key: 'userDisplayName', label: 'Name', value: (u) => u.userDisplayName, sort: 'userDisplayName' },
  { key: 'userPrincipalName', label: 'User principal name', value: (u) => u.userPrincipalName, sort: 'userPrincipalName' },
  { key: 'userType', label: 'User type', value: (u) => u.userType },
  ...USER_FLAGS.map(flagColumn),
  { key: 'methodsRegistered', label: 'Methods registered', wrap: true, value: (u) => u.methodsRegistered, render: (u) => methods(u.methodsRegistered) },
  { key: 'defaultMfaMethod', label: 'Default MFA method', value: (u) => u.defaultMfaMethod, render: (u) => methodLabel(u.defaultMfaMethod) },
  {
    key: 'isSystemPreferredAuthenticationMethodEnabled',
    label: 'System-preferred MFA on',
    value: (u) => u.isSystemPreferredAuthenticationMethodEnabled,
    render: (u) => yesNo(u.isSystemPreferredAuthenticationMethodEnabled),
  },
  { key: 'systemPreferredAuthenticationMethods', label: 'System-preferred method', value: (u) => u.systemPreferredAuthenticationMethods },
  {
    key: 'userPreferredMethodForSecondaryAuthentication',
    label: 'User-preferred method',
    value: (u) => u.userPreferredMethodForSecondaryAuthentication,
    render: (u) => methodLabel(u.userPreferredMethodForSecondaryAuthentication),
  },
  { key: 'lastUpdatedDateTime', label: 'Row refreshed', value: (u) => u.lastUpdatedDateTime, render: (u) => formatDateTime(u.lastUpdatedDateTime) },
  { key: 'id', label: 'Object id', value: (u) => u.id },
];
const DEFAULT_COLUMNS = [
  'userDisplayName',
  'userPrincipalName',
  'userType',
  'isAdmin',
  'isMfaCapable',
  'isPasswordlessCapable',
  'isSsprCapable',
  'methodsRegistered',
];

function Filters({ q, set }: { readonly q: UserQuery; readonly set: (next: UserQuery) => void }) {
  const [search, setSearch] = useSearchText(q.search, (text) => set({ ...q, search: text }));
  const flag = (f: UserFlag, v: string) => {
    const flags = { ...q.flags };
    if (v === '') delete flags[f];
    else flags[f] = v === 'true';
    set({ ...q, flags });
  };
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
        label="User type"
        value={q.userType}
        onChange={(v) => set({ ...q, userType: v as UserQuery['userType'] })}
        options={[
          { value: '', label: 'Any' },
          { value: 'member', label: 'Member' },
          { value: 'guest', label: 'Guest' },
        ]}
      />
      {USER_FLAGS.map((f) => (
        <Select label={FLAG_LABELS[f]} value={q.flags[f] === undefined ? '' : String(q.flags[f])} options={ANY_YES_NO} onChange={(v) => flag(f, v)} />
      ))}
      <Select
        label="Method registered"
        value={q.method}
        onChange={(v) => set({ ...q, method: v })}
        options={[{ value: '', label: 'Any' }, ...REGISTERED_METHODS.map((m) => ({ value: m, label: methodLabel(m) }))]}
      />
      <button
        type="button"
        class="link"
        onClick={() => {
          setSearch('');
          set({ ...q, search: '', userType: '', flags: {}, method: '', privilegedOnly: false });
        }}
      >
        Clear filters
      </button>
    </form>
  );
}

export function UsersView({ client, params }: { readonly client: GraphClient; readonly params: URLSearchParams }) {
  const q = userQueryFromParams(params);
  const set = (next: UserQuery) => replaceRoute('users', userQueryToParams(next));
  const { shown, setShown, visible } = useListColumns('amr.users.columns', COLUMNS, DEFAULT_COLUMNS);
  const filter = userFilter(q);
  const select = ['id', ...visible.map((c) => c.key).filter((k) => k !== 'id')].join(',');
  const paged = usePagedList<User>(client, usersPath({ $filter: filter, $orderby: userOrderBy(q), $top: PAGE_SIZE, $count: true, $select: select }), PAGE_SIZE);
  const onSort = sortToggle(q, set);
  return (
    <>
      <h2>User registration details</h2>
      <Filters q={q} set={set} />
      {q.privilegedOnly ? (
        <p class="note">
          Opened from a count of privileged admins: this list shows every admin, because Graph’s user list has no property for the nine privileged roles.
        </p>
      ) : null}
      <FilteredUserList
        client={client}
        columns={COLUMNS}
        shown={shown}
        setShown={setShown}
        visible={visible}
        paged={paged}
        filter={filter}
        exportPath={usersPath({ $filter: filter, $orderby: userOrderBy(q), $top: EXPORT_PAGE_SIZE, $count: true })}
        fileStem="amr-users"
        caption="Users and their registration state"
        sorting={{ property: q.orderBy, descending: q.descending, onSort }}
      />
    </>
  );
}
