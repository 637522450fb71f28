import { z } from 'zod';
import { isValidGrade, MAX_GRADE, MIN_GRADE, mmtTests, type MmtTotal } from '../domain/mmt';
import { MMT_VERSIONS, type MmtVersion } from '../domain/types';
import { isoDate, optionalNumber, text } from './common';

/** Findings ticked at a visit (stored in findings_json, in this order). */
export const FINDINGS = ['weakness', 'rash', 'calcinosis', 'ild', 'fever', 'dysphagia'] as const;
export type Finding = (typeof FINDINGS)[number];
export const FINDING_LABELS: Record<Finding, string> = {
  weakness: 'Weakness', rash: 'Rash', calcinosis: 'Calcinosis', ild: 'Interstitial lung disease', fever: 'Fever', dysphagia: 'Dysphagia',
};

export const MMT_VERSION_LABELS: Record<MmtVersion, string> = {
  unilateral: 'Unilateral MMT-8 (8 groups, 0-80)',
  bilateral: 'Bilateral MMT-8 (15 tests, 0-150)',
};

/** Form field name of one MMT test (flat, so a field error lands next to its input). */
export const gradeField = (testKey: string) => `mmt_${testKey}` as const;
export const findingField = (f: Finding) => `finding_${f}`;

const LABEL_OF = new Map([...mmtTests('unilateral'), ...mmtTests('bilateral')].map((t) => [t.key, t.label]));

/**
 * One typed Kendall grade: empty = not tested (null), otherwise a whole number 0-10
 * (docs/domain.md section 4); 7.5, -1 and 11 are refused with what is allowed.
 */
export function parseGrade(raw: unknown): number | null | undefined {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return null;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim().replace(',', '.')) : Number.NaN;
  return isValidGrade(n) ? n : undefined;
}

export const gradeMessage = (label: string) =>
  `${label}: enter a whole number from ${MIN_GRADE} to ${MAX_GRADE} (Kendall scale), or leave it empty if not tested.`;

const gradeSchema = (label: string) =>
  z.unknown().optional().transform((raw, ctx) => {
    const g = parseGrade(raw);
    if (g !== undefined) return g;
    ctx.addIssue({ code: 'custom', message: gradeMessage(label) });
    return z.NEVER;
  });

/** Every grade field either version can use, each checked on its own so all errors show at once. */
const gradeShape = Object.fromEntries([...LABEL_OF].map(([key, label]) => [gradeField(key), gradeSchema(label)])) as Record<`mmt_${string}`, ReturnType<typeof gradeSchema>>;

/**
 * optionalNumber from common.ts, also when the key is absent altogether (an API or
 * import caller may omit a measure that was not taken): absent = not given = null.
 */
const measure = (label: string, min: number, max: number, unit?: string) =>
  optionalNumber(label, min, max, unit).optional().transform((n) => n ?? null);

/** A ticked checkbox arrives as "on" from a form, true from code; anything else is unticked. */
const ticked = (v: unknown) => v === true || v === 'on' || v === 'true';

/**
 * A clinic visit as typed in the form (flat fields: `mmt_<test>`, `finding_<code>`).
 * Globals and HAQ ranges are the IMACS core set's (docs/domain.md section 5).
 * The output carries only the grades of the chosen version; totals are computed by
 * the DAL with lib/domain/mmt.ts, never taken from the client.
 */
export const visitSchema = z
  .looseObject({
    visitOn: isoDate('Visit date'),
    clinicianName: text('Clinician', 120),
    mmtVersion: z.enum(MMT_VERSIONS, { error: 'MMT-8 version must be unilateral (0-80) or bilateral (0-150).' }).optional().default('unilateral'),
    physicianGlobal: measure('Physician global activity', 0, 10, 'cm (VAS)'),
    patientGlobal: measure('Patient global activity', 0, 10, 'cm (VAS)'),
    haq: measure('HAQ-DI', 0, 3),
    extramuscular: measure('Extramuscular activity', 0, 10, 'cm (VAS)'),
    notes: text('Notes', 4000),
    ...gradeShape,
  })
  .transform((v) => {
    const grades: Record<string, number> = {};
    for (const t of mmtTests(v.mmtVersion)) {
      const g = v[gradeField(t.key)];
      if (typeof g === 'number') grades[t.key] = g;
    }
    return {
      visitOn: v.visitOn, clinicianName: v.clinicianName, mmtVersion: v.mmtVersion, grades,
      physicianGlobal: v.physicianGlobal, patientGlobal: v.patientGlobal, haq: v.haq, extramuscular: v.extramuscular,
      findings: FINDINGS.filter((f) => ticked(v[findingField(f)])), notes: v.notes,
    };
  });
export type VisitInput = z.output<typeof visitSchema>;

/** Label of a test key (e.g. "Deltoid (middle), right"), for messages and history. */
export function mmtTestLabel(key: string): string {
  return LABEL_OF.get(key) ?? key;
}

/**
 * How an MMT-8 result reads on screen: a total only for a complete exam, otherwise
 * "partial: 6 of 8 groups, sum 52" - never a low total (docs/domain.md section 4).
 */
export function mmtSummary(m: Pick<MmtTotal, 'total' | 'tested' | 'required' | 'max' | 'partialSum'> | null): string {
  if (!m || m.tested === 0) return 'not tested';
  if (m.total !== null) return `${m.total} / ${m.max}`;
  return `partial: ${m.tested} of ${m.required} ${m.required === 8 ? 'groups' : 'tests'}, sum ${m.partialSum}`;
}
