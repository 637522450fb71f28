/**
 * Where a user goes after signing in (the `callbackUrl` of /signin, next-auth's redirect
 * callback, the return address proxy.ts sets). Pure, used by the server and the browser.
 *
 * A prefix test ("starts with / but not //") let `/\evil.example/`, `/%09/evil.example/`
 * and `/\/evil.example/` through: the browser's URL parser reads a backslash as a slash
 * and drops tabs and line breaks, so each became `//evil.example/`, another host
 * (issue 20, item 2). So the value is parsed the way the browser will parse it (WHATWG
 * URL, against this site's own origin) and kept only when the result is still on that
 * origin, carries no user name or password, and has an ordinary path.
 */

/** Longer than any address of this site; a longer callback is not one of its pages. */
export const MAX_CALLBACK_LENGTH = 2048;

/**
 * `raw` resolved against `origin`, as an absolute URL on that origin, or the home page
 * (`origin` + `/`) when `raw` is missing, not text, over-long, unparseable, or leads
 * anywhere else (another host or scheme, `javascript:`, userinfo, a path that starts
 * with `//`). The answer is absolute on purpose: used as a Location or given to
 * `location.assign`, it cannot be re-read as a path to another host.
 */
export function safeCallbackUrl(raw: unknown, origin: string): string {
  const home = new URL('/', origin);
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_CALLBACK_LENGTH) return home.href;
  let url: URL;
  try {
    url = new URL(raw, home);
  } catch {
    return home.href;
  }
  const onSite = url.origin === home.origin && url.username === '' && url.password === '' && !url.pathname.startsWith('//');
  return onSite ? url.href : home.href;
}

/** The same, as a path with its query and fragment (for a same-site link or query parameter). */
export function safeCallbackPath(raw: unknown, origin: string): string {
  const url = new URL(safeCallbackUrl(raw, origin));
  return `${url.pathname}${url.search}${url.hash}`;
}
