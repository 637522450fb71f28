import 'server-only';
import { cohortViewCsv } from '../domain/cohort/csv';
import { can } from '../permissions';
import { forbidden } from '../errors';
import type { Actor } from './actor';
import { getCohortView } from './cohort';
import { recordRead } from './read-audit';

/**
 * The CSV of one cohort view for the filters in `raw`: the same computation as the
 * page, so the file holds the numbers on screen. An export (needs `data:export` as
 * well as `cohort:view`), audited with the view, the filters and the row count.
 */
export function exportCohortViewCsv(actor: Actor, raw: unknown): { csv: string; filename: string } {
  if (!can(actor, 'cohort:view') || !can(actor, 'data:export')) throw forbidden();
  const { query, result } = getCohortView(actor, raw);
  const { csv, rows } = cohortViewCsv(result);
  recordRead(actor, {
    action: 'export.cohort-insights', entity: 'cohort', entityId: query.view,
    after: { view: query.view, filters: { ...query, course: undefined }, patients: result.total, rows },
  }, { durable: true });
  return { csv, filename: `titerline-cohort-${query.view}-${new Date().toISOString().slice(0, 10)}.csv` };
}
