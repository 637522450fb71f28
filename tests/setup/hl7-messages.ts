/**
 * ORU^R01 messages as two different lab systems send them (issue 19, Proof):
 * - "Reference lab A" (LABSYS / REFLAB A), v2.5.1: LOINC-coded OBX-3, UCUM units,
 *   PID-3 with an assigning authority and a second identifier, OBX-23 performing lab,
 *   several OBR groups, NTE notes with escape sequences, a Z segment;
 * - "Hospital lab" (HLAB / GENERAL HOSP), v2.3: \n line ends, local codes (99HLB)
 *   without units' coding system, an SN value (<^20), CK as ST text in ukat/L, an MRN
 *   without assigning authority, NTE with escaped field and escape characters.
 * Built as text with the real separators so the tests read like what arrives.
 */

export interface LabAOptions { mrn?: string; controlId?: string; day?: string; status?: string; ck?: string; mi2?: string; accession?: string; family?: string; birth?: string; processing?: string; extraPid3?: string }

/** YYYYMMDD of an ISO day. */
export const hl7Day = (iso: string) => iso.replace(/-/g, '');

export function labAMessage(o: LabAOptions = {}): string {
  const day = hl7Day(o.day ?? '2026-11-02');
  const status = o.status ?? 'F';
  const acc = o.accession ?? 'A26-0001';
  return [
    `MSH|^~\\&|LABSYS|REFLAB A|TITERLINE|CLINIC|${day}1130+0100||ORU^R01^ORU_R01|${o.controlId ?? 'A-1001'}|${o.processing ?? 'P'}|2.5.1|||AL|NE`,
    `PID|1||${o.mrn ?? 'MRN-1'}^^^CLINIC&1.2.3&ISO^MR${o.extraPid3 ?? '~H998877^^^HOSP^PI'}||${o.family ?? 'Lindqvist'}^Astrid^M||${o.birth ?? '19800315'}|F`,
    'PV1|1|O',
    `ORC|RE||${acc}`,
    `OBR|1||${acc}^REFLAB A|MYO^Myositis panel^L|||${day}0815+0100`,
    `OBX|1|NM|88733-1^Mi-2 beta Ab [Units/volume] in Serum by Immunoblot^LN||${o.mi2 ?? '34'}|units^units^UCUM|<5|H|||${status}|||${day}0815+0100|||||||||Reference lab A`,
    'NTE|1|L|Line blot \\T\\ confirmation: Mi-2\\S\\beta band strong\\.br\\second line',
    `OBR|2||${acc}-2^REFLAB A|CK^Creatine kinase^L|||${day}0815+0100`,
    `OBX|1|NM|2157-6^Creatine kinase [Enzymatic activity/volume] in Serum or Plasma^LN||${o.ck ?? '812'}|U/L^U/L^UCUM|26-192|H|||${status}|||${day}0815+0100|||||||||Reference lab A`,
    'ZLA|1|internal routing|x',
  ].join('\r');
}

export interface LabBOptions { mrn?: string; controlId?: string; day?: string; status?: string; elisa?: string; ck?: string; accession?: string }

export function labBMessage(o: LabBOptions = {}): string {
  const day = hl7Day(o.day ?? '2026-11-03');
  const status = o.status ?? 'F';
  const acc = o.accession ?? '7731002';
  return [
    `MSH|^~\\&|HLAB|GENERAL HOSP|||${day}0902||ORU^R01|${o.controlId ?? 'HB000017'}|P|2.3`,
    `PID|||${o.mrn ?? 'MRN-2'}^^^^MR||Okafor^Chidi||19750607|M`,
    `OBR|1|P-55|${acc}|MI2E^MI-2 ANTIBODY ELISA^99HLB|||${day}0700`,
    `OBX|1|SN|MI2E^MI-2 AB (ELISA)^99HLB||${o.elisa ?? '<^20'}|AU/mL|<20||||${status}`,
    'NTE|1||Assay \\F\\ kit lot 44\\E\\2',
    `OBR|2|P-56|${acc}B|CKT^CK TOTAL^99HLB|||${day}0700`,
    `OBX|1|ST|CKT^CK TOTAL^99HLB||${o.ck ?? '4.1'}|ukat/L|0.4-3.2|H|||${status}`,
  ].join('\n');
}
