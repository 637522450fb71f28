import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { patientSignals, signalAcknowledgements, users } from '@/db/schema';
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
import { recomputeAsOfToday } from './signal-store';
import { refreshIfStale } from './timeline-store';

/** `labCategoryDiffers`: the lab's category disagrees with the class the number reads at the cut-off (lib/domain/antibody.ts). */
export interface AntibodyRow extends AntibodyResult { cls: AntibodyClass | null; xCutoff: number | null; labCategoryDiffers: boolean }
/** `rangeSource` where the page reads it (the results tab): where the reference range came from. */
export interface EnzymeRow extends EnzymeResult { flag: 'high' | 'low' | 'normal'; xUln: number | null; rangeSource?: RangeSource }
export interface VisitRowDto extends Visit { mmt: ReturnType<typeof mmtTotal> | null }
export interface StoredSignal {
  id: number; code: string; level: 'action' | 'warning' | 'info'; analyte: string | null; since: string; explanation: string;
  resultIds: { antibody: number[]; enzyme: number[]; visit: number[]; medication: number[] };
  evidence: { citation: string; doi?: string; url?: string };
  fingerprint: string;
  /** The acknowledgement of the signal as it now stands: the note, when (ISO) and who. */
  acknowledged: { note: string; at: string; by: string } | null;
  /** The latest acknowledgement of this signal that lapsed when the evidence changed (a new result). */
  lapsed: { note: string; at: string; by: string } | null;
}

// Prepared once per connection: every patient page view reads them (lib/dal/prepared.ts).
const signalStatements = preparedPerConnection((db) => ({
  acks: db.select({ code: signalAcknowledgements.code, fingerprint: signalAcknowledgements.fingerprint, note: signalAcknowledgements.note, at: signalAcknowledgements.at, by: users.name })
    .from(signalAcknowledgements).leftJoin(users, eq(users.id, signalAcknowledgements.userId))
    .where(eq(signalAcknowledgements.patientId, sql.placeholder('patientId'))).orderBy(asc(signalAcknowledgements.id)).prepare(),
  signals: db.select().from(patientSignals).where(eq(patientSignals.patientId, sql.placeholder('patientId'))).orderBy(asc(patientSignals.levelRank), asc(patientSignals.id)).prepare(),
}));

/** The patient's stored signals, most important first, each with its latest acknowledgement (or the one that lapsed). */
export function loadStoredSignals(patientId: number): StoredSignal[] {
  const st = signalStatements();
  const acks = st.acks.all({ patientId });
  return st.signals.all({ patientId })
    .map((s) => {
      const ofCode = acks.filter((a) => a.code === s.code);
      const ack = ofCode.filter((a) => a.fingerprint === s.fingerprint).at(-1);
      const lapsed = ack ? undefined : ofCode.at(-1);
      const shown = (a: typeof ack) => (a ? { note: a.note, at: a.at, by: a.by ?? 'a former user' } : null);
      return {
        id: s.id, code: s.code, level: s.level, analyte: s.analyte, since: s.since, explanation: s.explanation,
        resultIds: JSON.parse(s.resultIdsJson), evidence: JSON.parse(s.evidenceJson), fingerprint: s.fingerprint,
        acknowledged: shown(ack), lapsed: shown(lapsed),
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
 * the stored signals (computed again first on a new day) with their acknowledgements.
 * Audits the record view (via getPatient). The patient page reads less (patient-page.ts); the lab history page,
 * the API timeline and the tests read this.
 */
export function getPatientRecord(actor: Actor, patientId: number) {
  const patient = getPatient(actor, patientId);
  // On a new day the signals are computed again as of today before they are read, as the
  // patient page does: never yesterday's tapering signal (signals.md section 7).
  refreshIfStale(patientId, recomputeAsOfToday(patientId));
  const data = loadPatientClinicalData(patientId);
  const signals = loadStoredSignals(patientId);
  const antibodyResults: AntibodyRow[] = data.antibodyResults.map(antibodyRow);
  const enzymeResults: EnzymeRow[] = data.enzymeResults.map(enzymeRow);
  const visits: VisitRowDto[] = data.visits.map((v) => ({ ...v, mmt: v.mmtVersion ? mmtTotal(v.mmtVersion, v.mmtGrades) : null }));
  const medications: MedicationEpoch[] = data.medications;
  return { patient, antibodyResults, enzymeResults, visits, medications, currentMedications: activeEpochsOn(medications, today()), signals, today: today() };
}

export type PatientRecord = ReturnType<typeof getPatientRecord>;
