import type { Role } from '../permissions';

import type { AuditOrigin } from '../domain/audit-origins';

/** Where an action came from (lib/domain/audit-origins.ts); `hl7` is the HL7 v2 lab feed (listener, replay, results filed from its inbox). */
export type Origin = AuditOrigin;

/**
 * Who is acting, as re-read from the database for this request. Every DAL function
 * takes one and checks `can(actor, ...)` before touching data.
 */
export interface Actor {
  userId: number | null;
  email: string | null;
  name: string;
  role: Role;
  active: boolean;
  origin: Origin;
  sessionId?: string;
  /**
   * Set on a signed-in user who must use two-factor sign-in and whose grace period to
   * set it up has passed: they may reach only their enrolment page (lib/dal/session.ts).
   */
  secondFactorOverdue?: true;
}

/**
 * The operator at the server's shell (CLIs such as `user:add`, `demo`). Whoever can
 * run commands on the host already holds the database file, so the CLI acts as admin;
 * its events are audited with origin `cli`.
 */
export function cliActor(): Actor {
  return { userId: null, email: null, name: 'command line', role: 'admin', active: true, origin: 'cli' };
}

/**
 * The operator at the shell importing lab results (`npm run import`). The role matrix
 * grants `lab:import` to nurses and physicians, not administrators, so the command acts
 * with the least role that holds it (nurse), still without a user id; its events say
 * origin `import`, and the import's own event records that it came from the command line
 * (docs/decisions/0007-lab-csv-import.md).
 */
export function cliImportActor(): Actor {
  return { ...cliActor(), name: 'command line (import)', role: 'nurse' };
}
