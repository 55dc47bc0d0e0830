// The page: sign-in until there is a token, then the header (tenant, identity, expiry), the five
// views and the view the address names. A 401 or the token's expiry drops the token and asks again.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiProblem, GraphClient } from '../api/graph';
import type { Session } from '../api/session';
import { EventsView } from './events-view';
import { formatTime } from './format';
import { href, useRoute, type View } from './route';
import { RegistrationView } from './registration-view';
import { SignIn } from './sign-in';
import { TrendsView } from './trends-view';
import { UsageView } from './usage-view';
import { UsersView } from './users-view';

/** The hash holds the route, so the skip link moves focus itself instead of changing the address. */
function SkipLink() {
  const skip = (e: Event) => { e.preventDefault(); document.getElementById('main')?.focus(); };
  return <a class="skip" href="#main" onClick={skip}>Skip to content</a>;
}

const NAV: readonly { readonly view: View; readonly label: string }[] = [
  { view: 'registration', label: 'Registration' },
  { view: 'usage', label: 'Usage' },
  { view: 'trends', label: 'Trends' },
  { view: 'users', label: 'User registration details' },
  { view: 'events', label: 'Registration and reset events' },
];

function Header({ session, onSignOut }: { readonly session: Session; readonly onSignOut: () => void }) {
  return (
    <header class="top">
      <div class="brand"><span class="logo" aria-hidden="true">amr</span> Authentication methods activity</div>
      <dl class="who" aria-label="Signed in">
        <div><dt>Tenant</dt><dd data-testid="tenant">{session.tenantName ?? session.tenantId} {session.tenantName === null ? null : <span class="muted">({session.tenantId})</span>}</dd></div>
        <div><dt>Signed in as</dt><dd data-testid="identity">{session.identity}{session.how === 'demo' ? ' (demo)' : ''}, until {formatTime(session.expiresAt)}</dd></div>
      </dl>
      <button type="button" onClick={onSignOut}>Sign out</button>
    </header>
  );
}

function Nav({ current }: { readonly current: View }) {
  return (
    <nav aria-label="Reports">
      <ul>
        {NAV.map((n) => <li><a href={href(n.view)} aria-current={n.view === current ? 'page' : undefined}>{n.label}</a></li>)}
      </ul>
    </nav>
  );
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [notice, setNotice] = useState<ApiProblem | null>(null);
  const route = useRoute();
  const signOut = (why: ApiProblem | null) => { setSession(null); setNotice(why); };
  const client = useMemo(() => (session === null ? null : new GraphClient(session.token, (p) => signOut(p))), [session]);

  useEffect(() => {
    if (session === null) return undefined;
    const expire = () => signOut(new ApiProblem('expired', 401, 'InvalidAuthenticationToken', 'The token has expired.'));
    const timer = setTimeout(expire, Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [session]);

  useEffect(() => {
    const label = NAV.find((n) => n.view === route.view)?.label ?? '';
    document.title = session === null ? 'Sign in · amr' : `${label} · amr`;
  }, [route.view, session]);

  if (session === null || client === null) {
    return <><SkipLink /><SignIn onSignedIn={(s) => { setNotice(null); setSession(s); }} notice={notice} /></>;
  }
  return (
    <>
      <SkipLink />
      <Header session={session} onSignOut={() => signOut(null)} />
      <Nav current={route.view} />
      <main id="main" tabIndex={-1}>
        {route.view === 'registration' ? <RegistrationView client={client} params={route.params} /> : null}
        {route.view === 'usage' ? <UsageView client={client} params={route.params} /> : null}
        {route.view === 'trends' ? <TrendsView client={client} params={route.params} /> : null}
        {route.view === 'users' ? <UsersView client={client} params={route.params} /> : null}
        {route.view === 'events' ? <EventsView client={client} params={route.params} /> : null}
      </main>
    </>
  );
}
