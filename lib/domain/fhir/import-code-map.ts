/**
 * The code map's keys and lookups (db/schema/interop.ts code_mappings; decision
 * 0014-code-map-fhir-import): which catalog entry a sender's code IS, once a person
 * has confirmed it. Transport-neutral on purpose: a FHIR Coding and an HL7 v2 CWE
 * both become a SenderCode, so the later HL7 feed shares the same map.
 * Pure: the DAL loads the active mappings and passes them in.
 */
import { ENZYME_ANALYTES, type EnzymeAnalyte } from '../types';
import { DRUG_CATALOG } from '../medications';
import { SYSTEM } from './codes';
import { asString, codingsOf, conceptText, isObject } from './import-values';

/** The pseudo code system of a concept sent as text only (its code is the folded text). */
export const TEXT_SYSTEM = 'urn:titerline:code-map:text';

export type MapDomain = 'lab' | 'drug';

/** Who sent a code and which code: the key of one mapping. */
export interface SenderCode {
  domain: MapDomain;
  /** HL7 v2 MSH-3; '' for FHIR (its code systems are URIs that name their owner). */
  application: string;
  /** The performing lab (FHIR) or sending facility (HL7 v2), folded; '' for drugs and unknown labs. */
  facility: string;
  system: string;
  code: string;
}

export type MapTarget =
  | { kind: 'assay'; assayId: number }
  | { kind: 'enzyme'; analyte: EnzymeAnalyte }
  | { kind: 'drug'; drug: string; immunosuppressant?: boolean }
  | { kind: 'ignore' };

export interface CodeMapEntry extends SenderCode { id: number; target: MapTarget }

const MAX_KEY_PART = 200;

/** Text for comparisons: accents, case and runs of spaces do not matter ("Labor Köln" = "labor koln"). */
export const foldText = (s: string): string => s.normalize('NFKD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ');

/** The key as stored: trimmed and bounded, facility and text codes folded. */
export function normalizeSenderCode(c: SenderCode): SenderCode {
  const cut = (s: string) => s.trim().slice(0, MAX_KEY_PART);
  return {
    domain: c.domain,
    application: cut(c.application),
    facility: foldText(c.facility).slice(0, MAX_KEY_PART),
    system: cut(c.system),
    code: c.system === TEXT_SYSTEM ? foldText(c.code).slice(0, MAX_KEY_PART) : cut(c.code),
  };
}

/** One string per key, for maps and for the preview's form (JSON keeps the parts apart whatever they contain). */
export function senderKey(c: SenderCode): string {
  const n = normalizeSenderCode(c);
  return JSON.stringify([n.domain, n.application, n.facility, n.system, n.code]);
}

/** The SenderCode of a key made by senderKey, or null when it is not one. */
export function parseSenderKey(key: unknown): SenderCode | null {
  if (typeof key !== 'string' || key.length > 2000) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(key);
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 5 || !parts.every((p) => typeof p === 'string')) return null;
  const [domain, application, facility, system, code] = parts as string[];
  if ((domain !== 'lab' && domain !== 'drug') || !system?.trim() || !code?.trim()) return null;
  return normalizeSenderCode({ domain, application: application ?? '', facility: facility ?? '', system, code });
}

/** Every key a concept can be looked up by: each coding with a system and a code, then its text. */
export function senderCodesOf(concept: unknown, domain: MapDomain, facility: string, application = ''): SenderCode[] {
  const codes: SenderCode[] = codingsOf(concept)
    .filter((c) => c.system && c.code && c.system !== SYSTEM.local && c.system !== SYSTEM.drug)
    .map((c) => ({ domain, application, facility, system: c.system!, code: c.code! }));
  const text = isObject(concept) ? asString(concept.text) ?? conceptText(concept) : undefined;
  if (text) codes.push({ domain, application, facility, system: TEXT_SYSTEM, code: text });
  return codes.map(normalizeSenderCode).filter((c) => c.code !== '');
}

/**
 * The key a new mapping is asked for: the sender's own code (most specific), else a
 * standard code (LOINC, RxNorm...), else the text.
 */
export function requestCodeOf(codes: readonly SenderCode[]): SenderCode | undefined {
  const standard = [SYSTEM.loinc, 'http://www.nlm.nih.gov/research/umls/rxnorm', 'http://www.whocc.no/atc', SYSTEM.snomed];
  return codes.find((c) => c.system !== TEXT_SYSTEM && !standard.includes(c.system)) ?? codes.find((c) => c.system !== TEXT_SYSTEM) ?? codes[0];
}

/** The form value of a target ("assay:3", "enzyme:ck", "drug:prednisone", "drug:other:yes", "ignore"). */
export function targetValue(t: MapTarget): string {
  if (t.kind === 'assay') return `assay:${t.assayId}`;
  if (t.kind === 'enzyme') return `enzyme:${t.analyte}`;
  if (t.kind === 'drug') return t.drug === 'other' ? `drug:other:${t.immunosuppressant ? 'yes' : 'no'}` : `drug:${t.drug}`;
  return 'ignore';
}

/** A target from its form value, or null. Which assays exist is the caller's check. */
export function parseTargetValue(v: unknown): MapTarget | null {
  if (typeof v !== 'string') return null;
  if (v === 'ignore') return { kind: 'ignore' };
  const [kind, a, b] = v.split(':');
  if (kind === 'assay' && a && /^\d{1,9}$/.test(a) && b === undefined) return { kind: 'assay', assayId: Number(a) };
  const enzyme = ENZYME_ANALYTES.find((x) => x === a);
  if (kind === 'enzyme' && enzyme && b === undefined) return { kind: 'enzyme', analyte: enzyme };
  if (kind === 'drug' && a === 'other' && (b === 'yes' || b === 'no')) return { kind: 'drug', drug: 'other', immunosuppressant: b === 'yes' };
  if (kind === 'drug' && a && a !== 'other' && b === undefined && DRUG_CATALOG.some((d) => d.key === a)) return { kind: 'drug', drug: a };
  return null;
}

/** A target fits a domain: lab codes name assays, enzymes or nothing; drug codes name drugs or nothing. */
export const targetFits = (domain: MapDomain, t: MapTarget): boolean =>
  t.kind === 'ignore' || (domain === 'lab' ? t.kind === 'assay' || t.kind === 'enzyme' : t.kind === 'drug');

export type Lookup = { hit: CodeMapEntry } | { clash: CodeMapEntry[] } | null;

/** The confirmed mappings, indexed by key. */
export class CodeMap {
  private readonly byKey = new Map<string, CodeMapEntry>();

  constructor(entries: readonly CodeMapEntry[] = []) {
    for (const e of entries) this.byKey.set(senderKey(e), e);
  }

  /** The mapping of these codes: one target, or the clash when two of the codes are mapped to different targets. */
  lookup(codes: readonly SenderCode[]): Lookup {
    const hits = codes.map((c) => this.byKey.get(senderKey(c))).filter((e): e is CodeMapEntry => e !== undefined);
    const first = hits[0];
    if (!first) return null;
    const differing = hits.filter((h) => targetValue(h.target) !== targetValue(first.target));
    return differing.length ? { clash: [first, ...differing] } : { hit: first };
  }
}
