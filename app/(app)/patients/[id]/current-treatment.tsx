import type { MedicationEpoch } from '@/lib/domain/types';

/** What the patient is on today, in one line per drug. */
export function CurrentTreatment({ medications }: { medications: MedicationEpoch[] }) {
  return (
    <section className="card" aria-labelledby="now-h">
      <h2 id="now-h">Current treatment</h2>
      {medications.length === 0 ? (
        <p className="muted">No active medication recorded.</p>
      ) : (
        <ul data-testid="current-treatment">
          {medications.map((m) => (
            <li key={m.id}>
              <strong>{m.drug}</strong> {m.dose} {m.doseUnit} {m.route} {m.frequency}
              <span className="muted"> since {m.startOn}{m.immunosuppressant ? '' : ' (not an immunosuppressant)'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
