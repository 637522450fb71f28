'use client';
import { startTransition, useActionState, useState } from 'react';
import { FormMessage } from '@/app/ui/field';
import { previewLabImportAction, runLabImportAction } from './actions';
import { IMPORT_IDLE } from './import-state';
import { ImportReportView } from './import-report';
import { sizeText, UPLOAD_LIMIT_BYTES } from '@/lib/api/body-limits';

/** The number formats a file may be read in (lib/import/number-format.ts); "detect" refuses numbers with two readings. */
const NUMBER_FORMATS = [
  { value: 'detect', label: 'Detect' },
  { value: 'point', label: 'Decimal point (1,250.5)' },
  { value: 'comma', label: 'Decimal comma (1.250,5)' },
] as const;

/** WEB_IMPORT_LIMITS in lib/dal/lab-import-plan.ts (checked again on the server; tests/unit/body-limits.test.ts). */
const MAX_BYTES = UPLOAD_LIMIT_BYTES;

/**
 * Upload (or paste), choose the number format (or let it be detected), preview, then
 * confirm. The file and the format are kept in state and sent again on confirm,
 * because the server re-judges everything and never trusts the preview; the previewed
 * SHA-256 goes along so a changed file is refused, not imported. Changing the file or
 * the format hides the Import button until the next preview.
 */
export function ImportForm() {
  const [preview, previewAction, previewing] = useActionState(previewLabImportAction, IMPORT_IDLE);
  const [result, importAction, importing] = useActionState(runLabImportAction, IMPORT_IDLE);
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [decimal, setDecimal] = useState<string>('detect');
  const [changedAt, setChangedAt] = useState(0);
  const [localError, setLocalError] = useState<string | null>(null);

  const latest = (result.at ?? 0) > (preview.at ?? 0) ? result : preview;
  const report = latest.report;
  const canImport = latest === preview && (preview.at ?? 0) > changedAt && report?.outcome === 'preview' && report.counts.ok > 0;
  const busy = previewing || importing;

  const payload = (withSha: boolean) => {
    const fd = new FormData();
    if (file) fd.set('file', file);
    else fd.set('csv', pasted);
    fd.set('decimal', decimal);
    if (withSha && report) fd.set('sha256', report.sha256);
    return fd;
  };
  const changed = () => { setChangedAt(Date.now()); setLocalError(null); };
  const onFile = (f: File | null) => {
    changed();
    setFile(f);
    if (f && f.size > MAX_BYTES) setLocalError(`The file is ${sizeText(f.size)}; the web import takes up to ${sizeText(MAX_BYTES)}. Split it, or import it with npm run import on the server.`);
  };
  const send = (action: (fd: FormData) => void, withSha: boolean) => {
    if (!file && !pasted.trim()) return setLocalError('Choose a CSV file or paste its content.');
    if (localError) return;
    startTransition(() => action(payload(withSha)));
  };

  return (
    <div className="stack">
      <div className="grid">
        <div className="field">
          <label htmlFor="f-file">CSV file (UTF-8; comma, semicolon or tab separated; up to 20 MB)</label>
          <input id="f-file" name="file" type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain" onChange={(e) => onFile(e.target.files?.[0] ?? null)}
            aria-invalid={localError ? true : undefined} aria-describedby={localError ? 'f-file-error' : undefined} />
          {localError ? <p className="field-error" id="f-file-error" aria-live="polite">{localError}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="f-decimal">Number format</label>
          <select id="f-decimal" name="decimal" value={decimal} aria-describedby="f-decimal-hint" onChange={(e) => { changed(); setDecimal(e.target.value); }}>
            {NUMBER_FORMATS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
          </select>
          <p className="hint" id="f-decimal-hint">
            How the file writes 1250.5. Detect reads 12.5 and 12,5, but refuses 12,500 or 1.250 (twelve thousand five hundred, or twelve point five?) until you choose.
          </p>
        </div>
      </div>
      <details>
        <summary>Or paste the CSV text</summary>
        <div className="field">
          <label htmlFor="f-csv">CSV text (used when no file is chosen)</label>
          <textarea id="f-csv" name="csv" rows={8} spellCheck={false} value={pasted} onChange={(e) => { changed(); setPasted(e.target.value); }} />
        </div>
      </details>
      <div className="row">
        <button type="button" className="btn secondary" disabled={busy} onClick={() => send(previewAction, false)}>
          {previewing ? 'Reading…' : 'Preview'}
        </button>
        {canImport ? (
          <button type="button" className="btn" disabled={busy} onClick={() => send(importAction, true)}>
            {importing ? 'Importing…' : `Import ${report.counts.ok} new result${report.counts.ok === 1 ? '' : 's'}`}
          </button>
        ) : null}
      </div>
      <FormMessage status={latest.status} message={latest.message} />
      {/* Keyed so each new report starts on its own default view (problems first when there are errors). */}
      {report ? <ImportReportView key={`${report.sha256}-${latest.at}`} report={report} /> : null}
    </div>
  );
}
