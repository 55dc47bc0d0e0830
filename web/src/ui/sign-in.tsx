// The sign-in screen: the demo sign-in (dev mode, this machine, with this run's sign-in code), the
// configured issuer's sign-in (oidc mode, authorization code with PKCE), or a pasted access token
// (any mode).
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/graph';
import { completeSignIn, startSignIn, type Callback, type OidcClientConfig } from '../api/oidc';
import { demoSignIn, loadSignInConfig, sessionFromToken, type Session, type SignInConfig } from '../api/session';
import { forgetSignInCode, useSignInCode } from '../api/sign-in-code';
import { useLoad } from './hooks';
import { Loading, Problem } from './problem';
import { ModeNote } from './sign-in-notes';

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
    <form class="sign-in-card" onSubmit={(e) => void submit(e)} data-testid="oidc-sign-in">
      <h2>Sign in with your organization</h2>
      <p>
        amr checks tokens from its configured issuer. Sign in at <strong>{host}</strong> as a user with a reports role (Reports Reader, Security Reader, Global
        Reader…). The token stays in this tab’s memory and is renewed while the tab is open.
      </p>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Going to the sign-in page…' : 'Sign in'}
      </button>
      {error === null ? null : <Problem error={error} />}
    </form>
  );
}

interface DemoProps {
  readonly config: SignInConfig;
  readonly code: string | null;
  readonly onSignedIn: (s: Session) => void;
  /** amr refused the code (it was restarted since the link was printed). */
  readonly onCodeRefused: (problem: ApiProblem) => void;
}

function DemoSignIn({ config, code, onSignedIn, onCodeRefused }: DemoProps) {
  const [tenant, setTenant] = useState(config.tenants[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (config.tenants.length === 0) {
    return (
      <div class="empty" data-testid="no-tenant">
        <h2>No data imported yet</h2>
        <p>amr holds no tenant. Create a demo tenant with a month of activity, or import your own tenant snapshot and logs:</p>
        <pre>
          <code>npx amr seed{'\n'}npx amr import contoso.ndjson.gz signins.ndjson.gz</code>
        </pre>
        <p>Then reload this page.</p>
      </div>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await demoSignIn(code, config.tenants.length > 1 ? tenant : null));
    } catch (err) {
      if (err instanceof ApiProblem && err.code === 'DevSignInCodeInvalid') {
        onCodeRefused(err);
        return;
      }
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form class="sign-in-card" onSubmit={(e) => void submit(e)}>
      <h2>Demo sign-in</h2>
      <p>
        amr runs in <strong>dev mode</strong>: it signs a one-hour token for a Reports Reader with its own key. The token stays in this tab’s memory.
      </p>
      {config.tenants.length > 1 ? (
        <label class="field">
          <span>Tenant</span>
          <select value={tenant} onChange={(e) => setTenant(e.currentTarget.value)}>
            {config.tenants.map((t) => (
              <option value={t.id}>
                {t.displayName ?? t.id} ({t.id})
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p>
          Tenant: <strong>{config.tenants[0]!.displayName ?? config.tenants[0]!.id}</strong> <span class="muted">({config.tenants[0]!.id})</span>
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in to the demo'}
      </button>
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
      <p>
        Paste a bearer token for this server: <code>npx amr token</code> prints one in dev mode; in oidc mode, a token from your issuer with{' '}
        <code>AuditLog.Read.All</code>.
      </p>
      <label class="field">
        <span>Access token</span>
        <textarea rows={3} value={token} spellcheck={false} autoComplete="off" onInput={(e) => setToken(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={token.trim() === ''}>
        Use this token
      </button>
      {error === null ? null : <Problem error={error} />}
    </form>
  );
}

/** Completes the sign-in whose answer the page was opened with, once the settings are known. */
function useCallbackCompletion(config: SignInConfig | null, callback: Callback | null, onCallbackUsed: () => void, onSignedIn: (s: Session) => void) {
  const [state, setState] = useState<{ readonly completing: boolean; readonly error: unknown }>({ completing: callback !== null, error: null });
  useEffect(() => {
    if (callback === null || config === null) return;
    onCallbackUsed();
    if (config.oidc === null) {
      setState({
        completing: false,
        error: new ApiProblem(
          'signIn',
          0,
          'SignInOff',
          'This server has no dashboard sign-in configured (AMR_DASHBOARD_CLIENT_ID), so the sign-in answer was ignored.',
        ),
      });
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
    // Once, when the settings arrive.
  }, [config, callback]);
  return state;
}

/**
 * The tab's demo sign-in code and what became of it: a code amr does not know (a link from an
 * earlier run) is forgotten, and the page says why it asks for the link again.
 */
function useCode(config: SignInConfig | null, code: string | null) {
  const [stale, setStale] = useState(false);
  const [refused, setRefused] = useState<ApiProblem | null>(null);
  useEffect(() => {
    if (code === null) return;
    if (config === null) {
      setStale(false);
      setRefused(null);
      return;
    } // a new code: start afresh
    if (!config.devSignIn && config.devSignInOffered) {
      setStale(true);
      forgetSignInCode();
    }
  }, [config, code]);
  const refuse = (problem: ApiProblem) => {
    setRefused(problem);
    forgetSignInCode();
  };
  return { stale, refused, refuse };
}

export function SignIn({ onSignedIn, notice, callback, onCallbackUsed }: Props) {
  const code = useSignInCode();
  const config = useLoad(() => loadSignInConfig(code), [code]);
  const codeState = useCode(config.state === 'ready' ? config.data : null, code);
  const completion = useCallbackCompletion(config.state === 'ready' ? config.data : null, callback, onCallbackUsed, onSignedIn);
  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <h1>
        <span class="logo" aria-hidden="true">
          amr
        </span>{' '}
        Authentication methods activity
      </h1>
      <p class="lead">Who can do MFA, reset their own password, or sign in without one; which methods they registered and use.</p>
      {notice === null ? null : <Problem error={notice} />}
      {completion.error === null ? null : <Problem error={completion.error} />}
      {codeState.refused === null ? null : <Problem error={codeState.refused} />}
      {config.state === 'loading' ? <Loading what="sign-in options" /> : null}
      {config.state === 'failed' ? <Problem error={config.error} /> : null}
      {config.state === 'ready' && completion.completing ? (
        <p class="loading" role="status">
          Completing the sign-in…
        </p>
      ) : null}
      {config.state === 'ready' && !completion.completing ? (
        <>
          <ModeNote config={config.data} staleCode={codeState.stale} />
          <div class="sign-in-options">
            {config.data.devSignIn ? <DemoSignIn config={config.data} code={code} onSignedIn={onSignedIn} onCodeRefused={codeState.refuse} /> : null}
            {config.data.oidc !== null ? <OidcSignIn config={config.data.oidc} /> : null}
            <TokenSignIn onSignedIn={onSignedIn} />
          </div>
        </>
      ) : null}
    </main>
  );
}
