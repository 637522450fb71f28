import type { PatientRecord } from '@/lib/dal/patient-record';

/** Immunosuppression history (placeholder until the medication forms land). */
export function MedicationsSection({ record }: { record: PatientRecord; canWrite: boolean }) {
  return <p className="muted">{record.medications.length} dose epochs.</p>;
}
