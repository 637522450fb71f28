import 'server-only';
import type { AntibodyResultRow, EnzymeResultRow } from '@/db/schema';
import type { checkNewAntibodyResult } from './antibody-results';
import type { checkNewEnzymeResult } from './enzyme-results';
import { preparedPerConnection } from './prepared';

/**
 * The CSV import's two INSERTs, written out: the values bound by position and the row
 * as stored built in memory (the new id, the given values, the clinical-row columns'
 * defaults of db/schema/patients.ts), instead of a generic insert that looked every
 * column up by name for every row, which cost as much as SQLite's own work
 * (docs/performance.md). The row types make the compiler name a column added to the
 * schema and missing here; tests/integration/lab-import.test.ts compares the built
 * rows with a SELECT of the stored ones.
 */
const statements = preparedPerConnection((db) => ({
  antibody: db.$client.prepare(`INSERT INTO antibody_results (patient_id, assay_id, analyte, collected_on, value, comparator, qualitative, unit, cutoff, positive_from,
    strong_above, cutoff_dilution_positive, accession, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  enzyme: db.$client.prepare(`INSERT INTO enzyme_results (patient_id, analyte, collected_on, value, unit, value_ul, lower_limit_ul, upper_limit_ul, range_source, accession,
    created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
}));

/** Who and when, the same for every row of one import. */
interface ImportStamp { createdBy: number | null; at: string }

/**
 * The two inserts of one import, bound to this connection's statements (looked up
 * once, not per row: finding the connection resolves the database path) and stamped
 * with its user and time.
 */
export function importInserts(s: ImportStamp) {
  const st = statements();
  return {
    antibody(patientId: number, v: ReturnType<typeof checkNewAntibodyResult>): AntibodyResultRow {
      const { lastInsertRowid } = st.antibody.run(patientId, v.assayId, v.analyte, v.collectedOn, v.value, v.comparator, v.qualitative, v.unit, v.cutoff,
        v.positiveFrom, v.strongAbove, v.cutoffDilutionPositive ? 1 : 0, v.accession, s.createdBy, s.at, s.at);
      return {
        id: Number(lastInsertRowid), patientId, assayId: v.assayId, analyte: v.analyte, collectedOn: v.collectedOn, value: v.value, comparator: v.comparator,
        qualitative: v.qualitative, unit: v.unit, cutoff: v.cutoff, positiveFrom: v.positiveFrom, strongAbove: v.strongAbove, cutoffDilutionPositive: v.cutoffDilutionPositive, accession: v.accession,
        version: 1, enteredInError: false, errorReason: null, createdBy: s.createdBy, createdAt: s.at, updatedAt: s.at,
      };
    },
    enzyme(patientId: number, v: ReturnType<typeof checkNewEnzymeResult>): EnzymeResultRow {
      const { lastInsertRowid } = st.enzyme.run(patientId, v.analyte, v.collectedOn, v.value, v.unit, v.valueUL, v.lowerLimitUL, v.upperLimitUL, v.rangeSource, v.accession,
        s.createdBy, s.at, s.at);
      return {
        id: Number(lastInsertRowid), patientId, analyte: v.analyte, collectedOn: v.collectedOn, value: v.value, unit: v.unit, valueUL: v.valueUL,
        lowerLimitUL: v.lowerLimitUL, upperLimitUL: v.upperLimitUL, rangeSource: v.rangeSource, accession: v.accession,
        version: 1, enteredInError: false, errorReason: null, createdBy: s.createdBy, createdAt: s.at, updatedAt: s.at,
      };
    },
  };
}
