/**
 * The "20-year patient": monthly CK and anti-Mi2 for 20 years (480 results), a
 * visit every quarter (80), a relapse in year 8 with a second prednisone taper, and
 * a change of Mi-2β assay in year 10. The patient page and the charts are measured
 * on this record: the longest history a clinic is likely to open.
 */
import { Story } from '../seed/cohort-story';
import { createRng } from '../seed/prng';
import { addVisit, labRows, LINE_BLOT, type Course, type SynthPatient } from './synth';

export const TWENTY_YEAR_MRN = 'BENCH-20Y';

const YEAR = 365;
const START = 20 * YEAR + 10;
/** Days ago of the relapse (year 8) and of the assay change (year 10). */
const RELAPSE = START - 8 * YEAR;
const ASSAY_CHANGE = START - 10 * YEAR;
const IMMUNOBLOT = { name: 'Mi-2β immunoblot', lab: 'Reference lab B', unit: 'SIU', scale: 2 };

function spread(from: number, to: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(from - (i * (from - to)) / (n - 1)));
}

export function twentyYearPatient(today: string): SynthPatient {
  const rng = createRng(`titerline-bench:${TWENTY_YEAR_MRN}`);
  const story = new Story(today, {
    mrn: TWENTY_YEAR_MRN, familyName: 'Whitfield', givenName: 'Eleanor', birthDate: '1958-04-12', sex: 'female', diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: START + 60, diagnosisAgo: START, notes: 'Twenty years of follow-up: relapse in year 8, Mi-2β assay changed in year 10.',
  });
  const course: Course = {
    titer: [[START, 90], [START - 6 * YEAR, 8], [RELAPSE, 60], [RELAPSE - 3 * YEAR, 20], [START - 18 * YEAR, 3], [0, 2.5]],
    ck: [[START, 7800], [START - YEAR, 600], [START - 6 * YEAR, 180], [RELAPSE, 2400], [RELAPSE - YEAR, 400], [0, 140]],
    mmt: [[START, 56], [START - 2 * YEAR, 74], [RELAPSE + 30, 78], [RELAPSE, 66], [RELAPSE - 2 * YEAR, 77], [0, 79]],
  };
  const labs = labRows(rng, TWENTY_YEAR_MRN, 'female', (ago) => story.date(ago), spread(START, 12, 240), course,
    (ago) => (ago > ASSAY_CHANGE ? LINE_BLOT : IMMUNOBLOT));
  spread(START, 14, 80).forEach((ago, i) => addVisit(story, rng, ago, course, i === 0 ? 'Heliotrope rash, proximal weakness, dysphagia.' : undefined));

  story.drug('prednisone', [60, 50, 40, 30, 25, 20, 15, 12.5, 10, 7.5, 5, 2.5].map((d, i) => [START - 2 - i * 90, d] as const),
    { stopAgo: START - 2 - 12 * 90, endReason: 'remission' });
  story.drug('methotrexate', [[START - 20, 15], [START - 80, 20], [START - 200, 25], [START - 4 * YEAR, 15]], { stopAgo: START - 6 * YEAR, endReason: 'remission' });
  story.drug('prednisone', [40, 30, 20, 15, 10, 7.5, 5].map((d, i) => [RELAPSE - 1 - i * 120, d] as const), { stopAgo: RELAPSE - 1 - 7 * 120, endReason: 'remission' });
  story.drug('azathioprine', [[RELAPSE - 10, 50], [RELAPSE - 40, 100], [RELAPSE - 100, 150], [RELAPSE - 5 * YEAR, 100], [RELAPSE - 8 * YEAR, 50]]);
  story.drug('ivig', [[RELAPSE - 5, 2]], { stopAgo: RELAPSE - 2 * YEAR, endReason: 'remission' });
  story.drug('hydroxychloroquine', [[START - 30, 400], [START - 10 * YEAR, 200]]);
  return { story, labs };
}
