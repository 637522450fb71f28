import 'server-only';
import { conflict, type FieldErrors } from '../errors';

/** What an entry confirms: a possible duplicate, and plausibility warnings (lib/domain/plausibility.ts). */
export interface Confirmations { allowDuplicate: boolean; allowImplausible: boolean }

/**
 * Throws one conflict naming every check the entry has not confirmed: `allowDuplicate`
 * for a possible duplicate, `allowImplausible` with one line per plausibility warning
 * (the forms show a "Save anyway" box per field, the REST API answers 409 with the
 * same `fields`). Confirmed checks pass: the value is stored as entered.
 */
export function requireConfirmation(duplicate: string | null, warnings: readonly string[], confirmed: Confirmations): void {
  const dup = duplicate && !confirmed.allowDuplicate ? duplicate : null;
  const warn = confirmed.allowImplausible ? [] : warnings;
  if (!dup && !warn.length) return;
  const fields: FieldErrors = {};
  if (dup) fields.allowDuplicate = ['Possible duplicate: tick to save anyway.'];
  if (warn.length) fields.allowImplausible = [...warn];
  const check = warn.length === 1 ? warn[0]! : `Please check ${warn.length} things: ${warn.join(' ')}`;
  throw conflict(dup ? (warn.length ? `${dup} ${check}` : dup) : `${check} Tick "Save anyway" if it is right.`, fields);
}
