/**
 * Reference ranges a FHIR receiver could misread, on a real database, and Titerline's own
 * import of them (docs/decisions/0008-fhir-interoperability.md):
 * - an enzyme range Titerline filled in (the site default, this patient's earlier lab
 *   range) goes out in words without limits, marked; another Titerline stores it as a
 *   fallback again, never as the lab's;
 * - an assay whose cut-off dilution counts as positive sends no high limit beside a
 *   positive 1:80; another Titerline keeps the cut-off in force and the class.
 * Everything sent validates as FHIR R4.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { createAssay } from '@/lib/dal/assays';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { exportPatientFhir } from '@/lib/dal/fhir-export';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import type { ExportResource, Observation } from '@/lib/domain/fhir/types';
import { makeActor } from '../setup/actors';
import { abForm, ckForm, daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { collection, withoutIds } from '../setup/fhir';
import { loadValidator } from '../setup/fhir-validator';
import { useTempDatabase } from '../setup/temp-db';

const dbs: ReturnType<typeof useTempDatabase>[] = [];
let validate: (resource: unknown) => string[];
let sent: ExportResource[] = [];

/** A Mi-2 IIF whose screening dilution 1:80 is the first positive. */
const IIF = { name: 'Mi-2 IIF', analyte: 'mi2', method: 'iif', kit: '', lab: 'Lab D', unit: '{titer}', cutoff: '80', positiveFrom: '', strongAbove: '', loinc: '', cutoffDilutionPositive: 'on' };
/** What each enzyme and antibody row holds, in date order. */
const enzymes = () => sqlite().prepare('SELECT analyte, value, upper_limit_ul AS upper, range_source AS source FROM enzyme_results ORDER BY collected_on, id').all();
const titers = () => sqlite().prepare('SELECT value, comparator, cutoff FROM antibody_results ORDER BY collected_on, id').all();
const observations = (rs: readonly ExportResource[]) => rs.filter((r): r is Observation => r.resourceType === 'Observation' && r.category?.[0]?.coding?.[0]?.code === 'laboratory');
const interpretation = (o: Observation) => o.interpretation?.[0]?.coding?.[0]?.code;

beforeAll(async () => {
  validate = await loadValidator();
  dbs.push(useTempDatabase());
  const [admin, physician, nurse] = await Promise.all([makeActor('admin'), makeActor('physician'), makeActor('nurse')]);
  const iif = createAssay(admin, IIF);
  const pid = newPatient(physician, { mrn: 'RANGES-1', sex: 'female' });
  // CK without a range: the site default for a woman (207 U/L). ALT: the lab's range, then none (this patient's earlier range).
  recordEnzymeResult(nurse, pid, ckForm(daysAgo(30), 180));
  recordEnzymeResult(nurse, pid, { analyte: 'alt', collectedOn: daysAgo(60), value: '30', unit: 'U/L', lowerLimit: '7', upperLimit: '35' });
  recordEnzymeResult(nurse, pid, { analyte: 'alt', collectedOn: daysAgo(20), value: '50', unit: 'U/L' });
  for (const [day, value, comparator] of [[90, '80', '<'], [60, '40', ''], [30, '80', ''], [10, '160', '']] as const) {
    recordAntibodyResult(nurse, pid, abForm(daysAgo(day), value, { assayId: String(iif.id), cutoff: '', comparator }));
  }
  sent = exportPatientFhir(physician, pid).resources;
}, 120_000);
afterAll(() => dbs.forEach((d) => d.dispose()));

describe('what another system receives', () => {
  it('validates as FHIR R4', () => {
    expect(sent.flatMap((r) => validate(r).map((m) => `${r.resourceType}/${r.id}: ${m}`))).toEqual([]);
  });

  it('a range the lab did not give: words, no limits; the lab\'s range: its limits', () => {
    const ranges = observations(sent).filter((o) => !o.method).map((o) => [o.valueQuantity?.value, o.referenceRange]);
    const marked = (valueCode: string, text: string) => [{ extension: [{ url: 'urn:titerline:fhir:extension:range-source', valueCode }], text }];
    const UL = (value: number) => ({ value, unit: 'U/L', system: 'http://unitsofmeasure.org', code: 'U/L' });
    expect(ranges).toEqual([
      [30, [{ low: UL(7), high: UL(35) }]],
      [180, marked('site-default', 'No range reported by the lab: read against the site default range, up to 207 U/L.')],
      [50, marked('patient', "No range reported by the lab: read against this patient's earlier lab range, 7-35 U/L.")],
    ]);
  });

  it('a dilution assay whose 1:80 is positive: no high limit, and each titer\'s class as its interpretation', () => {
    const abs = observations(sent).filter((o) => o.method);
    expect(abs.map((o) => [o.valueQuantity?.comparator ?? '', o.valueQuantity?.value, interpretation(o)])).toEqual([['<', 80, 'NEG'], ['', 40, 'NEG'], ['', 80, 'POS'], ['', 160, 'POS']]);
    for (const o of abs) {
      expect(o.referenceRange?.[0]?.high).toBeUndefined();
      expect(o.referenceRange?.[0]?.text).toBe('Cut-off of this assay: negative below 80, positive from 80.');
    }
  });
});

describe('imported into another Titerline', () => {
  it('stores the filled-in ranges as fallbacks again, keeps the cut-off in force, and exports the same', async () => {
    dbs.push(useTempDatabase());
    const [admin, physician] = await Promise.all([makeActor('admin'), makeActor('physician')]);
    createAssay(admin, IIF);
    const report = importFhirBundle(physician, JSON.stringify(collection(sent)));
    expect(report.lines.filter((l) => l.outcome === 'rejected')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(enzymes()).toEqual([
      { analyte: 'alt', value: 30, upper: 35, source: 'lab' },
      { analyte: 'ck', value: 180, upper: 207, source: 'site-default' },
      { analyte: 'alt', value: 50, upper: 35, source: 'patient' },
    ]);
    expect(titers()).toEqual([{ value: 80, comparator: '<', cutoff: 80 }, { value: 40, comparator: null, cutoff: 80 }, { value: 80, comparator: null, cutoff: 80 }, { value: 160, comparator: null, cutoff: 80 }]);
    const pid = (sqlite().prepare("SELECT id FROM patients WHERE mrn = 'RANGES-1'").get() as { id: number }).id;
    expect(withoutIds(exportPatientFhir(physician, pid).resources)).toEqual(withoutIds(sent));
  }, 60_000);
});
