import { ROLES, type Role } from '../permissions';

/**
 * Single sign-on (OpenID Connect) settings from the environment (issue 21, part 2).
 * Not yet wired to next-auth: this is the configuration and the decision rule that the
 * OIDC provider's sign-in callback is to use (docs/decisions/0033-two-factor-and-sso.md).
 */
export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** The ID token / userinfo claim holding the user's groups (or roles). */
  groupsClaim: string;
  /** Shown on the button: "Sign in with <name>". */
  displayName: string;
  /** The initial group -> role rules, used until an administrator saves rules on /admin/sign-in-rules (sso-rules.ts). */
  rules: { group: string; role: Role }[];
  /** False: password sign-in only for the break-glass administrators named. */
  passwordSignIn: boolean;
  breakGlass: string[];
}

export class SsoConfigError extends Error {}

/** A group name's longest (the rules page keeps the same limit, so rules copied from here stay readable there). */
export const MAX_GROUP_LENGTH = 200;

/** `titerline-admins=admin, titerline-nurses=nurse` -> rules; anything else is refused with the reason. */
export function parseRules(text: string): { group: string; role: Role }[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((pair) => {
    const at = pair.lastIndexOf('=');
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || !group) throw new SsoConfigError(`TITERLINE_OIDC_ROLE_RULES: "${pair}" is not group=role.`);
    if (group.length > MAX_GROUP_LENGTH || /[\u0000-\u001f\u007f]/.test(group)) throw new SsoConfigError(`TITERLINE_OIDC_ROLE_RULES: a group name must be 1 to ${MAX_GROUP_LENGTH} characters on one line ("${group.slice(0, 40)}…").`);
    if (!(ROLES as readonly string[]).includes(role)) throw new SsoConfigError(`TITERLINE_OIDC_ROLE_RULES: "${role}" is not a role (${ROLES.join(', ')}).`);
    return { group, role: role as Role };
  });
}

/** The configuration, or null when single sign-on is not configured (no issuer). */
export function ssoConfig(env: Record<string, string | undefined> = process.env): SsoConfig | null {
  const issuer = env.TITERLINE_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new SsoConfigError('TITERLINE_OIDC_ISSUER must be the provider\'s https URL.');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) throw new SsoConfigError('TITERLINE_OIDC_ISSUER must use https (http only on this machine, for tests).');
  const clientId = env.TITERLINE_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.TITERLINE_OIDC_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) throw new SsoConfigError('TITERLINE_OIDC_CLIENT_ID and TITERLINE_OIDC_CLIENT_SECRET are needed with TITERLINE_OIDC_ISSUER.');
  const scopes = env.TITERLINE_OIDC_SCOPES?.trim() || 'openid email profile';
  if (!scopes.split(/\s+/).includes('openid')) throw new SsoConfigError('TITERLINE_OIDC_SCOPES must include openid.');
  const passwordMode = env.TITERLINE_PASSWORD_SIGNIN?.trim() || 'on';
  if (passwordMode !== 'on' && passwordMode !== 'break-glass') throw new SsoConfigError('TITERLINE_PASSWORD_SIGNIN is on or break-glass.');
  return {
    issuer: issuer.replace(/\/$/, ''),
    clientId,
    clientSecret,
    scopes,
    groupsClaim: env.TITERLINE_OIDC_GROUPS_CLAIM?.trim() || 'groups',
    displayName: env.TITERLINE_OIDC_NAME?.trim() || 'single sign-on',
    rules: parseRules(env.TITERLINE_OIDC_ROLE_RULES ?? ''),
    passwordSignIn: passwordMode === 'on',
    breakGlass: (env.TITERLINE_BREAK_GLASS_ADMINS ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean),
  };
}
