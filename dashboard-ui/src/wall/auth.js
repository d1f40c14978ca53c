/**
 * The display token. It arrives once in the address (/wall?token=...) and is then kept in
 * sessionStorage, so that a reload of the same tab still works while the address no longer shows
 * it. Never localStorage: a token must not outlive the browser session on a shared machine.
 */
const KEY = 'mediation.wall.token';

export function readToken() {
  const url = new URL(window.location.href);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) {
    try {
      window.sessionStorage.setItem(KEY, fromQuery);
    } catch {
      // storage disabled: the token still works for this page view
    }
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromQuery;
  }
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}
