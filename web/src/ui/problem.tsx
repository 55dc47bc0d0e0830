// Every failure says what happened and what to do next: sign in again, import data, fix the licence.
import type { ComponentChildren } from 'preact';
import { ApiProblem } from '../api/graph';

interface Advice {
  readonly title: string;
  readonly body: ComponentChildren;
  readonly signIn: boolean;
}

const IMPORT_HINT = (
  <>
    Import a tenant snapshot with <code>npx amr import snapshot.json</code>, or create a demo tenant with <code>npx amr seed</code>, then reload.
  </>
);

function advice(p: ApiProblem): Advice {
  switch (p.kind) {
    case 'expired':
      return { title: 'Your sign-in has expired', body: 'Sign in again to carry on; the page stays where you were.', signIn: true };
    case 'signIn':
      return { title: 'Sign-in did not complete', body: p.message, signIn: true };
    case 'unauthorized':
      return {
        title: 'amr did not accept the token',
        body: (
          <>
            {p.message} Sign in again, or paste a token from <code>npx amr token</code>.
          </>
        ),
        signIn: true,
      };
    case 'licence':
      return {
        title: 'This tenant’s licence does not include these reports',
        body: (
          <>
            Entra serves the authentication methods reports only to tenants with Microsoft Entra ID P1 or P2, and amr does the same: this tenant’s snapshot says{' '}
            <code>"license": "free"</code>. Import a snapshot whose <code>tenant.license</code> is <code>"P1"</code> or <code>"P2"</code> to see them.
          </>
        ),
        signIn: false,
      };
    case 'role':
      return {
        title: 'This account may not read reports',
        body: <>{p.message} Sign in as a user with Reports Reader, Security Reader, Global Reader or another reports role.</>,
        signIn: true,
      };
    case 'permission':
      return {
        title: 'The token lacks a permission',
        body: (
          <>
            {p.message} The reports need <code>AuditLog.Read.All</code>, granted with admin consent.
          </>
        ),
        signIn: true,
      };
    case 'noTenant':
      return { title: 'amr holds no reports for this tenant yet', body: IMPORT_HINT, signIn: false };
    case 'noData':
      return { title: 'amr holds no tenant yet', body: IMPORT_HINT, signIn: false };
    case 'throttled':
      return { title: 'amr is limiting requests', body: 'The server has request limits on (AMR_THROTTLE). Wait a few seconds and reload.', signIn: false };
    case 'network':
      return {
        title: 'amr did not answer',
        body: (
          <>
            Check that the server is still running (<code>npm start</code>), then reload.
          </>
        ),
        signIn: false,
      };
    case 'other':
      return { title: 'The request failed', body: `${p.message}${p.requestId ? ` (request-id ${p.requestId})` : ''}`, signIn: false };
  }
}

export function Problem({ error, onSignIn }: { readonly error: unknown; readonly onSignIn?: () => void }) {
  const a: Advice =
    error instanceof ApiProblem
      ? advice(error)
      : { title: 'Something went wrong', body: error instanceof Error ? error.message : String(error), signIn: false };
  return (
    <div class="problem" role="alert">
      <h3>{a.title}</h3>
      <p>{a.body}</p>
      {a.signIn && onSignIn ? (
        <button type="button" class="primary" onClick={onSignIn}>
          Sign in again
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ what }: { readonly what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}
