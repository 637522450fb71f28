/**
 * The browser's cookie jar for the security tests. `next/headers` is replaced (in each
 * test file, with vi.mock) by `nextHeadersMock`, whose cookies() hands lib/dal/session.ts
 * the session cookie set here. That is the request's cookie, not a stand-in for the
 * session: the real currentActor()/actorFor() still decode the next-auth JWT and re-read
 * the session row and the user from the database, so a deactivated user, an ended
 * session and a wrong role are judged by the production code.
 */
export const SESSION_COOKIE = 'next-auth.session-token';

export const jar: { token: string | null } = { token: null };

interface Cookie { name: string; value: string }

function all(): Cookie[] {
  return jar.token ? [{ name: SESSION_COOKIE, value: jar.token }] : [];
}

export function nextHeadersMock() {
  const store = {
    get: (name: string): Cookie | undefined => all().find((c) => c.name === name),
    getAll: (): Cookie[] => all(),
    has: (name: string): boolean => all().some((c) => c.name === name),
  };
  return {
    cookies: async () => store,
    headers: async () => new Headers(),
  };
}
