'use client';
import { useState } from 'react';
import { Badge, type Tone } from '@/app/ui/badge';
import type { ImportCounts, ImportReport, LineOutcome } from '@/lib/domain/fhir/import-report';

const OUTCOME: Record<LineOutcome, { tone: Tone; label: string }> = {
  rejected: { tone: 'danger', label: 'To fix' },
  present: { tone: 'neutral', label: 'Already present' },
  corrected: { tone: 'info', label: 'Lab correction' },
  retracted: { tone: 'warn', label: 'Retracted' },
  held: { tone: 'warn', label: 'Held (not stored)' },
  context: { tone: 'neutral', label: 'Read for context' },
  proposal: { tone: 'info', label: 'Proposal' },
  ignored: { tone: 'neutral', label: 'Ignored' },
  skipped: { tone: 'neutral', label: 'Skipped' },
  note: { tone: 'info', label: 'Note' },
};

/** The counts a person checks first: what would be (or was) written, and what was not. */
function CountsView({ counts, dryRun }: { counts: ImportCounts; dryRun: boolean }) {
  const rows: [string, number][] = [
    [dryRun ? 'New patients' : 'Patients created', counts.patientsCreated], ['Patients matched by MRN', counts.patientsMatched],
    ['Anti-Mi2 results', counts.antibodyResults], ['Enzyme results', counts.enzymeResults], ['Visits', counts.visits], ['Medication epochs', counts.medications],
    ['Lab corrections', counts.corrected], ['Retracted by the lab', counts.retracted], ['Recognised through the code map', counts.mapped],
    ['Already present', counts.alreadyPresent], ['Preliminary, held', counts.held], ['Context or ignored', counts.ignored],
  ];
  return (
    <dl className="inline-dl" data-testid="fhir-counts" aria-label={dryRun ? 'What the import would do' : 'What the import did'}>
      {rows.map(([label, n]) => <div key={label}><dt>{label}</dt><dd>{n}</dd></div>)}
    </dl>
  );
}

/** Every line of a FHIR import report, problems first on request; the resource and entry say where in the Bundle. */
export function FhirReportView({ report }: { report: ImportReport }) {
  const problems = report.lines.filter((l) => l.outcome === 'rejected').length;
  const [onlyProblems, setOnlyProblems] = useState(problems > 0);
  const lines = onlyProblems ? report.lines.filter((l) => l.outcome === 'rejected') : report.lines;
  return (
    <section aria-labelledby="fhir-report-h" className="stack">
      <h3 id="fhir-report-h">{report.dryRun ? 'Preview' : 'Report'}</h3>
      <CountsView counts={report.counts} dryRun={report.dryRun} />
      {report.lines.length ? (
        <>
          <fieldset className="row">
            <legend className="visually-hidden">Lines to show</legend>
            <label><input type="radio" name="fhir-show" checked={!onlyProblems} onChange={() => setOnlyProblems(false)} /> All lines ({report.lines.length})</label>
            <label><input type="radio" name="fhir-show" checked={onlyProblems} onChange={() => setOnlyProblems(true)} /> Only what to fix or map ({problems})</label>
          </fieldset>
          <div className="table-wrap">
            <table className="table" data-testid="fhir-report">
              <thead><tr><th className="num">Entry</th><th>Resource</th><th>Outcome</th><th>Why</th></tr></thead>
              <tbody>
                {lines.map((l, i) => (
                  <tr key={i}>
                    <td className="num">{l.entry ?? '—'}</td><td>{l.resource}</td>
                    <td><Badge tone={OUTCOME[l.outcome].tone}>{l.mapKey ? 'To map' : l.confirmable ? 'To check' : OUTCOME[l.outcome].label}</Badge></td>
                    <td>{l.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
