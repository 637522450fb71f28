import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { IMPORT_TESTS, LAB_COLUMNS, REQUIRED_COLUMNS, type LabColumn } from '@/lib/import/lab-columns';
import { ImportForm } from './import-form';
import { FhirImportForm } from './fhir-form';

export const metadata: Metadata = { title: 'Import lab results' };

/** What each column holds; docs/lab-import.md says the same at more length. */
const COLUMN_HELP: Record<LabColumn, string> = {
  mrn: 'The patient’s MRN, exactly as registered.',
  collected_on: 'Collection date, YYYY-MM-DD; not in the future, not before birth.',
  test: IMPORT_TESTS.join(', '),
  value: 'The number as reported, in the file’s number format (see below); "<5" or ">150" for censored anti-Mi2 results. Empty for a category-only result.',
  comparator: '< or > (anti-Mi2 only), or put it in front of the value.',
  qualitative: 'negative, borderline, positive or strong (anti-Mi2 only).',
  unit: 'Enzymes: U/L (IU/L) or µkat/L (ukat/L), required. Anti-Mi2: optional, must be the assay’s unit.',
  reference_low: 'Enzymes: lower reference limit, in the reported unit. Ignored for anti-Mi2.',
  reference_high: 'Enzymes: upper limit of normal, in the reported unit (empty = site default for the patient’s sex). Anti-Mi2: the cut-off in force (empty = the assay’s).',
  assay: 'Anti-Mi2: the catalog assay name. May be empty when the test has a single active assay.',
  lab: 'Anti-Mi2: the assay’s lab, to tell apart assays of the same name. Not stored for enzymes.',
  accession: 'The lab’s accession number: a row with the same accession, test and patient is a duplicate.',
};

export default async function ImportPage() {
  await requirePagePermission('lab:import');
  return (
    <>
      <h1>Import lab results</h1>
      <p className="muted">
        A CSV file of anti-Mi2 and muscle enzyme results. Preview shows every row with its problems; the import then writes all rows
        or none. Results already recorded (same accession, or same patient, test, date and value) are skipped, so importing a file
        twice is safe.
      </p>
      <section className="card" aria-label="Upload"><ImportForm /></section>
      <section className="card" aria-labelledby="fhir-h"><h2 id="fhir-h">Import a FHIR R4 Bundle</h2><FhirImportForm /></section>
      <details className="card">
        <summary>Columns</summary>
        <p className="hint">
          A header row names the columns, in any order. Required: {REQUIRED_COLUMNS.join(', ')}. Other columns (patient name, order
          number, comments…) are ignored and listed in the preview, unless their name looks like one of these (“units”, “ref_range”):
          then the file is refused, so that no limit or unit is silently left out. Save from a spreadsheet as “CSV UTF-8”.
        </p>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Column</th><th>Holds</th></tr></thead>
            <tbody>{LAB_COLUMNS.map((c) => <tr key={c}><td><code>{c}</code></td><td>{COLUMN_HELP[c]}</td></tr>)}</tbody>
          </table>
        </div>
        <pre className="hint">{`mrn,collected_on,test,value,unit,reference_high,assay,accession
MRN-100001,2025-09-02,mi2-beta,38,units,5,Mi-2β line blot,RLA-25-0901
MRN-100001,2025-12-01,mi2-beta,<5,units,5,Mi-2β line blot,RLA-25-1204
MRN-100001,2025-12-01,ck,3.1,ukat/L,3.45,,HL-25-88120`}</pre>
      </details>
      <details className="card">
        <summary>Separators and number formats</summary>
        <p className="hint">
          Fields may be separated by commas, semicolons or tabs; the preview says which it found in the header line. Numbers may be
          written with a decimal point (1,250.5) or a decimal comma (1.250,5). Choose the file’s format under Number format, or leave
          it on Detect: then 12.5 and 12,5 are read, a semicolon-separated file is read with a decimal comma, and a number that reads
          differently in the two formats (12,500: twelve thousand five hundred, or twelve point five?) is refused until you choose.
          With a format chosen, thousands marks are accepted only in groups of three (12,500 or 1,250,000 with a decimal point).
        </p>
        <pre className="hint">{`mrn;collected_on;test;value;unit;reference_high;patient_name
MRN-100001;2025-12-01;ck;1.250,5;U/L;170;Example
MRN-100001;2025-12-01;ck;3,1;ukat/L;3,45;Example`}</pre>
      </details>
    </>
  );
}
