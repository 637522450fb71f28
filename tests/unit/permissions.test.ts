import { describe, it, expect } from 'vitest';
import { ACTIONS, ROLES, can, isRole, type Action, type Role } from '@/lib/permissions';

/**
 * The roles table (README.md, "Roles"), written out by hand (not derived from
 * the GRANTS of lib/permissions.ts), one line per action:
 *
 * | capability                                             | admin | physician | nurse | reviewer |
 * | view patients, timelines, signals                      | yes   | yes       | yes   | yes      |
 * | create/edit patient demographics                       | -     | yes       | yes   | -        |
 * | enter/correct lab results, import CSV/FHIR             | -     | yes       | yes   | -        |
 * | confirm code mappings, resolve the lab-feed inbox      | yes   | yes       | yes   | -        |
 * | log visits (MMT-8, globals), medications               | -     | yes       | -     | -        |
 * | acknowledge signals                                    | -     | yes       | -     | -        |
 * | export (FHIR, CSV)                                     | yes   | yes       | -     | yes      |
 * | cohort insights (aggregate statistics, patient lists)  | yes   | yes       | -     | yes      |
 * | users, assays catalog, settings, audit log, API tokens | yes   | -         | -     | -        |
 */
type Row = Record<Role, boolean>;
const Y = true;
const N = false;
const row = (admin: boolean, physician: boolean, nurse: boolean, reviewer: boolean): Row => ({ admin, physician, nurse, reviewer });

const MATRIX: Record<Action, Row> = {
  //                        admin physician nurse reviewer
  'patient:view': row(Y, Y, Y, Y),
  'patient:edit': row(N, Y, Y, N),
  'lab:write': row(N, Y, Y, N),
  'lab:import': row(N, Y, Y, N),
  'code-map:manage': row(Y, Y, Y, N),
  'visit:write': row(N, Y, N, N),
  'medication:write': row(N, Y, N, N),
  'signal:acknowledge': row(N, Y, N, N),
  'data:export': row(Y, Y, N, Y), // de-identified exports (cohort CSV)
  'data:export-identified': row(Y, Y, N, N), // FHIR, CSV with names/MRNs
  'cohort:view': row(Y, Y, N, Y),
  'user:manage': row(Y, N, N, N),
  'assay:manage': row(Y, N, N, N),
  'settings:manage': row(Y, N, N, N),
  'audit:view': row(Y, N, N, N),
  'token:manage': row(Y, N, N, N),
};

const EXPECTED_ROLES: Role[] = ['admin', 'physician', 'nurse', 'reviewer'];

describe('permissions: the roles and actions are the ones the matrix covers', () => {
  it('knows exactly the four roles of architecture.md', () => {
    expect([...ROLES].sort()).toEqual([...EXPECTED_ROLES].sort());
  });

  it('every action in ACTIONS has a row in the hand-written matrix, and no row is stale', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(MATRIX).sort());
  });
});

describe('permissions: full matrix for active users', () => {
  const cases = ACTIONS.flatMap((action) => EXPECTED_ROLES.map((role) => [role, action, MATRIX[action][role]] as const));

  it.each(cases)('%s may %s: %s', (role, action, expected) => {
    expect(can({ role, active: true }, action)).toBe(expected);
  });

  it('grants each role exactly its expected set of actions', () => {
    const granted = (role: Role) => ACTIONS.filter((a) => can({ role, active: true }, a));
    expect(granted('admin')).toEqual(['patient:view', 'code-map:manage', 'data:export', 'data:export-identified', 'cohort:view', 'user:manage', 'assay:manage', 'settings:manage', 'audit:view', 'token:manage']);
    expect(granted('physician')).toEqual([
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
    ]);
    expect(granted('nurse')).toEqual(['patient:view', 'patient:edit', 'lab:write', 'lab:import', 'code-map:manage']);
    expect(granted('reviewer')).toEqual(['patient:view', 'data:export', 'cohort:view']);
  });
});

describe('permissions: default deny', () => {
  const everyPair = ACTIONS.flatMap((action) => EXPECTED_ROLES.map((role) => [role, action] as const));

  it.each(everyPair)('an inactive %s may not %s', (role, action) => {
    expect(can({ role, active: false }, action)).toBe(false);
  });

  it.each(['superuser', 'Admin', 'ADMIN', 'admin ', '', 'root', '__proto__', 'constructor', 'toString'])('unknown role %j is denied everything', (role) => {
    for (const action of ACTIONS) expect(can({ role, active: true }, action)).toBe(false);
  });

  it('a null or undefined subject is denied everything', () => {
    for (const action of ACTIONS) {
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action)).toBe(false);
    }
  });

  it('an unknown action is denied even to an admin', () => {
    for (const action of ['patient:delete', 'user:impersonate', '', '__proto__', 'constructor']) {
      expect(can({ role: 'admin', active: true }, action as Action)).toBe(false);
      expect(can({ role: 'physician', active: true }, action as Action)).toBe(false);
    }
  });
});

describe('isRole', () => {
  it('accepts the four roles and rejects anything else', () => {
    for (const r of EXPECTED_ROLES) expect(isRole(r)).toBe(true);
    for (const r of ['superuser', 'Admin', '', null, undefined, 1, {}, ['admin']]) expect(isRole(r)).toBe(false);
  });
});
