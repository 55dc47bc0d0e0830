// The body both user lists share (userRegistrationDetails and userProtection): column picker, CSV
// export of the whole filter, the filter as sent, and the paged, sortable table.
import type { ComponentChildren } from 'preact';
import type { GraphClient } from '../api/graph';
import { ColumnPicker, ExportCsv, PagedTable, type Column, type Paged, type Sorting } from './list-parts';

export function FilteredUserList<T extends { readonly id: string }>({
  client,
  columns,
  shown,
  setShown,
  visible,
  paged,
  filter,
  exportPath,
  fileStem,
  caption,
  sorting,
  notes,
}: {
  readonly client: GraphClient;
  readonly columns: readonly Column<T>[];
  readonly shown: ReadonlySet<string>;
  readonly setShown: (shown: ReadonlySet<string>) => void;
  readonly visible: readonly Column<T>[];
  readonly paged: Paged<T>;
  /** The $filter sent, or null for every listed user. */
  readonly filter: string | null;
  /** The first page of the export (1,000 rows a page, with $count). */
  readonly exportPath: string;
  /** The CSV's name before the date, e.g. amr-users. */
  readonly fileStem: string;
  readonly caption: string;
  readonly sorting: Sorting;
  /** Shown between the tools and the table (notes about what the list shows). */
  readonly notes?: ComponentChildren;
}) {
  return (
    <>
      <div class="list-tools">
        <ColumnPicker columns={columns} shown={shown} onChange={setShown} />
        <ExportCsv
          client={client}
          noun="users"
          columns={columns}
          total={paged.count}
          firstPath={exportPath}
          fileName={`${fileStem}-${new Date().toISOString().slice(0, 10)}.csv`}
        />
      </div>
      {notes}
      <p class="muted filter-text">
        {filter === null ? (
          'Every listed user.'
        ) : (
          <>
            Filter: <code data-testid="filter">{filter}</code>
          </>
        )}
      </p>
      <PagedTable
        paged={paged}
        noun="users"
        caption={caption}
        columns={visible}
        rowKey={(u) => u.id}
        sorting={sorting}
        empty="No user matches these filters. Clear a filter to see more."
      />
    </>
  );
}
