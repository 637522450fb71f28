import type { FieldErrors } from '@/lib/errors';

/**
 * The warnings a user may confirm with "Save anyway". The DAL refuses with a
 * conflict whose field errors sit under one of these keys (one line per warning),
 * and accepts the same values when the form sends the key as a ticked checkbox:
 * `allowDuplicate` (same day, assay and value as a stored result) and
 * `allowImplausible` (a value outside the assay's or the enzyme's plausible range).
 */
export const CONFIRM_FIELDS = ['allowDuplicate', 'allowImplausible'] as const;
export type ConfirmField = (typeof CONFIRM_FIELDS)[number];

export const CONFIRM_LABELS: Record<ConfirmField, string> = {
  allowDuplicate: 'Save anyway: this is a separate result',
  allowImplausible: 'Save anyway: I have checked these values against the report',
};

export function isConfirmField(name: unknown): name is ConfirmField {
  return typeof name === 'string' && (CONFIRM_FIELDS as readonly string[]).includes(name);
}

/** The warnings shown with a form and which of them the user has ticked. */
export interface Confirmations {
  warnings: Partial<Record<ConfirmField, string[]>>;
  checked: ReadonlySet<ConfirmField>;
}

export const NO_CONFIRMATIONS: Confirmations = { warnings: {}, checked: new Set() };

/**
 * After the server answered. A saved form starts afresh. Otherwise each warning the
 * server raised is shown, unticked: a new answer needs a new confirmation. A warning
 * the user ticked that this answer did not raise again stays, still ticked, so the
 * next save sends both confirmations instead of trading one warning for the other.
 */
export function afterAnswer(prev: Confirmations, answer: { status: string; errors?: FieldErrors }): Confirmations {
  if (answer.status !== 'error') return NO_CONFIRMATIONS;
  const warnings: Confirmations['warnings'] = {};
  const checked = new Set<ConfirmField>();
  for (const field of CONFIRM_FIELDS) {
    const raised = answer.errors?.[field];
    if (raised?.length) warnings[field] = raised;
    else if (prev.checked.has(field) && prev.warnings[field]) {
      warnings[field] = prev.warnings[field];
      checked.add(field);
    }
  }
  return { warnings, checked };
}

/** The user changed a value: a confirmation was given for the old values, so it is withdrawn. */
export function afterEdit(prev: Confirmations): Confirmations {
  return prev.checked.size === 0 ? prev : { warnings: prev.warnings, checked: new Set() };
}

/** The user ticked or unticked one confirmation. */
export function toggleConfirmation(prev: Confirmations, field: ConfirmField, on: boolean): Confirmations {
  const checked = new Set(prev.checked);
  if (on) checked.add(field);
  else checked.delete(field);
  return { warnings: prev.warnings, checked };
}
