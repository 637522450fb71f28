import { Link } from '@/app/ui/link';
import { DIAGNOSIS_LABELS } from '@/lib/validation/patient-options';

export interface PatientHeaderProps {
  id: number;
  mrn: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  age: number | null;
  sex: string;
  diagnosisGroup: keyof typeof DIAGNOSIS_LABELS;
  physicianName?: string | null;
}

/** Name, MRN and age: always visible on a patient's pages (house style). */
export function PatientHeader(p: PatientHeaderProps) {
  return (
    <header className="card patient-header" aria-label="Patient">
      <h1>
        <Link href={`/patients/${p.id}`}>{p.familyName.toUpperCase()}, {p.givenName}</Link>
      </h1>
      <dl className="inline-dl">
        <div><dt>MRN</dt><dd data-testid="mrn">{p.mrn}</dd></div>
        <div><dt>Born</dt><dd>{p.birthDate}{p.age !== null ? ` (${p.age} y)` : ''}</dd></div>
        <div><dt>Sex</dt><dd>{p.sex}</dd></div>
        <div><dt>Diagnosis</dt><dd>{DIAGNOSIS_LABELS[p.diagnosisGroup]}</dd></div>
        {p.physicianName ? <div><dt>Physician</dt><dd>{p.physicianName}</dd></div> : null}
      </dl>
    </header>
  );
}
