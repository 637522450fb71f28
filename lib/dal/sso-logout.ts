import 'server-only';
import { log } from '../ops/log';
import { ssoConfig, type SsoConfig } from './sso-config';
import { openSecret, sealSecret } from './two-factor-secret';

/**
 * Sign-out at the identity provider too (OpenID Connect RP-initiated logout, issue 21):
 * after Titerline's session row has ended, the browser is sent to the provider's
 * `end_session_endpoint` (from its discovery document) with the session's ID token as
 * `id_token_hint` and Titerline's sign-in page as `post_logout_redirect_uri`. Without
 * this, the next "Sign in with …" would go straight through on the provider's session.
 * The ID token is kept sealed in the session row, never in a cookie or the page.
 */
const ID_TOKEN_PURPOSE = 'titerline-sso-id-token-v1';
/** Larger tokens are not kept (a sign-out then ends only Titerline's session). */
const MAX_ID_TOKEN = 16_000;

export function sealIdToken(idToken: string | undefined): string | null {
  return idToken && idToken.length <= MAX_ID_TOKEN ? sealSecret(idToken, ID_TOKEN_PURPOSE) : null;
}

const DISCOVERY_TTL_MS = 10 * 60_000;
let discovered: { issuer: string; endpoint: string | null; at: number } | null = null;

/** An https URL (http only on this machine, as for the issuer), else null. */
function acceptableUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  try {
    const url = new URL(raw);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return url.protocol === 'https:' || (local && url.protocol === 'http:') ? url.href : null;
  } catch {
    return null;
  }
}

/** The provider's end_session_endpoint, or null when it has none or cannot be asked now. */
export async function endSessionEndpoint(config: SsoConfig, now = Date.now()): Promise<string | null> {
  if (discovered && discovered.issuer === config.issuer && now - discovered.at < DISCOVERY_TTL_MS) return discovered.endpoint;
  try {
    const res = await fetch(`${config.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000), redirect: 'error' });
    if (!res.ok) throw new Error(`discovery answered ${res.status}`);
    const doc = (await res.json()) as { end_session_endpoint?: unknown };
    discovered = { issuer: config.issuer, endpoint: acceptableUrl(doc.end_session_endpoint), at: now };
    return discovered.endpoint;
  } catch (err) {
    // Not cached: the next sign-out asks again. Titerline's own session has ended either way.
    log().warn({ err }, 'single sign-on: the provider\'s sign-out address could not be read');
    return null;
  }
}

/**
 * Where the browser goes after Titerline's session ended: the provider's sign-out, when
 * the session came from single sign-on and the provider supports it; else `signInUrl`.
 */
export async function providerSignOutUrl(sealedIdToken: string | null, signInUrl: string): Promise<string | null> {
  const config = ssoConfig();
  if (!config || !sealedIdToken) return null;
  const idToken = openSecret(sealedIdToken, ID_TOKEN_PURPOSE);
  const endpoint = idToken ? await endSessionEndpoint(config) : null;
  if (!idToken || !endpoint) return null;
  const url = new URL(endpoint);
  url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('post_logout_redirect_uri', signInUrl);
  url.searchParams.set('client_id', config.clientId);
  return url.href;
}
