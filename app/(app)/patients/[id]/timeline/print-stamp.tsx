'use client';
import { useEffect, useState } from 'react';

const stamp = () => {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/**
 * "Printed 2026-12-05 14:32 by Dr. Paula Reyes" on the printed summary only, with the
 * time the print was made (set again on beforeprint, in the reader's local time).
 * The charts redraw themselves at the paper's width (chart-kit.ts).
 */
export function PrintStamp({ by }: { by: string }) {
  const [at, setAt] = useState('');
  useEffect(() => {
    const before = () => setAt(stamp());
    before();
    window.addEventListener('beforeprint', before);
    return () => window.removeEventListener('beforeprint', before);
  }, []);
  return <p className="print-only print-stamp" data-testid="print-stamp">{`Printed ${at} by ${by}. Decision support, not a recommendation; the full record is in Titerline.`}</p>;
}
