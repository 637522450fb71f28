'use client';
import { useEffect, useRef, useState } from 'react';
import { rangeHint, type RangeDefaults } from '@/lib/domain/reference-range';
import { ENZYME_ANALYTES, type EnzymeAnalyte } from '@/lib/domain/types';

const isEnzyme = (s: string): s is EnzymeAnalyte => (ENZYME_ANALYTES as readonly string[]).includes(s);

/**
 * The one hint line under the enzyme form's range fields: which range an empty range
 * takes for the test chosen in the same form (this patient's latest lab range, else
 * the site default; lib/domain/reference-range.ts). It follows the form's "Test"
 * select by listening to its form, so the form keeps its own state handling.
 */
export function RangeDefaultHint({ defaults }: { defaults: RangeDefaults }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [analyte, setAnalyte] = useState<EnzymeAnalyte>('ck');
  useEffect(() => {
    const form = ref.current?.closest('form');
    const select = form?.elements.namedItem('analyte');
    if (!form || !(select instanceof HTMLSelectElement)) return;
    const read = () => setAnalyte(isEnzyme(select.value) ? select.value : 'ck');
    // A reset (React resets a form after its action) restores the select after the event.
    const afterReset = () => setTimeout(read, 0);
    read();
    select.addEventListener('change', read);
    form.addEventListener('reset', afterReset);
    return () => {
      select.removeEventListener('change', read);
      form.removeEventListener('reset', afterReset);
    };
  }, []);
  return <span ref={ref} data-testid="range-default-hint">{rangeHint(analyte, defaults[analyte])}</span>;
}
