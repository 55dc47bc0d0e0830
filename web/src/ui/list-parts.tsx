// What the two lists share: server-side paging over @odata.nextLink, the column picker, a table
// with sortable name columns, the search box, and the CSV export that follows every page with its
// progress.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { GraphClient, Page } from '../api/graph';
import { csvLine } from '../model/csv';
import { formatCount } from './format';
import { useLoad, type Loaded } from './hooks';
import { Problem } from './problem';

export interface Column<T> {
  readonly key: string;
  readonly label: string;
  readonly value: (row: T) => unknown;
  readonly render?: (row: T) => ComponentChildren;
  /** The $orderby property this column sorts by. */
  readonly sort?: string;
  readonly numeric?: boolean;
  /** Long text (method lists, failure reasons) wraps; other cells keep to one line. */
  readonly wrap?: boolean;
}

export interface Paged<T> {
  readonly page: Loaded<Page<T>>;
  readonly index: number;
  readonly pageSize: number;
  readonly count: number | null;
  readonly next: (() => void) | null;
  readonly previous: (() => void) | null;
}

/**
 * One page at a time: the first from `firstPath`, the next from the server's nextLink (its keyset
 * $skiptoken), earlier ones from the links already seen. A new `firstPath` starts again at page 1.
 */
export function usePagedList<T>(client: GraphClient, firstPath: string, pageSize: number): Paged<T> {
  const [state, setState] = useState<{ readonly first: string; readonly links: readonly string[]; readonly count: number | null }>({
    first: firstPath,
    links: [firstPath],
    count: null,
  });
  const current = state.first === firstPath ? state : { first: firstPath, links: [firstPath], count: null };
  const link = current.links[current.links.length - 1]!;
  const page = useLoad((signal) => client.page<T>(link, { signal }), [client, link]);
  const loadedCount = page.state === 'ready' ? page.data.count : null;
  useEffect(() => {
    if (loadedCount !== null && loadedCount !== current.count) setState({ ...current, count: loadedCount });
  }, [loadedCount, firstPath]);
  const nextLink = page.state === 'ready' ? page.data.nextLink : null;
  return {
    page,
    index: current.links.length - 1,
    pageSize,
    count: loadedCount ?? current.count,
    next: nextLink === null ? null : () => setState({ ...current, links: [...current.links, nextLink] }),
    previous: current.links.length < 2 ? null : () => setState({ ...current, links: current.links.slice(0, -1) }),
  };
}

export function Pager<T>({ paged, noun }: { readonly paged: Paged<T>; readonly noun: string }) {
  const rows = paged.page.state === 'ready' ? paged.page.data.value.length : 0;
  const from = paged.index * paged.pageSize + (rows === 0 ? 0 : 1);
  const to = paged.index * paged.pageSize + rows;
  return (
    <div class="pager">
      <p role="status" data-testid="list-status">
        {paged.page.state === 'loading' ? (
          'Loading…'
        ) : paged.count === null ? (
          `${noun} ${formatCount(from)}–${formatCount(to)}`
        ) : (
          <>
            <span data-testid="list-count" data-count={paged.count}>
              {formatCount(paged.count)}
            </span>{' '}
            {noun}
            {paged.count === 0 ? '' : `, showing ${formatCount(from)}–${formatCount(to)}`}
          </>
        )}
      </p>
      <div class="buttons">
        <button type="button" disabled={paged.previous === null} onClick={() => paged.previous?.()}>
          Previous page
        </button>
        <button type="button" disabled={paged.next === null} onClick={() => paged.next?.()}>
          Next page
        </button>
      </div>
    </div>
  );
}

export function ColumnPicker<T>({
  columns,
  shown,
  onChange,
}: {
  readonly columns: readonly Column<T>[];
  readonly shown: ReadonlySet<string>;
  readonly onChange: (shown: ReadonlySet<string>) => void;
}) {
  const toggle = (key: string, on: boolean) => {
    const next = new Set(shown);
    if (on) next.add(key);
    else next.delete(key);
    if (next.size > 0) onChange(next);
  };
  return (
    <details class="columns">
      <summary>
        Columns ({shown.size} of {columns.length})
      </summary>
      <fieldset>
        <legend class="visually-hidden">Columns to show</legend>
        {columns.map((c) => (
          <label>
            <input type="checkbox" checked={shown.has(c.key)} onChange={(e) => toggle(c.key, e.currentTarget.checked)} /> {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

export interface Sorting {
  readonly property: string;
  readonly descending: boolean;
  readonly onSort: (property: string) => void;
}

/** A list's body: the pager, then the failure, the page as a table, or what to do when it is empty. */
export function PagedTable<T>({
  paged,
  noun,
  caption,
  columns,
  rowKey,
  sorting,
  empty,
}: {
  readonly paged: Paged<T>;
  readonly noun: string;
  readonly caption: string;
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  readonly sorting: Sorting;
  readonly empty: ComponentChildren;
}) {
  const { page } = paged;
  return (
    <>
      <Pager paged={paged} noun={noun} />
      {page.state === 'failed' ? <Problem error={page.error} /> : null}
      {page.state === 'ready' ? (
        page.data.value.length === 0 ? (
          <div class="empty">
            <p>{empty}</p>
          </div>
        ) : (
          <Table caption={caption} columns={columns} rows={page.data.value} rowKey={rowKey} sorting={sorting} />
        )
      ) : null}
    </>
  );
}

const cell = <T,>(c: Column<T>, row: T): ComponentChildren => (c.render ? c.render(row) : String(c.value(row) ?? ''));

export function Table<T>({
  caption,
  columns,
  rows,
  sorting,
  rowKey,
}: {
  readonly caption: string;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly sorting: Sorting;
  readonly rowKey: (row: T) => string;
}) {
  const sortState = (c: Column<T>) => (c.sort === undefined || c.sort !== sorting.property ? undefined : sorting.descending ? 'descending' : 'ascending');
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="list">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.numeric ? 'num' : ''} aria-sort={sortState(c)}>
                {c.sort === undefined ? (
                  c.label
                ) : (
                  <button type="button" class="sort" onClick={() => sorting.onSort(c.sort!)}>
                    {c.label}
                    <span aria-hidden="true">{sortState(c) === 'ascending' ? ' ▲' : sortState(c) === 'descending' ? ' ▼' : ' ↕'}</span>
                  </button>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td class={c.numeric ? 'num' : ''}>{c.wrap ? <div class="cell-wrap">{cell(c, row)}</div> : cell(c, row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type ExportState =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly rows: number }
  | { readonly state: 'done'; readonly rows: number; readonly file: string }
  | { readonly state: 'failed'; readonly rows: number; readonly message: string };

/** Every page of `firstPath` (1,000 rows a page) written into one CSV file, with progress and cancel. */
export function ExportCsv<T>({
  client,
  firstPath,
  columns,
  total,
  fileName,
  noun,
}: {
  readonly client: GraphClient;
  readonly firstPath: string;
  readonly columns: readonly Column<T>[];
  readonly total: number | null;
  readonly fileName: string;
  readonly noun: string;
}) {
  const [state, setState] = useState<ExportState>({ state: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    // A BOM so that spreadsheet programs read the UTF-8 names correctly.
    const parts: string[] = [`\uFEFF${csvLine(columns.map((c) => c.key))}`];
    let rows = 0;
    setState({ state: 'running', rows });
    try {
      for (let link: string | null = firstPath; link !== null;) {
        const page: Page<T> = await client.page<T>(link, { signal: controller.signal });
        parts.push(page.value.map((r) => csvLine(columns.map((c) => c.value(r)))).join(''));
        rows += page.value.length;
        setState({ state: 'running', rows });
        link = page.nextLink;
      }
      const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ state: 'done', rows, file: fileName });
    } catch (err) {
      setState(
        controller.signal.aborted
          ? { state: 'failed', rows, message: 'Export cancelled.' }
          : { state: 'failed', rows, message: `The export stopped after ${formatCount(rows)} ${noun}: ${(err as Error).message}` },
      );
    }
  };
  const running = state.state === 'running';
  return (
    <div class="export">
      {running ? (
        <button type="button" onClick={() => abort.current?.abort()}>
          Cancel export
        </button>
      ) : (
        <button
          type="button"
          onClick={() => {
            void start();
          }}
        >
          Export CSV
        </button>
      )}
      <span role="status" aria-live="polite" data-testid="export-status">
        {state.state === 'running' ? (
          <>
            <progress max={total ?? undefined} value={state.rows} aria-label="Export progress" /> {formatCount(state.rows)}
            {total === null ? '' : ` of ${formatCount(total)}`} {noun}
          </>
        ) : null}
        {state.state === 'done' ? `Exported ${formatCount(state.rows)} ${noun} to ${state.file}.` : null}
        {state.state === 'failed' ? state.message : null}
      </span>
    </div>
  );
}

/** Column choice kept across visits in localStorage (not the token: nothing secret). */
export function useShownColumns(
  storageKey: string,
  defaults: readonly string[],
  known: readonly string[],
): [ReadonlySet<string>, (s: ReadonlySet<string>) => void] {
  const [shown, setShown] = useState<ReadonlySet<string>>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as unknown;
      if (Array.isArray(saved)) {
        const valid = saved.filter((k): k is string => typeof k === 'string' && known.includes(k));
        if (valid.length > 0) return new Set(valid);
      }
    } catch {
      // A damaged entry: fall back to the defaults.
    }
    return new Set(defaults);
  });
  const update = (next: ReadonlySet<string>) => {
    setShown(next);
    try {
      localStorage.setItem(storageKey, JSON.stringify([...next]));
    } catch {
      /* storage off: keep it for this visit */
    }
  };
  return [shown, update];
}

/** The columns a list shows (chosen, kept across visits), in the list's own order. */
export function useListColumns<T>(storageKey: string, columns: readonly Column<T>[], defaults: readonly string[]) {
  const [shown, setShown] = useShownColumns(
    storageKey,
    defaults,
    columns.map((c) => c.key),
  );
  return { shown, setShown, visible: columns.filter((c) => shown.has(c.key)) };
}

/** A column header's sort: another property sorts ascending, the same one again flips the direction. */
export function sortToggle<Q extends { readonly orderBy: string; readonly descending: boolean }>(q: Q, set: (next: Q) => void): (property: string) => void {
  return (property) => set({ ...q, orderBy: property, descending: q.orderBy === property ? !q.descending : false });
}

/** The search box: follows the query's search, and sets it after a short pause in typing, not on every key. */
export function useSearchText(current: string, commit: (search: string) => void): [string, (text: string) => void] {
  const [search, setSearch] = useState(current);
  useEffect(() => setSearch(current), [current]);
  useEffect(() => {
    if (search === current) return undefined;
    const timer = setTimeout(() => commit(search), 300);
    return () => clearTimeout(timer);
  }, [search]);
  return [search, setSearch];
}

export function SearchField({ value, onInput }: { readonly value: string; readonly onInput: (text: string) => void }) {
  return (
    <label class="field search">
      <span>Name or UPN starts with</span>
      <input type="search" value={value} onInput={(e) => onInput(e.currentTarget.value)} autoComplete="off" />
    </label>
  );
}
