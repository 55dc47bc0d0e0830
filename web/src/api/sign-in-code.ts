// The demo sign-in's code (dev mode): `amr serve` and `npm start` print the dashboard's address as
// `/#signin=<code>`, a new code each start. The page takes it out of the address before anything
// renders (so it is never in a route, a link, a bookmark or the page's text), keeps it for this tab
// in sessionStorage (a reload still signs in; it is a code for the demo sign-in of this run, not a
// token) and sends it with /dashboard/config and the demo sign-in. src/server/dashboard-routes.ts.
import { useEffect, useState } from 'preact/hooks';

const KEY = 'amr.signInCode';
/** What a fetch header may carry: visible ASCII. The server's codes are base64url. */
const USABLE = /^[\x21-\x7e]{1,256}$/;

/** Where sessionStorage is refused (storage disabled), the code lasts as long as the page. */
let fallback: string | null = null;
const listeners = new Set<(code: string | null) => void>();

export function signInCode(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return fallback;
  }
}

function store(code: string | null): void {
  fallback = code;
  try {
    if (code === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, code);
  } catch {
    // Storage disabled: the fallback holds it.
  }
  listeners.forEach((l) => l(code));
}

/** A code amr refused (it was restarted since): forgotten, so the next load does not send it. */
export const forgetSignInCode = (): void => store(null);

/**
 * The code in a hash and the hash without it: the printed form `#signin=<code>`, or `signin=` as a
 * parameter of a route (`#/usage?period=d7&signin=<code>`), whose route is kept. Null: no code.
 */
export function splitSignInCode(hash: string): { readonly code: string; readonly rest: string } | null {
  const body = hash.replace(/^#/, '');
  const printed = body.startsWith('signin=');
  const cut = body.indexOf('?');
  const path = printed || cut < 0 ? '' : body.slice(0, cut);
  const params = new URLSearchParams(printed ? body : cut < 0 ? '' : body.slice(cut + 1));
  if (!params.has('signin')) return null;
  const code = params.get('signin') ?? '';
  params.delete('signin');
  const search = params.toString();
  const rest = printed || (path === '' && search === '') ? '' : `#${path}${search === '' ? '' : `?${search}`}`;
  return { code, rest };
}

/** Takes a code out of the address (replacing the history entry, keeping any route). */
function takeFromAddress(): boolean {
  const found = splitSignInCode(location.hash);
  if (found === null) return false;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${found.rest}`);
  // An unusable value (empty, not ASCII) is dropped from the address all the same; the page then
  // asks for the printed link.
  if (USABLE.test(found.code)) store(found.code);
  return true;
}

/**
 * Call before the first render: takes a code the page was opened with, and any that arrives later
 * (the printed link pasted into this tab's address bar changes only the hash). Registered before
 * the router's listener, so the router only ever sees the address without the code.
 */
export function watchSignInCode(): void {
  takeFromAddress();
  window.addEventListener('hashchange', () => {
    takeFromAddress();
  });
}

/** The tab's code, following changes (a new link, a refused code forgotten). */
export function useSignInCode(): string | null {
  const [code, setCode] = useState(signInCode);
  useEffect(() => {
    listeners.add(setCode);
    setCode(signInCode());
    return () => {
      listeners.delete(setCode);
    };
  }, []);
  return code;
}
