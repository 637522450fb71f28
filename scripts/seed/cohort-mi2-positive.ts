/**
 * Demo patients with anti-Mi2-positive dermatomyositis, part 1: the ones whose
 * titers fall (docs/clinical/evidence.md section 3: "titers declined in all, normalized in 3;
 * 2 of those 3 stopped immunosuppression"), the relapse and the change of lab.
 * Assays are the starter catalog's (drizzle/0002): 1 Mi-2α line blot, 2 Mi-2β line
 * blot (cut-off 5, positive 11, strong > 50), 3 Mi-2β immunoblot lab B (cut-off 10),
 * 4 Mi-2 ELISA (cut-off 20, strong > 80). Comments name the signals each should show.
 */
import { followUp } from './cohort-follow-up';
import { newStory, PREDNISONE_60_TO_10 as P60, taper, type Story } from './cohort-story';

/** Flagship: Mi-2β 82 -> 3 units, CK 8120 -> 150, MMT-8 58 -> 79; prednisone off, methotrexate on. Expect taper-discussion. */
export function flagship(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100001', familyName: 'Adeyemi', givenName: 'Grace', birthDate: '1971-03-14', sex: 'female', diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: 3500, diagnosisAgo: 3430, notes: 'Muscle biopsy: perifascicular pattern with prominent necrosis. Malignancy screen negative.',
  });
  followUp(s, rng, {
    from: 3430, to: 28, gap: [100, 170],
    titers: [{ assayId: 2, keys: [[3430, 82], [2900, 52], [2000, 27], [1100, 15], [0, 4]], noise: 0.12, min: 12, head: [82], tail: [9, 6, 4, 3, 4, 3] }],
    ck: { keys: [[3430, 8000], [3330, 2600], [3150, 900], [2700, 400], [2000, 230], [1200, 170], [0, 150]], noise: 0.15, head: [8120], tail: [162, 141, 150] },
    mmt: { keys: [[3430, 58], [3250, 64], [2900, 71], [2300, 76], [1400, 78], [0, 79]], noise: 1, head: [58], tail: [79, 80, 79], partialEvery: 7 },
    em: [[3430, 6], [3000, 3], [2000, 1], [0, 0.3]],
    firstNote: 'Heliotrope rash, Gottron papules, proximal weakness and dysphagia to solids. Anti-Mi-2β strongly positive.',
    lastNote: 'No weakness, no rash. Tolerating methotrexate 10 mg weekly.',
  });
  s.drug('prednisone', taper(3428, [...P60, [7.5, 180], [5, 700], [2.5, 120]]).steps, { stopAgo: 3428 - 1540 + 1 });
  s.drug('ivig', [[3410, 2]], { stopAgo: 2950, endReason: 'remission' });
  s.drug('methotrexate', [[3400, 15], [3340, 20], [3250, 25], [1500, 20], [900, 15], [420, 10]]);
  return s;
}

/**
 * Second normalizer: Mi-2 ELISA 165 -> 9 AU/mL; methotrexate swapped for azathioprine
 * (liver enzymes); but the latest Mi-2β line blot, drawn with the last ELISA, is
 * positive (14 units). Expect taper-withheld, naming it.
 */
export function elisaNormalizer(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100002', familyName: 'Tanaka', givenName: 'Hiroshi', birthDate: '1958-09-02', sex: 'male', diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: 2400, diagnosisAgo: 2260, notes: 'Anti-Mi-2 measured by the hospital ELISA since diagnosis.',
  });
  followUp(s, rng, {
    from: 2260, to: 41, gap: [90, 150],
    titers: [{ assayId: 4, keys: [[2260, 165], [1700, 88], [1100, 45], [600, 27], [0, 14]], noise: 0.12, min: 24, head: [165], tail: [17, 13, 11, 9] }],
    ck: { keys: [[2260, 4300], [2050, 1200], [1600, 420], [900, 250], [0, 190]], noise: 0.15, head: [4310], tail: [205, 188, 176] },
    mmt: { keys: [[2260, 62], [1900, 68], [1300, 73], [700, 76], [0, 77]], noise: 1, head: [62], tail: [76, 77, 78, 77], partialEvery: 6 },
    em: [[2260, 4], [1500, 1.5], [0, 0.5]],
    firstNote: 'Shawl sign and V-neck rash; hip girdle weakness (cannot rise from a chair without arms).',
  });
  s.titer(41, 2, 14);
  s.drug('prednisone', taper(2255, [...P60, [7.5, 120], [5, 365], [2.5, 90]]).steps, { stopAgo: 2255 - 1115 + 1 });
  s.drug('methotrexate', [[2250, 15], [2180, 20]], { stopAgo: 1700, endReason: 'side-effect' });
  s.drug('azathioprine', [[1690, 50], [1660, 100], [1600, 150], [400, 100]]);
  return s;
}

/** Normalized, stopped immunosuppression 3 years ago, still negative; hydroxychloroquine only. No taper-discussion. */
export function offTreatment(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100003', familyName: 'Márquez', givenName: 'Sofía', birthDate: '1985-06-21', sex: 'female', diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: 5380, diagnosisAgo: 5300, notes: 'Mycophenolate stopped in remission; hydroxychloroquine continued for mild skin disease.',
  });
  followUp(s, rng, {
    from: 5300, to: 55, gap: [120, 180],
    titers: [{ assayId: 2, keys: [[5300, 65], [4400, 32], [3000, 18], [1600, 12], [0, 3]], noise: 0.12, min: 12, head: [65], tail: [9, 5, 4, 4, 3, 3, 2, 3, 2, 3] }],
    ck: { keys: [[5300, 5200], [5050, 900], [4500, 260], [3500, 160], [0, 120]], noise: 0.15, head: [5240], tail: [118, 131, 109] },
    mmt: { keys: [[5300, 60], [4800, 71], [3900, 77], [2500, 79], [0, 80]], noise: 0.8, head: [60], tail: [80, 79, 80], partialEvery: 8 },
    em: [[5300, 7], [4300, 2.5], [2500, 1.5], [0, 1.2]],
    lastNote: 'Off immunosuppression for three years; mild residual rash on hydroxychloroquine.',
  });
  s.drug('prednisone', taper(5295, [...P60, [7.5, 120], [5, 240], [2.5, 60]]).steps, { stopAgo: 5295 - 960 + 1 });
  s.drug('mycophenolate-mofetil', [[5280, 1000], [5150, 1500], [2400, 1000], [1500, 500]], { stopAgo: 1100, endReason: 'remission' });
  s.drug('hydroxychloroquine', [[5300, 400]]);
  return s;
}

/** Relapse: Mi-2β down to 4 units (negative), off treatment, then 14 and 48 with CK rising; prednisone restarted. Expect titer-rerise. */
export function relapser(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100004', familyName: 'Johnson', givenName: 'Marcus', birthDate: '1966-11-30', sex: 'male', diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: 3000, diagnosisAgo: 2920, notes: 'Relapsed about a year after stopping methotrexate.',
  });
  followUp(s, rng, {
    from: 2920, to: 22, gap: [90, 160],
    titers: [{ assayId: 2, keys: [[2920, 72], [2200, 36], [1300, 16], [700, 12], [0, 10]], noise: 0.1, min: 12, head: [72], tail: [9, 7, 4, 14, 48] }],
    ck: { keys: [[2920, 6400], [2700, 900], [2100, 320], [0, 250]], noise: 0.15, head: [6380], tail: [240, 262, 231, 910, 2650] },
    mmt: { keys: [[2920, 60], [2550, 71], [1900, 78], [0, 79]], noise: 0.8, head: [60], tail: [79, 78, 79, 77, 70], partialEvery: 7 },
    em: [[2920, 5], [2200, 1.5], [150, 0.5], [22, 3]],
    lastNote: 'Six weeks of new difficulty climbing stairs; rash back on the knuckles. CK and anti-Mi-2β rising: prednisone and methotrexate restarted.',
  });
  s.drug('prednisone', taper(2915, [...P60, [7.5, 180], [5, 720], [2.5, 150]]).steps, { stopAgo: 2915 - 1590 + 1 });
  s.drug('methotrexate', [[2900, 15], [2850, 20], [1200, 15], [700, 10]], { stopAgo: 400, endReason: 'remission' });
  s.drug('prednisone', [[22, 40]]);
  s.drug('methotrexate', [[22, 15]]);
  return s;
}

/** Mi-2β moved from lab A's line blot (units) to lab B's immunoblot (SIU) 18 months ago. Expect assay-change. */
export function assayChange(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100005', familyName: 'Al-Sayed', givenName: 'Fatima', birthDate: '1979-02-08', sex: 'female', diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: 2000, diagnosisAgo: 1935, notes: 'The myositis panel moved to reference lab B (signal-intensity immunoblot) in the last 18 months.',
  });
  followUp(s, rng, {
    from: 1935, to: 35, gap: [90, 150],
    titers: [
      { assayId: 2, toAgo: 541, keys: [[1935, 58], [1000, 26], [541, 21]], noise: 0.1, min: 12, head: [58] },
      { assayId: 3, fromAgo: 540, keys: [[540, 46], [0, 42]], noise: 0.08, tail: [44, 39, 43] },
    ],
    ck: { keys: [[1935, 3900], [1700, 900], [1100, 400], [0, 330]], noise: 0.12, head: [3880], tail: [345, 310, 362] },
    mmt: { keys: [[1935, 56], [1400, 66], [800, 71], [0, 72]], noise: 0.8, head: [56], tail: [72, 71, 73], partialEvery: 6 },
    em: [[1935, 5], [1200, 2], [0, 1]],
    lastNote: 'Persistent mild hip girdle weakness; IVIG continued.',
  });
  s.drug('prednisone', taper(1930, [...P60, [7.5, 1]]).steps);
  s.drug('mycophenolate-mofetil', [[1920, 1000], [1800, 1500]]);
  s.drug('ivig', [[1200, 2]]);
  return s;
}

/** Mi-2α 140 -> 17 units over 4 years, last three each lower, still positive; CK still high. Expect titer-declining. */
export function declining(today: string): Story {
  const [s, rng] = newStory(today, {
    mrn: 'MRN-100006', familyName: 'Kowalski', givenName: 'Daniel', birthDate: '1990-07-19', sex: 'male', diagnosisGroup: 'mi2-pos-dm',
    onsetAgo: 1560, diagnosisAgo: 1500, notes: 'Severe onset with dysphagia; pulse methylprednisolone at admission.',
  });
  followUp(s, rng, {
    from: 1500, to: 14, gap: [85, 130],
    titers: [{ assayId: 1, keys: [[1500, 140], [1000, 72], [500, 42], [0, 20]], noise: 0.1, head: [140], tail: [38, 26, 17] }],
    ck: { keys: [[1500, 12400], [1300, 2600], [800, 950], [0, 480]], noise: 0.12, head: [12380], tail: [620, 520, 455] },
    mmt: { keys: [[1500, 46], [1250, 56], [700, 64], [0, 69]], noise: 1, head: [46], tail: [66, 68, 69], partialEvery: 5 },
    em: [[1500, 5], [800, 2], [0, 1.5]],
  });
  s.drug('methylprednisolone', [[1500, 1000]], { stopAgo: 1498 });
  s.drug('prednisone', taper(1497, [[60, 42], [50, 28], [40, 28], [30, 42], [25, 56], [20, 120], [15, 240], [12.5, 180], [10, 1]]).steps);
  s.drug('mycophenolate-mofetil', [[1480, 1000], [1400, 1500]]);
  s.drug('ivig', [[1470, 2]]);
  return s;
}
