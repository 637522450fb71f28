import { Link } from '@/app/ui/link';
import { samplePoints, type MeasureAnalysis } from '@/lib/domain/cohort/activity';
import { pText } from '@/lib/domain/cohort/describe';
import { RHO_BIN_LABELS } from '@/lib/domain/cohort/spearman';
import { MIN_PAIRS } from '@/lib/domain/timeline/correlation';
import type { ActivityView } from '@/lib/domain/cohort/view';
import { BarFigure, ScatterFigure } from './charts';
import { fmt, NotEnough } from './cohort-ui';

const LABEL = { ck: 'CK', mmt: 'MMT-8' } as const;
const MAX_ROWS = 200;

const r2 = (n: number) => (Math.abs(n) < 0.005 ? '0.00' : n.toFixed(2));

function RmCell({ a }: { a: MeasureAnalysis }) {
  if (!a.rm.ok) return <td className="muted" data-testid={`rm-${a.measure}`} data-r="">{a.rm.reason}</td>;
  const { r, ci, p, df } = a.rm;
  return (
    <td className="num" data-testid={`rm-${a.measure}`} data-r={r.toFixed(4)} data-p={p.toPrecision(6)}>
      r<sub>rm</sub> = {r2(r)} <span className="muted">(95% CI {r2(ci[0])} to {r2(ci[1])}), df = {df}</span>, {pText(p)}
      <div className="muted small">{a.rm.test}</div>
    </td>
  );
}

function BetweenCell({ a }: { a: MeasureAnalysis }) {
  const b = a.between;
  if (!b.ok) return <td className="muted" data-testid={`between-${a.measure}`}>{b.reason}</td>;
  // `test` names the p's method: exact permutation p up to 10 patients, t approximation above.
  return <td className="num" data-testid={`between-${a.measure}`} data-p={b.p.toPrecision(6)} data-p-method={b.method}>ρ = {r2(b.rho)}, {pText(b.p)}, n = {b.n}<div className="muted small">{b.test}</div></td>;
}

/** The one-assay rule in words, with what it left out in this selection. */
function SeriesNote({ data }: { data: ActivityView }) {
  const { patients, withOtherAssays, levelsLeftOut } = data.series;
  return (
    <p className="hint" data-testid="activity-series" data-patients={patients} data-other={withOtherAssays} data-left-out={levelsLeftOut}>
      One assay per patient: the assay with the most titer dates{data.analyte === 'any' ? '' : ' of the chosen analyte'} (then the most recent). Levels of different
      assays are not on one scale, so a patient&apos;s other assays are left out rather than pooled
      {withOtherAssays > 0 ? <>: {withOtherAssays} of {patients} {patients === 1 ? 'patient' : 'patients'} had results from other assays ({levelsLeftOut} titer {levelsLeftOut === 1 ? 'date' : 'dates'} left out).</> : <>; no patient in this selection had another assay.</>}
    </p>
  );
}

function scatter(a: MeasureAnalysis, windowDays: number) {
  const { points, every } = samplePoints(a.byPatient.flatMap((p) => p.pairs));
  const ck = a.measure === 'ck';
  return (
    <ScatterFigure testid={`activity-scatter-${a.measure}`} title={`Anti-Mi2 level vs ${LABEL[a.measure]}: ${a.pairs} pairs from ${a.patients} patients`}
      attrs={{ 'data-pairs': a.pairs, 'data-patients': a.patients, 'data-drawn': points.length, 'data-r': a.rm.ok ? a.rm.r.toFixed(4) : '' }}
      series={[{ label: `Pairs within ${windowDays} days`, color: ck ? '#b4531f' : '#1d6b3a', points: points.map((p) => ({ x: Math.max(p.titer, 0.01), y: p.other })) }]}
      x={{ title: 'Anti-Mi2 (× cut-off, log scale)', log: true }}
      y={ck ? { title: 'CK (U/L, log scale)', log: true } : { title: 'MMT-8 (of 80)', min: 0, max: 80 }}
      note={every > 1 ? `Every ${every}th pair is drawn (${points.length} of ${a.pairs}); the statistics and the CSV use all of them.` : undefined}
      ariaLabel={`Each titer against the ${LABEL[a.measure]} paired with it; the correlations are in the table.`} />
  );
}

/** Titer vs CK and MMT-8 over all anti-Mi2-positive DM patients, with repeated measures respected. */
export function ActivitySection({ data }: { data: ActivityView }) {
  const { ck, mmt } = data.analysis;
  const rows = new Map<number, { ck?: (typeof ck.perPatient)[number]; mmt?: (typeof mmt.perPatient)[number] }>();
  for (const p of ck.perPatient) rows.set(p.patientId, { ...rows.get(p.patientId), ck: p });
  for (const p of mmt.perPatient) rows.set(p.patientId, { ...rows.get(p.patientId), mmt: p });
  const listed = [...rows].slice(0, MAX_ROWS);
  return (
    <section aria-labelledby="activity-h">
      <h2 id="activity-h">Titer vs disease activity</h2>
      <p className="hint">
        Anti-Mi2-positive DM patients in the selection ({data.eligible}). Titers (× cut-off; one per day) are paired with CK and with complete MMT-8 results
        within {data.windowDays} days, the closest first, each measurement in one pair at most (a day with two CK results counts the higher, with two exams the weaker),
        so the number of pairs counts measurements. Repeated-measures correlation (Bakdash &amp; Marusich, Front Psychol 2017) uses log10 titer and log10 CK:
        it asks whether a patient&apos;s titer and CK move together, without counting one patient&apos;s many visits as many patients. Spearman on per-patient means
        is the association between patients; its p is exact (permutation) up to 10 patients and a t approximation above. The study found anti-Mi2 levels correlated with CK and strength (p &lt; 0.001; Pinal-Fernandez et al., Neurology 2019).
      </p>
      <SeriesNote data={data} />
      {data.eligible === 0 ? <NotEnough testid="activity-none">The selection has no anti-Mi2-positive DM patients: there is nothing to pair.</NotEnough>
        : ck.pairs + mmt.pairs === 0 ? <NotEnough testid="activity-none">No titer has a CK or a complete MMT-8 within {data.windowDays} days: no paired measurements.</NotEnough> : null}
      <div className="table-wrap">
        <table className="table cohort-table" data-testid="activity-summary">
          <thead><tr><th scope="col">Titer vs</th><th scope="col" className="num">Pairs</th><th scope="col" className="num">Patients</th><th scope="col">Within patients (rmcorr)</th><th scope="col">Between patients</th><th scope="col" className="num">Per-patient ρ (≥ {MIN_PAIRS} pairs)</th></tr></thead>
          <tbody>
            {[ck, mmt].map((a) => (
              <tr key={a.measure} data-measure={a.measure}>
                <th scope="row">{LABEL[a.measure]}</th>
                <td className="num">{a.pairs}</td>
                <td className="num">{a.patients}</td>
                <RmCell a={a} />
                <BetweenCell a={a} />
                <td className="num">{a.distribution.summary ? <>median {r2(a.distribution.summary.median)} <span className="muted">[{r2(a.distribution.summary.q1)} to {r2(a.distribution.summary.q3)}], n = {a.distribution.n}</span></> : <span className="muted">no patient with {MIN_PAIRS} pairs</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="cohort-charts">
        {scatter(ck, data.windowDays)}
        {scatter(mmt, data.windowDays)}
        <BarFigure testid="activity-rho-chart" title="Each patient's own Spearman ρ (patients per band)" labels={[...RHO_BIN_LABELS]} yTitle="patients"
          attrs={{ 'data-ck': ck.distribution.n, 'data-mmt': mmt.distribution.n }}
          series={[{ label: `vs CK (n = ${ck.distribution.n})`, color: '#b4531f', data: ck.distribution.bins }, { label: `vs MMT-8 (n = ${mmt.distribution.n})`, color: '#1d6b3a', data: mmt.distribution.bins }]}
          ariaLabel="How many patients have each per-patient correlation; the medians are in the table." />
      </div>
      {rows.size ? (
        <div className="table-wrap">
          <table className="table cohort-table" data-testid="activity-patients">
            <caption className="visually-hidden">Per-patient pairs and Spearman rho</caption>
            <thead><tr><th scope="col">Patient</th><th scope="col">Assay followed</th><th scope="col" className="num">Pairs with CK</th><th scope="col" className="num">ρ vs CK</th><th scope="col" className="num">Pairs with MMT-8</th><th scope="col" className="num">ρ vs MMT-8</th></tr></thead>
            <tbody>
              {listed.map(([id, r]) => {
                const p = data.patients.get(id);
                const rho = (x?: { rho: number | null; pairs: number }) => (x?.rho != null ? r2(x.rho) : <span className="muted">{x && x.pairs < MIN_PAIRS ? `< ${MIN_PAIRS} pairs` : '—'}</span>);
                return (
                  <tr key={id}>
                    <td><Link href={`/patients/${id}`}>{p?.name ?? id}</Link> <span className="muted">{p?.mrn}</span></td>
                    <td>{r.ck?.assay ?? r.mmt?.assay ?? '—'}</td>
                    <td className="num">{fmt(r.ck?.pairs ?? 0)}</td><td className="num">{rho(r.ck)}</td>
                    <td className="num">{fmt(r.mmt?.pairs ?? 0)}</td><td className="num">{rho(r.mmt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {rows.size > MAX_ROWS ? <p className="hint">The first {MAX_ROWS} of {rows.size} patients; the CSV has all.</p> : null}
        </div>
      ) : null}
    </section>
  );
}
