/**
 * FHIR export on a real database: every demo patient, a hand-built patient with the
 * awkward cases (censored, category-only, ukat/L, partial MMT-8, stopped drug,
 * entered-in-error rows), roles, 404s, the audit trail and the bulk NDJSON CLI.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { markAntibodyResultInError, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { exportAllPatientsFhir, exportPatientFhir } from '@/lib/dal/fhir-export';
import { startMedication, stopMedication } from '@/lib/dal/medications';
import { recordVisit } from '@/lib/dal/visits';
import type { Bundle, Observation } from '@/lib/domain/fhir/types';
import { seedDemo } from '@/scripts/seed/demo';
import { makeActor } from '../setup/actors';
import { abForm, appError, ASSAY, auditRows, daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { BASE_URL, everythingBundle, exportEveryPatient, livePatientIds, resourcesOf } from '../setup/fhir';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const ROOT = path.resolve(__dirname, '../..');
let db: ReturnType<typeof useTempDatabase>;
let physician: Actor, nurse: Actor, reviewer: Actor, admin: Actor;
let special: number;

const observations = (b: Bundle) => resourcesOf([b]).filter((r): r is Observation => r.resourceType === 'Observation');
const codeOf = (o: Observation, system: string) => o.code.coding?.find((c) => c.system === system)?.code;

beforeAll(async () => {
  db = useTempDatabase();
  await seedDemo();
  [physician, nurse, reviewer, admin] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer'), makeActor('admin')]);
  special = newPatient(physician, { mrn: 'SPECIAL-1', birthDate: '1990-02-03' });
  recordAntibodyResult(nurse, special, abForm(daysAgo(300), 5, { comparator: '<' }));
  recordAntibodyResult(nurse, special, abForm(daysAgo(200), 8));
  recordAntibodyResult(nurse, special, { assayId: ASSAY.ip, collectedOn: daysAgo(100), value: '', qualitative: 'positive' });
  const wrong = recordAntibodyResult(nurse, special, abForm(daysAgo(50), 70));
  markAntibodyResultInError(nurse, special, wrong.id, 'Belongs to another patient');
  recordEnzymeResult(nurse, special, { analyte: 'ck', collectedOn: daysAgo(200), value: '1.1', unit: 'ukat/L', upperLimit: '3.45' });
  recordVisit(physician, special, { visitOn: daysAgo(200), mmt_neck_flexors: 8, mmt_deltoid: 9, physicianGlobal: 3, finding_rash: 'on', notes: 'Neck only partly tested.' });
  const epoch = startMedication(physician, special, { drug: 'methotrexate', dose: '15', doseUnit: 'mg', route: 'sc', frequency: 'weekly', startOn: daysAgo(250), startReason: 'started' });
  stopMedication(physician, special, epoch.id, { endOn: daysAgo(20), endReason: 'side-effect' });
}, 180_000);
afterAll(() => db.dispose());

describe('Patient/$everything', () => {
  it('exports every demo patient: Patient with MRN first, every live row, LOINC where domain.md has one', () => {
    const bundles = exportEveryPatient(physician);
    expect(bundles.length).toBe(livePatientIds().length);
    for (const b of bundles) {
      expect(b).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: b.entry?.length });
      const [first, ...rest] = resourcesOf([b]);
      expect(first?.resourceType).toBe('Patient');
      const mrn = first?.resourceType === 'Patient' ? first.identifier?.[0] : undefined;
      expect(mrn?.system).toBe('urn:titerline:mrn');
      const counts = sqlite().prepare(`SELECT
        (SELECT count(*) FROM antibody_results WHERE patient_id = p.id AND entered_in_error = 0) ab,
        (SELECT count(*) FROM enzyme_results WHERE patient_id = p.id AND entered_in_error = 0) enz,
        (SELECT count(*) FROM medication_epochs WHERE patient_id = p.id AND entered_in_error = 0) meds
        FROM patients p WHERE p.mrn = ?`).get(mrn?.value) as { ab: number; enz: number; meds: number };
      const obs = observations(b);
      expect(obs.filter((o) => o.category?.[0]?.coding?.[0]?.code === 'laboratory')).toHaveLength(counts.ab + counts.enz);
      expect(rest.filter((r) => r.resourceType === 'MedicationStatement')).toHaveLength(counts.meds);
      for (const o of obs) expect(o.subject?.reference).toBe(`Patient/${first?.id}`);
      for (const o of obs.filter((x) => codeOf(x, 'urn:titerline:codes') === 'ck')) expect(codeOf(o, 'http://loinc.org')).toBe('2157-6');
      for (const o of obs.filter((x) => codeOf(x, 'urn:titerline:codes') === 'mi2-beta' && x.valueQuantity)) expect(codeOf(o, 'http://loinc.org')).toBe('88733-1');
      for (const o of obs) for (const i of o.interpretation ?? []) expect(['N', 'H', 'L', 'POS', 'NEG', 'IND', undefined]).toContain(i.coding?.[0]?.code);
      expect(b.entry?.every((e) => e.fullUrl === `${BASE_URL}/${e.resource?.resourceType}/${e.resource?.id}`)).toBe(true);
    }
  });

  it('keeps comparators, categories, ukat/L ranges, partial exams and why a drug stopped; leaves out entered-in-error rows', () => {
    const bundle = everythingBundle(physician, special);
    const obs = observations(bundle);
    const censored = obs.find((o) => o.valueQuantity?.comparator);
    expect(censored?.valueQuantity).toEqual({ value: 5, comparator: '<', unit: 'units', system: 'http://unitsofmeasure.org', code: "[arb'U]" });
    expect(censored?.interpretation?.[0]?.coding?.[0]?.code).toBe('NEG');
    expect(censored?.referenceRange?.[0]?.high?.value).toBe(5);
    expect(obs.find((o) => o.valueQuantity?.value === 8)?.interpretation?.[0]?.coding?.[0]?.code).toBe('IND');
    const category = obs.find((o) => o.valueCodeableConcept);
    expect(category?.valueCodeableConcept?.coding?.map((c) => c.code)).toEqual(['positive', '10828004']);
    expect(obs.some((o) => o.valueQuantity?.value === 70)).toBe(false);
    const ck = obs.find((o) => codeOf(o, 'urn:titerline:codes') === 'ck');
    expect(ck?.valueQuantity).toMatchObject({ value: 1.1, unit: 'ukat/L', code: 'ukat/L' });
    expect(ck?.referenceRange?.[0]?.high).toMatchObject({ value: 3.45, code: 'ukat/L' });
    const mmt = obs.find((o) => codeOf(o, 'urn:titerline:codes') === 'mmt8-unilateral');
    expect(mmt?.valueQuantity).toBeUndefined();
    expect(mmt?.dataAbsentReason?.text).toContain('Partial exam: 2 of 8');
    const panel = obs.find((o) => codeOf(o, 'urn:titerline:codes') === 'imacs-core-set-visit');
    expect(panel?.hasMember).toHaveLength(2);
    expect(panel?.note?.[0]?.text).toBe('Neck only partly tested.');
    const med = resourcesOf([bundle]).find((r) => r.resourceType === 'MedicationStatement');
    expect(med).toMatchObject({ status: 'completed', effectivePeriod: { start: daysAgo(250), end: daysAgo(20) }, statusReason: [{ coding: [{ code: 'side-effect' }] }] });
  });

  it('is audited once, naming every resource sent; needs a role that may export identified data; does not find unknown or entered-in-error patients', async () => {
    const before = auditRows('export.fhir').length;
    const { resources } = exportPatientFhir(admin, special);
    const events = auditRows('export.fhir');
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ patient_id: special, user_id: admin.userId });
    const named = (JSON.parse(events.at(-1)?.after_json ?? '{}') as { resources: Record<string, string[]> }).resources;
    expect(Object.values(named).flat().sort()).toEqual(resources.map((r) => r.id).sort());
    const gone = newPatient(physician);
    sqlite().prepare('UPDATE patients SET entered_in_error = 1 WHERE id = ?').run(gone);
    const counts = tableCounts();
    expect((await appError(() => exportPatientFhir(nurse, special))).code).toBe('forbidden');
    // Reviewers export de-identified data only (architecture.md, Roles).
    expect((await appError(() => exportPatientFhir(reviewer, special))).code).toBe('forbidden');
    expect((await appError(() => exportPatientFhir(physician, 999_999))).code).toBe('not-found');
    expect((await appError(() => exportPatientFhir(physician, gone))).code).toBe('not-found');
    expect(tableCounts()).toEqual(counts);
  });
});

describe('bulk NDJSON export', () => {
  it('streams every live patient and audits once', () => {
    const seen: string[] = [];
    const counts = exportAllPatientsFhir(admin, (r) => seen.push(r.resourceType));
    expect(counts.Patient).toBe(livePatientIds().length);
    expect(seen.length).toBe(counts.Patient! + counts.Observation! + counts.MedicationStatement!);
    expect(auditRows('export.fhir').at(-1)).toMatchObject({ entity: 'patients', patient_id: null });
  });

  it('npm run export writes Patient, Observation and MedicationStatement NDJSON, and refuses a bad format', () => {
    closeDb();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-ndjson-'));
    const run = (args: string[]) => spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['--conditions=react-server', path.join(ROOT, 'scripts/export.ts'), ...args], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, TITERLINE_DB: db.file },
    });
    const ok = run(['--format', 'fhir-ndjson', '--out', out]);
    expect(ok.status, ok.stderr).toBe(0);
    for (const type of ['Patient', 'Observation', 'MedicationStatement']) {
      const lines = fs.readFileSync(path.join(out, `${type}.ndjson`), 'utf8').trim().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect((JSON.parse(line) as { resourceType: string }).resourceType).toBe(type);
    }
    expect(fs.readFileSync(path.join(out, 'Patient.ndjson'), 'utf8').trim().split('\n')).toHaveLength(livePatientIds().length);
    const bad = run(['--format', 'csv', '--out', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Usage: npm run export -- --format fhir-ndjson --out DIR');
    fs.rmSync(out, { recursive: true, force: true });
  }, 60_000);
});
