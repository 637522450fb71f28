import type { ReactNode } from 'react';
import { pText } from '@/lib/domain/cohort/describe';
import { GROUP_SHORT, type CohortGroup, type GroupSize } from '@/lib/domain/cohort/types';

/** One colour per group on every cohort chart (the text always names the group too). */
export const GROUP_COLOR: Record<CohortGroup, string> = {
  'mi2-pos-dm': '#b4531f', 'mi2-neg-dm': '#1f5fa8', antisynthetase: '#1d6b5a', imnm: '#6b4fa8', other: '#5b6675',
};

/** Patients per selected group: shown above every view, so no number is read without its n. */
export function GroupSizes({ sizes, total }: { sizes: GroupSize[]; total: number }) {
  return (
    <p className="cohort-sizes" data-testid="cohort-sizes" data-total={total} aria-live="polite">
      <strong>{total} {total === 1 ? 'patient' : 'patients'}</strong>
      {sizes.map((s) => <span key={s.group} data-group={s.group} data-n={s.n}> · {GROUP_SHORT[s.group]} n = {s.n}</span>)}
    </p>
  );
}

/** Why a number is missing, in words (never an empty cell, never NaN). */
export function NotEnough({ children, testid }: { children: ReactNode; testid?: string }) {
  return <p className="alert info" data-testid={testid ?? 'not-enough'}>{children}</p>;
}

/** A p-value with the test that produced it, or the reason there is none. */
export function PCell({ result, testid }: { result: { ok: true; p: number; test: string } | { ok: false; reason: string }; testid: string }) {
  if (!result.ok) return <td className="num muted wrap" data-testid={testid} data-p="">{result.reason}</td>;
  return (
    <td className="num" data-testid={testid} data-p={result.p.toPrecision(6)} data-test={result.test}>
      {result.p < 0.05 ? <strong>{pText(result.p)}</strong> : pText(result.p)}
      <div className="muted small">{result.test}</div>
    </td>
  );
}

export const fmt = (n: number, digits = 0) => Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
