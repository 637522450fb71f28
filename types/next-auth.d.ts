import 'next-auth';
import 'next-auth/jwt';

// The JWT carries only the server-side session id; role and active flag are re-read
// from the database on every request (lib/dal/session.ts).
declare module 'next-auth' {
  interface User {
    sid?: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    sid?: string;
  }
}
