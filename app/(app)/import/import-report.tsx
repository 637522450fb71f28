'use client';
import { useState } from 'react';
import { Badge, type Tone } from '@/app/ui/badge';
import type { FileReading } from '@/lib/import/file-reading';
import type { DisplayReport, ImportRowReport, ImportRowStatus } from '@/lib/import/lab-report';

const STATUS: Record<ImportRowStatus, { tone: Tone; label: string }> = {
  ok: { tone: 'ok', label: 'New' },
  duplicate: { tone: 'neutral', label: 'Duplicate, skipped' },
  error: { tone: 'danger', label: 'Error' },
};

/** How the file was read: separator, number format (declared or detected, and from what), ignored columns. */
function FileReadingView({ reading }: { reading: FileReading }) {
  return (
    <dl className="inline-dl" data-testid="file-reading" aria-label="How the file was read">
      <div><dt className="muted">Separator</dt><dd>{reading.delimiterText}</dd></div>
      <div><dt className="muted">Number format</dt><dd>{reading.numberFormatText}</dd></div>
      {reading.ignoredColumns.length ? <div><dt className="muted">Ignored columns</dt><dd>{reading.ignoredColumns.join(', ')}</dd></div> : null}
    </dl>
  );
}

/** How the file was read, then every row (up to the cap) with its status and problems; the problem rows can be shown alone. */
export function ImportReportView({ report }: { report: DisplayReport }) {
  const problems = report.counts.error + report.counts.duplicate + report.counts.warned;
  const [onlyProblems, setOnlyProblems] = useState(report.counts.error > 0);
  if (report.fileProblem) return null;
  const imported = report.outcome === 'imported';
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const rows: ImportRowReport[] = onlyProblems ? report.problemRows : report.firstRows;
  const total = onlyProblems ? problems : report.counts.rows;
  return (
    <section aria-labelledby="import-rows" className="stack">
      {report.reading ? <FileReadingView reading={report.reading} /> : null}
      <h2 id="import-rows">Rows</h2>
      <p>
        {plural(report.counts.rows, 'row', 'rows')}: <Badge tone="ok">{report.counts.ok} {imported ? 'imported' : 'new'}</Badge>{' '}
        <Badge>{plural(report.counts.duplicate, 'duplicate', 'duplicates')}</Badge>{' '}
        <Badge tone={report.counts.error ? 'danger' : 'neutral'}>{plural(report.counts.error, 'error', 'errors')}</Badge>{' '}
        {report.counts.warned ? <Badge tone="warn">{report.counts.warned} to check</Badge> : null}
        <span className="muted"> · file SHA-256 {report.sha256.slice(0, 16)}…</span>
      </p>
      <fieldset className="row">
        <legend className="visually-hidden">Rows to show</legend>
        <label><input type="radio" name="show" checked={!onlyProblems} onChange={() => setOnlyProblems(false)} /> All rows</label>
        <label><input type="radio" name="show" checked={onlyProblems} onChange={() => setOnlyProblems(true)} /> Only rows with errors, duplicates or something to check ({problems})</label>
      </fieldset>
      {total > rows.length ? <p className="hint">Showing the first {rows.length} of {total} rows.</p> : null}
      {report.counts.warned && !imported ? (
        <p className="alert warn" data-testid="import-warnings">
          {plural(report.counts.warned, 'new row has', 'new rows have')} something to check (marked &quot;Check&quot; below). They are imported as they are when you import this
          file: correct the file first if a value is wrong.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th className="num">Line</th><th>MRN and patient</th><th>Collected on</th><th>Test</th><th className="num">Result</th><th>Status</th><th>Problems</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.line}>
                <td className="num">{r.line}</td><td>{r.mrn}{r.patientName ? <div className="muted" data-testid="import-patient-name">{r.patientName}</div> : null}</td><td>{r.collectedOn}</td><td>{r.test}</td><td className="num">{r.result}</td>
                <td><Badge tone={r.status === 'ok' && r.warnings.length ? 'warn' : STATUS[r.status].tone}>{imported && r.status === 'ok' ? 'Imported' : STATUS[r.status].label}</Badge></td>
                <td>
                  {r.problems.map((p, i) => <div key={i}>{p.column ? <><code>{p.column}</code>: </> : null}{p.message}</div>)}
                  {r.warnings.map((w, i) => <div key={`w${i}`}><strong>Check:</strong> {w}</div>)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
