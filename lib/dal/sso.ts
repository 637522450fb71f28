import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { authSessions, users, type User } from '@/db/schema';
import { appendAudit, type AuditActor } from './audit';
import { ssoConfig } from './sso-config';
import { readRoleRules } from './sso-rules';
import { sealIdToken } from './sso-logout';
import { decideSsoSignIn, SSO_ONLY_PREFIX, type KnownUser, type SsoClaims } from './sso-decision';
import { writeTx, type Tx } from './tx';
import { awaitWriteLock } from './write-lock';

/**
 * A sign-in through the hospital's identity provider, after next-auth has validated the
 * ID token (issuer, audience, expiry, signature, nonce; PKCE and state checked): links,
 * provisions or refuses by the rules of sso-decision.ts, sets the role the claims give,
 * and opens the server-side session row exactly like a password sign-in. All audited.
 */
export type SsoSignIn =
  | { ok: true; sessionId: string; userId: number; email: string; name: string }
  | { ok: false; why: string };

/** The provider acts: its events name the subject, not a Titerline user. */
const providerActor = (claims: SsoClaims): AuditActor => ({ userId: null, email: claims.email ?? `sso:${claims.sub}`, role: null, origin: 'ui' });
const asActor = (u: User): AuditActor => ({ userId: u.id, email: u.email, role: u.role, origin: 'ui' });
const known = (u: User | undefined): KnownUser | null => (u ? { id: u.id, role: u.role, active: u.active, subject: u.oidcSubject } : null);

/** A password hash nothing verifies against: SSO-provisioned users sign in only through the provider. */
const NO_PASSWORD = () => `${SSO_ONLY_PREFIX}${randomBytes(16).toString('base64url')}`;

function endOpenSessions(tx: Tx, userId: number, reason: string): void {
  tx.update(authSessions).set({ endedAt: Date.now(), endReason: reason, idToken: null })
    .where(and(eq(authSessions.userId, userId), isNull(authSessions.endedAt))).run();
}

/** `idToken`: kept sealed with the session, for ending it at the provider at sign-out (sso-logout.ts). */
export async function completeSsoSignIn(claims: SsoClaims & { name?: string }, clientAddress: string, idToken?: string): Promise<SsoSignIn> {
  const config = ssoConfig();
  if (!config) return { ok: false, why: 'single sign-on is not configured' };
  await awaitWriteLock();
  return writeTx((tx): SsoSignIn => {
    const bySubject = tx.select().from(users).where(eq(users.oidcSubject, claims.sub)).get();
    const email = claims.email?.toLowerCase();
    const byEmail = email ? tx.select().from(users).where(sql`lower(${users.email}) = ${email}`).get() : undefined;
    const decision = decideSsoSignIn(claims, known(bySubject), known(byEmail), readRoleRules(tx).rules);
    const now = Date.now();
    if (decision.kind === 'refuse') {
      const who = bySubject ?? byEmail;
      appendAudit(tx, who ? asActor(who) : providerActor(claims), {
        action: 'signin.failure', entity: 'user', entityId: who?.id ?? null,
        after: { email: claims.email ?? null, client: clientAddress, via: 'single sign-on', why: decision.why, groups: claims.groups.slice(0, 20) },
      });
      return { ok: false, why: decision.why };
    }
    let user: User;
    if (decision.kind === 'provision') {
      const at = new Date(now).toISOString();
      user = tx.insert(users).values({
        email: decision.email, name: (claims.name?.trim() || decision.email).slice(0, 200), role: decision.role,
        passwordHash: NO_PASSWORD(), oidcSubject: claims.sub, createdAt: at, updatedAt: at,
      }).returning().get();
      appendAudit(tx, providerActor(claims), { action: 'user.provision', entity: 'user', entityId: user.id, after: { email: user.email, role: user.role, subject: claims.sub, groups: claims.groups.slice(0, 20) } });
    } else {
      const before = (bySubject ?? byEmail)!;
      user = before;
      if (decision.link) {
        user = tx.update(users).set({ oidcSubject: claims.sub }).where(eq(users.id, before.id)).returning().get();
        appendAudit(tx, asActor(user), { action: 'user.link-sso', entity: 'user', entityId: user.id, after: { email: user.email, subject: claims.sub } });
      }
      if (decision.roleChanged) {
        // Like an administrator's role change: the user's other sessions end.
        user = tx.update(users).set({ role: decision.role, sessionVersion: user.sessionVersion + 1, updatedAt: new Date(now).toISOString() })
          .where(eq(users.id, before.id)).returning().get();
        endOpenSessions(tx, user.id, 'role changed');
        appendAudit(tx, providerActor(claims), { action: 'user.role', entity: 'user', entityId: user.id, before: { role: before.role }, after: { role: user.role, via: 'single sign-on claims', groups: claims.groups.slice(0, 20) } });
      }
    }
    const sessionId = randomBytes(24).toString('base64url');
    tx.insert(authSessions).values({ id: sessionId, userId: user.id, sessionVersion: user.sessionVersion, createdAt: now, lastSeenAt: now, idToken: sealIdToken(idToken) }).run();
    appendAudit(tx, asActor(user), { action: 'signin.success', entity: 'user', entityId: user.id, after: { client: clientAddress, via: 'single sign-on' } });
    return { ok: true, sessionId, userId: user.id, email: user.email, name: user.name };
  });
}

