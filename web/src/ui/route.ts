// The page's address: #/<view>?<params>. Views and filters live in the hash so that drill-downs
// are links (open in a new tab, back button); the token never does, nor the demo sign-in code
// (`#signin=…`, taken out of the address before the router sees it: api/sign-in-code.ts).
import { useEffect, useState } from 'preact/hooks';

export type View = 'registration' | 'usage' | 'trends' | 'protection' | 'protectionUsers' | 'alerts' | 'users' | 'events' | 'tenants';
export const VIEWS: readonly View[] = ['registration', 'usage', 'trends', 'protection', 'protectionUsers', 'alerts', 'users', 'events', 'tenants'];

export interface Route {
  readonly view: View;
  readonly params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const view = (VIEWS as readonly string[]).includes(path) ? (path as View) : 'registration';
  // A sign-in code is never a route or one of its parameters, so no link the page writes carries it.
  if (path.startsWith('signin=')) return { view, params: new URLSearchParams() };
  const params = new URLSearchParams(search);
  params.delete('signin');
  return { view, params };
}

export function href(view: View, params?: URLSearchParams): string {
  const search = params?.toString() ?? '';
  return `#/${view}${search === '' ? '' : `?${search}`}`;
}

/** Replaces the address without a new history entry (filter changes within a view). */
export function replaceRoute(view: View, params: URLSearchParams): void {
  history.replaceState(null, '', href(view, params));
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
