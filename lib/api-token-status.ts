/**
 * Where an API token stands on a given clinic day (pure: the tokens page, the API's
 * refusal message and the tests share it). Expiry is a date: the token works through it.
 */
import { daysBetween } from './domain/dates';
import { TOKEN_WARN_DAYS } from './validation/api-tokens';

export type TokenStatus = 'active' | 'expiring' | 'expired' | 'revoked' | 'disabled' | 'no-owner';

export interface TokenState {
  revokedAt: string | null;
  revokedReason: 'revoked' | 'owner-deactivated' | null;
  expiresOn: string | null;
  ownerId: number | null;
  /** Whether the owner's account is active (false when there is no owner). */
  ownerActive: boolean;
}

export function tokenStatus(t: TokenState, today: string): { status: TokenStatus; daysLeft: number | null } {
  const daysLeft = t.expiresOn ? daysBetween(today, t.expiresOn) : null;
  if (t.revokedAt) return { status: t.revokedReason === 'owner-deactivated' ? 'disabled' : 'revoked', daysLeft };
  if (daysLeft === null || daysLeft < 0) return { status: 'expired', daysLeft };
  if (t.ownerId === null || !t.ownerActive) return { status: t.ownerId === null ? 'no-owner' : 'disabled', daysLeft };
  return { status: daysLeft <= TOKEN_WARN_DAYS ? 'expiring' : 'active', daysLeft };
}

/** Why a token is refused (401), for the integration's operator; null when it works. */
export function refusalMessage(t: TokenState, today: string): string | null {
  const { status } = tokenStatus(t, today);
  const ask = 'Ask an administrator of Titerline for a new token.';
  switch (status) {
    case 'active':
    case 'expiring':
      return null;
    case 'expired':
      return t.expiresOn ? `This API token expired: its last valid day was ${t.expiresOn}. ${ask}` : `This API token has no expiry date and is not accepted. ${ask}`;
    case 'revoked':
      return `This API token was revoked on ${t.revokedAt!.slice(0, 10)}. ${ask}`;
    case 'disabled':
      return `This API token was disabled${t.revokedAt ? ` on ${t.revokedAt.slice(0, 10)}` : ''} because the administrator accountable for it was deactivated. ${ask}`;
    case 'no-owner':
      return `This API token has no accountable administrator, so it is not accepted: an administrator must take it over on the API tokens page. ${ask}`;
  }
}
