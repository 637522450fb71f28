/**
 * OperationOutcomes, the way a FHIR server reports an error or a warning. The issue
 * code is R4's IssueType (https://hl7.org/fhir/R4/valueset-issue-type.html); the
 * same issue also carries Titerline's own error code (urn:titerline:error) so a
 * client that knows Titerline can tell "your role" from "your session" without
 * reading the text. The text is for people: what is wrong and what is allowed.
 */
import type { OperationOutcome, OperationOutcomeIssue } from './types';

export const ERROR_SYSTEM = 'urn:titerline:error';

/** Titerline's error codes and the R4 IssueType each maps to. */
export const ISSUE_TYPE: Readonly<Record<string, OperationOutcomeIssue['code']>> = {
  unauthorized: 'login',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  gone: 'deleted',
  invalid: 'invalid',
  'not-supported': 'not-supported',
  'not-acceptable': 'not-supported',
  conflict: 'conflict',
  'too-large': 'too-costly',
  internal: 'exception',
};

export function errorOutcome(appCode: string, text: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: ISSUE_TYPE[appCode] ?? 'processing', details: { coding: [{ system: ERROR_SYSTEM, code: appCode }], text } }],
  };
}

export function warningOutcome(text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'not-supported', details: { text } }] };
}
