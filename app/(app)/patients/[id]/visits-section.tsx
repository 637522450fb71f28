import type { PatientRecord } from '@/lib/dal/patient-record';

/** Clinic visits with MMT-8 totals (placeholder until the visits form lands). */
export function VisitsSection({ record }: { record: PatientRecord; canWrite: boolean }) {
  return <p className="muted">{record.visits.length} visits.</p>;
}
