// What the sign-in screen says when a sign-in it could offer is not there: oidc without the page's
// own sign-in, the demo sign-in without this run's code, behind a proxy, or from another machine.
import type { SignInConfig } from '../api/session';

/** Dev mode on this machine, without this run's code: where the code is (the printed link). */
function CodeNote({ stale }: { readonly stale: boolean }) {
  return (
    <p class="note" data-testid="sign-in-code-note">
      {stale ? <>This tab’s sign-in code is not this run’s: amr makes a new one each time it starts. </> : null}
      To use the demo sign-in, open the dashboard link that <code>amr serve</code> or <code>npm start</code> printed in its terminal (
      <code>http://…/#signin=…</code>): it carries this run’s sign-in code, and a restart prints a new one. Or paste a token from <code>npx amr token</code>{' '}
      below.
    </p>
  );
}

export function ModeNote({ config, staleCode }: { readonly config: SignInConfig; readonly staleCode: boolean }) {
  if (config.authMode === 'oidc') {
    if (config.oidc !== null) return null;
    return (
      <p class="note" data-testid="oidc-note">
        This server accepts tokens from its configured issuer (<code>AMR_AUTH_MODE=oidc</code>), but the page’s own sign-in is not set up (
        <code>AMR_DASHBOARD_CLIENT_ID</code>, see the README); meanwhile, paste an access token below.
      </p>
    );
  }
  if (config.devSignIn) return null;
  if (config.behindProxy) {
    return (
      <p class="note" data-testid="proxy-note">
        The demo sign-in is off: amr runs behind a proxy (<code>AMR_PUBLIC_URL</code> or <code>AMR_TRUST_PROXY</code> is set), where it cannot tell a browser on
        its own machine from any other. Paste a token from <code>npx amr token</code> below.
      </p>
    );
  }
  if (config.devSignInOffered) return <CodeNote stale={staleCode} />;
  return (
    <p class="note" data-testid="remote-note">
      The demo sign-in answers only on the machine amr runs on (open it as <code>http://localhost:…</code>). From here, paste a token from{' '}
      <code>npx amr token</code>.
    </p>
  );
}
