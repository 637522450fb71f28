import { holdInInbox } from '@/lib/dal/hl7-inbox-store';
import { writeTx } from '@/lib/dal/tx';
import { readOru } from '@/lib/interop/hl7/oru';
import { hl7Day } from './hl7-messages';

/** One CK result (LOINC, no mapping needed) for a registered patient, as a lab feed sends it. */
export function ckOru(o: { mrn: string; family: string; given: string; birth: string; day: string; controlId: string }): string {
  const day = hl7Day(o.day);
  return [
    `MSH|^~\\&|LABSYS|REFLAB A|TITERLINE|CLINIC|${day}1130||ORU^R01^ORU_R01|${o.controlId}|P|2.5.1|||AL|NE`,
    `PID|1||${o.mrn}^^^^MR||${o.family}^${o.given}||${hl7Day(o.birth)}|F`,
    `OBR|1||ACC-${o.controlId}^REFLAB A|CK^Creatine kinase^L|||${day}0815`,
    `OBX|1|NM|2157-6^Creatine kinase [Enzymatic activity/volume] in Serum or Plasma^LN||300|U/L^U/L^UCUM|26-192|H|||F|||${day}0815`,
  ].join('\r');
}

/** Puts a message in the inbox as the feed does after an AE (here: as if the patient had been registered since). */
export function seedInboxMessage(text: string, problem = 'Nothing stored. PID: No patient with this MRN in Titerline.'): number {
  return writeTx((tx) => holdInInbox(tx, readOru(text).header, text, problem)).id;
}
