// Tenants (issue 15 item 5, decision 0098): every tenant's coverage, weak-only and stale counts,
// admins without a phishing-resistant method, open alerts and trend, from GET /amr/v1/tenants/overview,
// for an operator. The page asks with the signed-in token (an operator group in its groups claim) or,
// when the tab holds one, with the admin key; a refusal says what makes a caller an operator and
// offers the key. Lines are paged by the server ("Load more") and sorted here, among those loaded.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiProblem, type GraphClient } from '../api/graph';
import { loadOverviewPage, storeAdminKey, storedAdminKey, type OverviewLine, type OverviewSource } from '../api/overview';
import { sortTenants, tenantSortFromParams, tenantSortToParams, type TenantSort } from '../model/tenant-order';
import { formatCount } from './format';
import { Table } from './list-parts';
import { Loading, Problem } from './problem';
import { href, replaceRoute } from './route';
import { TENANT_COLUMNS } from './tenant-cells';
import './tenants.css';

interface OverviewState {
  /** Whose answer this is: a state left from another source is never read as the new one's. */
  readonly from: OverviewSource | null;
  readonly lines: readonly OverviewLine[];
  /** The next page's link; while a "load more" failed, the link to retry. */
  readonly next: string | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly error: unknown;
}
const START: OverviewState = { from: null, lines: [], next: null, status: 'idle', error: null };

/** The overview's pages, appended as they are asked for; a new source starts again from the first. */
function useOverview(source: OverviewSource | null) {
  const [state, setState] = useState<OverviewState>(START);
  const inFlight = useRef<AbortController | null>(null);
  const fetchPage = (from: OverviewSource, link: string | null, before: readonly OverviewLine[]) => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setState({ from, lines: before, next: null, status: 'loading', error: null });
    loadOverviewPage(from, link, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) setState({ from, lines: [...before, ...page.value], next: page.nextLink, status: 'ready', error: null });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ from, lines: before, next: link, status: 'failed', error });
      },
    );
  };
  useEffect(() => {
    if (source === null) setState(START);
    else fetchPage(source, null, []);
    return () => inFlight.current?.abort();
  }, [source]);
  // Until the effect has started the new source's load, the state is the previous source's.
  const current: OverviewState = state.from === source ? state : { ...START, from: source, status: source === null ? 'idle' : 'loading' };
  const more = current.next;
  return { ...current, loadMore: source !== null && more !== null && current.status !== 'loading' ? () => fetchPage(source, more, current.lines) : null };
}

/** Who may see this page, said plainly (decision 0097). */
function WhoMay() {
  return (
    <p>
      The tenants overview is for <strong>operators</strong> of this amr server: whoever holds its admin key (<code>AMR_ADMIN_KEY</code>), or a signed-in user
      whose token’s <code>groups</code> claim holds one of the group ids in <code>AMR_OPERATOR_GROUPS</code> (in Entra: the app registration emits group claims,
      and the user is a member of one of those groups; in dev mode: <code>npx amr token --groups &lt;id&gt;</code>). A tenant’s report readers see their own
      tenant’s reports only.
    </p>
  );
}

function AdminKeyForm({ onKey }: { readonly onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <form
      class="sign-in-card key-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim() !== '') onKey(key.trim());
      }}
    >
      <h3>Use the admin key</h3>
      <p>
        Sent only to this server, as the <code>X-Amr-Admin-Key</code> header; kept in this tab until it closes (sessionStorage), never in the address.
      </p>
      <label class="field">
        <span>Admin key</span>
        <input type="password" value={key} autoComplete="off" spellcheck={false} onInput={(e) => setKey(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={key.trim() === ''}>
        Show the tenants
      </button>
    </form>
  );
}

/** Why the page cannot show the overview yet, and the key to offer. */
function Refused({ problem, signedIn, onKey }: { readonly problem: unknown; readonly signedIn: boolean; readonly onKey: (key: string) => void }) {
  return (
    <div data-testid="tenants-refused">
      {problem instanceof ApiProblem ? (
        <div class="problem" role="alert">
          <h3>This sign-in is not an operator’s</h3>
          <p>{problem.message}</p>
        </div>
      ) : null}
      <WhoMay />
      <AdminKeyForm onKey={onKey} />
      {signedIn ? null : (
        <p>
          Or <a href={href('registration')}>sign in</a> to see one tenant’s reports.
        </p>
      )}
    </div>
  );
}

export function TenantsView({ client, params }: { readonly client: GraphClient | null; readonly params: URLSearchParams }) {
  const [key, setKey] = useState<string | null>(storedAdminKey);
  /** Why the last key was dropped: amr refused it (401), or the admin API is off (403). */
  const [keyRefused, setKeyRefused] = useState<ApiProblem | null>(null);
  const source = useMemo<OverviewSource | null>(
    () => (key !== null ? { kind: 'key', key } : client !== null ? { kind: 'token', client } : null),
    [key, client],
  );
  const overview = useOverview(source);
  const useKey = (k: string | null) => {
    storeAdminKey(k);
    setKeyRefused(null);
    setKey(k);
  };
  const keyFailed = source?.kind === 'key' && overview.status === 'failed' && overview.lines.length === 0;
  const status = overview.error instanceof ApiProblem ? overview.error.status : 0;
  useEffect(() => {
    if (keyFailed && (status === 401 || status === 403)) {
      storeAdminKey(null);
      setKeyRefused(overview.error as ApiProblem);
      setKey(null);
    }
  }, [keyFailed, status]);
  const { by, descending } = tenantSortFromParams(params);
  const sorted = useMemo(() => sortTenants(overview.lines, by, descending), [overview.lines, by, descending]);
  const onSort = (property: string) => {
    const next = property as TenantSort;
    replaceRoute('tenants', tenantSortToParams(next, next === by ? !descending : false));
  };
  const tokenRefused = source?.kind === 'token' && overview.status === 'failed' && status === 403;

  return (
    <>
      <h2>Tenants</h2>
      <p class="muted">
        Every tenant this server holds: coverage, the weakest users, admins without a phishing-resistant method, open alerts, and the last 30 days.
      </p>
      {source?.kind === 'key' ? (
        <p class="key-in-use" data-testid="key-in-use">
          Using the admin key (kept in this tab only).{' '}
          <button type="button" class="link" onClick={() => useKey(null)}>
            Forget the admin key
          </button>
        </p>
      ) : null}
      {keyRefused instanceof ApiProblem ? (
        <div class="problem" role="alert" data-testid="key-refused">
          <h3>{keyRefused.status === 401 ? 'amr did not accept that admin key' : 'The admin key cannot be used here'}</h3>
          <p>{keyRefused.message}</p>
        </div>
      ) : null}
      {source === null || tokenRefused ? <Refused problem={tokenRefused ? overview.error : null} signedIn={client !== null} onKey={useKey} /> : null}
      {source !== null && overview.status === 'failed' && !tokenRefused && !keyFailed ? <Problem error={overview.error} /> : null}
      {source !== null && overview.status === 'loading' && overview.lines.length === 0 ? <Loading what="the tenants overview" /> : null}
      {overview.lines.length > 0 || overview.status === 'ready' ? (
        <>
          <p role="status" data-testid="tenant-count" data-count={overview.lines.length}>
            {overview.status === 'loading'
              ? 'Loading more tenants…'
              : `${formatCount(overview.lines.length)} ${overview.lines.length === 1 ? 'tenant' : 'tenants'}${overview.next === null ? '' : ' loaded; more to load'}`}
          </p>
          {overview.lines.length === 0 ? (
            <div class="empty" data-testid="no-tenants">
              <p>
                amr holds no tenant yet. Import a tenant snapshot with <code>npx amr import snapshot.json</code>, or create a demo tenant with{' '}
                <code>npx amr seed</code>, then reload.
              </p>
            </div>
          ) : (
            <>
              {overview.next !== null ? <p class="note">Sorting applies to the tenants loaded so far; load the rest to sort them all.</p> : null}
              <div class="tenants-table">
                <Table
                  caption="Tenants and their protection"
                  columns={TENANT_COLUMNS}
                  rows={sorted}
                  rowKey={(l) => l.tenantId}
                  sorting={{ property: by, descending, onSort }}
                />
              </div>
            </>
          )}
          {overview.next !== null ? (
            <button type="button" class="load-more" disabled={overview.loadMore === null} onClick={() => overview.loadMore?.()}>
              Load more tenants
            </button>
          ) : null}
        </>
      ) : null}
    </>
  );
}
