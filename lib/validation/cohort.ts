import { z } from 'zod';
import { COURSE_ROWS } from '../domain/cohort/course';
import { COHORT_GROUPS, STUDY_GROUPS, type CohortGroup } from '../domain/cohort/types';
import { ANALYTES } from '../domain/types';
import { DIAGNOSIS_GROUPS, DIAGNOSIS_LABELS, SEXES } from './patients';
import { optionalIsoDate } from './common';

// The cohort's group list must be the schema's: a new diagnosis group fails to compile here.
const _sameGroups: readonly (typeof DIAGNOSIS_GROUPS)[number][] = COHORT_GROUPS;
const _sameGroupsBack: readonly CohortGroup[] = DIAGNOSIS_GROUPS;
void _sameGroups;
void _sameGroupsBack;

export const COHORT_VIEWS = ['phenotype', 'activity', 'course', 'follow-up'] as const;
export type CohortView = (typeof COHORT_VIEWS)[number];
export const COHORT_VIEW_LABELS: Record<CohortView, string> = {
  phenotype: 'Phenotype by group',
  activity: 'Titer vs disease activity',
  course: 'Long-term course',
  'follow-up': 'Follow-up quality',
};
export const ACTIVITY_ANALYTES = ['any', ...ANALYTES] as const;

/** Empty form fields ("" from a GET form) mean "not given". */
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

/** A whole number typed in a form, with the allowed range in the message. */
const wholeNumber = (label: string, min: number, max: number, unit = '') =>
  z.preprocess(
    blank,
    z.coerce
      .number({ error: `${label} must be a whole number from ${min} to ${max}${unit}.` })
      .int(`${label} must be a whole number from ${min} to ${max}${unit}.`)
      .min(min, `${label} must be a whole number from ${min} to ${max}${unit}.`)
      .max(max, `${label} must be a whole number from ${min} to ${max}${unit}.`)
      .optional(),
  );

const groupList = z.preprocess(
  (v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : [v]),
  z
    .array(z.enum(DIAGNOSIS_GROUPS, { error: `Diagnosis group must be one of: ${Object.values(DIAGNOSIS_LABELS).join(', ')}.` }))
    .max(DIAGNOSIS_GROUPS.length)
    .optional()
    .transform((g) => (g && g.length ? COHORT_GROUPS.filter((x) => g.includes(x)) : [...STUDY_GROUPS])),
);

/**
 * The cohort page's query string (filters and view settings), shared by the page
 * and the CSV route. Bad values are refused with a message per field, never
 * silently replaced: a researcher must know the numbers match the filters shown.
 */
export const cohortQuerySchema = z
  .object({
    view: z.preprocess(blank, z.enum(COHORT_VIEWS, { error: `View must be one of: ${COHORT_VIEWS.join(', ')}.` }).default('phenotype')),
    group: groupList,
    sex: z.preprocess(blank, z.enum(['any', ...SEXES], { error: `Sex must be one of: any, ${SEXES.join(', ')}.` }).default('any')),
    from: z.preprocess(blank, optionalIsoDate('Diagnosed from')),
    to: z.preprocess(blank, optionalIsoDate('Diagnosed to')),
    ageMin: wholeNumber('Age at onset from', 0, 120, ' years'),
    ageMax: wholeNumber('Age at onset to', 0, 120, ' years'),
    window: wholeNumber('Pairing window', 1, 365, ' days').transform((n) => n ?? 30),
    years: wholeNumber('Minimum follow-up', 1, 30, ' years').transform((n) => n ?? 4),
    afterStop: wholeNumber('Follow-up after stopping', 1, 120, ' months').transform((n) => n ?? 12),
    analyte: z.preprocess(blank, z.enum(ACTIVITY_ANALYTES, { error: `Analyte must be one of: ${ACTIVITY_ANALYTES.join(', ')}.` }).default('any')),
    course: z.preprocess(blank, z.enum(COURSE_ROWS, { error: `Course row must be one of: ${COURSE_ROWS.join(', ')}.` }).optional()),
  })
  .refine((q) => q.from === null || q.to === null || q.from <= q.to, { path: ['to'], message: 'Diagnosed to must not be before Diagnosed from.' })
  .refine((q) => q.ageMin === undefined || q.ageMax === undefined || q.ageMin <= q.ageMax, { path: ['ageMax'], message: 'Age at onset to must not be below Age at onset from.' });

export type CohortQuery = z.output<typeof cohortQuerySchema>;

/** The query string of a parsed query (defaults omitted), for links that keep the filters. */
export function cohortSearch(q: CohortQuery, over: Partial<Record<'view' | 'course', string | null>> = {}): string {
  const p = new URLSearchParams();
  const view = over.view === undefined ? q.view : over.view;
  if (view) p.set('view', view);
  for (const g of q.group) p.append('group', g);
  if (q.sex !== 'any') p.set('sex', q.sex);
  if (q.from) p.set('from', q.from);
  if (q.to) p.set('to', q.to);
  if (q.ageMin !== undefined) p.set('ageMin', String(q.ageMin));
  if (q.ageMax !== undefined) p.set('ageMax', String(q.ageMax));
  if (q.window !== 30) p.set('window', String(q.window));
  if (q.years !== 4) p.set('years', String(q.years));
  if (q.afterStop !== 12) p.set('afterStop', String(q.afterStop));
  if (q.analyte !== 'any') p.set('analyte', q.analyte);
  const course = over.course === undefined ? q.course : over.course;
  if (course) p.set('course', course);
  return p.toString();
}
