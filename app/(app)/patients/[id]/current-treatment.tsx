import type { MedicationEpoch } from '@/lib/domain/types';
import { routeLabel } from '@/lib/validation/medication-options';

/**
 * What the patient is on today, in one line per drug: the epochs active today
 * (lib/domain/medications.ts activeEpochsOn), so a drug stopped with today as its last
 * day is still listed, and says so.
 */
export function CurrentTreatment({ medications, today }: { medications: MedicationEpoch[]; today: string }) {
  return (
    <section className="card" aria-labelledby="now-h">
      <h2 id="now-h">Current treatment</h2>
      {medications.length === 0 ? (
        <p className="muted">No active medication recorded.</p>
      ) : (
        <ul data-testid="current-treatment">
          {medications.map((m) => (
            <li key={m.id}>
              <strong>{m.drug}</strong> {m.dose} {m.doseUnit} {routeLabel(m.route)} {m.frequency}
              <span className="muted"> since {m.startOn}{m.immunosuppressant ? '' : ' (not an immunosuppressant)'}</span>
              {m.endOn === today ? <strong className="last-day">, last day today</strong> : m.endOn ? <span className="muted">, last day {m.endOn}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
