import { Link } from '@/app/ui/link';
import { courseRowDefinition, courseRowLabel, STUDY_COURSE } from '@/lib/domain/cohort/course-table';
import type { CourseView } from '@/lib/domain/cohort/view';
import { ANALYTE_LABELS } from '@/lib/validation/labs';
import { BarFigure } from './charts';
import { fmt, NotEnough } from './cohort-ui';

/** A list longer than this is cut on screen (the CSV lists everyone). */
const MAX_LISTED = 1000;

/**
 * The study's "10 / 3 / 2" table on this clinic's anti-Mi2-positive DM patients.
 * Every count is a link to the patients behind it (`?course=<row>`), so a number
 * can always be checked patient by patient.
 */
export function CourseSection({ data, hrefFor }: { data: CourseView; hrefFor: (row: string) => string }) {
  const listed = data.listed ? data.table.find((t) => t.row === data.listed) : undefined;
  const byId = new Map(data.records.map((r) => [r.patientId, r]));
  const studyShown = data.years === 4;
  return (
    <section aria-labelledby="course-h">
      <h2 id="course-h">Long-term course of anti-Mi2 titers</h2>
      <p className="hint">
        Anti-Mi2-positive DM patients in the selection ({data.eligible}) whose results of one analyte span at least {data.years} {data.years === 1 ? 'year' : 'years'},
        counted with the signal rules (How signals work) over each patient&apos;s whole history. Normalization and relapse read every anti-Mi2 analyte the patient has,
        as the tapering signal does; a day whose results disagree is neither negative nor positive. Each row says what it counts.
      </p>
      {data.records.length === 0 ? <NotEnough testid="course-none">No anti-Mi2-positive DM patient in the selection has titers over {data.years} years or more.</NotEnough> : null}
      <div className="table-wrap">
        <table className="table cohort-table" data-testid="course-table">
          <thead><tr><th scope="col">Patients</th><th scope="col" className="num">This clinic</th><th scope="col" className="num">of</th>{studyShown ? <th scope="col" className="num">Study (≥ 4 years)</th> : null}</tr></thead>
          <tbody>
            {data.table.map((t) => (
              <tr key={t.row} data-row={t.row} aria-current={t.row === data.listed ? 'true' : undefined}>
                <th scope="row">{courseRowLabel(t.row, data.years)}<span className="hint" style={{ display: 'block', fontWeight: 'normal' }}>{courseRowDefinition(t.row, data.years, data.afterStop, data.settings)}</span></th>
                <td className="num"><Link href={hrefFor(t.row)} data-testid={`course-count-${t.row}`} data-count={t.count} aria-label={`${t.count}: list these patients`}>{t.count}</Link></td>
                <td className="num">{t.of ?? ''}</td>
                {studyShown ? <td className="num">{STUDY_COURSE[t.row] ?? <span className="muted" title="not reported in the abstract">n/r</span>}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {studyShown ? <p className="hint">Study: Pinal-Fernandez et al., Neurology 2019 (10 patients with serum over ≥ 4 years; the abstract does not say whether the third normalized patient relapsed: n/r).</p> : null}
      <div className="cohort-charts">
        <BarFigure testid="course-chart" title="Long-term course (patients)" horizontal height={240} labels={data.table.map((t) => courseRowLabel(t.row, data.years))} yTitle="patients"
          attrs={{ 'data-serial': data.table[0]?.count ?? 0 }}
          series={[{ label: 'This clinic', color: '#1f5fa8', data: data.table.map((t) => t.count) }, ...(studyShown ? [{ label: 'Study', color: '#9aa3ad', data: data.table.map((t) => STUDY_COURSE[t.row]) }] : [])]}
          ariaLabel="Counts of the long-term course table, this clinic beside the study." />
      </div>
      {listed ? (
        <section className="card" aria-labelledby="course-list-h" data-testid="course-list" data-row={listed.row} data-count={listed.patientIds.length}>
          <h3 id="course-list-h">{courseRowLabel(listed.row, data.years)}: {listed.patientIds.length} {listed.patientIds.length === 1 ? 'patient' : 'patients'}</h3>
          {listed.patientIds.length === 0 ? <p className="muted">Nobody.</p> : (
            <div className="table-wrap">
              <table className="table">
                <thead><tr><th scope="col">Patient</th><th scope="col">Analyte</th><th scope="col" className="num">Titers</th><th scope="col">Followed</th><th scope="col">Declined</th><th scope="col">Normalization sustained</th><th scope="col">Off immunosuppression from</th><th scope="col">Relapse</th><th scope="col">Titers followed until</th></tr></thead>
                <tbody>
                  {listed.patientIds.slice(0, MAX_LISTED).map((id) => {
                    const r = byId.get(id);
                    const p = data.patients.get(id);
                    if (!r) return null;
                    return (
                      <tr key={id} data-testid="course-patient">
                        <td><Link href={`/patients/${id}`}>{p?.name ?? id}</Link> <span className="muted">{p?.mrn}</span></td>
                        <td>Anti-{ANALYTE_LABELS[r.analyte]}{r.analytes.length > 1 ? <span className="muted"> (also read: {r.analytes.filter((x) => x !== r.analyte).map((x) => `anti-${ANALYTE_LABELS[x]}`).join(', ')})</span> : null}</td>
                        <td className="num">{r.results}</td>
                        <td>{r.firstOn} to {r.lastOn} <span className="muted">({fmt(r.years, 1)} y)</span></td>
                        <td>{r.declined ? 'yes' : 'no'}</td>
                        <td>{r.normalizedOn ?? '—'}</td>
                        <td>{r.stoppedFrom ?? '—'}</td>
                        <td>{r.relapse ? `${r.relapse.on}, ${r.relapse.how}` : r.tooEarly ? 'none so far (too early to tell)' : '—'}</td>
                        <td>{r.followedUntil}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {listed.patientIds.length > MAX_LISTED ? <p className="hint">The first {MAX_LISTED} of {listed.patientIds.length}; the CSV lists every patient.</p> : null}
            </div>
          )}
        </section>
      ) : <p className="hint">Select a count to list the patients behind it.</p>}
    </section>
  );
}
