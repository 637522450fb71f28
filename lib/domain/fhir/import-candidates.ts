/**
 * Candidates for a sender code nobody has mapped yet (issue 18, item 2). The preview
 * offers every catalog entry the code could be and names the best one with the facts
 * that point to it; it never chooses: a person confirms once. Results of different
 * assays are not comparable (docs/clinical/assays.md), so an anti-Mi2 code is only
 * offered assays of its analyte, and never "not imported".
 */
import { ENZYME } from '../enzymes';
import { DRUG_CATALOG } from '../medications';
import { ENZYME_ANALYTES, type Analyte, type EnzymeAnalyte } from '../types';
import { ANALYTE_DISPLAY, parseEnzymeUnit } from './codes';
import { unitFit, type CatalogAssay } from './import-assay';
import { foldText, senderKey, targetValue, type SenderCode } from './import-code-map';
import { guessDrug } from './import-drug-codes';

export interface MappingOption { value: string; label: string }

/** One sender code to map, with what the Bundle says about it and the candidates. */
export interface MappingRequest {
  key: string;
  code: SenderCode;
  /** What it is about: "lab" results or "drug"s. */
  domain: SenderCode['domain'];
  display: string;
  /** The performing lab as the Bundle names it ('' when it names none). */
  lab: string;
  unit: string;
  cutoff: number | null;
  method: string;
  /** Bundle entries that wait for this mapping. */
  entries: number[];
  options: MappingOption[];
  /** The option the facts point to (preselected, never applied without confirmation). */
  best: string | null;
  bestWhy: string;
  /** The best candidate is only the closest (not a unique match on lab, unit and cut-off): a form should not preselect it. */
  bestIsWeak?: boolean;
  /** Said beside the candidate when the code may cover more than it. */
  caution?: string;
}

/** What an Observation says about its test, for matching against the catalog. */
export interface LabFacts {
  /** Known from a standard code (LOINC anti-Mi2), else null. */
  analyte: Analyte | null;
  lab: string;
  unit: { text?: string; code?: string } | null;
  cutoff: number | null;
  method: string;
  display: string;
  numeric: boolean;
}

export const IGNORE_LABEL = 'Not imported: not a result Titerline records';

const assayLabel = (a: CatalogAssay) => `${a.name} (${[a.lab, a.qualitativeOnly ? 'category only' : a.unit, a.cutoff !== null ? `cut-off ${a.cutoff}` : ''].filter(Boolean).join(', ')})`;

function analyteFromWords(display: string): Analyte | null {
  const d = foldText(display).replace(/α/g, 'alpha').replace(/β/g, 'beta');
  if (!/mi-?\s?2/.test(d)) return null;
  if (/alpha|mi-?\s?2\s?a\b/.test(d)) return 'mi2-alpha';
  if (/beta|mi-?\s?2\s?b\b/.test(d)) return 'mi2-beta';
  return 'mi2';
}

const ENZYME_WORDS: Readonly<Record<EnzymeAnalyte, RegExp>> = {
  ck: /\b(ck|cpk|creatine kinase|creatine phosphokinase)\b/, aldolase: /\baldolase\b/, ldh: /\b(ldh|ld|lactate dehydrogenase)\b/,
  alt: /\b(alt|alat|gpt|alanine aminotransferase)\b/, ast: /\b(ast|asat|got|aspartate aminotransferase)\b/,
};
const enzymeFromWords = (display: string): EnzymeAnalyte | null => {
  const hits = ENZYME_ANALYTES.filter((a) => ENZYME_WORDS[a].test(foldText(display)));
  return hits.length === 1 ? hits[0]! : null;
};

const METHOD_WORDS: Readonly<Record<string, RegExp>> = { 'line-blot': /blot|line/, elisa: /elisa|eia/, immunoprecipitation: /precipitation|\bip\b/, iif: /immunofluorescence|\biif\b/ };
const sameLab = (a: string, b: string) => {
  const x = foldText(a);
  const y = foldText(b);
  return x !== '' && y !== '' && (x === y || (Math.min(x.length, y.length) >= 4 && (x.includes(y) || y.includes(x))));
};

/** The options and the best candidate for a lab code. */
export function labCandidates(catalog: readonly CatalogAssay[], f: LabFacts): Pick<MappingRequest, 'options' | 'best' | 'bestWhy' | 'bestIsWeak'> {
  const analyte = f.analyte ?? analyteFromWords(f.display);
  const assays = catalog.filter((a) => a.active && (f.analyte === null || a.analyte === f.analyte));
  const scored = assays.map((a) => {
    const why: string[] = [];
    if (f.lab && sameLab(a.lab, f.lab)) why.push('lab');
    const fit = unitFit(a.unit, f.unit);
    if (f.unit && fit === 'text') why.push('unit');
    if (f.cutoff !== null && a.cutoff !== null && Math.abs(a.cutoff - f.cutoff) < 1e-9) why.push('cut-off');
    const words = METHOD_WORDS[a.method];
    if (words && words.test(foldText(f.method))) why.push('method');
    if (f.analyte === null && analyte !== null && a.analyte === analyte) why.push('name');
    const storable = fit !== 'none' && !(f.numeric && a.qualitativeOnly);
    return { a, why, score: storable ? why.length : -1 };
  });
  const options = scored.map(({ a }) => ({ value: targetValue({ kind: 'assay', assayId: a.id }), label: `${ANALYTE_DISPLAY[a.analyte]}: ${assayLabel(a)}` }));
  if (f.analyte === null) {
    for (const e of ENZYME_ANALYTES) options.push({ value: targetValue({ kind: 'enzyme', analyte: e }), label: `${ENZYME[e].label} (${ENZYME[e].shortLabel})` });
    options.push({ value: 'ignore', label: IGNORE_LABEL });
  }
  // The issue's rule: a unique match on lab + unit + cut-off (referenceRange.high) is THE candidate.
  const exact = scored.filter((s) => s.score >= 0 && ['lab', 'unit', 'cut-off'].every((w) => s.why.includes(w)));
  if (exact.length === 1) return { options, best: options[scored.indexOf(exact[0]!)]!.value, bestWhy: 'The only active assay with this result\'s lab, unit and cut-off (reference range high).' };
  const top = Math.max(-1, ...scored.map((s) => s.score));
  const tops = scored.filter((s) => s.score === top);
  if (top >= 2 && tops.length === 1) {
    return { options, best: options[scored.indexOf(tops[0]!)]!.value, bestWhy: `Same ${tops[0]!.why.join(', ')} as this result; check the rest before confirming.`, bestIsWeak: true };
  }
  const enzyme = f.analyte === null && analyte === null ? enzymeFromWords(f.display) : null;
  if (enzyme && (f.unit === null || parseEnzymeUnit(f.unit.text, f.unit.code) !== null)) {
    return { options, best: targetValue({ kind: 'enzyme', analyte: enzyme }), bestWhy: `The sender calls it ${JSON.stringify(f.display)}, in an enzyme unit.` };
  }
  return { options, best: null, bestWhy: tops.length > 1 && top >= 0 ? 'Several catalog entries fit equally well: choose the one the lab uses.' : 'No catalog entry matches its lab, unit and cut-off: choose one, or add the assay to the catalog first.' };
}

/** The options and the best candidate for a drug code. */
export function drugCandidates(codings: readonly { system?: string; code?: string }[], text: string | undefined): Pick<MappingRequest, 'options' | 'best' | 'bestWhy' | 'caution'> {
  const options: MappingOption[] = DRUG_CATALOG.filter((d) => d.key !== 'other').map((d) => ({ value: targetValue({ kind: 'drug', drug: d.key }), label: d.label }));
  options.push(
    { value: targetValue({ kind: 'drug', drug: 'other', immunosuppressant: true }), label: 'Another drug, an immunosuppressant (recorded under the sender\'s name)' },
    { value: targetValue({ kind: 'drug', drug: 'other', immunosuppressant: false }), label: 'Another drug, not an immunosuppressant (recorded under the sender\'s name)' },
    { value: 'ignore', label: 'Not recorded in Titerline (a drug that does not bear on myositis treatment)' },
  );
  const guess = guessDrug(codings, text);
  if (!guess) return { options, best: null, bestWhy: 'No catalog drug has this code or name: choose one, or record it as another drug.' };
  return { options, best: targetValue({ kind: 'drug', drug: guess.drug }), bestWhy: guess.why, ...(guess.caution ? { caution: guess.caution } : {}) };
}

/** Adds an entry to the request for `code`, creating the request the first time. */
export function requestFor(requests: Map<string, MappingRequest>, code: SenderCode, entry: number, make: () => Omit<MappingRequest, 'key' | 'code' | 'domain' | 'entries'>): MappingRequest {
  const key = senderKey(code);
  const known = requests.get(key);
  if (known) {
    if (!known.entries.includes(entry)) known.entries.push(entry);
    return known;
  }
  const made: MappingRequest = { key, code, domain: code.domain, entries: [entry], ...make() };
  requests.set(key, made);
  return made;
}
