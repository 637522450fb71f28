import type { ReactNode } from 'react';

interface FieldProps {
  name: string;
  label: string;
  errors?: string[];
  hint?: ReactNode;
  children?: ReactNode;
  /** Props for the default <input> when no children are given. */
  type?: string;
  defaultValue?: string | number;
  required?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'email';
  step?: string;
  min?: string | number;
  max?: string | number;
  maxLength?: number;
  autoFocus?: boolean;
  /** Distinguishes ids when two forms on one page share field names (default "f"). */
  idPrefix?: string;
}

/** A labelled input with its error and hint wired up for screen readers. */
export function Field({ name, label, errors, hint, children, idPrefix = 'f', ...input }: FieldProps) {
  const id = `${idPrefix}-${name}`;
  const describedBy = [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children ?? <input id={id} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} {...input} />}
      {hint ? <p className="hint" id={`${id}-hint`}>{hint}</p> : null}
      {errors?.length ? (
        <p className="field-error" id={`${id}-error`} aria-live="polite">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The form-level message, announced politely. The region stays in the page and is
 * emptied while a save is pending (`pending`), so the next answer is announced even
 * when its words are the same as the last one's ("Anti-Mi2 result saved.").
 */
export function FormMessage({ status, message, pending = false }: { status: string; message?: string; pending?: boolean }) {
  return (
    <div aria-live="polite" role={status === 'error' ? 'alert' : 'status'}>
      {message && !pending ? <p className={`alert ${status === 'error' ? 'error' : 'ok'}`}>{message}</p> : null}
    </div>
  );
}
