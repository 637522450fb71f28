/**
 * Synthetic patients for the bench. Visits and drug courses are a demo `Story`
 * (written later through the DAL: recordVisit, startMedication, changeDose,
 * stopMedication); lab results come back as CSV rows for runLabImport, the bulk
 * path a clinic uses for history. Deterministic: each patient's random stream is
 * seeded by its MRN, so a regenerated database is the same database.
 */
import { curve, mmtGrades, type Key } from '../seed/cohort-follow-up';
import { Story } from '../seed/cohort-story';
import { createRng, type Rng } from '../seed/prng';
import type { Finding } from '../../lib/validation/visits';

export const LAB_HEADER = ['mrn', 'collected_on', 'test', 'value', 'unit', 'reference_low', 'reference_high', 'assay', 'lab', 'accession'];
export type LabRow = string[];

export interface SynthPatient {
  story: Story;
  labs: LabRow[];
}

const FAMILY = ['Adeyemi', 'Tanaka', 'Márquez', 'Johnson', 'Al-Sayed', 'Novak', "O'Brien", 'Mensah', 'Kowalski', 'Haddad', 'Lindqvist', 'Okafor', 'Rossi', 'Nguyen', 'Schmidt', 'Dubois'];
const GIVEN = ['Grace', 'Hiroshi', 'Sofía', 'Marcus', 'Fatima', 'Ivan', 'Margaret', 'Kwame', 'Anna', 'Omar', 'Elin', 'Chidi', 'Luca', 'Linh', 'Jonas', 'Claire'];
const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp = (lo: number, hi: number, n: number) => Math.min(hi, Math.max(lo, n));

/** `n` clinic days from `from` to `to` days ago, evenly spread with a few days of jitter, all distinct. */
function days(rng: Rng, from: number, to: number, n: number): number[] {
  const step = (from - to) / Math.max(1, n - 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const jitter = i === 0 || i === n - 1 ? 0 : rng.int(-Math.floor(step / 4), Math.floor(step / 4));
    const ago = Math.round(from - i * step + jitter);
    if (!out.length || ago < out[out.length - 1]!) out.push(ago);
  }
  return out;
}

const ckLimits = (sex: 'female' | 'male') => (sex === 'female' ? [26, 192] : [39, 308]);

export interface Course {
  titer: readonly Key[];
  ck: readonly Key[];
  mmt: readonly Key[];
}

/** Lab CSV rows: a CK and an anti-Mi2 titer on each lab day; `assayAt(ago)` picks the assay (an assay change breaks the line). */
export function labRows(rng: Rng, mrn: string, sex: 'female' | 'male', agoOf: (ago: number) => string, labDays: number[], course: Course,
  assayAt: (ago: number) => { name: string; lab: string; unit: string; scale: number }): LabRow[] {
  const [low, high] = ckLimits(sex);
  const rows: LabRow[] = [];
  labDays.forEach((ago, k) => {
    const on = agoOf(ago);
    const ck = Math.round(curve(course.ck, ago, true) * Math.exp(0.15 * rng.normal()));
    rows.push([mrn, on, 'ck', String(Math.max(20, ck)), 'U/L', String(low), String(high), '', '', `${mrn}-C${k}`]);
    const a = assayAt(ago);
    const titer = round1(curve(course.titer, ago, true) * a.scale * Math.exp(0.12 * rng.normal()));
    rows.push([mrn, on, 'mi2-beta', String(Math.max(0.5, titer)), a.unit, '', '', a.name, a.lab, `${mrn}-T${k}`]);
  });
  return rows;
}

/** A visit at `ago` whose grades, globals and findings follow the strength and CK courses. */
export function addVisit(story: Story, rng: Rng, ago: number, course: Course, note?: string): void {
  const total = clamp(24, 80, Math.round(curve(course.mmt, ago, false) + rng.normal()));
  const ck = curve(course.ck, ago, true);
  const muscle = clamp(0, 1, (80 - total) / 30);
  const enzyme = clamp(0, 1, Math.log10(Math.max(ck / 250, 1)) / 1.6);
  const activity = 0.6 * muscle + 0.4 * enzyme;
  const em = round1(clamp(0, 10, 5 * activity + 0.3 * rng.normal()));
  const findings: Finding[] = [];
  if (total < 76) findings.push('weakness');
  if (em >= 1.5) findings.push('rash');
  if (total < 60) findings.push('dysphagia');
  story.visit(ago, {
    grades: mmtGrades(rng, total),
    physicianGlobal: round1(clamp(0, 10, 0.3 + 7 * activity + 0.3 * rng.normal())),
    patientGlobal: round1(clamp(0, 10, 0.8 + 6 * activity + 0.6 * rng.normal())),
    haq: clamp(0, 3, Math.round((0.1 + 2.2 * muscle) * 8) / 8),
    extramuscular: em,
    findings,
    notes: note,
  });
}

export const LINE_BLOT = { name: 'Mi-2β line blot', lab: 'Reference lab A', unit: 'units', scale: 1 };

/**
 * A regular cohort patient: 2-12 years of follow-up ending recently, 10-20 visits,
 * 35-65 lab days (CK + anti-Mi2 each: about 100 results), a prednisone taper and
 * methotrexate (about 10 dose epochs). Titers fall in most, normalize in some and
 * re-rise in a few, so the worklist has every kind of signal.
 */
export function regularPatient(today: string, index: number): SynthPatient {
  const mrn = `BENCH-${String(index).padStart(6, '0')}`;
  const sex = index % 2 ? 'male' : 'female';
  const rng = createRng(`titerline-bench:${mrn}`);
  const to = rng.int(7, 150);
  const from = to + rng.int(2 * 365, 12 * 365);
  const story = new Story(today, {
    mrn, familyName: FAMILY[index % FAMILY.length]!, givenName: `${GIVEN[(index >> 4) % GIVEN.length]} ${index}`,
    birthDate: `${1945 + (index % 50)}-0${1 + (index % 9)}-1${index % 10}`, sex, diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: from + rng.int(30, 120), diagnosisAgo: from, notes: 'Synthetic bench patient.',
  });
  const rerise = rng.chance(0.1);
  const endTiter = rng.chance(0.3) ? rng.between(1.5, 4.5) : rng.between(6, 40);
  const course: Course = {
    titer: rerise ? [[from, rng.between(30, 120)], [(from + to) / 2, 3], [to, 45]] : [[from, rng.between(20, 120)], [to, endTiter]],
    ck: [[from, rng.between(1000, 9000)], [from - (from - to) / 4, 400], [to, rng.between(90, 400)]],
    mmt: [[from, rng.between(52, 70)], [from - (from - to) / 3, 74], [to, rng.between(72, 80)]],
  };
  const agoOf = (ago: number) => story.date(ago);
  const labs = labRows(rng, mrn, sex, agoOf, days(rng, from, to, rng.int(35, 65)), course, () => LINE_BLOT);
  days(rng, from, to, rng.int(10, 20)).forEach((ago, i) => addVisit(story, rng, ago, course, i === 0 ? 'First visit.' : undefined));

  // Prednisone taper over the first half of follow-up, stopped in 40%; methotrexate added.
  const pred = [60, 50, 40, 30, 20, 15, 10, 7.5, 5].slice(0, rng.int(5, 9));
  const gap = Math.max(2, Math.floor((from - to) / 2 / pred.length));
  story.drug('prednisone', pred.map((dose, i) => [from - i * gap, dose] as const), rng.chance(0.4) ? { stopAgo: from - pred.length * gap, endReason: 'remission' } : {});
  const mtx = [15, 20, 25].slice(0, rng.int(1, 3));
  story.drug('methotrexate', mtx.map((dose, i) => [from - 14 - i * 60, dose] as const));
  return { story, labs };
}
