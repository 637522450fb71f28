import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { authenticate, endSession } from './auth';
import { authLimits } from './auth-config';
import { clientAddressFrom } from './client-address';
import { isBusyError } from './write-lock';

/** The sign-in error code for a database busy with another process's write (signin-form.tsx, the auth route). */
export const SIGNIN_BUSY = 'busy';

/**
 * next-auth v4 with credentials and JWT sessions (v4 requires JWT for passwords).
 * The JWT only names a server-side session row; lib/dal/session.ts checks that row
 * and the user on every request.
 */
export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: Math.floor(authLimits().absoluteMs / 1000) },
  pages: { signIn: '/signin', error: '/signin' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const headers = (req?.headers ?? {}) as Record<string, string | string[] | undefined>;
        let result;
        try {
          result = await authenticate(credentials?.email, credentials?.password, clientAddressFrom(headers));
        } catch (e) {
          // Another process held the write lock past the wait: not a wrong password (the
          // sign-in page says "busy, try again"; the auth route answers 503).
          if (isBusyError(e)) throw new Error(SIGNIN_BUSY);
          throw e;
        }
        // The message becomes the `error` code the sign-in page turns into words.
        if (!result.ok) throw new Error(result.reason);
        return { id: String(result.userId), email: result.email, name: result.name, sid: result.sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.sid) token.sid = user.sid;
      return token;
    },
    session({ session }) {
      return session;
    },
  },
  events: {
    signOut({ token }) {
      if (token?.sid) endSession(token.sid, 'signed out');
    },
  },
};
