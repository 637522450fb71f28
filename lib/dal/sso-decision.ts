import type { Role } from '../permissions';
import type { SsoConfig } from './sso-config';

/**
 * Who gets in through single sign-on, and as what (issue 21): pure, so every case is
 * tested without a provider. The role always comes from the claims at this sign-in; a
 * user whose groups no longer map to a role is refused; deactivation in Titerline wins.
 */
export interface SsoClaims {
  sub: string;
  email?: string;
  emailVerified?: boolean;
  groups: string[];
}

export interface KnownUser {
  id: number;
  role: Role;
  active: boolean;
  /** The provider subject this user is linked to, if any. */
  subject: string | null;
}

export type SsoDecision =
  | { kind: 'refuse'; why: 'no mapped group' | 'deactivated' | 'subject mismatch' | 'no verified email' }
  | { kind: 'sign-in'; userId: number; role: Role; roleChanged: boolean; link: boolean }
  | { kind: 'provision'; role: Role; email: string };

/** The role the first matching rule gives, or null. */
export function roleFromGroups(groups: readonly string[], rules: SsoConfig['rules']): Role | null {
  return rules.find((r) => groups.includes(r.group))?.role ?? null;
}

/**
 * `bySubject`: the user linked to this subject; `byEmail`: the user with the claimed
 * email (used only when the provider says the email is verified, and only to link a
 * user not yet linked to another subject).
 */
export function decideSsoSignIn(claims: SsoClaims, bySubject: KnownUser | null, byEmail: KnownUser | null, rules: SsoConfig['rules']): SsoDecision {
  const role = roleFromGroups(claims.groups, rules);
  const verifiedEmail = claims.email && claims.emailVerified ? claims.email.toLowerCase() : null;
  const linkByEmail = !bySubject && byEmail && verifiedEmail ? byEmail : null;
  if (!bySubject && byEmail && verifiedEmail && byEmail.subject !== null && byEmail.subject !== claims.sub) return { kind: 'refuse', why: 'subject mismatch' };
  const user = bySubject ?? linkByEmail;
  if (user && !user.active) return { kind: 'refuse', why: 'deactivated' };
  if (!role) return { kind: 'refuse', why: 'no mapped group' };
  if (user) return { kind: 'sign-in', userId: user.id, role, roleChanged: role !== user.role, link: !bySubject };
  if (!verifiedEmail) return { kind: 'refuse', why: 'no verified email' };
  return { kind: 'provision', role, email: verifiedEmail };
}

/** The stored password of an account made by single sign-on: nothing verifies against it. */
export const SSO_ONLY_PREFIX = '!sso-only!';

/**
 * Named break-glass administrators may always use their password. Otherwise, with single
 * sign-on on, an account linked to the provider signs in there: its old password would
 * bypass the provider's leaver process and second factor. With password sign-in switched
 * off, nobody else may use it.
 */
export function passwordSignInAllowed(config: SsoConfig | null, email: string, role: Role, linkedToProvider = false): boolean {
  if (!config) return true;
  if (role === 'admin' && config.breakGlass.includes(email.toLowerCase())) return true;
  return config.passwordSignIn && !linkedToProvider;
}
