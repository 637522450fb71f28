import type { Metadata } from 'next';
import { listAssays } from '@/lib/dal/assays';
import { listCodeMappings, mappingTarget } from '@/lib/dal/fhir-import-code-map';
import { requirePagePermission } from '@/lib/dal/session';
import { drugCandidates, labCandidates } from '@/lib/domain/fhir/import-candidates';
import { TEXT_SYSTEM, targetValue } from '@/lib/domain/fhir/import-code-map';
import { Badge } from '@/app/ui/badge';
import { ChangeMapping, NewMapping, ToggleMapping } from './code-map-forms';

export const metadata: Metadata = { title: 'Code map' };

/**
 * The code map (issue 18, item 2): which catalog assay, enzyme or drug a sender's code
 * is, as confirmed once in an import preview. Editable and audited; a change applies
 * to later imports only.
 */
export default async function CodeMapPage() {
  const actor = await requirePagePermission('code-map:manage');
  const mappings = listCodeMappings(actor);
  const catalog = listAssays(actor);
  const labOptions = labCandidates(catalog, { analyte: null, lab: '', unit: null, cutoff: null, method: '', display: '', numeric: false }).options;
  const drugOptions = drugCandidates([], undefined).options;
  const labelOf = (value: string, lab: boolean) => (lab ? labOptions : drugOptions).find((o) => o.value === value)?.label
    ?? catalog.find((a) => value === `assay:${a.id}`)?.name ?? value;
  return (
    <>
      <h1>Code map</h1>
      <p className="muted">
        What other systems&apos; codes are in Titerline, confirmed once in an import preview; later imports use them without asking. A change here applies to
        later imports only: results already stored keep their assay (correct a wrong one on the result). Every change is in the audit log.
      </p>
      {mappings.length === 0 ? <p>No mapping yet: unknown codes are offered for mapping in the import preview.</p> : (
        <div className="table-wrap">
          <table className="table" data-testid="code-map">
            <thead><tr><th>Kind</th><th>Sender (lab)</th><th>Code</th><th>Sender&apos;s name</th><th>Unit</th><th>Is</th><th>Confirmed</th><th>Status</th><th /></tr></thead>
            <tbody>
              {mappings.map((m) => {
                const target = mappingTarget(m);
                const value = target ? targetValue(target) : '';
                const label = `${m.codeSystem === TEXT_SYSTEM ? 'name' : m.codeSystem} ${m.code}`;
                return (
                  <tr key={m.id}>
                    <td>{m.domain === 'lab' ? 'Lab result' : 'Drug'}</td><td>{m.senderFacility || '—'}{m.senderApplication ? ` (from ${m.senderApplication})` : ''}</td>
                    <td><span className="muted">{m.codeSystem === TEXT_SYSTEM ? 'name' : m.codeSystem}</span> {m.code}</td>
                    <td>{m.display || '—'}</td><td>{m.unit || '—'}</td>
                    <td>{m.active ? <ChangeMapping id={m.id} current={value} options={m.domain === 'lab' ? labOptions : drugOptions} label={label} /> : labelOf(value, m.domain === 'lab')}</td>
                    <td>{m.confirmedByName ?? 'command line'}, {m.updatedAt.slice(0, 10)}</td>
                    <td>{m.active ? <Badge tone="ok">Active</Badge> : <Badge>Retired</Badge>}</td>
                    <td><ToggleMapping id={m.id} active={m.active} label={label} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section className="card" aria-labelledby="new-mapping"><h2 id="new-mapping">Add a mapping</h2><NewMapping labOptions={labOptions} drugOptions={drugOptions} /></section>
    </>
  );
}
