'use client';
import { useState, type ReactNode } from 'react';

/**
 * A collapsible entry form. `startOpen` decides only how the page first shows it
 * (open when the table is still empty): after a save the table is no longer empty,
 * and a server prop would close the form under the user's hands, with the
 * confirmation and the focus inside it, in the middle of a series.
 */
export function FormToggle({ summary, startOpen, children }: { summary: string; startOpen: boolean; children: ReactNode }) {
  const [open] = useState(startOpen);
  return (
    <details className="form-toggle no-print" open={open}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
