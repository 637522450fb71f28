/**
 * External code systems' own display texts, for the codes Titerline sends, and only
 * for codes whose existence and meaning were checked (docs/clinical/assays.md section 9,
 * docs/clinical/enzymes.md section 8, docs/decisions/0014 for the drug codes: what was
 * checked, where and when). A code that could not be verified is not here:
 * a LOINC code without an entry goes out without a display (FHIR allows that; a
 * receiver looks it up), a drug without an entry goes out with Titerline's local code
 * only. Nothing here is guessed.
 */

/**
 * LOINC long common names (the display HL7 recommends for http://loinc.org codings).
 * Enzymes: as expanded by tx.fhir.org (LOINC 2.82) in published FHIR value sets and
 * HL7's HSPC lab value set. Anti-Mi2: as quoted from NLM's LOINC index; a second,
 * independent lab code map names the same codes for Mi-2 alpha and beta.
 */
export const LOINC_DISPLAY: Readonly<Record<string, string>> = {
  '88732-3': 'Mi-2 alpha Ab [Units/volume] in Serum by Line blot',
  '88733-1': 'Mi-2 beta Ab [Units/volume] in Serum by Line blot',
  '82997-8': 'Mi-2 alpha IgG Ab [Presence] in Serum by Line blot',
  '82996-0': 'Mi-2 beta IgG Ab [Presence] in Serum by Line blot',
  '2157-6': 'Creatine kinase [Enzymatic activity/volume] in Serum or Plasma',
  '1761-6': 'Aldolase [Enzymatic activity/volume] in Serum or Plasma',
  '2532-0': 'Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma',
  '1742-6': 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
  '1920-8': 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
};

export interface ExternalCode { code: string; display: string }

/**
 * RxNorm ingredient concepts (RXCUI, term type IN) and WHO ATC codes of catalog drugs
 * (keys of lib/domain/medications.ts DRUG_CATALOG). Only verified codes; a drug or a
 * system missing here was not verified and is sent without it.
 */
export const DRUG_CODES: Readonly<Record<string, { rxnorm?: ExternalCode; atc?: ExternalCode }>> = {
  prednisone: { rxnorm: { code: '8640', display: 'Prednisone' }, atc: { code: 'H02AB07', display: 'prednisone' } },
  methylprednisolone: { rxnorm: { code: '6902', display: 'Methylprednisolone' } },
  cyclosporine: { rxnorm: { code: '3008', display: 'Cyclosporine' } },
  methotrexate: { atc: { code: 'L01BA01', display: 'methotrexate' } },
  cyclophosphamide: { atc: { code: 'L01AA01', display: 'cyclophosphamide' } },
};
