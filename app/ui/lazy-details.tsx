'use client';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A <details> whose content is rendered once it is first opened (and kept after):
 * the patient page carries several closed forms (add a result, acknowledge a signal),
 * and rendering their fields into every view's HTML was a visible share of its
 * server time (docs/performance.md). Opened before hydration, it fills in on mount.
 */
export function LazyDetails({ summary, open = false, className, children }: { summary: ReactNode; open?: boolean; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [shown, setShown] = useState(open);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const show = () => el.open && setShown(true);
    show();
    el.addEventListener('toggle', show);
    return () => el.removeEventListener('toggle', show);
  }, []);
  return (
    <details ref={ref} className={className} open={open}>
      <summary>{summary}</summary>
      {shown ? children : null}
    </details>
  );
}
