import { pText } from '@/lib/domain/cohort/describe';
import { SPEARMAN_P_METHOD_LABEL } from '@/lib/domain/stats/spearman-p';
import type { CorrelationRow } from '@/lib/domain/timeline/correlation';
import { MIN_PAIRS, PAIR_WINDOW_DAYS } from '@/lib/domain/timeline/correlation';

function rhoText(r: CorrelationRow): string {
  if (!r.shown) return `${r.n} ${r.n === 1 ? 'pair' : 'pairs'}: needs at least ${MIN_PAIRS}`;
  if (r.rho === null) return `not defined (no variation), ${r.n} pairs`;
  // No "-0.00": a rho that rounds to zero reads as 0.00.
  const rho = `ρ = ${(Math.abs(r.rho) < 0.005 ? 0 : r.rho).toFixed(2)}, ${r.n} pairs`;
  // A row stored before p was computed has none (until the nightly rebuild): rho alone.
  return r.p == null || r.pMethod == null ? rho : `${rho}, ${pText(r.p)} (${SPEARMAN_P_METHOD_LABEL[r.pMethod]})`;
}

/**
 * Spearman rho of this patient's titers vs CK and vs MMT-8 (docs/clinical/README.md
 * section 1: levels correlated with CK and strength in the cohort), with its p
 * and the p's method. Descriptive only, and only from 5 pairs up.
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
            data-rho={r.shown && r.rho !== null ? r.rho.toFixed(3) : ''} data-p={r.p == null ? '' : r.p.toPrecision(6)} data-p-method={r.pMethod ?? ''}>
            <strong>Anti-{r.analyteLabel} vs {r.againstLabel}</strong>: {rhoText(r)}
          </li>
        ))}
      </ul>
      <p className="hint">
        Spearman rank correlation; each titer (× cut-off) is paired with the CK or complete MMT-8 closest in time within {PAIR_WINDOW_DAYS} days.
        {mixed ? ' Levels from more than one assay are ranked together here, though they compare strictly only within one assay.' : ''}
        {' '}p is exact (permutation) up to 10 pairs and a t approximation above; it treats the pairs as independent, which one patient&apos;s repeated
        measurements are not, so read it as a description, not a test. In the cohort anti-Mi2 levels correlated with CK and with strength (Pinal-Fernandez et al., Neurology 2019).
      </p>
    </div>
  );
}
