import { Link } from '@/app/ui/link';
import type { PatientMedications } from '@/lib/dal/patient-page';
import { reasonLabel, routeLabel } from '@/lib/validation/medications';
import { Badge } from '@/app/ui/badge';
import { fmtNum } from '@/app/ui/format';
import { recentEpochs } from './medication-rows';
import { MoreRows, RECENT_ROWS, type TableView } from './table-view';

/**
 * Dose epochs by drug, oldest first, so a taper reads top to bottom (docs/clinical/README.md
 * section 6), with end and error reasons. Entered-in-error epochs stay, struck through.
 */
export function MedicationsSection({ page, canWrite, view }: { page: PatientMedications; canWrite: boolean; view: TableView }) {
  const pid = page.patient.id;
  const all = page.epochs;
  const rows = view.expanded.has('medications') ? all : recentEpochs(all, page.today, RECENT_ROWS);
  const base = `/patients/${pid}/medications`;
  return (
    <>
      {canWrite ? <p className="no-print"><Link className="btn small" href={`${base}/new`}>Start a drug</Link></p> : null}
      <div className="table-wrap">
        <table className="table" data-testid="medications-table">
          <thead>
            <tr><th>Drug</th><th className="num">Dose</th><th>Route</th><th>Frequency</th><th>Start</th><th>End (last day)</th><th>Reason</th><th><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {rows.map((m) => {
              const live = !m.enteredInError;
              return (
                <tr key={m.id} className={live ? undefined : 'muted'}>
                  <td>{m.drug} {m.immunosuppressant ? null : <Badge>not an immunosuppressant</Badge>}</td>
                  <td className="num">{fmtNum(m.dose, 3)} {m.doseUnit}</td>
                  <td>{routeLabel(m.route)}</td>
                  <td>{m.frequency}</td>
                  <td className="num">{m.startOn}</td>
                  <td className="num">{m.endOn ? <>{m.endOn}{m.endOn === page.today && live ? <> <Badge tone="warn">last day today</Badge></> : null}</> : live ? <Badge tone="ok">ongoing</Badge> : '—'}</td>
                  <td>{reasonLabel(m.reason)}{m.endReason ? `; ended: ${reasonLabel(m.endReason).toLowerCase()}` : ''}</td>
                  <td className="error-reason">
                    {live ? null : <><Badge>Entered in error</Badge> {m.errorReason} </>}
                    {canWrite && live && m.endOn === null ? (
                      <><Link href={`${base}/${m.id}?do=change`}>Change dose</Link> · <Link href={`${base}/${m.id}?do=stop`}>Stop</Link> · </>
                    ) : null}
                    <Link href={`${base}/${m.id}`}>{canWrite && live ? 'Correct / history' : 'Details'}</Link>
                  </td>
                </tr>
              );
            })}
            {rows.length === 0 ? <tr><td colSpan={8} className="muted">No medication recorded.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <MoreRows view={view} table="medications" shown={rows.length} total={all.length} noun="dose epochs" />
    </>
  );
}
