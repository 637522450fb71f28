'use client';
import { startTransition, useActionState, useEffect, useState } from 'react';
import { FormMessage } from '@/app/ui/field';
import { sizeText, UPLOAD_LIMIT_BYTES } from '@/lib/api/body-limits';
import { confirmFhirMappingAction, importFhirAction, previewFhirAction } from './fhir-actions';
import { FhirMappings } from './fhir-mappings';
import { FhirReportView } from './fhir-report';
import { FHIR_IDLE } from './fhir-state';


/**
 * A FHIR R4 Bundle as hospitals send it (issue 18): preview (a dry run: what would be
 * created, matched, mapped and ignored, and the codes to map), confirm each unknown
 * sender code once (the preview runs again by itself), then import. The file is kept
 * in state and sent again: the server judges everything anew and refuses a file
 * changed since its preview. Changing the file hides the Import button until the next
 * preview.
 */
export function FhirImportForm() {
  const [preview, previewAction, previewing] = useActionState(previewFhirAction, FHIR_IDLE);
  const [result, importAction, importing] = useActionState(importFhirAction, FHIR_IDLE);
  const [confirmed, confirmAction, confirming] = useActionState(confirmFhirMappingAction, FHIR_IDLE);
  const [file, setFile] = useState<File | null>(null);
  const [allowImplausible, setAllowImplausible] = useState(false);
  const [changedAt, setChangedAt] = useState(0);
  const [localError, setLocalError] = useState<string | null>(null);

  const latest = (result.at ?? 0) > (preview.at ?? 0) ? result : preview;
  const report = latest.report;
  const busy = previewing || importing || confirming;
  const fresh = latest === preview && (preview.at ?? 0) > changedAt;
  const canImport = fresh && report?.ok === true && report.dryRun;
  const toCheck = report?.lines.some((l) => l.confirmable) ?? false;

  // A confirmed mapping changes what the Bundle means: preview it again at once.
  useEffect(() => {
    if (confirmed.status !== 'ok' || !file) return;
    const fd = new FormData();
    fd.set('bundle', file);
    if (allowImplausible) fd.set('allowImplausible', 'on');
    startTransition(() => previewAction(fd));
  }, [confirmed, file, allowImplausible, previewAction]);

  const send = (action: (fd: FormData) => void, withSha: boolean) => {
    if (!file) return setLocalError('Choose a FHIR Bundle (.json) file.');
    if (localError) return;
    const fd = new FormData();
    fd.set('bundle', file);
    if (allowImplausible) fd.set('allowImplausible', 'on');
    if (withSha && preview.sha256) fd.set('sha256', preview.sha256);
    startTransition(() => action(fd));
  };
  const onFile = (f: File | null) => {
    setChangedAt(Date.now());
    setFile(f);
    // Checked before the upload (the server refuses a larger body with 413 all the same).
    setLocalError(f && f.size > UPLOAD_LIMIT_BYTES ? `The file is ${sizeText(f.size)}; the web import takes up to ${sizeText(UPLOAD_LIMIT_BYTES)}: split the Bundle, or import it with npm run import on the server.` : null);
  };

  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="fhir-bundle">FHIR R4 Bundle (.json), or a single resource</label>
        <input id="fhir-bundle" name="bundle" type="file" accept=".json,application/json,application/fhir+json" onChange={(e) => onFile(e.target.files?.[0] ?? null)}
          aria-invalid={localError ? true : undefined} aria-describedby={localError ? 'fhir-bundle-error fhir-bundle-hint' : 'fhir-bundle-hint'} />
        <p className="hint" id="fhir-bundle-hint">
          Transaction, batch or collection Bundles as labs and hospitals send them. Patients are matched by MRN; anti-Mi2 and muscle-enzyme results,
          visits and medications are imported; specimens, reports, labs and practitioners are read for context; anything else is listed as ignored.
          Re-sending a Bundle is safe: what is already present is not stored twice.
        </p>
        {localError ? <p className="field-error" id="fhir-bundle-error" aria-live="polite">{localError}</p> : null}
      </div>
      {toCheck ? (
        <label className="alert warn">
          <input type="checkbox" checked={allowImplausible} onChange={(e) => { setChangedAt(Date.now()); setAllowImplausible(e.target.checked); }} />{' '}
          Import values to check as they are: I have checked the values listed below (preview again)
        </label>
      ) : null}
      <div className="row">
        <button type="button" className="btn secondary" disabled={busy} onClick={() => send(previewAction, false)}>{previewing ? 'Reading…' : 'Check bundle (dry run)'}</button>
        {canImport ? <button type="button" className="btn" disabled={busy} onClick={() => send(importAction, true)}>{importing ? 'Importing…' : 'Import bundle'}</button> : null}
      </div>
      <FormMessage status={confirmed.status === 'error' && (confirmed.at ?? 0) > (latest.at ?? 0) ? 'error' : latest.status} message={(confirmed.at ?? 0) > (latest.at ?? 0) ? confirmed.message : latest.message} />
      {report && fresh ? <FhirMappings mappings={report.mappings} canConfirm busy={busy} onConfirm={(fd) => startTransition(() => confirmAction(fd))} /> : null}
      {report ? <FhirReportView key={`${latest.at}`} report={report} /> : null}
    </div>
  );
}
