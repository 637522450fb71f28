import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider on this machine for the single sign-on tests
 * (oidc-provider, with its development login and consent pages: any login name signs in
 * as the account of that name). The test decides each account's claims, and can make
 * the token endpoint answer an ID token for another audience, re-signed with the
 * provider's own key (a tampered token that only claim validation can catch).
 */
export interface TestIdp {
  issuer: string;
  accounts: Map<string, { email: string; name: string; groups: string[] }>;
  /** When set, rewrites the ID token's claims before the token endpoint answers. */
  tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | null;
  stop(): Promise<void>;
}

const b64 = (v: Buffer | string) => Buffer.from(v).toString('base64url');

function resign(token: string, key: KeyObject, change: (c: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload] = token.split('.');
  const claims = change(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>);
  const body = `${header}.${b64(JSON.stringify(claims))}`;
  return `${body}.${b64(sign('sha256', Buffer.from(body), key))}`;
}

export const IDP_CLIENT = { id: 'titerline-test', secret: 'titerline-test-secret-0123456789' };

export async function startIdp(port: number, appUrl: string): Promise<TestIdp> {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const idp: TestIdp = { issuer, accounts: new Map(), tamper: null, stop: async () => {} };
  const provider = new Provider(issuer, {
    clients: [{
      client_id: IDP_CLIENT.id, client_secret: IDP_CLIENT.secret, redirect_uris: [`${appUrl}/api/auth/callback/oidc`], post_logout_redirect_uris: [`${appUrl}/signin`],
      grant_types: ['authorization_code'], response_types: ['code'], id_token_signed_response_alg: 'RS256',
    }],
    jwks: { keys: [jwk as never] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['idp-test-cookie-key-0123456789'] },
    async findAccount(_ctx, sub) {
      const a = idp.accounts.get(sub);
      if (!a) return undefined;
      return { accountId: sub, claims: async () => ({ sub, email: a.email, email_verified: true, name: a.name, groups: a.groups }) };
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (idp.tamper && ctx.path === '/token' && body?.id_token) ctx.body = { ...body, id_token: resign(body.id_token, privateKey, idp.tamper) };
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
  });
  idp.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return idp;
}
