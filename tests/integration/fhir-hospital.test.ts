/**
 * A hospital's lab messages, as sent (issue 18, Proof): every Bundle is first validated
 * by Medplum's FHIR R4 validator, then previewed (a dry run that writes nothing),
 * its unknown codes mapped once from the preview's candidates, imported, re-sent (a
 * no-op), and followed by the lab's amendments, a preliminary result and retractions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { confirmCodeMapping } from '@/lib/dal/fhir-import-code-map';
import type { ImportReport } from '@/lib/domain/fhir/import-report';
import { makeActor } from '../setup/actors';
import { auditRows, daysAgo, sqlite } from '../setup/dal-helpers';
import { loadValidator } from '../setup/fhir-validator';
import { HOSPITAL, hospitalLabBundle, hospitalStatusBundle, mi2Observation } from '../setup/hospital-bundle';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let validate: (resource: unknown) => string[];
let physician: Actor, nurse: Actor;
const DAY = daysAgo(20);

const outcomes = (r: ImportReport) => r.lines.map((l) => `${l.entry} ${l.outcome}`);
const row = <T>(sql: string, ...args: unknown[]) => sqlite().prepare(sql).get(...args) as T;
/** Validates with Medplum first, then imports; a Bundle the validator refuses is a defect of the test itself. */
function send(actor: Actor, bundle: unknown, opts: Parameters<typeof importFhirBundle>[2] = {}): ImportReport {
  expect(validate(bundle)).toEqual([]);
  return importFhirBundle(actor, JSON.stringify(bundle), opts);
}

beforeAll(async () => {
  validate = await loadValidator();
  useTempDatabase();
  [physician, nurse] = await Promise.all([makeActor('physician'), makeActor('nurse')]);
}, 120_000);

describe('a hospital lab Bundle: preview, map once, import, re-send', () => {
  it('the validator used here can refuse a Bundle', () => {
    const broken = hospitalLabBundle(DAY);
    (broken.entry[0]!.resource as Record<string, unknown>).birthDate = '1968-13-45';
    expect(validate(broken).length).toBeGreaterThan(0);
  });

  it('previews a transaction Bundle without writing: context read, codes to map with their best candidates', () => {
    const before = tableCounts();
    const report = send(physician, hospitalLabBundle(DAY), { dryRun: true });
    expect(tableCounts()).toEqual(before);
    expect(report).toMatchObject({ ok: false, dryRun: true, counts: { patientsCreated: 1, enzymeResults: 3 } });
    // Organization, Practitioner(Role), Encounter, ServiceRequest, Specimen, DiagnosticReport: read, never refused.
    expect(outcomes(report)).toEqual(expect.arrayContaining(['1 context', '2 context', '3 context', '4 context', '5 context', '6 context', '7 context', '14 ignored', '12 proposal']));
    const [lab, drug] = report.mappings;
    expect(lab).toMatchObject({ domain: 'lab', lab: 'Reference lab A', unit: 'units', cutoff: 5, best: 'assay:2', entries: [9] });
    expect(lab?.bestWhy).toMatch(/lab, unit and cut-off/);
    expect(lab?.options.map((o) => o.value)).toEqual(['assay:2', 'assay:3']); // anti-Mi2: assays of its analyte only, never "not imported"
    expect(drug).toMatchObject({ domain: 'drug', display: 'mycophenolate', best: 'drug:mycophenolate-mofetil' });
    expect(drug?.caution).toMatch(/mycophenolate sodium/);
    expect(report.lines.filter((l) => l.mapKey).map((l) => l.entry)).toEqual([9, 13]);
  });

  it('maps the two codes once (a nurse confirms the candidates); the preview then passes, still writing nothing clinical', () => {
    const preview = send(physician, hospitalLabBundle(DAY), { dryRun: true });
    for (const m of preview.mappings) confirmCodeMapping(nurse, { key: m.key, target: m.best, display: m.display, unit: m.unit });
    expect(auditRows('code-map.create')).toHaveLength(2);
    const before = tableCounts();
    const again = send(physician, hospitalLabBundle(DAY), { dryRun: true });
    expect(again).toMatchObject({ ok: true, dryRun: true, mappings: [], counts: { patientsCreated: 1, antibodyResults: 1, enzymeResults: 3, medications: 1, mapped: 2 } });
    expect(tableCounts()).toEqual(before);
  });

  it('imports: hospital MRN kept with its system, two given names, dates from the Specimen, route and timing "not stated", a proposed group', () => {
    const report = send(physician, hospitalLabBundle(DAY));
    expect(report.lines.filter((l) => l.outcome === 'rejected')).toEqual([]);
    expect(report).toMatchObject({ ok: true, counts: { patientsCreated: 1, antibodyResults: 1, enzymeResults: 3, medications: 1, mapped: 2 } });
    const p = row<{ id: number; given_name: string; given_names_json: string; diagnosis_group: string }>("SELECT * FROM patients WHERE mrn = 'H-40021'");
    expect(p).toMatchObject({ given_name: 'Astrid M', given_names_json: '["Astrid","M"]', diagnosis_group: 'other' });
    expect(sqlite().prepare("SELECT system, value, type_code FROM sender_identifiers WHERE entity = 'patient' AND patient_id = ?").all(p.id))
      .toEqual([{ system: HOSPITAL.mrn, value: 'H-40021', type_code: 'MR' }]);
    expect(row('SELECT collected_on, accession, value FROM enzyme_results WHERE patient_id = ? AND analyte = ?', p.id, 'ck')).toEqual({ collected_on: DAY, accession: 'ACC-2025-0042', value: 480 });
    expect(row('SELECT assay_id, value, cutoff FROM antibody_results WHERE patient_id = ?', p.id)).toEqual({ assay_id: 2, value: 38, cutoff: 5 });
    expect(row('SELECT drug, route, frequency, dose FROM medication_epochs WHERE patient_id = ?', p.id)).toEqual({ drug: 'Mycophenolate mofetil', route: 'not-stated', frequency: 'not stated', dose: 1000 });
    expect(report.lines.filter((l) => l.entry === 13 && l.outcome === 'note').map((l) => l.message).join(' ')).toMatch(/No route given.*No timing given/);
    // With the Mi-2β result now read (38 units, cut-off 5: positive), the Condition proposes the group; nothing is changed.
    expect(report.lines.find((l) => l.entry === 12)).toMatchObject({ outcome: 'proposal', message: expect.stringMatching(/proposed diagnosis group Anti-Mi2-positive dermatomyositis; recorded: Other\. Nothing was changed/) });
    const ids = sqlite().prepare("SELECT entity, value FROM sender_identifiers WHERE resource = 'Observation' ORDER BY value").all();
    expect(ids).toEqual([{ entity: 'enzyme-result', value: 'OBS-1' }, { entity: 'antibody-result', value: 'OBS-2' }, { entity: 'enzyme-result', value: 'OBS-3' }, { entity: 'enzyme-result', value: 'OBS-4' }]);
    expect(auditRows('import.fhir')).toHaveLength(1);
  });

  it('a re-sent Bundle is a no-op that reports "already present" (as a transaction or as a collection)', () => {
    for (const type of ['transaction', 'collection'] as const) {
      const before = tableCounts();
      const report = send(physician, hospitalLabBundle(DAY, { type }));
      expect(report).toMatchObject({ ok: true, counts: { patientsCreated: 0, patientsMatched: 1, antibodyResults: 0, enzymeResults: 0, medications: 0, alreadyPresent: 5 } });
      expect(report.lines.filter((l) => l.outcome === 'present').map((l) => l.entry)).toEqual([8, 9, 10, 11, 13]);
      expect(tableCounts()).toEqual(before);
    }
  });
});

describe('the lab\'s later messages: amended, preliminary, cancelled, entered in error', () => {
  it('corrects, holds, retracts and skips, each said in the report, and a re-send changes nothing', () => {
    const pid = row<{ id: number }>("SELECT id FROM patients WHERE mrn = 'H-40021'").id;
    const report = send(nurse, hospitalStatusBundle(DAY));
    expect(report.lines.filter((l) => l.outcome === 'rejected')).toEqual([]);
    expect(report).toMatchObject({ ok: true, counts: { corrected: 1, retracted: 1, held: 1, enzymeResults: 0 } });
    expect(outcomes(report)).toEqual(['0 note', '1 corrected', '2 held', '3 retracted', '4 skipped']);
    expect(report.lines.find((l) => l.outcome === 'held')?.message).toMatch(/held, which means listed here and not stored/);
    const ck = row<{ id: number; value: number; version: number }>("SELECT id, value, version FROM enzyme_results WHERE patient_id = ? AND analyte = 'ck'", pid);
    expect(ck).toMatchObject({ value: 520, version: 2 });
    expect(row("SELECT change_reason, json_extract(data_json, '$.value') AS value FROM record_history WHERE entity = 'enzyme-result' AND entity_id = ?", ck.id))
      .toEqual({ change_reason: expect.stringMatching(/^Lab correction/), value: 480 });
    expect(row('SELECT entered_in_error, error_reason FROM antibody_results WHERE patient_id = ?', pid)).toEqual({ entered_in_error: 1, error_reason: expect.stringMatching(/^Retracted by the lab: sent as cancelled/) });
    expect(row("SELECT count(*) AS n FROM enzyme_results WHERE analyte = 'alt'")).toEqual({ n: 0 });

    const before = tableCounts();
    const again = send(nurse, hospitalStatusBundle(DAY));
    expect(again).toMatchObject({ ok: true, counts: { corrected: 0, retracted: 0, alreadyPresent: 2, held: 1 } });
    expect(tableCounts()).toEqual(before);
    // The original message again: the corrected CK and the retracted Mi-2β are not brought back.
    const original = send(physician, hospitalLabBundle(DAY));
    expect(original).toMatchObject({ ok: true, counts: { antibodyResults: 0, enzymeResults: 0 } });
    expect(tableCounts()).toEqual(before);
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });
});

describe('the same code from another lab is another assay: asked again, never merged', () => {
  it('a Mi-2β result of Reference lab B (SIU, cut-off 10) under the same local code is a new code to map, its own lab\'s assay the candidate', () => {
    const bundle = hospitalLabBundle(daysAgo(5), { type: 'collection', labName: 'Reference lab B' });
    const mi2 = bundle.entry.find((e) => e.resource.resourceType === 'Observation' && JSON.stringify(e.resource).includes('88733-1'));
    mi2!.resource = mi2Observation({ id: 'OBS-B-2', unit: 'SIU', value: 40, cutoff: 10, day: daysAgo(5) });
    for (const e of bundle.entry) {
      const r = e.resource as { identifier?: { value: string }[] };
      if (r.identifier?.[0]?.value?.startsWith('OBS-')) r.identifier[0].value = `${r.identifier[0].value}-B`;
    }
    const before = tableCounts();
    const report = send(physician, bundle, { dryRun: true });
    expect(report.mappings).toHaveLength(1);
    expect(report.mappings[0]).toMatchObject({ lab: 'Reference lab B', best: 'assay:3', code: { facility: 'reference lab b', code: 'MI2B-LB' } });
    expect(tableCounts()).toEqual(before);
  });
});
