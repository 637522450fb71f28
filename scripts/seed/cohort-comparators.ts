/**
 * Demo patients, part 3: two more patients in each comparison group (anti-Mi2-negative
 * DM, antisynthetase syndrome, IMNM), so the Cohort page can compare groups with a
 * test rather than say "not enough data" (docs/clinical/evidence.md section 3: the study compared
 * these four groups). None has an anti-Mi2-positive result, so none shows a titer signal.
 */
import { followUp } from './cohort-follow-up';
import { newStory, PREDNISONE_60_TO_10 as P60, taper, type Story } from './cohort-story';
import type { Finding } from '../../lib/validation/visits';

interface Comparator {
  mrn: string; familyName: string; givenName: string; birthDate: string; sex: 'female' | 'male';
  group: 'mi2-neg-dm' | 'antisynthetase' | 'imnm';
  years: number; peakCk: number; lowMmt: number; findings: Finding[]; negativeMi2: boolean;
}

const COMPARATORS: readonly Comparator[] = [
  { mrn: 'MRN-100013', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1959-02-21', sex: 'female', group: 'mi2-neg-dm', years: 9, peakCk: 980, lowMmt: 72, findings: ['calcinosis'], negativeMi2: true },
  { mrn: 'MRN-100014', familyName: 'Okonkwo', givenName: 'Chidi', birthDate: '1983-07-30', sex: 'male', group: 'mi2-neg-dm', years: 6, peakCk: 2100, lowMmt: 70, findings: ['calcinosis', 'fever'], negativeMi2: true },
  { mrn: 'MRN-100015', familyName: 'Rossi', givenName: 'Giulia', birthDate: '1970-11-11', sex: 'female', group: 'antisynthetase', years: 7, peakCk: 2400, lowMmt: 69, findings: ['ild', 'fever'], negativeMi2: true },
  { mrn: 'MRN-100016', familyName: 'Haddad', givenName: 'Omar', birthDate: '1966-03-05', sex: 'male', group: 'antisynthetase', years: 5, peakCk: 1300, lowMmt: 73, findings: ['ild'], negativeMi2: false },
  { mrn: 'MRN-100017', familyName: 'Schmidt', givenName: 'Petra', birthDate: '1957-09-19', sex: 'female', group: 'imnm', years: 8, peakCk: 12500, lowMmt: 48, findings: [], negativeMi2: false },
  { mrn: 'MRN-100018', familyName: 'Dubois', givenName: 'Luc', birthDate: '1961-01-08', sex: 'male', group: 'imnm', years: 4.5, peakCk: 8700, lowMmt: 55, findings: ['dysphagia'], negativeMi2: true },
];

function comparator(c: Comparator, today: string): Story {
  const from = Math.round(c.years * 365);
  const [s, rng] = newStory(today, {
    mrn: c.mrn, familyName: c.familyName, givenName: c.givenName, birthDate: c.birthDate, sex: c.sex, diagnosisGroup: c.group,
    onsetAgo: from + 60, diagnosisAgo: from, notes: 'Comparator: anti-Mi2 negative.',
  });
  if (c.negativeMi2) s.titer(from, 2, '<5');
  followUp(s, rng, {
    from, to: 45, gap: [100, 170],
    ck: { keys: [[from, c.peakCk], [from - 300, Math.round(c.peakCk / 3)], [0, c.group === 'imnm' ? 700 : 180]], noise: 0.12, head: [c.peakCk] },
    mmt: { keys: [[from, c.lowMmt], [from - 500, Math.min(78, c.lowMmt + 8)], [0, c.group === 'imnm' ? 72 : 78]], noise: 1, head: [c.lowMmt], partialEvery: 7 },
    em: [[from, 3], [0, 0.5]],
    findings: c.findings,
  });
  s.drug('prednisone', taper(from - 5, [...P60, [7.5, 180], [5, 1]]).steps);
  s.drug(c.group === 'antisynthetase' ? 'mycophenolate-mofetil' : 'methotrexate', c.group === 'antisynthetase' ? [[from - 20, 1000], [from - 90, 1500]] : [[from - 20, 15], [from - 90, 20]]);
  return s;
}

/** One story builder per comparator, in MRN order. */
export const COMPARATOR_COHORT: readonly ((today: string) => Story)[] = COMPARATORS.map((c) => (today: string) => comparator(c, today));
