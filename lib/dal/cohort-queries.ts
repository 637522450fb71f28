import 'server-only';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { medicationEpochs } from '@/db/schema';
import type { PatientPhenotype } from '../domain/cohort/phenotype';
import type { AssayUsage } from '../domain/cohort/follow-up';
import type { AssayLevels } from '../domain/cohort/titer-series';
import type { CohortGroup, CohortPatient } from '../domain/cohort/types';
import type { Dated } from '../domain/timeline/correlation';
import type { Analyte, AntibodyResult, Comparator, MedicationEpoch, QualitativeCategory } from '../domain/types';
import { FINDINGS } from '../validation/visits';
import type { CohortQuery } from '../validation/cohort';
import { assayLabel, toMedicationEpoch } from './patient-data';
import type { Tx } from './tx';

/**
 * Bulk reads for the cohort insights. Every function takes the selection as an SQL
 * subquery of patient ids and reads ALL selected patients in one statement (never
 * one query per patient), using the (patient_id, date) indexes; aggregation that
 * SQLite does well (MAX, MIN, COUNT, json_each) happens in SQL.
 */
export type Reader = Pick<Tx, 'all' | 'select'>;

/** Completed years between birth and onset, as lib/domain/dates.ts ageOn (ISO dates compare as text). */
const AGE_AT_ONSET = sql`(CAST(substr(p.onset_date, 1, 4) AS INTEGER) - CAST(substr(p.birth_date, 1, 4) AS INTEGER) - (substr(p.onset_date, 6, 5) < substr(p.birth_date, 6, 5)))`;

/** WHERE clause over `patients p` for the filters. Date filters use the diagnosis date, else onset. */
export function selectionWhere(q: CohortQuery, groups: readonly CohortGroup[] = q.group): SQL {
  const parts: SQL[] = [sql`p.entered_in_error = 0`, sql`p.diagnosis_group IN (${sql.join(groups.map((g) => sql`${g}`), sql`, `)})`];
  if (groups.length === 0) parts.push(sql`0`);
  if (q.sex !== 'any') parts.push(sql`p.sex = ${q.sex}`);
  if (q.from) parts.push(sql`COALESCE(p.diagnosis_date, p.onset_date) >= ${q.from}`);
  if (q.to) parts.push(sql`COALESCE(p.diagnosis_date, p.onset_date) <= ${q.to}`);
  if (q.ageMin !== undefined) parts.push(sql`p.onset_date IS NOT NULL AND ${AGE_AT_ONSET} >= ${q.ageMin}`);
  if (q.ageMax !== undefined) parts.push(sql`p.onset_date IS NOT NULL AND ${AGE_AT_ONSET} <= ${q.ageMax}`);
  return sql.join(parts, sql` AND `);
}

export const idsOf = (where: SQL): SQL => sql`(SELECT p.id FROM patients p WHERE ${where})`;

export function selectPatients(db: Reader, where: SQL): CohortPatient[] {
  const rows = db.all<{ id: number; mrn: string; family: string; given: string; grp: CohortGroup }>(
    sql`SELECT p.id, p.mrn, p.family_name AS family, p.given_name AS given, p.diagnosis_group AS grp FROM patients p WHERE ${where} ORDER BY p.family_name, p.given_name, p.id`,
  );
  return rows.map((r) => ({ id: r.id, mrn: r.mrn, name: `${r.family.toUpperCase()}, ${r.given}`, group: r.grp }));
}

/**
 * Findings at the first and at any visit and the lowest MMT-8 (0-80), peak CK: three
 * statements over the whole selection. findings_json is a JSON array of the
 * FINDINGS codes written by lib/dal/visits.ts, so a quoted code found in the text
 * is that finding (no code contains another's quoted form); json_each would cost a
 * row per finding. The first visit is one index probe per patient (patient_id,
 * visit_on), cheaper than a window function over every visit.
 */
export function phenotypeFacts(db: Reader, patients: readonly CohortPatient[], ids: SQL): PatientPhenotype[] {
  const flags = sql.join(FINDINGS.map((f, i) => sql`MAX(instr(findings_json, ${`"${f}"`}) > 0) AS ${sql.raw(`f${i}`)}`), sql`, `);
  const visits = new Map(db.all<Record<string, number | null> & { pid: number; n: number; low: number | null }>(sql`
    SELECT patient_id AS pid, COUNT(*) AS n, MIN(CASE WHEN mmt_total IS NOT NULL AND mmt_max > 0 THEN mmt_total * 80.0 / mmt_max END) AS low, ${flags}
    FROM visits WHERE entered_in_error = 0 AND patient_id IN ${ids} GROUP BY patient_id`).map((r) => [r.pid, r]));
  const first = new Map(db.all<{ pid: number; f: string | null }>(sql`
    SELECT p.id AS pid, (SELECT v.findings_json FROM visits v WHERE v.patient_id = p.id AND v.entered_in_error = 0 ORDER BY v.visit_on, v.id LIMIT 1) AS f
    FROM patients p WHERE p.id IN ${ids}`).map((r) => [r.pid, r.f]));
  const ck = new Map(db.all<{ pid: number; peak: number }>(sql`
    SELECT patient_id AS pid, MAX(value_ul) AS peak FROM enzyme_results
    WHERE analyte = 'ck' AND entered_in_error = 0 AND patient_id IN ${ids} GROUP BY patient_id`).map((r) => [r.pid, r.peak]));
  return patients.map((p) => {
    const v = visits.get(p.id);
    const f = first.get(p.id);
    return {
      patientId: p.id, group: p.group, visits: v?.n ?? 0, firstVisitFindings: f ? (JSON.parse(f) as string[]) : [],
      everFindings: new Set(v ? FINDINGS.filter((_, i) => v[`f${i}`] === 1) : []), peakCk: ck.get(p.id) ?? null, lowestMmt: v?.low ?? null,
    };
  });
}

function grouped<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * Live anti-Mi2 results of the selected patients, as the signal engine reads them
 * (lib/dal/patient-data.ts shapes, without the ORM's per-row object mapping).
 */
export function antibodyByPatient(db: Reader, ids: SQL): Map<number, AntibodyResult[]> {
  type Row = { id: number; pid: number; assayId: number; analyte: Analyte; collected: string; value: number | null; cmp: Comparator; qual: QualitativeCategory | null; unit: string; cutoff: number | null; pos: number | null; strong: number | null; name: string; lab: string };
  const rows = db.all<Row>(sql`
    SELECT r.id, r.patient_id AS pid, r.assay_id AS assayId, r.analyte, r.collected_on AS collected, r.value, r.comparator AS cmp, r.qualitative AS qual,
      r.unit, r.cutoff, r.positive_from AS pos, r.strong_above AS strong, a.name, a.lab
    FROM antibody_results r JOIN assays a ON a.id = r.assay_id
    WHERE r.entered_in_error = 0 AND r.patient_id IN ${ids} ORDER BY r.patient_id, r.collected_on, r.id`);
  const out = new Map<number, AntibodyResult[]>();
  for (const r of grouped(rows, (x) => x.pid)) {
    out.set(r[0], r[1].map((x) => ({
      id: x.id, analyte: x.analyte, assayId: x.assayId, assayLabel: assayLabel(x), unit: x.unit, collectedOn: x.collected, value: x.value, comparator: x.cmp ?? null,
      qualitative: x.qual ?? null, cutoff: x.cutoff, positiveFrom: x.pos, strongAbove: x.strong, enteredInError: false,
    })));
  }
  return out;
}

/**
 * Titer levels in x cut-off by date, per patient and assay: value / cut-off as
 * lib/domain/antibody.ts xCutoff (a number and a cut-off > 0; censored values at
 * their bound), one value per assay and day (the highest: a repeat run the same day
 * is one draw). Assays are kept apart: the view follows one per patient
 * (lib/domain/cohort/titer-series.ts), never the highest across assays. Rows come in
 * the (patient_id, collected_on) index's order and are split by assay here: a
 * GROUP BY over (patient, assay, day) would sort every row in a temporary b-tree.
 */
export function titerLevelsByAssay(db: Reader, ids: SQL, analyte: Analyte | 'any'): Map<number, AssayLevels[]> {
  const which = analyte === 'any' ? sql`` : sql`AND analyte = ${analyte}`;
  const rows = db.all<{ pid: number; aid: number; date: string; value: number }>(sql`
    SELECT patient_id AS pid, assay_id AS aid, collected_on AS date, value / cutoff AS value FROM antibody_results
    WHERE entered_in_error = 0 AND value IS NOT NULL AND cutoff > 0 ${which} AND patient_id IN ${ids} ORDER BY patient_id, collected_on`);
  const labels = new Map(db.all<{ id: number; name: string; lab: string }>(sql`SELECT id, name, lab FROM assays`).map((a) => [a.id, assayLabel(a)]));
  const out = new Map<number, AssayLevels[]>();
  for (const [pid, list] of grouped(rows, (r) => r.pid)) {
    const byAssay = new Map<number, AssayLevels>();
    for (const { aid, date, value } of list) {
      let series = byAssay.get(aid);
      if (!series) byAssay.set(aid, (series = { assayId: aid, assayLabel: labels.get(aid) ?? '', levels: [] }));
      const last = series.levels[series.levels.length - 1];
      if (last?.date === date) last.value = Math.max(last.value, value);
      else series.levels.push({ date, value });
    }
    out.set(pid, [...byAssay.values()]);
  }
  return out;
}

/** CK in U/L by date, per patient. */
export function ckByPatient(db: Reader, ids: SQL): Map<number, Dated[]> {
  const rows = db.all<{ pid: number; date: string; value: number }>(sql`
    SELECT patient_id AS pid, collected_on AS date, value_ul AS value FROM enzyme_results
    WHERE analyte = 'ck' AND entered_in_error = 0 AND patient_id IN ${ids} ORDER BY patient_id, collected_on, id`);
  return new Map([...grouped(rows, (r) => r.pid)].map(([k, v]) => [k, v.map(({ date, value }) => ({ date, value }))]));
}

/** Complete MMT-8 totals on the 0-80 scale by date, per patient (partial exams have no total). */
export function mmtByPatient(db: Reader, ids: SQL): Map<number, Dated[]> {
  const rows = db.all<{ pid: number; date: string; value: number }>(sql`
    SELECT patient_id AS pid, visit_on AS date, mmt_total * 80.0 / mmt_max AS value FROM visits
    WHERE entered_in_error = 0 AND mmt_total IS NOT NULL AND mmt_max > 0 AND patient_id IN ${ids} ORDER BY patient_id, visit_on, id`);
  return new Map([...grouped(rows, (r) => r.pid)].map(([k, v]) => [k, v.map(({ date, value }) => ({ date, value }))]));
}

/** Live immunosuppressant epochs per patient (the course view needs nothing else). */
export function immunosuppressionByPatient(db: Reader, ids: SQL): Map<number, MedicationEpoch[]> {
  const rows = db.select().from(medicationEpochs)
    .where(and(eq(medicationEpochs.enteredInError, false), eq(medicationEpochs.immunosuppressant, true), sql`${medicationEpochs.patientId} IN ${ids}`))
    .orderBy(asc(medicationEpochs.patientId), asc(medicationEpochs.startOn), asc(medicationEpochs.id)).all();
  return new Map([...grouped(rows, (r) => r.patientId)].map(([k, v]) => [k, v.map(toMedicationEpoch)]));
}

/** Distinct titer dates per patient. */
export function titerDatesByPatient(db: Reader, ids: SQL): Map<number, string[]> {
  const rows = db.all<{ pid: number; date: string }>(sql`
    SELECT DISTINCT patient_id AS pid, collected_on AS date FROM antibody_results
    WHERE entered_in_error = 0 AND patient_id IN ${ids} ORDER BY patient_id, collected_on`);
  return new Map([...grouped(rows, (r) => r.pid)].map(([k, v]) => [k, v.map((r) => r.date)]));
}

/** Patients with a stored `titer-overdue` signal (materialized by lib/dal/signal-store.ts). */
export function overduePatients(db: Reader, ids: SQL): Set<number> {
  return new Set(db.all<{ pid: number }>(sql`SELECT DISTINCT patient_id AS pid FROM patient_signals WHERE code = 'titer-overdue' AND patient_id IN ${ids}`).map((r) => r.pid));
}

/** Results and patients per assay for the selection. */
export function assayUsage(db: Reader, ids: SQL): AssayUsage[] {
  const rows = db.all<{ id: number; name: string; lab: string; analyte: string; method: string; unit: string; results: number; patients: number; qual: number; first: string; last: string }>(sql`
    SELECT a.id, a.name, a.lab, a.analyte, a.method, a.unit, COUNT(*) AS results, COUNT(DISTINCT r.patient_id) AS patients,
      SUM(r.value IS NULL) AS qual, MIN(r.collected_on) AS first, MAX(r.collected_on) AS last
    FROM antibody_results r JOIN assays a ON a.id = r.assay_id
    WHERE r.entered_in_error = 0 AND r.patient_id IN ${ids} GROUP BY a.id ORDER BY results DESC, a.id`);
  return rows.map((r) => ({ assayId: r.id, label: assayLabel(r), analyte: r.analyte, method: r.method, unit: r.unit, results: r.results, patients: r.patients, qualitativeOnly: r.qual, firstOn: r.first, lastOn: r.last }));
}
