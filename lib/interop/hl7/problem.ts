/**
 * Why a message is refused, in words for the lab's interface team, with what the ACK
 * needs: AR (the message itself is not acceptable: structure, type, version, sender,
 * framing, or the database cannot take it now) or AE (its content cannot be filed:
 * unknown patient, unmapped code, a value the entry rules refuse), the HL7 table 0357
 * error code, and where (segment, its sequence, field).
 */

export type AckCode = 'AA' | 'AE' | 'AR';

/** HL7 table 0357 (message error condition codes) used here. */
export const ERROR_CODE = {
  segmentSequence: '100',
  requiredField: '101',
  dataType: '102',
  tableValue: '103',
  unsupportedType: '200',
  unsupportedProcessingId: '202',
  unsupportedVersion: '203',
  unknownKey: '204',
  duplicateKey: '205',
  recordLocked: '206',
  internal: '207',
} as const;

export type ErrorCode = (typeof ERROR_CODE)[keyof typeof ERROR_CODE];

export interface Location { segment: string; sequence: number; field?: number }

export class Hl7Problem extends Error {
  /** The message's header when it could be read: the refusal's ACK must still name MSH-10 and the sender. */
  header?: import('./oru').Header;

  constructor(
    message: string,
    readonly ack: Exclude<AckCode, 'AA'>,
    readonly code: ErrorCode,
    readonly location?: Location,
  ) {
    super(message);
  }
}

/** Refuses the message itself (AR). */
export const refuse = (message: string, code: ErrorCode, location?: Location): never => {
  throw new Hl7Problem(message, 'AR', code, location);
};

/** Refuses the message's content (AE). */
export const contentError = (message: string, code: ErrorCode, location?: Location): never => {
  throw new Hl7Problem(message, 'AE', code, location);
};

/** "OBX[2]-5": the second OBX of the message, field 5 (MSH and PID, one per message, without the number). */
export const where = (l: Location | undefined): string =>
  (l ? `${l.segment}${l.segment === 'MSH' || l.segment === 'PID' ? '' : `[${l.sequence}]`}${l.field ? `-${l.field}` : ''}` : '');
