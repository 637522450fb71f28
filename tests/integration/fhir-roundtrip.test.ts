/**
 * Export -> import into an empty database -> export again: identical apart from ids
 * (the demo cohort, every patient, plus one with the awkward cases;
 * docs/decisions/0008-fhir-interoperability.md).
 * The second import of the same bundle is a no-op: every row is "already present" (issue 18, item 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '@/lib/dal/audit';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { getDb } from '@/db/client';
import type { ExportResource } from '@/lib/domain/fhir/types';
import { seedDemo } from '@/scripts/seed/demo';
import { makeActor } from '../setup/actors';
import { collection, exportEveryPatient, resourcesOf, withoutIds } from '../setup/fhir';
import { abForm, ASSAY, auditRows, daysAgo, newPatient, storedCodes } from '../setup/dal-helpers';
import { markAntibodyResultInError, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { startMedication, stopMedication } from '@/lib/dal/medications';
import { recordVisit } from '@/lib/dal/visits';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

/** The cases the demo cohort lacks: number and category together, '>' values, ukat/L, bilateral partial MMT-8, a drug outside the catalog. */
async function addAwkwardPatient(): Promise<void> {
  const [physician, nurse] = await Promise.all([makeActor('physician'), makeActor('nurse')]);
  const id = newPatient(physician, { mrn: 'EDGE-1', givenName: 'Mary Ann', sex: 'other', birthDate: '1988-08-08', notes: '' });
  recordAntibodyResult(nurse, id, abForm(daysAgo(400), 12, { qualitative: 'positive', accession: 'ACC-9' }));
  recordAntibodyResult(nurse, id, abForm(daysAgo(300), 150, { comparator: '>' }));
  recordAntibodyResult(nurse, id, { assayId: ASSAY.elisa, collectedOn: daysAgo(300), value: '35.5', cutoff: '20' });
  recordAntibodyResult(nurse, id, { assayId: ASSAY.ip, collectedOn: daysAgo(200), value: '', qualitative: 'negative' });
  const wrong = recordAntibodyResult(nurse, id, abForm(daysAgo(100), 3));
  markAntibodyResultInError(nurse, id, wrong.id, 'Wrong patient');
  recordEnzymeResult(nurse, id, { analyte: 'ck', collectedOn: daysAgo(300), value: '2.7', unit: 'ukat/L', lowerLimit: '0.4', upperLimit: '3.2' });
  recordEnzymeResult(nurse, id, { analyte: 'aldolase', collectedOn: daysAgo(300), value: '9.1', unit: 'U/L' });
  recordVisit(physician, id, { visitOn: daysAgo(300), mmtVersion: 'bilateral', mmt_neck_flexors: 7, mmt_deltoid_right: 8, mmt_deltoid_left: 9, clinicianName: 'Dr. Colleague', finding_ild: 'on', finding_fever: 'on' });
  recordVisit(physician, id, { visitOn: daysAgo(200), haq: '0.375', notes: 'Phone visit.' });
  const e = startMedication(physician, id, { drug: 'other', otherName: 'Abatacept', otherImmunosuppressant: 'yes', dose: '750', doseUnit: 'mg/m²', route: 'iv', frequency: 'every 4 weeks', startOn: daysAgo(350), startReason: 'started' });
  stopMedication(physician, id, e.id, { endOn: daysAgo(150), endReason: 'remission' });
  startMedication(physician, id, { drug: 'ivig', dose: '2', doseUnit: 'g/kg', route: 'iv', frequency: 'every 4 weeks', startOn: daysAgo(120), startReason: 'increased' });
}

describe('FHIR round trip of the demo cohort', () => {
  const dbs: ReturnType<typeof useTempDatabase>[] = [];
  let first: ExportResource[] = [];
  let signalsBefore: Record<string, string[]> = {};

  const signalsByMrn = () => Object.fromEntries(
    (getDb().$client.prepare('SELECT id, mrn FROM patients ORDER BY mrn').all() as { id: number; mrn: string }[]).map((p) => [p.mrn, storedCodes(p.id)]),
  );

  beforeAll(async () => {
    dbs.push(useTempDatabase());
    await seedDemo();
    await addAwkwardPatient();
    first = resourcesOf(exportEveryPatient(await makeActor('physician')));
    signalsBefore = signalsByMrn();
    dbs.push(useTempDatabase());
  }, 180_000);
  afterAll(() => dbs.forEach((d) => d.dispose()));

  it('imports the whole export into an empty database and exports it again identically apart from ids', async () => {
    const physician = await makeActor('physician');
    const report = importFhirBundle(physician, JSON.stringify(collection(first)));
    expect(report.lines.filter((l) => l.outcome === 'rejected'), JSON.stringify(report.lines.slice(0, 3))).toEqual([]);
    expect(report.ok).toBe(true);
    const types = (t: string) => first.filter((r) => r.resourceType === t);
    expect(report.counts.patientsCreated).toBe(types('Patient').length);
    expect(report.counts.medications).toBe(types('MedicationStatement').length);
    // Derived TIS Observations are skipped on import and recomputed on export.
    expect(report.lines.every((l) => l.outcome === 'skipped' && l.message.includes('Total Improvement Score'))).toBe(true);

    const second = resourcesOf(exportEveryPatient(await makeActor('physician')));
    expect(second.length).toBe(first.length);
    expect(withoutIds(second)).toEqual(withoutIds(first));
    expect(signalsByMrn()).toEqual(signalsBefore);
    expect(auditRows('import.fhir')).toHaveLength(1);
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  }, 120_000);

  it('takes the same bundle a second time as a no-op: everything already present, nothing written', async () => {
    const physician = await makeActor('physician');
    const before = tableCounts();
    const report = importFhirBundle(physician, collection(first));
    expect(report.lines.filter((l) => l.outcome === 'rejected'), JSON.stringify(report.lines.filter((l) => l.outcome === 'rejected').slice(0, 3))).toEqual([]);
    expect(report.ok).toBe(true);
    const types = (t: string) => first.filter((r) => r.resourceType === t);
    expect(report.counts).toMatchObject({ patientsCreated: 0, patientsMatched: types('Patient').length, antibodyResults: 0, enzymeResults: 0, visits: 0, medications: 0 });
    expect(report.counts.alreadyPresent).toBeGreaterThan(types('MedicationStatement').length);
    expect(tableCounts()).toEqual(before);
    expect(auditRows('import.fhir')).toHaveLength(1);
  }, 120_000);
});
