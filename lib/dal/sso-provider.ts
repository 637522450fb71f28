import 'server-only';
import type { Account, Profile, User } from 'next-auth';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { headers } from 'next/headers';
import { clientAddressFrom } from './client-address';
import { completeSsoSignIn } from './sso';
import { ssoConfig, type SsoConfig } from './sso-config';

/**
 * next-auth's OpenID Connect provider for the configured identity provider (issue 21).
 * Authorization code flow with PKCE, state and nonce; next-auth (openid-client) validates
 * the ID token's signature against the issuer's keys, its issuer, audience, expiry and
 * nonce before `ssoSignInCallback` sees the claims.
 */
export const SSO_PROVIDER_ID = 'oidc';
/** The sign-in error code for a refused single sign-on (the sign-in page's message). */
export const SSO_REFUSED = 'sso-refused';

type Claims = Profile & Record<string, unknown>;

export function ssoProvider(config: SsoConfig): OAuthConfig<Claims> {
  return {
    id: SSO_PROVIDER_ID,
    name: config.displayName,
    type: 'oauth',
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: config.scopes } },
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    profile(claims) {
      return { id: String(claims.sub), email: typeof claims.email === 'string' ? claims.email : null, name: typeof claims.name === 'string' ? claims.name : null };
    },
  };
}

const groupsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string').slice(0, 500) : typeof value === 'string' ? [value] : [];

async function clientAddress(): Promise<string> {
  try {
    const h = await headers();
    return clientAddressFrom(Object.fromEntries(h.entries()));
  } catch {
    return 'unknown';
  }
}

/**
 * next-auth's signIn callback for the provider: links, provisions or refuses (lib/dal/sso.ts)
 * and names the new server-side session on `user`, which the jwt callback puts in the token.
 */
export async function ssoSignInCallback(user: User, account: Account | null, profile: Profile | undefined): Promise<boolean | string> {
  if (account?.provider !== SSO_PROVIDER_ID) return true;
  const config = ssoConfig();
  const claims = (profile ?? {}) as Claims;
  if (!config || typeof claims.sub !== 'string') return `/signin?error=${SSO_REFUSED}`;
  const result = await completeSsoSignIn({
    sub: claims.sub,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    emailVerified: claims.email_verified === true,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    groups: groupsOf(claims[config.groupsClaim]),
  }, await clientAddress(), account.id_token);
  if (!result.ok) return `/signin?error=${SSO_REFUSED}`;
  user.sid = result.sessionId;
  user.email = result.email;
  user.name = result.name;
  return true;
}
