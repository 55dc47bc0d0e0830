// The sign-in screen: the demo sign-in (dev mode, this machine), the configured issuer's sign-in
// (oidc mode, authorization code with PKCE), or a pasted access token (any mode).
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/graph';
import { completeSignIn, startSignIn, type Callback, type OidcClientConfig } from '../api/oidc';
import { demoSignIn, loadSignInConfig, sessionFromToken, type Session, type SignInConfig } from '../api/session';
import { useLoad } from './hooks';
import { Loading, Problem } from './problem';

interface Props {
  readonly onSignedIn: (session: Session) => void;
  /** Why the page is asking again (the token expired, amr refused it). */
  readonly notice: ApiProblem | null;
  /** The authorization server's answer this page was opened with, until it has been used. */
  readonly callback: Callback | null;
  readonly onCallbackUsed: () => void;
}

function OidcSignIn({ config }: { readonly config: OidcClientConfig }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const host = new URL(config.authority).host;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await startSignIn(config); // navigates away
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form class="sign-in-card" onSubmit={submit} data-testid="oidc-sign-in">
      <h2>Sign in with your organization</h2>
      <p>amr checks tokens from its configured issuer. Sign in at <strong>{host}</strong> as a user with a reports role (Reports Reader, Security Reader, Global Reader…).
        The token stays in this tab’s memory and is renewed while the tab is open.</p>
      <button type="submit" class="primary" disabled={busy}>{busy ? 'Going to the sign-in page…' : 'Sign in'}</button>
      {error === null ? null : <Problem error={error} />}
    </form>
  );
}

function DemoSignIn({ config, onSignedIn }: { readonly config: SignInConfig; readonly onSignedIn: (s: Session) => void }) {
  const [tenant, setTenant] = useState(config.tenants[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (config.tenants.length === 0) {
    return (
      <div class="empty" data-testid="no-tenant">
        <h2>No data imported yet</h2>
        <p>amr holds no tenant. Create a demo tenant with a month of activity, or import your own tenant snapshot and logs:</p>
        <pre><code>npx amr seed{'\n'}npx amr import contoso.ndjson.gz signins.ndjson.gz</code></pre>
        <p>Then reload this page.</p>
      </div>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await demoSignIn(config.tenants.length > 1 ? tenant : null));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form class="sign-in-card" onSubmit={submit}>
      <h2>Demo sign-in</h2>
      <p>amr runs in <strong>dev mode</strong>: it signs a one-hour token for a Reports Reader with its own key. The token stays in this tab’s memory.</p>
      {config.tenants.length > 1 ? (
        <label class="field">
          <span>Tenant</span>
          <select value={tenant} onChange={(e) => setTenant(e.currentTarget.value)}>
            {config.tenants.map((t) => <option value={t.id}>{t.displayName ?? t.id} ({t.id})</option>)}
          </select>
        </label>
      ) : <p>Tenant: <strong>{config.tenants[0]!.displayName ?? config.tenants[0]!.id}</strong> <span class="muted">({config.tenants[0]!.id})</span></p>}
      <button type="submit" class="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in to the demo'}</button>
      {error === null ? null : <Problem error={error} />}
    </form>
  );
}

function TokenSignIn({ onSignedIn }: { readonly onSignedIn: (s: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    try {
      onSignedIn(sessionFromToken(token));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="sign-in-card" onSubmit={submit}>
      <h2>Use an access token</h2>
      <p>Paste a bearer token for this server: <code>npx amr token</code> prints one in dev mode; in oidc mode, a token from your issuer with <code>AuditLog.Read.All</code>.</p>
      <label class="field">
        <span>Access token</span>
        <textarea rows={3} value={token} spellcheck={false} autoComplete="off" onInput={(e) => setToken(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={token.trim() === ''}>Use this token</button>
      {error === null ? null : <Problem error={error} />}
    </form>
  );
}

function ModeNote({ config }: { readonly config: SignInConfig }) {
  if (config.authMode === 'oidc') {
    if (config.oidc !== null) return null;
    return (
      <p class="note" data-testid="oidc-note">This server accepts tokens from its configured issuer (<code>AMR_AUTH_MODE=oidc</code>), but the page’s own
        sign-in is not set up (<code>AMR_DASHBOARD_CLIENT_ID</code>, see the README); meanwhile, paste an access token below.</p>
    );
  }
  if (!config.devSignIn) {
    return <p class="note">The demo sign-in answers only on the machine amr runs on (open it as <code>http://localhost:…</code>). From here, paste a token from <code>npx amr token</code>.</p>;
  }
  return null;
}

/** Completes the sign-in whose answer the page was opened with, once the settings are known. */
function useCallbackCompletion(config: SignInConfig | null, callback: Callback | null, onCallbackUsed: () => void, onSignedIn: (s: Session) => void) {
  const [state, setState] = useState<{ readonly completing: boolean; readonly error: unknown }>({ completing: callback !== null, error: null });
  useEffect(() => {
    if (callback === null || config === null) return;
    onCallbackUsed();
    if (config.oidc === null) {
      setState({ completing: false, error: new ApiProblem('signIn', 0, 'SignInOff', 'This server has no dashboard sign-in configured (AMR_DASHBOARD_CLIENT_ID), so the sign-in answer was ignored.') });
      return;
    }
    completeSignIn(config.oidc, callback).then(
      ({ session, returnHash }) => {
        history.replaceState(null, '', `${location.pathname}${returnHash}`);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        onSignedIn(session);
      },
      (error: unknown) => setState({ completing: false, error }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the settings arrive
  }, [config, callback]);
  return state;
}

export function SignIn({ onSignedIn, notice, callback, onCallbackUsed }: Props) {
  const config = useLoad(() => loadSignInConfig(), []);
  const completion = useCallbackCompletion(config.state === 'ready' ? config.data : null, callback, onCallbackUsed, onSignedIn);
  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <h1><span class="logo" aria-hidden="true">amr</span> Authentication methods activity</h1>
      <p class="lead">Who can do MFA, reset their own password, or sign in without one; which methods they registered and use.</p>
      {notice === null ? null : <Problem error={notice} />}
      {completion.error === null ? null : <Problem error={completion.error} />}
      {config.state === 'loading' ? <Loading what="sign-in options" /> : null}
      {config.state === 'failed' ? <Problem error={config.error} /> : null}
      {config.state === 'ready' && completion.completing ? <p class="loading" role="status">Completing the sign-in…</p> : null}
      {config.state === 'ready' && !completion.completing ? (
        <>
          <ModeNote config={config.data} />
          <div class="sign-in-options">
            {config.data.devSignIn ? <DemoSignIn config={config.data} onSignedIn={onSignedIn} /> : null}
            {config.data.oidc !== null ? <OidcSignIn config={config.data.oidc} /> : null}
            <TokenSignIn onSignedIn={onSignedIn} />
          </div>
        </>
      ) : null}
    </main>
  );
}
