import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { patientSignals, signalAcknowledgements } from '@/db/schema';
import { classifyAntibody, labCategoryDiffers, xCutoff } from '../domain/antibody';
import type { RangeSource } from '../domain/reference-range';
import { enzymeFlag, xUln } from '../domain/enzymes';
import { activeEpochsOn } from '../domain/medications';
import { mmtTotal } from '../domain/mmt';
import type { AntibodyClass, AntibodyResult, EnzymeResult, MedicationEpoch, Visit } from '../domain/types';
import type { Actor } from './actor';
import { today } from './clinical-guards';
import { getPatient } from './patients';
import { preparedPerConnection } from './prepared';
import { loadPatientClinicalData } from './patient-data';

/** `labCategoryDiffers`: the lab's category disagrees with the class the number reads at the cut-off (lib/domain/antibody.ts). */
export interface AntibodyRow extends AntibodyResult { cls: AntibodyClass | null; xCutoff: number | null; labCategoryDiffers: boolean }
/** `rangeSource` where the page reads it (the results tab): where the reference range came from. */
export interface EnzymeRow extends EnzymeResult { flag: 'high' | 'low' | 'normal'; xUln: number | null; rangeSource?: RangeSource }
export interface VisitRowDto extends Visit { mmt: ReturnType<typeof mmtTotal> | null }
export interface StoredSignal {
  id: number; code: string; level: 'action' | 'warning' | 'info'; analyte: string | null; since: string; explanation: string;
  resultIds: { antibody: number[]; enzyme: number[]; visit: number[]; medication: number[] };
  evidence: { citation: string; doi?: string; url?: string };
  fingerprint: string; acknowledged: { note: string; at: string } | null;
}

// Prepared once per connection: every patient page view reads them (lib/dal/prepared.ts).
const signalStatements = preparedPerConnection((db) => ({
  acks: db.select().from(signalAcknowledgements).where(eq(signalAcknowledgements.patientId, sql.placeholder('patientId'))).prepare(),
  signals: db.select().from(patientSignals).where(eq(patientSignals.patientId, sql.placeholder('patientId'))).orderBy(asc(patientSignals.levelRank), asc(patientSignals.id)).prepare(),
}));

/** The patient's stored signals, most important first, each with its latest acknowledgement. */
export function loadStoredSignals(patientId: number): StoredSignal[] {
  const st = signalStatements();
  const acks = st.acks.all({ patientId });
  return st.signals.all({ patientId })
    .map((s) => {
      const ack = acks.filter((a) => a.fingerprint === s.fingerprint && a.code === s.code).at(-1);
      return {
        id: s.id, code: s.code, level: s.level, analyte: s.analyte, since: s.since, explanation: s.explanation,
        resultIds: JSON.parse(s.resultIdsJson), evidence: JSON.parse(s.evidenceJson), fingerprint: s.fingerprint,
        acknowledged: ack ? { note: ack.note, at: ack.at } : null,
      };
    });
}

export const antibodyRow = (r: AntibodyResult): AntibodyRow => ({
  ...r, cls: classifyAntibody(r), xCutoff: r.value === null ? null : xCutoff(r.value, r.cutoff), labCategoryDiffers: labCategoryDiffers(r),
});
export const enzymeRow = (r: EnzymeResult): EnzymeRow => ({ ...r, flag: enzymeFlag(r.valueUL, r.lowerLimitUL, r.upperLimitUL), xUln: xUln(r.valueUL, r.upperLimitUL) });

/**
 * Everything recorded about the patient, as plain DTOs: the patient, every row with
 * its class / flag / total computed by lib/domain, what the patient is on today, and
 * the stored signals with their acknowledgements. Audits the record view (via
 * getPatient). The patient page reads less (patient-page.ts); the lab history page,
 * the API timeline and the tests read this.
 */
export function getPatientRecord(actor: Actor, patientId: number) {
  const patient = getPatient(actor, patientId);
  const data = loadPatientClinicalData(patientId);
  const signals = loadStoredSignals(patientId);
  const antibodyResults: AntibodyRow[] = data.antibodyResults.map(antibodyRow);
  const enzymeResults: EnzymeRow[] = data.enzymeResults.map(enzymeRow);
  const visits: VisitRowDto[] = data.visits.map((v) => ({ ...v, mmt: v.mmtVersion ? mmtTotal(v.mmtVersion, v.mmtGrades) : null }));
  const medications: MedicationEpoch[] = data.medications;
  return { patient, antibodyResults, enzymeResults, visits, medications, currentMedications: activeEpochsOn(medications, today()), signals, today: today() };
}

export type PatientRecord = ReturnType<typeof getPatientRecord>;
