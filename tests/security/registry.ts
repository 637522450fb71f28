/**
 * Every server action and route handler of the app, with the permission it needs and
 * a call with VALID input. tests/security/authorization.test.ts scans app/ for
 * 'use server' files and route.ts files and fails when one of their exports is missing
 * here (or listed here but gone), so a new action or route cannot ship untested.
 *
 * `valid` builds its input from fresh rows seeded through the DAL (Fixtures), so the
 * same call can be repeated for every caller; `idor` is the same call with patient A's
 * id and patient B's row id.
 */
import './next-als';
import type { NextRequest } from 'next/server';
import type { Action, Role } from '@/lib/permissions';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import { daysAgo } from '../setup/dal-helpers';
import { ckRow, labCsv } from '../setup/lab-csv';

import * as usersActions from '@/app/(app)/admin/users/actions';
import * as settingsActions from '@/app/(app)/admin/settings/actions';
import * as accountActions from '@/app/account/two-factor/actions';
import * as tokensActions from '@/app/(app)/admin/tokens/actions';
import * as assaysActions from '@/app/(app)/admin/assays/actions';
import * as patientsActions from '@/app/(app)/patients/actions';
import * as visitActions from '@/app/(app)/patients/[id]/visit-actions';
import * as signalActions from '@/app/(app)/patients/[id]/signal-actions';
import * as labActions from '@/app/(app)/patients/[id]/lab-actions';
import * as medicationActions from '@/app/(app)/patients/[id]/medication-actions';
import * as importActions from '@/app/(app)/import/actions';
import * as fhirImportActions from '@/app/(app)/import/fhir-actions';
import * as codeMapActions from '@/app/(app)/admin/code-map/actions';
import * as labInboxActions from '@/app/(app)/lab-inbox/actions';
import * as hl7FeedActions from '@/app/(app)/admin/hl7-feed/actions';
import { ckOru, seedInboxMessage } from '../setup/hl7-inbox-seed';
import { cliActor } from '@/lib/dal/actor';
import { createCodeMapping } from '@/lib/dal/fhir-import-code-map';
import { senderKey } from '@/lib/domain/fhir/import-code-map';
import * as setupActions from '@/app/setup/actions';

import * as v1Patients from '@/app/api/v1/patients/route';
import * as v1Patient from '@/app/api/v1/patients/[id]/route';
import * as v1Timeline from '@/app/api/v1/patients/[id]/timeline/route';
import * as v1LabResults from '@/app/api/v1/patients/[id]/lab-results/route';
import * as v1OpenApi from '@/app/api/v1/openapi.json/route';
import * as v1Assays from '@/app/api/v1/assays/route';
import * as v1Other from '@/app/api/v1/[...path]/route';
import { REFUSALS } from './registry-refusals';
import { SIGN_OUT_ACTION, SSO_RULE_ACTIONS } from './registry-sign-in';
import * as nextAuthRoute from '@/app/api/auth/[...nextauth]/route';
import * as fhirImport from '@/app/api/fhir/route';
import * as fhirEverything from '@/app/api/fhir/Patient/[id]/[op]/route';
import * as fhirMetadata from '@/app/api/fhir/metadata/route';
import * as fhirPatientSearch from '@/app/api/fhir/Patient/route';
import * as fhirPatientRead from '@/app/api/fhir/Patient/[id]/route';
import * as fhirObservationSearch from '@/app/api/fhir/Observation/route';
import * as fhirObservationRead from '@/app/api/fhir/Observation/[id]/route';
import * as fhirMedicationSearch from '@/app/api/fhir/MedicationStatement/route';
import * as fhirMedicationRead from '@/app/api/fhir/MedicationStatement/[id]/route';
import * as fhirOther from '@/app/api/fhir/[...path]/route';
import * as health from '@/app/api/health/route';
import * as healthLive from '@/app/api/health/live/route';
import * as metricsRoute from '@/app/api/metrics/route';
import * as auditExport from '@/app/(app)/admin/audit/export/route';
import * as flowsheetCsv from '@/app/(app)/patients/[id]/timeline/csv/route';
import * as timelineData from '@/app/(app)/patients/[id]/timeline/data/route';
import * as cohortExport from '@/app/(app)/export/cohort/route';
import * as cohortViewCsv from '@/app/(app)/cohort/csv/route';

/**
 * architecture.md, "Roles (default deny)", transcribed row by row - on purpose not
 * read from lib/permissions.ts, so a wrong grant there fails here.
 */
export const MATRIX: Record<Action, readonly Role[]> = {
  'patient:view': ['admin', 'physician', 'nurse', 'reviewer'], // view patients, timelines, signals
  'patient:edit': ['physician', 'nurse'], // create/edit patient demographics
  'lab:write': ['physician', 'nurse'], // enter/correct lab results
  'lab:import': ['physician', 'nurse'], // import CSV/FHIR
  'code-map:manage': ['admin', 'physician', 'nurse'], // confirm code mappings ("map: yes" for admin)
  'visit:write': ['physician'], // log visits (MMT-8, globals)
  'medication:write': ['physician'], // medications
  'signal:acknowledge': ['physician'],
  'data:export': ['admin', 'physician', 'reviewer'], // export de-identified data (cohort CSV)
  'data:export-identified': ['admin', 'physician'], // export identified data (FHIR, CSV with names/MRNs)
  // Not a row of architecture.md: added with the cohort section (aggregate statistics,
  // de-identified by default), given to the roles that may export the same data.
  'cohort:view': ['admin', 'physician', 'reviewer'],
  'user:manage': ['admin'],
  'assay:manage': ['admin'],
  'settings:manage': ['admin'],
  'audit:view': ['admin'],
  'token:manage': ['admin'],
};

/**
 * What a target needs: a permission, or `public` (anyone, signed in or not), or
 * `first-run` (the /setup action: anyone while no user exists, nobody afterwards), or
 * `signed-in` (any active signed-in user, for their own account: two-factor set-up).
 */
export type Need = Action | 'public' | 'first-run' | 'signed-in';

/** Form fields of a server action call. */
export type Fields = Record<string, string | File>;

/** Fresh rows seeded through the DAL (by a physician, a nurse and an admin who are not callers). */
export interface Fixtures {
  /** A new live patient (fresh MRN). */
  patient(): number;
  mrn(patientId: number): string;
  /** A live anti-Mi2 result of the patient: Mi-2β line blot, 30 units, 40 days ago. */
  antibody(patientId: number): number;
  /** A live CK of the patient: 500 U/L, 40 days ago. */
  enzyme(patientId: number): number;
  /** A live visit of the patient, 20 days ago, physician global 3. */
  visit(patientId: number): number;
  /** An ongoing prednisone epoch of the patient: 40 mg oral daily since 60 days ago. */
  epoch(patientId: number): number;
  /** A new patient with a stored signal (titer overdue). */
  signal(): { patientId: number; signalId: number };
  /** A live API token's id (owned by an administrator who is not a caller). */
  token(): number;
  /** An active administrator other than the fixture tokens' owner (transfers land here). */
  readonly otherAdminId: number;
  /** A user who is none of the callers (role changes, resets, deactivation land here). */
  readonly targetUserId: number;
  /** The target user, locked now as if by five failed sign-ins. */
  lockedUser(): number;
  /** The target user, given a second factor (for the administrator's reset). */
  enrolledUser(): number;
  /** An assay no result fixture uses (activation toggles and edits land here). */
  readonly targetAssayId: number;
  /** The active assay results are entered with. */
  readonly assayId: number;
  /** A fresh short tag for unique names. */
  unique(): string;
}

export interface ActionVariant {
  label: string;
  valid(fx: Fixtures): Fields;
  /** The same call with patient A's id and patient B's row id (mutations that take a row id). */
  idor?(fx: Fixtures): Fields;
}

export interface ActionEntry {
  kind: 'action';
  /** Path from the repository root. */
  file: string;
  /** The exported function's name. */
  name: string;
  /** Method syntax on purpose: each action types its own previous state. */
  run(prev: { status: 'idle' }, formData: FormData): Promise<unknown>;
  needs: Need;
  /** An allowed call with valid input writes (at least an audit event). */
  writes: boolean;
  variants: ActionVariant[];
}

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RouteContext { params: Promise<Record<string, string | string[]>> }

export interface RouteRequest {
  /** Path and query, e.g. /api/v1/patients?q=a. */
  path: string;
  params?: Record<string, string | string[]>;
  body?: string;
  contentType?: string;
}

/**
 * How a route finds its caller: `api` = lib/api/http.ts apiActor (bearer token, else the
 * session cookie with an Origin check on writes); `session` = the session cookie only
 * (actorFor); `public` = nobody; `next-auth` = next-auth's own handler.
 */
export type RouteAuth = 'api' | 'session' | 'public' | 'next-auth';

export interface RouteEntry {
  kind: 'route';
  file: string;
  method: HttpMethod;
  /** Method syntax on purpose: each handler types its own params. */
  handler(request: NextRequest, context: RouteContext): Response | Promise<Response>;
  needs: Need;
  auth: RouteAuth;
  /** Status of an allowed call with valid input. */
  okStatus: number;
  writes: boolean;
  request(fx: Fixtures): RouteRequest;
}

export type Entry = ActionEntry | RouteEntry;
export const keyOf = (e: Entry): string => (e.kind === 'action' ? `${e.file}#${e.name}` : `${e.file}#${e.method}`);

const REASON = 'Transcription error on entry';

const patientFields = (fx: Fixtures): Fields => ({
  mrn: `SEC-${fx.unique()}`, familyName: 'Okafor', givenName: 'Ada', birthDate: '1968-03-14', sex: 'female', diagnosisGroup: 'mi2-pos-dm', physicianId: '',
});

const epochFields = (over: Fields = {}): Fields => ({
  drug: 'prednisone', dose: '40', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: daysAgo(60), startReason: 'started', ...over,
});

/** Patient A's id with a row that belongs to patient B. */
function crossed(fx: Fixtures, row: (patientId: number) => number): { patientId: string; rowId: string } {
  const a = fx.patient();
  const b = fx.patient();
  return { patientId: String(a), rowId: String(row(b)) };
}

const A = 'app/(app)';
const P = `${A}/patients/[id]`;

const CLINIC_ACTIONS: ActionEntry[] = [
  // ---- admin: users
  {
    kind: 'action', file: `${A}/admin/users/actions.ts`, name: 'createUserAction', run: usersActions.createUserAction, needs: 'user:manage', writes: true,
    variants: [{ label: 'new nurse', valid: (fx) => ({ email: `new-${fx.unique()}@clinic.test`, name: 'Nora Nurse', role: 'nurse', password: 'a long enough passphrase' }) }],
  },
  {
    kind: 'action', file: `${A}/admin/users/actions.ts`, name: 'changeRoleAction', run: usersActions.changeRoleAction, needs: 'user:manage', writes: true,
    variants: [{ label: 'to reviewer', valid: (fx) => ({ id: String(fx.targetUserId), role: 'reviewer' }) }],
  },
  {
    kind: 'action', file: `${A}/admin/users/actions.ts`, name: 'setActiveAction', run: usersActions.setActiveAction, needs: 'user:manage', writes: true,
    variants: [
      { label: 'reactivate', valid: (fx) => ({ id: String(fx.targetUserId), active: 'true' }) },
      { label: 'deactivate, tokens to another admin', valid: (fx) => ({ id: String(fx.targetUserId), active: 'false', transferTo: String(fx.otherAdminId) }) },
    ],
  },
  {
    kind: 'action', file: `${A}/admin/users/actions.ts`, name: 'unlockUserAction', run: usersActions.unlockUserAction, needs: 'user:manage', writes: true,
    variants: [{ label: 'locked account', valid: (fx) => ({ id: String(fx.lockedUser()) }) }],
  },
  {
    kind: 'action', file: `${A}/admin/users/actions.ts`, name: 'resetTwoFactorAction', run: usersActions.resetTwoFactorAction, needs: 'user:manage', writes: true,
    variants: [{ label: 'enrolled account', valid: (fx) => ({ id: String(fx.enrolledUser()) }) }],
  },
  {
    kind: 'action', file: `${A}/admin/users/actions.ts`, name: 'resetPasswordAction', run: usersActions.resetPasswordAction, needs: 'user:manage', writes: true,
    variants: [{ label: 'new password', valid: (fx) => ({ id: String(fx.targetUserId), password: 'another long passphrase' }) }],
  },
  // ---- admin: settings, tokens, assays
  {
    kind: 'action', file: `${A}/admin/settings/actions.ts`, name: 'updateSignalSettingsAction', run: settingsActions.updateSignalSettingsAction, needs: 'settings:manage', writes: true,
    variants: [{ label: 'defaults', valid: () => Object.fromEntries(Object.entries(DEFAULT_SIGNAL_SETTINGS).map(([k, v]) => [k, String(v)])) }],
  },
  {
    kind: 'action', file: `${A}/admin/tokens/actions.ts`, name: 'createTokenAction', run: tokensActions.createTokenAction, needs: 'token:manage', writes: true,
    variants: [{ label: 'reviewer token', valid: (fx) => ({ name: `Registry feed ${fx.unique()}`, role: 'reviewer', expiresOn: daysAgo(-30) }) }],
  },
  {
    kind: 'action', file: `${A}/admin/tokens/actions.ts`, name: 'revokeTokenAction', run: tokensActions.revokeTokenAction, needs: 'token:manage', writes: true,
    variants: [{ label: 'live token', valid: (fx) => ({ id: String(fx.token()) }) }],
  },
  {
    kind: 'action', file: `${A}/admin/tokens/actions.ts`, name: 'transferTokenAction', run: tokensActions.transferTokenAction, needs: 'token:manage', writes: true,
    variants: [{ label: 'to another admin', valid: (fx) => ({ id: String(fx.token()), ownerId: String(fx.otherAdminId) }) }],
  },
  {
    kind: 'action', file: `${A}/admin/assays/actions.ts`, name: 'createAssayAction', run: assaysActions.createAssayAction, needs: 'assay:manage', writes: true,
    variants: [{ label: 'ELISA', valid: (fx) => ({ name: `Mi-2β ELISA ${fx.unique()}`, analyte: 'mi2-beta', method: 'elisa', unit: 'units', cutoff: '20', lab: 'Lab B' }) }],
  },
  {
    kind: 'action', file: `${A}/admin/assays/actions.ts`, name: 'toggleAssayAction', run: assaysActions.toggleAssayAction, needs: 'assay:manage', writes: true,
    variants: [{ label: 'activate', valid: (fx) => ({ id: String(fx.targetAssayId), active: 'true' }) }],
  },
  {
    kind: 'action', file: `${A}/admin/assays/actions.ts`, name: 'updateAssayAction', run: assaysActions.updateAssayAction, needs: 'assay:manage', writes: true,
    variants: [{ label: 'new cut-off', valid: (fx) => ({ id: String(fx.targetAssayId), name: 'Target assay (toggled by tests)', analyte: 'mi2-alpha', method: 'elisa', unit: 'units', cutoff: '12' }) }],
  },
  // ---- patients
  {
    kind: 'action', file: `${A}/patients/actions.ts`, name: 'createPatientAction', run: patientsActions.createPatientAction, needs: 'patient:edit', writes: true,
    variants: [{ label: 'new patient', valid: (fx) => patientFields(fx) }],
  },
  {
    kind: 'action', file: `${A}/patients/actions.ts`, name: 'updatePatientAction', run: patientsActions.updatePatientAction, needs: 'patient:edit', writes: true,
    variants: [{ label: 'correct name', valid: (fx) => ({ ...patientFields(fx), patientId: String(fx.patient()), givenName: 'Adaeze', reason: REASON }) }],
  },
  // ---- visits
  {
    kind: 'action', file: `${P}/visit-actions.ts`, name: 'recordVisitAction', run: visitActions.recordVisitAction, needs: 'visit:write', writes: true,
    variants: [{ label: 'visit with MMT', valid: (fx) => ({ patientId: String(fx.patient()), visitOn: daysAgo(5), mmtVersion: 'unilateral', mmt_neck_flexors: '8', physicianGlobal: '2.5', finding_rash: 'on' }) }],
  },
  {
    kind: 'action', file: `${P}/visit-actions.ts`, name: 'correctVisitAction', run: visitActions.correctVisitAction, needs: 'visit:write', writes: true,
    variants: [{
      label: 'change global',
      valid: (fx) => { const p = fx.patient(); return { patientId: String(p), visitId: String(fx.visit(p)), visitOn: daysAgo(20), physicianGlobal: '5', reason: REASON }; },
      idor: (fx) => { const x = crossed(fx, fx.visit); return { patientId: x.patientId, visitId: x.rowId, visitOn: daysAgo(20), physicianGlobal: '5', reason: REASON }; },
    }],
  },
  {
    kind: 'action', file: `${P}/visit-actions.ts`, name: 'markVisitInErrorAction', run: visitActions.markVisitInErrorAction, needs: 'visit:write', writes: true,
    variants: [{
      label: 'wrong chart',
      valid: (fx) => { const p = fx.patient(); return { patientId: String(p), visitId: String(fx.visit(p)), errorReason: REASON }; },
      idor: (fx) => { const x = crossed(fx, fx.visit); return { patientId: x.patientId, visitId: x.rowId, errorReason: REASON }; },
    }],
  },
  // ---- signals
  {
    kind: 'action', file: `${P}/signal-actions.ts`, name: 'acknowledgeSignalAction', run: signalActions.acknowledgeSignalAction, needs: 'signal:acknowledge', writes: true,
    variants: [{
      label: 'titer overdue',
      valid: (fx) => { const s = fx.signal(); return { patientId: String(s.patientId), signalId: String(s.signalId), note: 'Discussed at clinic; labs ordered' }; },
      idor: (fx) => ({ patientId: String(fx.patient()), signalId: String(fx.signal().signalId), note: 'Discussed at clinic; labs ordered' }),
    }],
  },
  // ---- lab results
  {
    kind: 'action', file: `${P}/lab-actions.ts`, name: 'recordAntibodyAction', run: labActions.recordAntibodyAction, needs: 'lab:write', writes: true,
    variants: [{ label: 'Mi-2β 12 units', valid: (fx) => ({ patientId: String(fx.patient()), assayId: String(fx.assayId), collectedOn: daysAgo(3), value: '12' }) }],
  },
  {
    kind: 'action', file: `${P}/lab-actions.ts`, name: 'recordEnzymeAction', run: labActions.recordEnzymeAction, needs: 'lab:write', writes: true,
    variants: [{ label: 'CK 250 U/L', valid: (fx) => ({ patientId: String(fx.patient()), analyte: 'ck', collectedOn: daysAgo(3), value: '250', unit: 'U/L' }) }],
  },
  {
    kind: 'action', file: `${P}/lab-actions.ts`, name: 'correctLabAction', run: labActions.correctLabAction, needs: 'lab:write', writes: true,
    variants: [
      {
        label: 'antibody',
        valid: (fx) => { const p = fx.patient(); return { patientId: String(p), rowId: String(fx.antibody(p)), kind: 'antibody', assayId: String(fx.assayId), collectedOn: daysAgo(40), value: '25', reason: REASON }; },
        idor: (fx) => { const x = crossed(fx, fx.antibody); return { ...x, kind: 'antibody', assayId: String(fx.assayId), collectedOn: daysAgo(40), value: '25', reason: REASON }; },
      },
      {
        label: 'enzyme',
        valid: (fx) => { const p = fx.patient(); return { patientId: String(p), rowId: String(fx.enzyme(p)), kind: 'enzyme', analyte: 'ck', collectedOn: daysAgo(40), value: '450', unit: 'U/L', reason: REASON }; },
        idor: (fx) => { const x = crossed(fx, fx.enzyme); return { ...x, kind: 'enzyme', analyte: 'ck', collectedOn: daysAgo(40), value: '450', unit: 'U/L', reason: REASON }; },
      },
    ],
  },
  {
    kind: 'action', file: `${P}/lab-actions.ts`, name: 'markLabInErrorAction', run: labActions.markLabInErrorAction, needs: 'lab:write', writes: true,
    variants: [
      {
        label: 'antibody',
        valid: (fx) => { const p = fx.patient(); return { patientId: String(p), rowId: String(fx.antibody(p)), kind: 'antibody', reason: REASON }; },
        idor: (fx) => ({ ...crossed(fx, fx.antibody), kind: 'antibody', reason: REASON }),
      },
      {
        label: 'enzyme',
        valid: (fx) => { const p = fx.patient(); return { patientId: String(p), rowId: String(fx.enzyme(p)), kind: 'enzyme', reason: REASON }; },
        idor: (fx) => ({ ...crossed(fx, fx.enzyme), kind: 'enzyme', reason: REASON }),
      },
    ],
  },
  // ---- medications
  {
    kind: 'action', file: `${P}/medication-actions.ts`, name: 'startMedicationAction', run: medicationActions.startMedicationAction, needs: 'medication:write', writes: true,
    variants: [{ label: 'methotrexate', valid: (fx) => ({ patientId: String(fx.patient()), ...epochFields({ drug: 'methotrexate', dose: '15', frequency: 'weekly', startOn: daysAgo(30) }) }) }],
  },
  {
    kind: 'action', file: `${P}/medication-actions.ts`, name: 'changeDoseAction', run: medicationActions.changeDoseAction, needs: 'medication:write', writes: true,
    variants: [{
      label: 'taper to 30 mg',
      valid: (fx) => { const p = fx.patient(); return { patientId: String(p), epochId: String(fx.epoch(p)), dose: '30', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: daysAgo(10), reason: 'tapered' }; },
      idor: (fx) => { const x = crossed(fx, fx.epoch); return { patientId: x.patientId, epochId: x.rowId, dose: '30', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: daysAgo(10), reason: 'tapered' }; },
    }],
  },
  {
    kind: 'action', file: `${P}/medication-actions.ts`, name: 'stopMedicationAction', run: medicationActions.stopMedicationAction, needs: 'medication:write', writes: true,
    variants: [{
      label: 'stop',
      valid: (fx) => { const p = fx.patient(); return { patientId: String(p), epochId: String(fx.epoch(p)), endOn: daysAgo(5), endReason: 'stopped' }; },
      idor: (fx) => { const x = crossed(fx, fx.epoch); return { patientId: x.patientId, epochId: x.rowId, endOn: daysAgo(5), endReason: 'stopped' }; },
    }],
  },
  {
    kind: 'action', file: `${P}/medication-actions.ts`, name: 'correctMedicationEpochAction', run: medicationActions.correctMedicationEpochAction, needs: 'medication:write', writes: true,
    variants: [{
      label: 'dose typo',
      valid: (fx) => { const p = fx.patient(); return { patientId: String(p), epochId: String(fx.epoch(p)), ...epochFields({ dose: '35' }), reason: REASON }; },
      idor: (fx) => { const x = crossed(fx, fx.epoch); return { patientId: x.patientId, epochId: x.rowId, ...epochFields({ dose: '35' }), reason: REASON }; },
    }],
  },
  {
    kind: 'action', file: `${P}/medication-actions.ts`, name: 'markMedicationEpochInErrorAction', run: medicationActions.markMedicationEpochInErrorAction, needs: 'medication:write', writes: true,
    variants: [{
      label: 'wrong chart',
      valid: (fx) => { const p = fx.patient(); return { patientId: String(p), epochId: String(fx.epoch(p)), errorReason: REASON }; },
      idor: (fx) => { const x = crossed(fx, fx.epoch); return { patientId: x.patientId, epochId: x.rowId, errorReason: REASON }; },
    }],
  },
  // ---- CSV import
  {
    kind: 'action', file: `${A}/import/actions.ts`, name: 'previewLabImportAction', run: importActions.previewLabImportAction, needs: 'lab:import', writes: false,
    variants: [
      { label: 'pasted', valid: (fx) => ({ csv: labCsv([ckRow(fx.mrn(fx.patient()), daysAgo(7), 321)]) }) },
      { label: 'file', valid: (fx) => ({ file: new File([labCsv([ckRow(fx.mrn(fx.patient()), daysAgo(7), 321)])], 'labs.csv', { type: 'text/csv' }) }) },
      { label: 'decimal comma declared', valid: (fx) => ({ csv: labCsv([ckRow(fx.mrn(fx.patient()), daysAgo(7), '12.500')]).replaceAll(',', ';'), decimal: 'comma' }) },
    ],
  },
  {
    kind: 'action', file: `${A}/import/actions.ts`, name: 'runLabImportAction', run: importActions.runLabImportAction, needs: 'lab:import', writes: true,
    variants: [
      { label: 'pasted', valid: (fx) => ({ csv: labCsv([ckRow(fx.mrn(fx.patient()), daysAgo(7), 321)]) }) },
      { label: 'file', valid: (fx) => ({ file: new File([labCsv([ckRow(fx.mrn(fx.patient()), daysAgo(7), 321)])], 'labs.csv', { type: 'text/csv' }) }) },
      { label: 'decimal comma declared', valid: (fx) => ({ csv: labCsv([ckRow(fx.mrn(fx.patient()), daysAgo(7), '12.500')]).replaceAll(',', ';'), decimal: 'comma' }) },
    ],
  },
  // ---- FHIR Bundle upload
  {
    kind: 'action', file: `${A}/import/fhir-actions.ts`, name: 'importFhirAction', run: fhirImportActions.importFhirAction, needs: 'lab:import', writes: true,
    variants: [{ label: 'CK for a known MRN', valid: (fx) => ({ bundle: new File([JSON.stringify(ckBundle(fx.mrn(fx.patient())))], 'bundle.json', { type: 'application/fhir+json' }) }) }],
  },
  {
    kind: 'action', file: `${A}/import/fhir-actions.ts`, name: 'previewFhirAction', run: fhirImportActions.previewFhirAction, needs: 'lab:import', writes: false,
    variants: [{ label: 'CK for a known MRN', valid: (fx) => ({ bundle: new File([JSON.stringify(ckBundle(fx.mrn(fx.patient())))], 'bundle.json', { type: 'application/fhir+json' }) }) }],
  },
  {
    kind: 'action', file: `${A}/import/fhir-actions.ts`, name: 'confirmFhirMappingAction', run: fhirImportActions.confirmFhirMappingAction, needs: 'code-map:manage', writes: true,
    variants: [{ label: 'a lab code is not imported', valid: (fx) => ({ key: senderKey({ domain: 'lab', application: '', facility: 'Security lab', system: 'http://lab.example/codes', code: `SEC-${fx.unique()}` }), target: 'ignore' }) }],
  },
  // ---- admin: code map
  {
    kind: 'action', file: `${A}/admin/code-map/actions.ts`, name: 'createCodeMappingAction', run: codeMapActions.createCodeMappingAction, needs: 'code-map:manage', writes: true,
    variants: [{ label: 'a drug name', valid: (fx) => ({ domain: 'drug', system: 'text', code: `mycophenolate ${fx.unique()}`, target: 'drug:mycophenolate-mofetil' }) }],
  },
  {
    kind: 'action', file: `${A}/admin/code-map/actions.ts`, name: 'updateCodeMappingAction', run: codeMapActions.updateCodeMappingAction, needs: 'code-map:manage', writes: true,
    variants: [{ label: 'to an enzyme', valid: (fx) => ({ id: String(seedMapping(fx)), target: 'enzyme:ck' }) }],
  },
  {
    kind: 'action', file: `${A}/admin/code-map/actions.ts`, name: 'toggleCodeMappingAction', run: codeMapActions.toggleCodeMappingAction, needs: 'code-map:manage', writes: true,
    variants: [{ label: 'retire', valid: (fx) => ({ id: String(seedMapping(fx)), active: 'false' }) }],
  },
  {
    kind: 'action', file: `${A}/admin/settings/actions.ts`, name: 'updateTwoFactorPolicyAction', run: settingsActions.updateTwoFactorPolicyAction, needs: 'settings:manage', writes: true,
    variants: [{ label: 'administrators', valid: () => ({ scope: 'admins' }) }],
  },
  // ---- the user's own account
  {
    kind: 'action', file: 'app/account/two-factor/actions.ts', name: 'enrolmentAction', run: accountActions.enrolmentAction, needs: 'signed-in', writes: true,
    variants: [{ label: 'start set-up', valid: () => ({ intent: 'start' }) }],
  },
  // ---- lab feed inbox (issue 19)
  {
    kind: 'action', file: `${A}/lab-inbox/actions.ts`, name: 'fileInboxAgainAction', run: labInboxActions.fileInboxAgainAction, needs: 'lab:import', writes: true,
    variants: [{ label: 'a CK for a patient registered since', valid: (fx) => ({ id: String(seedFiledLater(fx)) }) }],
  },
  {
    kind: 'action', file: `${A}/lab-inbox/actions.ts`, name: 'dismissInboxAction', run: labInboxActions.dismissInboxAction, needs: 'lab:import', writes: true,
    variants: [{ label: 'not our patient', valid: (fx) => ({ id: String(seedFiledLater(fx)), reason: 'Not our patient' }) }],
  },
  {
    kind: 'action', file: `${A}/lab-inbox/actions.ts`, name: 'resolveInboxAction', run: labInboxActions.resolveInboxAction, needs: 'lab:import', writes: true,
    variants: [{ label: 'assign the patient the lab knows by its own number', valid: (fx) => {
      const patient = fx.patient();
      const id = seedInboxMessage(ckOru({ mrn: `LAB-${fx.unique()}`, family: 'Fixture', given: 'Fay', birth: '1970-06-15', day: daysAgo(3), controlId: `SEC-${fx.unique()}` }));
      // The fixture patient is not Fay Fixture: the filing needs the confirmation with a reason.
      return { id: String(id), patientId: String(patient), identityConfirmed: 'on', identityReason: 'Lab confirmed the patient by phone' };
    } }],
  },
  {
    kind: 'action', file: `${A}/admin/hl7-feed/actions.ts`, name: 'updateFeedAllowListAction', run: hl7FeedActions.updateFeedAllowListAction, needs: 'settings:manage', writes: true,
    variants: [{ label: 'one lab system, this machine', valid: () => ({ senders: 'LABSYS|REFLAB A', addresses: '127.0.0.1' }) }],
  },
  {
    kind: 'action', file: `${A}/admin/hl7-feed/actions.ts`, name: 'updateRetentionAction', run: hl7FeedActions.updateRetentionAction, needs: 'settings:manage', writes: true,
    variants: [{ label: 'a year', valid: () => ({ days: '365' }) }],
  },
  // ---- first run
  {
    kind: 'action', file: 'app/setup/actions.ts', name: 'setupAdminAction', run: setupActions.setupAdminAction, needs: 'first-run', writes: true,
    variants: [{ label: 'first admin', valid: (fx) => ({ email: `first-${fx.unique()}@clinic.test`, name: 'First Admin', password: 'a long enough passphrase', confirm: 'a long enough passphrase' }) }],
  },
];

const json = (value: unknown) => JSON.stringify(value);

/** A fresh code mapping (lab code -> not imported), seeded from the command line. */
function seedMapping(fx: Fixtures): number {
  return createCodeMapping(cliActor(), { domain: 'lab', facility: 'Security lab', system: 'http://lab.example/codes', code: `SEED-${fx.unique()}`, target: 'ignore' }).id;
}

/** A held lab-feed message that files once the fixture patient exists. */
function seedFiledLater(fx: Fixtures): number {
  const patient = fx.patient();
  return seedInboxMessage(ckOru({ mrn: fx.mrn(patient), family: 'Fixture', given: 'Fay', birth: '1970-06-15', day: daysAgo(3), controlId: `SEC-${fx.unique()}` }));
}

/** A FHIR Bundle with one CK Observation for an existing patient (by MRN). */
export function ckBundle(mrn: string): unknown {
  return {
    resourceType: 'Bundle', type: 'collection',
    entry: [{
      fullUrl: 'urn:uuid:5d1f0c34-8a8e-4d6b-9a51-0c7c1e0b9d21',
      resource: {
        resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] },
        subject: { identifier: { system: 'urn:titerline:mrn', value: mrn } }, effectiveDateTime: daysAgo(20), valueQuantity: { value: 300, unit: 'U/L' },
      },
    }],
  };
}

/** Every server action; the single sign-on rules' are in registry-sso-rules.ts. */
export const ACTIONS: ActionEntry[] = [...CLINIC_ACTIONS, ...SSO_RULE_ACTIONS];

export const ROUTES: RouteEntry[] = [
  { kind: 'route', file: 'app/api/v1/patients/route.ts', method: 'GET', handler: v1Patients.GET, needs: 'patient:view', auth: 'api', okStatus: 200, writes: false, request: () => ({ path: '/api/v1/patients?q=oka&sort=mrn' }) },
  {
    kind: 'route', file: 'app/api/v1/patients/[id]/route.ts', method: 'GET', handler: v1Patient.GET, needs: 'patient:view', auth: 'api', okStatus: 200, writes: true,
    request: (fx) => { const id = String(fx.patient()); return { path: `/api/v1/patients/${id}`, params: { id } }; },
  },
  {
    kind: 'route', file: 'app/api/v1/patients/[id]/timeline/route.ts', method: 'GET', handler: v1Timeline.GET, needs: 'patient:view', auth: 'api', okStatus: 200, writes: true,
    request: (fx) => { const id = String(fx.patient()); return { path: `/api/v1/patients/${id}/timeline`, params: { id } }; },
  },
  {
    kind: 'route', file: 'app/api/v1/patients/[id]/lab-results/route.ts', method: 'POST', handler: v1LabResults.POST, needs: 'lab:write', auth: 'api', okStatus: 201, writes: true,
    request: (fx) => {
      const id = String(fx.patient());
      return { path: `/api/v1/patients/${id}/lab-results`, params: { id }, contentType: 'application/json', body: json({ kind: 'enzyme', analyte: 'ck', collectedOn: daysAgo(4), value: 300, unit: 'U/L', upperLimit: 190 }) };
    },
  },
  { kind: 'route', file: 'app/api/v1/assays/route.ts', method: 'GET', handler: v1Assays.GET, needs: 'patient:view', auth: 'api', okStatus: 200, writes: false, request: () => ({ path: '/api/v1/assays' }) },
  { kind: 'route', file: 'app/api/v1/[...path]/route.ts', method: 'GET', handler: v1Other.GET, needs: 'public', auth: 'public', okStatus: 404, writes: false, request: () => ({ path: '/api/v1/visits', params: { path: ['visits'] } }) },
  { kind: 'route', file: 'app/api/v1/openapi.json/route.ts', method: 'GET', handler: v1OpenApi.GET, needs: 'public', auth: 'public', okStatus: 200, writes: false, request: () => ({ path: '/api/v1/openapi.json' }) },
  {
    kind: 'route', file: 'app/api/auth/[...nextauth]/route.ts', method: 'GET', handler: nextAuthRoute.GET, needs: 'public', auth: 'next-auth', okStatus: 200, writes: false,
    request: () => ({ path: '/api/auth/providers', params: { nextauth: ['providers'] } }),
  },
  {
    // Without next-auth's CSRF cookie the credentials callback is refused (302 back to sign-in)
    // before any password is checked; a real sign-in is tested in auth.test.ts and the e2e suite.
    kind: 'route', file: 'app/api/auth/[...nextauth]/route.ts', method: 'POST', handler: nextAuthRoute.POST, needs: 'public', auth: 'next-auth', okStatus: 302, writes: false,
    request: () => ({ path: '/api/auth/callback/credentials', params: { nextauth: ['callback', 'credentials'] }, contentType: 'application/x-www-form-urlencoded', body: 'email=admin%40clinic.test&password=x' }),
  },
  {
    kind: 'route', file: 'app/api/fhir/route.ts', method: 'POST', handler: fhirImport.POST, needs: 'lab:import', auth: 'api', okStatus: 200, writes: true,
    request: (fx) => ({ path: '/api/fhir', contentType: 'application/fhir+json', body: json(ckBundle(fx.mrn(fx.patient()))) }),
  },
  {
    kind: 'route', file: 'app/api/fhir/Patient/[id]/[op]/route.ts', method: 'GET', handler: fhirEverything.GET, needs: 'data:export-identified', auth: 'api', okStatus: 200, writes: true,
    request: (fx) => { const id = String(fx.patient()); return { path: `/api/fhir/Patient/${id}/$everything`, params: { id, op: '$everything' } }; },
  },
  // The FHIR read API: reads and searches are audited (writes: true), errors are OperationOutcomes.
  { kind: 'route', file: 'app/api/fhir/metadata/route.ts', method: 'GET', handler: fhirMetadata.GET, needs: 'public', auth: 'public', okStatus: 200, writes: false, request: () => ({ path: '/api/fhir/metadata' }) },
  { kind: 'route', file: 'app/api/fhir/[...path]/route.ts', method: 'GET', handler: fhirOther.GET, needs: 'public', auth: 'public', okStatus: 404, writes: false, request: () => ({ path: '/api/fhir/Condition', params: { path: ['Condition'] } }) },
  {
    kind: 'route', file: 'app/api/fhir/Patient/route.ts', method: 'GET', handler: fhirPatientSearch.GET, needs: 'patient:view', auth: 'api', okStatus: 200, writes: true,
    request: (fx) => ({ path: `/api/fhir/Patient?identifier=${encodeURIComponent(`urn:titerline:mrn|${fx.mrn(fx.patient())}`)}` }),
  },
  {
    kind: 'route', file: 'app/api/fhir/Patient/[id]/route.ts', method: 'GET', handler: fhirPatientRead.GET, needs: 'patient:view', auth: 'api', okStatus: 200, writes: true,
    request: (fx) => { const id = String(fx.patient()); return { path: `/api/fhir/Patient/${id}`, params: { id } }; },
  },
  {
    kind: 'route', file: 'app/api/fhir/Observation/route.ts', method: 'GET', handler: fhirObservationSearch.GET, needs: 'patient:view', auth: 'api', okStatus: 200, writes: true,
    request: (fx) => { const p = fx.patient(); fx.enzyme(p); return { path: `/api/fhir/Observation?patient=Patient/${p}&code=http://loinc.org|2157-6&_sort=date&_count=5` }; },
  },
  {
    kind: 'route', file: 'app/api/fhir/Observation/[id]/route.ts', method: 'GET', handler: fhirObservationRead.GET, needs: 'patient:view', auth: 'api', okStatus: 200, writes: true,
    request: (fx) => { const id = `enz-${fx.enzyme(fx.patient())}`; return { path: `/api/fhir/Observation/${id}`, params: { id } }; },
  },
  {
    kind: 'route', file: 'app/api/fhir/MedicationStatement/route.ts', method: 'GET', handler: fhirMedicationSearch.GET, needs: 'patient:view', auth: 'api', okStatus: 200, writes: true,
    request: (fx) => { const p = fx.patient(); fx.epoch(p); return { path: `/api/fhir/MedicationStatement?patient=${p}` }; },
  },
  {
    kind: 'route', file: 'app/api/fhir/MedicationStatement/[id]/route.ts', method: 'GET', handler: fhirMedicationRead.GET, needs: 'patient:view', auth: 'api', okStatus: 200, writes: true,
    request: (fx) => { const id = `med-${fx.epoch(fx.patient())}`; return { path: `/api/fhir/MedicationStatement/${id}`, params: { id } }; },
  },
  { kind: 'route', file: 'app/api/health/route.ts', method: 'GET', handler: health.GET, needs: 'public', auth: 'public', okStatus: 200, writes: false, request: () => ({ path: '/api/health' }) },
  { kind: 'route', file: 'app/api/health/live/route.ts', method: 'GET', handler: healthLive.GET, needs: 'public', auth: 'public', okStatus: 200, writes: false, request: () => ({ path: '/api/health/live' }) },
  // Its own bearer token (TITERLINE_METRICS_TOKEN), not a session or an API token; unset in these tests, so the
  // endpoint answers 404 "not enabled" to everyone (the token itself: tests/integration/metrics-route.test.ts).
  { kind: 'route', file: 'app/api/metrics/route.ts', method: 'GET', handler: metricsRoute.GET, needs: 'public', auth: 'public', okStatus: 404, writes: false, request: () => ({ path: '/api/metrics' }) },
  { kind: 'route', file: `${A}/admin/audit/export/route.ts`, method: 'GET', handler: auditExport.GET, needs: 'audit:view', auth: 'session', okStatus: 200, writes: true, request: () => ({ path: '/admin/audit/export?action=patient' }) },
  {
    kind: 'route', file: `${P}/timeline/csv/route.ts`, method: 'GET', handler: flowsheetCsv.GET, needs: 'data:export', auth: 'session', okStatus: 200, writes: true,
    request: (fx) => { const id = String(fx.patient()); return { path: `/patients/${id}/timeline/csv?from=2020-01-01`, params: { id } }; },
  },
  {
    kind: 'route', file: `${P}/timeline/data/route.ts`, method: 'GET', handler: timelineData.GET, needs: 'patient:view', auth: 'session', okStatus: 200, writes: true,
    request: (fx) => { const id = String(fx.patient()); return { path: `/patients/${id}/timeline/data`, params: { id } }; },
  },
  { kind: 'route', file: `${A}/cohort/csv/route.ts`, method: 'GET', handler: cohortViewCsv.GET, needs: 'cohort:view', auth: 'session', okStatus: 200, writes: true, request: () => ({ path: '/cohort/csv?view=phenotype&sex=any' }) },
  { kind: 'route', file: `${A}/export/cohort/route.ts`, method: 'GET', handler: cohortExport.GET, needs: 'data:export', auth: 'session', okStatus: 200, writes: true, request: () => ({ path: '/export/cohort' }) },
];

/** Every server action and route handler: the 405/404 refusals are listed for the scan (registry-refusals.ts). */
export const REGISTRY: Entry[] = [...ACTIONS, SIGN_OUT_ACTION, ...ROUTES, ...REFUSALS];

/** Form fields that carry the id of a row owned by a patient: such a mutation must have an `idor` call. */
export const ROW_ID_FIELDS = ['rowId', 'visitId', 'epochId', 'signalId'] as const;
