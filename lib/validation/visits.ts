import { z } from 'zod';
import { mmtTests } from '../domain/mmt';
import { MMT_VERSIONS } from '../domain/types';
import { isoDate, optionalNumber, text, ticked } from './common';
import { NUMBER_RULES, type NumberRule } from './field-rules';
import { FINDINGS, findingField, gradeField, gradeMessage, LABEL_OF, parseGrade } from './visit-fields';

export * from './visit-fields';

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
const measure = (rule: NumberRule) => optionalNumber(rule).optional().transform((n) => n ?? null);

const isTicked = (v: unknown) => v === true || v === 'on' || v === 'true';

/**
 * A clinic visit as typed in the form (flat fields: `mmt_<test>`, `finding_<code>`).
 * Globals and HAQ ranges are the IMACS core set's (docs/clinical/tis.md).
 * The output carries only the grades of the chosen version; totals are computed by
 * the DAL with lib/domain/mmt.ts, never taken from the client.
 */
export const visitSchema = z
  .looseObject({
    visitOn: isoDate('Visit date'),
    clinicianName: text('Clinician', 120),
    mmtVersion: z.enum(MMT_VERSIONS, { error: 'MMT-8 version must be unilateral (0-80) or bilateral (0-150).' }).optional().default('unilateral'),
    physicianGlobal: measure(NUMBER_RULES.physicianGlobal),
    patientGlobal: measure(NUMBER_RULES.patientGlobal),
    haq: measure(NUMBER_RULES.haq),
    extramuscular: measure(NUMBER_RULES.extramuscular),
    notes: text('Notes', 4000, true),
    /** Confirms a visit on a date that already has one (lib/dal/visits.ts). */
    allowImplausible: ticked,
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
      findings: FINDINGS.filter((f) => isTicked(v[findingField(f)])), notes: v.notes, allowImplausible: v.allowImplausible,
    };
  });
export type VisitInput = z.output<typeof visitSchema>;
