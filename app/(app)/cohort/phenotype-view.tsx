import { samplePoints } from '@/lib/domain/cohort/activity';
import { formatShare } from '@/lib/domain/cohort/describe';
import type { ContinuousRow } from '@/lib/domain/cohort/phenotype';
import { GROUP_SHORT, REFERENCE_GROUP } from '@/lib/domain/cohort/types';
import type { PhenotypeView } from '@/lib/domain/cohort/view';
import { BarFigure, ScatterFigure } from './charts';
import { fmt, GROUP_COLOR, NotEnough, PCell } from './cohort-ui';

/** Per-patient values as a strip per group (deterministic jitter), with the median as a bar. */
function strip(row: ContinuousRow) {
  return row.cells.flatMap((c, gi) => {
    const { points } = samplePoints(c.values, 1500);
    return [
      { label: GROUP_SHORT[c.group], color: GROUP_COLOR[c.group], points: points.map((v, i) => ({ x: gi + (((i * 0.618) % 1) - 0.5) * 0.5, y: v })) },
      ...(c.summary ? [{ label: `${GROUP_SHORT[c.group]} median`, color: GROUP_COLOR[c.group], emphasis: true, points: [{ x: gi, y: c.summary.median }] }] : []),
    ];
  });
}

function summaryText(c: ContinuousRow['cells'][number], digits: number) {
  if (!c.summary) return <span className="muted">no data</span>;
  const s = c.summary;
  return <>{fmt(s.median, digits)}<div className="muted small">[{fmt(s.q1, digits)}–{fmt(s.q3, digits)}], n = {s.n}</div></>;
}

/**
 * Phenotype by group: prevalence table with Fisher's exact p, per-patient peak CK
 * and lowest MMT-8 with Mann-Whitney p, each compared with anti-Mi2-positive DM.
 */
export function PhenotypeSection({ data }: { data: PhenotypeView }) {
  const t = data.table;
  const others = t.groups.filter((g) => g.group !== REFERENCE_GROUP);
  const anyVisits = t.binary[0]?.cells.some((c) => c.n > 0) ?? false;
  return (
    <section aria-labelledby="phenotype-h">
      <h2 id="phenotype-h">Phenotype by group</h2>
      {!t.reference ? <NotEnough testid="no-reference">p-values compare anti-Mi2-positive DM with each other group: add that group to the filter to see them.</NotEnough> : null}
      {!anyVisits ? <NotEnough>No visits recorded for the selected patients: findings need at least one visit.</NotEnough> : null}
      <div className="table-wrap">
        <table className="table cohort-table" data-testid="phenotype-table">
          <caption className="visually-hidden">Findings per group as patients with the finding / patients with at least one visit; p-values against anti-Mi2-positive DM.</caption>
          <thead>
            <tr>
              <th scope="col">Finding</th>
              {t.groups.map((g) => <th key={g.group} scope="col" className="num" data-testid={`phenotype-n-${g.group}`}>{GROUP_SHORT[g.group]}<div className="muted small">n = {g.n}</div></th>)}
              {t.reference ? others.map((g) => <th key={g.group} scope="col" className="num">p vs {GROUP_SHORT[g.group]}</th>) : null}
            </tr>
          </thead>
          <tbody>
            {t.binary.map((r) => (
              <tr key={r.key} data-row={r.key}>
                <th scope="row">{r.label}</th>
                {r.cells.map((c) => <td key={c.group} className="num" data-k={c.k} data-n={c.n}>{formatShare(c.k, c.n)}</td>)}
                {r.comparisons.map((c) => <PCell key={c.group} result={c.result} testid={`p-${r.key}-${c.group}`} />)}
              </tr>
            ))}
            {t.continuous.map((r) => (
              <tr key={r.key} data-row={r.key}>
                <th scope="row">{r.label}, {r.unit}<div className="muted small">median [IQR], patients with data</div></th>
                {r.cells.map((c) => <td key={c.group} className="num">{summaryText(c, r.key === 'peak-ck' ? 0 : 1)}</td>)}
                {r.comparisons.map((c) => <PCell key={c.group} result={c.result} testid={`p-${r.key}-${c.group}`} />)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        Each p-value compares anti-Mi2-positive DM with the group named in its column. Denominators are patients with at least one visit (findings come from visits; weakness at onset = the first recorded visit). Proportions:
        Fisher&apos;s exact test, two-sided; peak CK and lowest MMT-8 (complete exams, bilateral scaled to 0-80): Mann-Whitney U, exact without ties
        and under 50 per group, else normal approximation with tie and continuity corrections. A test needs at least 2 patients with data per group.
        No correction for multiple comparisons: descriptive, as the study&apos;s abstract (Pinal-Fernandez et al., Neurology 2019).
      </p>
      <div className="cohort-charts">
        <BarFigure testid="phenotype-chart" title="Patients with each finding (%)" labels={t.binary.map((r) => r.label)} yTitle="% of patients with visits" yMax={100}
          attrs={{ 'data-groups': t.groups.length }} ariaLabel="Percentage of patients with each finding per group; the numbers are in the table above."
          series={t.groups.map((g, gi) => ({ label: `${GROUP_SHORT[g.group]} (n = ${g.n})`, color: GROUP_COLOR[g.group], data: t.binary.map((r) => { const c = r.cells[gi]; return c && c.n > 0 ? Math.round((1000 * c.k) / c.n) / 10 : null; }) }))} />
        {t.continuous.map((r) => (
          <ScatterFigure key={r.key} testid={`phenotype-strip-${r.key}`} title={`${r.label} per patient (${r.unit}), median as a bar`} series={strip(r)}
            attrs={{ 'data-points': r.cells.reduce((n, c) => n + c.values.length, 0) }}
            x={{ title: 'Group', categories: r.cells.map((c) => GROUP_SHORT[c.group]), min: -0.5, max: r.cells.length - 0.5 }}
            y={r.key === 'peak-ck' ? { title: 'Peak CK (U/L, log scale)', log: true } : { title: 'Lowest MMT-8 (of 80)', min: 0, max: 80 }}
            ariaLabel={`${r.label} of each patient by group; medians and quartiles are in the table above.`} />
        ))}
      </div>
    </section>
  );
}
