import type { CorrelationRow } from '@/lib/domain/timeline/correlation';
import { MIN_PAIRS, PAIR_WINDOW_DAYS } from '@/lib/domain/timeline/correlation';

function rhoText(r: CorrelationRow): string {
  if (!r.shown) return `${r.n} ${r.n === 1 ? 'pair' : 'pairs'}: needs at least ${MIN_PAIRS}`;
  if (r.rho === null) return `not defined (no variation), ${r.n} pairs`;
  // No "-0.00": a rho that rounds to zero reads as 0.00.
  return `ρ = ${(Math.abs(r.rho) < 0.005 ? 0 : r.rho).toFixed(2)}, ${r.n} pairs`;
}

/**
 * Spearman rho of this patient's titers vs CK and vs MMT-8 (docs/domain.md
 * section 1: levels correlated with CK and strength in the cohort). Descriptive
 * only, and only from 5 pairs up.
 */
export function CorrelationStrip({ rows }: { rows: CorrelationRow[] }) {
  if (rows.length === 0) return null;
  const mixed = rows.some((r) => r.assays > 1);
  return (
    <div className="tl-correlation" data-testid="timeline-correlation">
      <h3>Titer vs CK and strength, this patient</h3>
      <ul className="tl-corr-list">
        {rows.map((r) => (
          <li key={`${r.analyte}-${r.against}`} data-testid={`correlation-${r.analyte}-${r.against}`} data-pairs={r.n}
            data-rho={r.shown && r.rho !== null ? r.rho.toFixed(3) : ''}>
            <strong>Anti-{r.analyteLabel} vs {r.againstLabel}</strong>: {rhoText(r)}
          </li>
        ))}
      </ul>
      <p className="hint">
        Spearman rank correlation; each titer (× cut-off) is paired with the CK or complete MMT-8 closest in time within {PAIR_WINDOW_DAYS} days.
        {mixed ? ' Levels from more than one assay are ranked together here, though they compare strictly only within one assay.' : ''}
        {' '}In the cohort anti-Mi2 levels correlated with CK and with strength (Pinal-Fernandez et al., Neurology 2019). Descriptive, not a test.
      </p>
    </div>
  );
}
