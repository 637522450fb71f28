import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { safeCallbackUrl } from '../callback-url';
import { authenticate, endSession, resolveSession } from './auth';
import { authLimits } from './auth-config';
import { clientAddressFrom } from './client-address';
import { ssoConfig } from './sso-config';
import { ssoProvider, ssoSignInCallback } from './sso-provider';
import { isBusyError } from './write-lock';
import { log } from '../ops/log';
import { noteRequestCaller } from '../ops/request-context';

// Read once at start: a misconfigured single sign-on stops the server with the reason, not at someone's sign-in.
const sso = ssoConfig();

/** The sign-in error code for a database busy with another process's write (signin-form.tsx, the auth route). */
export const SIGNIN_BUSY = 'busy';

/** Thrown by the jwt callback for a token whose server-side session has ended. */
class SessionEndedError extends Error {
  constructor() {
    super('The session named by this token has ended.');
    this.name = 'SessionEndedError';
  }
}

const isSessionEnded = (metadata: unknown): boolean =>
  metadata instanceof Error ? metadata.name === 'SessionEndedError' : typeof metadata === 'object' && metadata !== null && 'error' in metadata && isSessionEnded((metadata as { error: unknown }).error);

/**
 * next-auth v4 with credentials and JWT sessions (v4 requires JWT for passwords).
 * The JWT only names a server-side session row; lib/dal/session.ts checks that row
 * and the user on every request, and so does next-auth's own /api/auth/session here.
 */
export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: Math.floor(authLimits().absoluteMs / 1000) },
  pages: { signIn: '/signin', error: '/signin' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      // `code`: the second step (authenticator or recovery code), sent with the password again once asked for.
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' }, code: { label: 'Code', type: 'text' } },
      async authorize(credentials, req) {
        const headers = (req?.headers ?? {}) as Record<string, string | string[] | undefined>;
        // The socket's address, or a trusted proxy's X-Forwarded-For (lib/dal/client-address.ts).
        let result;
        try {
          result = await authenticate(credentials?.email, credentials?.password, clientAddressFrom(headers), credentials?.code);
        } catch (e) {
          // Another process held the write lock past the wait: not a wrong password (the
          // sign-in page says "busy, try again"; the auth route answers 503).
          if (isBusyError(e)) throw new Error(SIGNIN_BUSY);
          throw e;
        }
        // The message becomes the `error` code the sign-in page turns into words.
        if (!result.ok) throw new Error(result.reason);
        noteRequestCaller({ userId: result.userId });
        return { id: String(result.userId), email: result.email, name: result.name, sid: result.sessionId };
      },
    }),
    // "Sign in with <name>" only when the environment configures an identity provider.
    ...(sso ? [ssoProvider(sso)] : []),
  ],
  callbacks: {
    /** Single sign-on: link, provision or refuse, and open the session row (lib/dal/sso.ts). Credentials pass. */
    signIn({ user, account, profile }) {
      return ssoSignInCallback(user, account, profile);
    },
    /**
     * At sign-in, names the new session row. Afterwards (next-auth's /api/auth/session)
     * the row must still be live: a signed-out, idle, expired or superseded session
     * throws, and next-auth then answers `{}` and clears the cookie instead of repeating
     * the name and email the token carries (issue 20, item 8).
     */
    jwt({ token, user }) {
      if (user?.sid) {
        token.sid = user.sid;
        return token;
      }
      if (typeof token.sid !== 'string' || resolveSession(token.sid) === null) throw new SessionEndedError();
      return token;
    },
    session({ session }) {
      return session;
    },
    /** Only to a page of this site (lib/callback-url.ts: no open redirect). */
    redirect({ url, baseUrl }) {
      return safeCallbackUrl(url, baseUrl);
    },
  },
  events: {
    signOut({ token }) {
      if (token?.sid) endSession(token.sid, 'signed out');
    },
  },
  logger: {
    // A stale cookie is the expected end of a session, not a server error worth a stack trace.
    error(code, metadata) {
      if (code === 'JWT_SESSION_ERROR' && isSessionEnded(metadata)) return;
      // Only the code and the error: next-auth's metadata can carry the user's email.
      const err = metadata instanceof Error ? metadata : typeof metadata === 'object' && metadata !== null && 'error' in metadata ? (metadata as { error: unknown }).error : undefined;
      log().error({ code, ...(err === undefined ? {} : { err }) }, 'sign-in library error');
    },
    warn(code) {
      log().warn({ code }, 'sign-in library warning');
    },
    debug() {},
  },
};
