'use client';
import { CONFIRM_FIELDS, CONFIRM_LABELS, type ConfirmField, type Confirmations } from './confirmations';

/**
 * The warnings the server raised about otherwise valid values (a possible duplicate,
 * an implausible value), each with its "Save anyway" checkbox. Ticking one sends its
 * field (allowDuplicate, allowImplausible) with the next save; changing any value
 * unticks it (useEntryForm), since the confirmation was for the values shown then.
 */
export function SaveAnyway({ confirm, onConfirm, idPrefix }: {
  confirm: Confirmations;
  onConfirm: (field: ConfirmField, on: boolean) => void;
  idPrefix: string;
}) {
  const shown = CONFIRM_FIELDS.filter((f) => confirm.warnings[f]?.length);
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((field) => {
        const id = `${idPrefix}-${field}`;
        return (
          <div key={field} className="alert warn confirm" data-testid={`confirm-${field}`}>
            <ul id={`${id}-warnings`} className="confirm-warnings">
              {confirm.warnings[field]!.map((line) => <li key={line}>{line}</li>)}
            </ul>
            <label htmlFor={id}>
              <input id={id} type="checkbox" name={field} data-confirm checked={confirm.checked.has(field)}
                onChange={(ev) => onConfirm(field, ev.target.checked)} aria-describedby={`${id}-warnings`} />{' '}
              {CONFIRM_LABELS[field]}
            </label>
          </div>
        );
      })}
    </>
  );
}
