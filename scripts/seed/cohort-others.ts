/**
 * Demo patients, part 2: anti-Mi2-positive patients whose titers did not fall
 * (overdue, discordant), a new patient with few data points, and three
 * anti-Mi2-negative comparators (docs/clinical/evidence.md section 3: Mi2- DM, antisynthetase
 * syndrome, IMNM) that must never show a titer signal.
 */
import { followUp, mmtGrades } from './cohort-follow-up';
import { newStory, PREDNISONE_60_TO_10 as P60, taper, type Story } from './cohort-story';

/**
 * Positive, plateaued Mi-2β; at the last panel lab B's immunoblot read the same serum
 * negative; no titer drawn for ~17 months since, while visits and CK go on. Expect
 * titer-overdue and same-day-conflict.
 */
export function overdue(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100007', familyName: "O'Brien", givenName: 'Margaret', birthDate: '1955-01-25', sex: 'female', diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: 3720, diagnosisAgo: 3650, notes: 'Chronic course with mild residual weakness.',
  });
  followUp(s, rng, {
    from: 3650, to: 60, gap: [100, 180],
    titers: [{ assayId: 2, toAgo: 480, keys: [[3650, 38], [2500, 29], [480, 25]], noise: 0.08, min: 14, head: [38], tail: [24, 27, 25] }],
    ck: { keys: [[3650, 2900], [3350, 500], [2200, 240], [0, 235]], noise: 0.12, head: [2890], tail: [251, 228] },
    mmt: { keys: [[3650, 64], [3000, 73], [0, 75]], noise: 1, head: [64], tail: [75, 74], partialEvery: 7 },
    em: [[3650, 4], [2500, 1.5], [0, 1]],
    lastNote: 'Stable. Myositis panel not drawn since last year.',
  });
  s.titer(470, 2, 26);
  s.qualitative(470, 3, 'negative');
  s.drug('prednisone', taper(3645, [...P60, [7.5, 365], [5, 1]]).steps);
  s.drug('methotrexate', [[3630, 15], [3560, 20], [1400, 15]]);
  return s;
}

/** Strongly positive Mi-2β for years while CK is normal and strength full. Expect discordance (and clinical-quiescence). */
export function discordant(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100008', familyName: 'Mensah', givenName: 'Kwame', birthDate: '1975-10-05', sex: 'male', diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: 2620, diagnosisAgo: 2555, notes: 'Clinical remission with a persistently strong anti-Mi-2β band.',
  });
  followUp(s, rng, {
    from: 2555, to: 48, gap: [100, 170],
    titers: [{ assayId: 2, keys: [[2555, 96], [2000, 82], [1000, 74], [0, 72]], noise: 0.08, min: 55, head: [96], tail: [74, 81, 77] }],
    ck: { keys: [[2555, 5100], [2300, 700], [1800, 250], [0, 170]], noise: 0.12, head: [5080], tail: [165, 188, 171] },
    mmt: { keys: [[2555, 63], [2100, 74], [1500, 79], [0, 80]], noise: 0.6, head: [63], tail: [80, 79, 80], partialEvery: 7 },
    em: [[2555, 4], [1800, 1], [0, 0.3]],
    lastNote: 'In clinical remission; anti-Mi-2β still strongly positive.',
  });
  s.drug('prednisone', taper(2550, [...P60, [7.5, 120], [5, 365], [2.5, 90]]).steps, { stopAgo: 2550 - 1115 + 1 });
  s.drug('methotrexate', [[2540, 15], [2480, 20], [900, 15]]);
  return s;
}

/** New patient, diagnosed 3 months ago: two panels, three visits. No signal expected yet. */
export function newPatient(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100012', familyName: 'Bello', givenName: 'Aisha', birthDate: '1996-05-09', sex: 'female', diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: 150, diagnosisAgo: 95, notes: 'Referred from the emergency department with rhabdomyolysis-range CK.',
  });
  const lab = { lower: 26, upper: 192 };
  s.titer(95, 1, 36);
  s.titer(95, 2, 92);
  s.ck(95, 14200, lab);
  s.visit(95, {
    grades: mmtGrades(rng, 50), physicianGlobal: 7.8, patientGlobal: 7.2, haq: 1.625, extramuscular: 6, findings: ['weakness', 'rash', 'dysphagia'],
    notes: 'Heliotrope rash, shawl sign, proximal weakness, dysphagia to solids. Swallow study booked.',
  });
  s.ck(40, 8900, lab);
  const partial = mmtGrades(rng, 54);
  delete (partial as Partial<typeof partial>).neck_flexors;
  s.visit(40, { grades: partial, physicianGlobal: 6.9, patientGlobal: 6.5, haq: 1.5, extramuscular: 4.5, findings: ['weakness', 'rash'], notes: 'Neck flexors not tested (cervical collar after a fall).' });
  s.titer(9, 1, 31);
  s.titer(9, 2, 86);
  s.ck(9, 6100, lab);
  s.visit(9, { grades: mmtGrades(rng, 59), physicianGlobal: 6.1, patientGlobal: 5.8, haq: 1.25, extramuscular: 3.5, findings: ['weakness', 'rash'] });
  s.drug('methylprednisolone', [[95, 1000]], { stopAgo: 93 });
  s.drug('prednisone', [[92, 60], [30, 50]]);
  s.drug('ivig', [[90, 2]]);
  s.drug('methotrexate', [[40, 15]]);
  return s;
}

/** Anti-Mi2-negative DM (anti-TIF1-γ): negative panel at diagnosis only; skin-predominant. No titer signal. */
export function mi2NegativeDm(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100009', familyName: 'Petrova', givenName: 'Elena', birthDate: '1968-04-12', sex: 'female', diagnosisGroup: 'mi2-neg-dm',
    onsetAgo: 3000, diagnosisAgo: 2920, notes: 'Anti-TIF1-γ positive (outside lab); anti-Mi-2 negative. Yearly malignancy screening.',
  });
  s.titer(2920, 1, '<5');
  s.titer(2920, 2, '<5');
  followUp(s, rng, {
    from: 2920, to: 70, gap: [100, 180],
    ck: { keys: [[2920, 1450], [2600, 300], [2000, 140], [0, 110]], noise: 0.15, head: [1460], siteDefault: true },
    mmt: { keys: [[2920, 68], [2400, 76], [0, 79]], noise: 1, head: [68], partialEvery: 6 },
    em: [[2920, 7], [2000, 4], [1000, 2.5], [0, 2]],
    firstNote: 'Extensive poikiloderma and Gottron papules; mild proximal weakness.',
  });
  s.drug('prednisone', taper(2915, [...P60, [7.5, 180], [5, 365], [2.5, 90]]).steps, { stopAgo: 2915 - 1175 + 1 });
  s.drug('methotrexate', [[2900, 15], [2840, 20]], { stopAgo: 2200, endReason: 'ineffective' });
  s.drug('ivig', [[2190, 2]]);
  s.drug('hydroxychloroquine', [[2920, 400]]);
  return s;
}

/** Antisynthetase syndrome (anti-Jo-1) with ILD: negative Mi-2 ELISA at diagnosis. No titer signal. */
export function antisynthetase(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100010', familyName: 'Iyer', givenName: 'Rajesh', birthDate: '1962-12-03', sex: 'male', diagnosisGroup: 'antisynthetase',
    onsetAgo: 2280, diagnosisAgo: 2190, notes: 'Anti-Jo-1 positive; NSIP pattern on HRCT; pulmonary function followed by pulmonology.',
  });
  s.titer(2190, 4, 6);
  followUp(s, rng, {
    from: 2190, to: 30, gap: [90, 150],
    ck: { keys: [[2190, 3600], [1900, 600], [1200, 270], [0, 240]], noise: 0.15, head: [3590] },
    mmt: { keys: [[2190, 66], [1600, 76], [0, 78]], noise: 1, head: [66], partialEvery: 6 },
    em: [[2190, 5], [1200, 2.5], [0, 1.5]],
    findings: ['ild'],
    firstNote: "Mechanic's hands, arthritis, exertional dyspnoea; proximal weakness.",
  });
  s.drug('prednisone', taper(2185, [...P60, [7.5, 365], [5, 1]]).steps);
  s.drug('mycophenolate-mofetil', [[2170, 1000], [2100, 1500]]);
  return s;
}

/** Anti-HMGCR IMNM after atorvastatin: CK falls but never normalizes; no anti-Mi2 result at all. No titer signal. */
export function imnm(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100011', familyName: 'Nguyen', givenName: 'Linda', birthDate: '1952-08-17', sex: 'female', diagnosisGroup: 'imnm',
    onsetAgo: 1900, diagnosisAgo: 1825, notes: 'Anti-HMGCR positive; atorvastatin stopped at diagnosis. Necrotizing myopathy on biopsy.',
  });
  followUp(s, rng, {
    from: 1825, to: 20, gap: [90, 140],
    ck: { keys: [[1825, 9800], [1550, 2600], [1000, 1300], [0, 820]], noise: 0.12, head: [9820] },
    mmt: { keys: [[1825, 52], [1300, 68], [0, 74]], noise: 1, head: [52], partialEvery: 6 },
    em: [[1825, 0.5], [0, 0.2]],
  });
  s.drug('prednisone', taper(1820, [...P60, [7.5, 120], [5, 180], [2.5, 60]]).steps, { stopAgo: 1820 - 900 + 1 });
  s.drug('methotrexate', [[1800, 15], [1740, 20], [1650, 25]]);
  s.drug('ivig', [[1790, 2]]);
  return s;
}
