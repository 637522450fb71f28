import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { patientSignals, signalAcknowledgements } from '@/db/schema';
import { classifyAntibody, xCutoff } from '../domain/antibody';
import { enzymeFlag, xUln } from '../domain/enzymes';
import { activeEpochsOn } from '../domain/medications';
import { mmtTotal } from '../domain/mmt';
import type { AntibodyClass, AntibodyResult, EnzymeResult, MedicationEpoch, Visit } from '../domain/types';
import type { Actor } from './actor';
import { today } from './clinical-guards';
import { getPatient } from './patients';
import { loadPatientClinicalData } from './patient-data';

export interface AntibodyRow extends AntibodyResult { cls: AntibodyClass | null; xCutoff: number | null }
export interface EnzymeRow extends EnzymeResult { flag: 'high' | 'low' | 'normal'; xUln: number | null }
export interface VisitRowDto extends Visit { mmt: ReturnType<typeof mmtTotal> | null }
export interface StoredSignal {
  id: number; code: string; level: 'action' | 'warning' | 'info'; analyte: string | null; since: string; explanation: string;
  resultIds: { antibody: number[]; enzyme: number[]; visit: number[]; medication: number[] };
  evidence: { citation: string; doi?: string; url?: string };
  fingerprint: string; acknowledged: { note: string; at: string } | null;
}

/**
 * Everything the patient page shows, as plain DTOs: the patient, each row with its
 * class / flag / total computed by lib/domain, what the patient is on today, and the
 * stored signals with their acknowledgements. Audits the record view (via getPatient).
 */
export function getPatientRecord(actor: Actor, patientId: number) {
  const patient = getPatient(actor, patientId);
  const db = getDb();
  const data = loadPatientClinicalData(db, patientId);
  const acks = db.select().from(signalAcknowledgements).where(eq(signalAcknowledgements.patientId, patientId)).all();
  const signals: StoredSignal[] = db.select().from(patientSignals).where(eq(patientSignals.patientId, patientId))
    .orderBy(asc(patientSignals.levelRank), asc(patientSignals.id)).all()
    .map((s) => {
      const ack = acks.filter((a) => a.fingerprint === s.fingerprint && a.code === s.code).at(-1);
      return {
        id: s.id, code: s.code, level: s.level, analyte: s.analyte, since: s.since, explanation: s.explanation,
        resultIds: JSON.parse(s.resultIdsJson), evidence: JSON.parse(s.evidenceJson), fingerprint: s.fingerprint,
        acknowledged: ack ? { note: ack.note, at: ack.at } : null,
      };
    });
  const antibodyResults: AntibodyRow[] = data.antibodyResults.map((r) => ({ ...r, cls: classifyAntibody(r), xCutoff: r.value === null ? null : xCutoff(r.value, r.cutoff) }));
  const enzymeResults: EnzymeRow[] = data.enzymeResults.map((r) => ({ ...r, flag: enzymeFlag(r.valueUL, r.lowerLimitUL, r.upperLimitUL), xUln: xUln(r.valueUL, r.upperLimitUL) }));
  const visits: VisitRowDto[] = data.visits.map((v) => ({ ...v, mmt: v.mmtVersion ? mmtTotal(v.mmtVersion, v.mmtGrades) : null }));
  const medications: MedicationEpoch[] = data.medications;
  return { patient, antibodyResults, enzymeResults, visits, medications, currentMedications: activeEpochsOn(medications, today()), signals, today: today() };
}

export type PatientRecord = ReturnType<typeof getPatientRecord>;
