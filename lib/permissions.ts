/**
 * Who may do what: one pure, default-deny function (architecture.md, "Roles").
 * The DAL calls `can` before every read and write; hiding a button in the UI is
 * only a courtesy.
 */

export const ROLES = ['admin', 'physician', 'nurse', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  physician: 'Physician',
  nurse: 'Nurse',
  reviewer: 'Reviewer',
};

export const ACTIONS = [
  'patient:view',
  'patient:edit',
  'lab:write',
  'lab:import',
  'code-map:manage',
  'visit:write',
  'medication:write',
  'signal:acknowledge',
  'data:export',
  'data:export-identified',
  'cohort:view',
  'user:manage',
  'assay:manage',
  'settings:manage',
  'audit:view',
  'token:manage',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The matrix of architecture.md, row by row. Anything not listed is denied. */
const GRANTS: Record<Action, readonly Role[]> = {
  'patient:view': ['admin', 'physician', 'nurse', 'reviewer'],
  'patient:edit': ['physician', 'nurse'],
  'lab:write': ['physician', 'nurse'],
  'lab:import': ['physician', 'nurse'],
  // "resolve the lab-feed inbox, confirm code mappings: admin (map) yes, physician yes, nurse yes"
  // (architecture.md): which catalog entry a sender's code is, confirmed once (issue 18).
  'code-map:manage': ['admin', 'physician', 'nurse'],
  'visit:write': ['physician'],
  'medication:write': ['physician'],
  'signal:acknowledge': ['physician'],
  // De-identified exports (cohort CSVs); reviewers get these only.
  'data:export': ['admin', 'physician', 'reviewer'],
  // Exports that name patients: FHIR $everything, cohort files with MRNs, names and real dates.
  'data:export-identified': ['admin', 'physician'],
  // Aggregate cohort statistics (docs/decisions/0009): the research roles, as for export.
  'cohort:view': ['admin', 'physician', 'reviewer'],
  'user:manage': ['admin'],
  'assay:manage': ['admin'],
  'settings:manage': ['admin'],
  'audit:view': ['admin'],
  'token:manage': ['admin'],
};

/** The subject of a permission check: only its role and active flag matter. */
export interface Subject {
  role: string;
  active: boolean;
}

/** True only for an active user whose known role is granted the action. */
export function can(subject: Subject | null | undefined, action: Action): boolean {
  if (!subject || !subject.active) return false;
  // Own keys only: an untyped caller's 'constructor' or '__proto__' must be denied, not crash.
  const grantees: readonly string[] | undefined = Object.hasOwn(GRANTS, action) ? GRANTS[action] : undefined;
  if (!Array.isArray(grantees)) return false;
  return grantees.includes(subject.role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
