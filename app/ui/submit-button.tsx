'use client';
import { useFormStatus } from 'react-dom';

/** A submit button that shows it is working and cannot be double-submitted. */
export function SubmitButton({ children, className = 'btn', pendingText = 'Saving…' }: { children: React.ReactNode; className?: string; pendingText?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
      {pending ? pendingText : children}
    </button>
  );
}
