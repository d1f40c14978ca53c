/**
 * The analyst token. It arrives once in the address (/trends?token=...), is kept in sessionStorage
 * for this tab (a reload or a move between the two pages still works) and removed from the address,
 * so it does not end up in bookmarks, shared links or the history. Never localStorage: a token
 * must not outlive the browser session on a shared office machine.
 */
const KEY = 'mediation.analyst.token';

export function takeToken() {
  const url = new URL(window.location.href);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) {
    keepToken(fromQuery);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromQuery;
  }
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function keepToken(token) {
  try {
    window.sessionStorage.setItem(KEY, token);
  } catch {
    // storage disabled: the token still works for this page view
  }
}

export function forgetToken() {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
