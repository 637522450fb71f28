import { INTERVAL_BINS } from '@/lib/domain/cohort/follow-up';
import { GROUP_SHORT } from '@/lib/domain/cohort/types';
import type { FollowUpView } from '@/lib/domain/cohort/view';
import { ANALYTE_LABELS } from '@/lib/validation/labs';
import { BarFigure } from './charts';
import { fmt, GROUP_COLOR, NotEnough } from './cohort-ui';

const months = (days: number) => `${fmt(days / 30.44, 1)} mo`;

/** How regularly titers are drawn, who is overdue, and which assays the results come from. */
export function FollowUpSection({ data }: { data: FollowUpView }) {
  const anySerial = data.groups.some((g) => g.serial > 0);
  return (
    <section aria-labelledby="followup-h">
      <h2 id="followup-h">Follow-up quality</h2>
      <div className="table-wrap">
        <table className="table cohort-table" data-testid="followup-table">
          <thead>
            <tr>
              <th scope="col">Group</th><th scope="col" className="num">Patients</th><th scope="col" className="num">With an anti-Mi2 result</th>
              <th scope="col" className="num">With ≥ 2 titer dates</th><th scope="col" className="num">Interval between titers, per-patient median</th>
              <th scope="col" className="num">Overdue (signal)</th><th scope="col" className="num">No titer in {data.overdueMonths} months</th>
            </tr>
          </thead>
          <tbody>
            {data.groups.map((g) => (
              <tr key={g.group} data-group={g.group}>
                <th scope="row">{GROUP_SHORT[g.group]}</th>
                <td className="num">{g.patients}</td>
                <td className="num">{g.withTiter}</td>
                <td className="num">{g.serial}</td>
                <td className="num">{g.perPatientMedian ? <>{fmt(g.perPatientMedian.median)} days ({months(g.perPatientMedian.median)}) <span className="muted">[{fmt(g.perPatientMedian.q1)}–{fmt(g.perPatientMedian.q3)}], n = {g.serial}</span></> : <span className="muted">no patient with 2 titer dates</span>}</td>
                <td className="num" data-testid={`overdue-${g.group}`}>{g.overdueSignal}</td>
                <td className="num">{g.noRecentTiter}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        A titer date is a day with at least one anti-Mi2 result (Mi-2α and Mi-2β of one draw count once). Overdue (signal): the stored titer-overdue signal,
        i.e. a positive history and no titer for more than {data.overdueMonths} months (site setting). The last column counts every patient without a titer in that time.
      </p>
      {anySerial ? (
        <div className="cohort-charts">
          <BarFigure testid="followup-chart" title="Intervals between consecutive titer dates" labels={INTERVAL_BINS.map((b) => b.label)} yTitle="intervals"
            attrs={{ 'data-intervals': data.groups.reduce((n, g) => n + g.intervals, 0) }}
            series={data.groups.map((g) => ({ label: `${GROUP_SHORT[g.group]} (${g.intervals} intervals)`, color: GROUP_COLOR[g.group], data: g.bins }))}
            ariaLabel="Number of intervals between titers in each length band, per group." />
        </div>
      ) : <NotEnough testid="followup-none">No selected patient has two titer dates: there is no interval to measure.</NotEnough>}
      <h3>Results per assay</h3>
      {data.assays.length === 0 ? <NotEnough>No anti-Mi2 results for the selected patients.</NotEnough> : (
        <div className="table-wrap">
          <table className="table cohort-table" data-testid="assay-table">
            <thead><tr><th scope="col">Assay</th><th scope="col">Analyte</th><th scope="col">Unit</th><th scope="col" className="num">Results</th><th scope="col" className="num">Category only</th><th scope="col" className="num">Patients</th><th scope="col">From</th><th scope="col">To</th></tr></thead>
            <tbody>
              {data.assays.map((a) => (
                <tr key={a.assayId}>
                  <td>{a.label}</td>
                  <td>{ANALYTE_LABELS[a.analyte as keyof typeof ANALYTE_LABELS] ?? a.analyte}</td>
                  <td>{a.unit}</td>
                  <td className="num">{a.results}</td>
                  <td className="num">{a.qualitativeOnly}</td>
                  <td className="num">{a.patients}</td>
                  <td>{a.firstOn}</td>
                  <td>{a.lastOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">Levels compare only within one assay (docs: antibody results are assay-specific); a patient whose results come from several assays has a break in the trend.</p>
    </section>
  );
}
