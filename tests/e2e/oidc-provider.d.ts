/**
 * The part of oidc-provider (no bundled types) the single sign-on tests use
 * (tests/e2e/oidc-idp.ts): a provider built from a configuration, Koa middleware, listen.
 */
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  interface Account { accountId: string; claims(): Promise<Record<string, unknown>> }
  interface Context { path: string; body: unknown }
  interface Configuration {
    clients: Record<string, unknown>[];
    jwks: { keys: unknown[] };
    scopes: string[];
    claims: Record<string, string[]>;
    conformIdTokenClaims: boolean;
    pkce: { required: () => boolean };
    cookies: { keys: string[] };
    findAccount(ctx: unknown, sub: string): Promise<Account | undefined>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    use(middleware: (ctx: Context, next: () => Promise<void>) => Promise<void>): void;
    listen(port: number, host: string, callback: () => void): Server;
  }
}
