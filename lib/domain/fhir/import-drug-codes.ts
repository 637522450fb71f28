/**
 * What other systems call the catalog drugs (lib/domain/medications.ts DRUG_CATALOG):
 * RxNorm ingredient codes, WHO ATC codes and common names. Used ONLY to offer the
 * best candidate in the import preview; a person confirms every mapping once
 * (issue 18, item 2). A code that is not listed here is still mapped through the
 * confirmed code map (SNOMED CT drug codes, a hospital's own codes).
 * Sources: RxNorm ingredient concepts (NLM RxNav), WHO ATC/DDD index.
 */
import { foldText } from './import-code-map';

export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const ATC_SYSTEM = 'http://www.whocc.no/atc';

interface DrugCodes { rxnorm: readonly string[]; atc: readonly string[]; names: readonly string[]; caution?: string }

/** Keys are DRUG_CATALOG keys. `caution`: said beside the candidate (a code that covers more than the catalog drug). */
export const DRUG_CODES: Readonly<Record<string, DrugCodes>> = {
  prednisone: { rxnorm: ['8640'], atc: ['H02AB07'], names: ['prednisone'] },
  methylprednisolone: { rxnorm: ['6902'], atc: ['H02AB04'], names: ['methylprednisolone', 'solu-medrol', 'medrol'] },
  methotrexate: { rxnorm: ['6851'], atc: ['L04AX03', 'L01BA01'], names: ['methotrexate', 'mtx'] },
  azathioprine: { rxnorm: ['1256'], atc: ['L04AX01'], names: ['azathioprine', 'imuran'] },
  'mycophenolate-mofetil': {
    rxnorm: ['68149'], atc: ['L04AA06'], names: ['mycophenolate mofetil', 'mycophenolate', 'mmf', 'cellcept'],
    caution: 'ATC L04AA06 and the name "mycophenolate" also cover mycophenolate sodium (Myfortic), whose doses differ: confirm only if the patient takes mycophenolate mofetil.',
  },
  tacrolimus: { rxnorm: ['42316'], atc: ['L04AD02'], names: ['tacrolimus', 'prograf'] },
  cyclosporine: { rxnorm: ['3008'], atc: ['L04AD01'], names: ['cyclosporine', 'ciclosporin', 'neoral', 'sandimmune'] },
  ivig: { rxnorm: [], atc: ['J06BA02'], names: ['ivig', 'intravenous immunoglobulin', 'immune globulin intravenous', 'normal human immunoglobulin'] },
  rituximab: { rxnorm: ['121191'], atc: ['L01XC02', 'L01FA01'], names: ['rituximab', 'rituxan', 'mabthera'] },
  cyclophosphamide: { rxnorm: ['3002'], atc: ['L01AA01'], names: ['cyclophosphamide', 'cytoxan', 'endoxan'] },
  hydroxychloroquine: { rxnorm: ['5521'], atc: ['P01BA02'], names: ['hydroxychloroquine', 'plaquenil', 'hcq'] },
};

/** Whole-word match of a folded name in a folded text ("mycophenolate 500 mg tablet" contains "mycophenolate"). */
function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text);
}

export interface DrugGuess { drug: string; why: string; caution?: string }

/**
 * The catalog drug a concept most likely names: by RxNorm or ATC code, else by a name
 * in its text. Null when nothing, or more than one drug, fits.
 */
export function guessDrug(codings: readonly { system?: string; code?: string }[], text: string | undefined): DrugGuess | null {
  const byCode = new Set<string>();
  for (const c of codings) {
    for (const [key, d] of Object.entries(DRUG_CODES)) {
      if ((c.system === RXNORM_SYSTEM && d.rxnorm.includes(c.code ?? '')) || (c.system === ATC_SYSTEM && d.atc.includes((c.code ?? '').toUpperCase()))) byCode.add(key);
    }
  }
  const folded = foldText(text ?? '');
  // Longest names first: "mycophenolate mofetil" is a better reason than "mycophenolate".
  const byName = folded ? Object.entries(DRUG_CODES).filter(([, d]) => d.names.some((n) => mentions(folded, n))).map(([k]) => k) : [];
  const keys = byCode.size ? [...byCode] : [...new Set(byName)];
  if (keys.length !== 1) return null;
  const drug = keys[0]!;
  const info = DRUG_CODES[drug]!;
  const why = byCode.size ? 'Its RxNorm or ATC code is this drug\'s.' : `Its name mentions ${JSON.stringify(info.names.find((n) => mentions(folded, n)) ?? drug)}.`;
  return { drug, why, ...(info.caution ? { caution: info.caution } : {}) };
}
