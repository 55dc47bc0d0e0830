// The page: sign-in until there is a token, then the header (tenant, identity, expiry), the five
// views and the view the address names. A 401 or the token's expiry drops the token and asks again;
// an oidc sign-in with a refresh token is renewed before it expires, without leaving the page.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiProblem, GraphClient } from '../api/graph';
import type { Callback } from '../api/oidc';
import type { Session } from '../api/session';
import { AlertsView } from './alerts-view';
import { EventsView } from './events-view';
import { formatTime } from './format';
import { href, useRoute, type View } from './route';
import { ProtectionUsersView } from './protection-users-view';
import { ProtectionView } from './protection-view';
import { RegistrationView } from './registration-view';
import { SignIn } from './sign-in';
import { TenantsView } from './tenants-view';
import { TrendsView } from './trends-view';
import { UsageView } from './usage-view';
import { UsersView } from './users-view';

/** The hash holds the route, so the skip link moves focus itself instead of changing the address. */
function SkipLink() {
  const skip = (e: Event) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  };
  return (
    <a class="skip" href="#main" onClick={skip}>
      Skip to content
    </a>
  );
}

const NAV: readonly { readonly view: View; readonly label: string }[] = [
  { view: 'registration', label: 'Registration' },
  { view: 'usage', label: 'Usage' },
  { view: 'trends', label: 'Trends' },
  { view: 'protection', label: 'Protection' },
  { view: 'alerts', label: 'Alerts' },
  { view: 'users', label: 'User registration details' },
  { view: 'events', label: 'Registration and reset events' },
  // Always listed: the page itself says who may see it, and takes the admin key (decision 0098).
  { view: 'tenants', label: 'Tenants' },
];

function Header({ session, onSignOut }: { readonly session: Session; readonly onSignOut: () => void }) {
  return (
    <header class="top">
      <div class="brand">
        <span class="logo" aria-hidden="true">
          amr
        </span>{' '}
        Authentication methods activity
      </div>
      <dl class="who" aria-label="Signed in">
        <div>
          <dt>Tenant</dt>
          <dd data-testid="tenant">
            {session.tenantName ?? session.tenantId} {session.tenantName === null ? null : <span class="muted">({session.tenantId})</span>}
          </dd>
        </div>
        <div>
          <dt>Signed in as</dt>
          <dd data-testid="identity">
            {session.identity}
            {session.how === 'demo' ? ' (demo)' : ''}, until {formatTime(session.expiresAt)}
            {session.renew === undefined ? '' : ' (renewed automatically)'}
          </dd>
        </div>
      </dl>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}

/** A list opened from a tab belongs to that tab in the navigation and the title. */
const navView = (view: View): View => (view === 'protectionUsers' ? 'protection' : view);

function Nav({ current }: { readonly current: View }) {
  return (
    <nav aria-label="Reports">
      <ul>
        {NAV.map((n) => (
          <li>
            <a href={href(n.view)} aria-current={n.view === current ? 'page' : n.view === navView(current) ? 'true' : undefined}>
              {n.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** When to renew: a quarter of the token's lifetime before it ends, at most five minutes before. */
export function renewalDelay(session: Session, now: number): number {
  const lifetime = session.expiresAt - (session.issuedAt ?? now);
  return Math.max(0, session.expiresAt - Math.min(300_000, lifetime / 4) - now);
}

export function App({ callback: initialCallback = null }: { readonly callback?: Callback | null }) {
  const [session, setSession] = useState<Session | null>(null);
  /** A new sign-in (not a renewal) makes a new client, and so reloads the view. */
  const [signIns, setSignIns] = useState(0);
  const [notice, setNotice] = useState<ApiProblem | null>(null);
  const [callback, setCallback] = useState<Callback | null>(initialCallback);
  const route = useRoute();
  const token = useRef('');
  token.current = session?.token ?? '';
  const signOut = (why: ApiProblem | null) => {
    setSession(null);
    setNotice(why);
  };
  const signedOut = session === null;
  const client = useMemo(
    () =>
      signedOut
        ? null
        : new GraphClient(
            () => token.current,
            (p) => signOut(p),
          ),
    [signIns, signedOut],
  );

  useEffect(() => {
    if (session === null) return undefined;
    let current = true;
    const expire = () => signOut(new ApiProblem('expired', 401, 'InvalidAuthenticationToken', 'The token has expired.'));
    const timers = [setTimeout(expire, Math.max(0, session.expiresAt - Date.now()))];
    const renew = session.renew;
    if (renew !== undefined) {
      // Renewed in place: the same client reads the new token. A failed renewal leaves the
      // expiry timer to ask for a new sign-in.
      timers.push(
        setTimeout(
          () => {
            renew().then(
              (next) => {
                if (current) setSession(next);
              },
              () => undefined,
            );
          },
          renewalDelay(session, Date.now()),
        ),
      );
    }
    return () => {
      current = false;
      timers.forEach(clearTimeout);
    };
  }, [session]);

  useEffect(() => {
    const label = route.view === 'protectionUsers' ? 'Users by protection' : (NAV.find((n) => n.view === route.view)?.label ?? '');
    document.title = session === null && route.view !== 'tenants' ? 'Sign in · amr' : `${label} · amr`;
  }, [route.view, session]);

  // The admin key is a credential of its own: the Tenants page answers before any sign-in (decision 0098).
  if ((session === null || client === null) && route.view === 'tenants' && callback === null && notice === null) {
    return (
      <>
        <SkipLink />
        <main id="main" tabIndex={-1}>
          <TenantsView client={null} params={route.params} />
        </main>
      </>
    );
  }
  if (session === null || client === null) {
    const signedIn = (s: Session) => {
      setNotice(null);
      setSignIns((n) => n + 1);
      setSession(s);
    };
    return (
      <>
        <SkipLink />
        <SignIn onSignedIn={signedIn} notice={notice} callback={callback} onCallbackUsed={() => setCallback(null)} />
      </>
    );
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
        {route.view === 'protection' ? <ProtectionView client={client} params={route.params} /> : null}
        {route.view === 'protectionUsers' ? <ProtectionUsersView client={client} params={route.params} /> : null}
        {route.view === 'alerts' ? <AlertsView client={client} /> : null}
        {route.view === 'users' ? <UsersView client={client} params={route.params} /> : null}
        {route.view === 'events' ? <EventsView client={client} params={route.params} /> : null}
        {route.view === 'tenants' ? <TenantsView client={client} params={route.params} /> : null}
      </main>
    </>
  );
}
