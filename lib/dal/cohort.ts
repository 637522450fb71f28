import 'server-only';
import { getDb } from '@/db/client';
import { analyseActivity } from '../domain/cohort/activity';
import { classifyCourse, type CourseRecord } from '../domain/cohort/course';
import { courseTable } from '../domain/cohort/course-table';
import { followUpByGroup } from '../domain/cohort/follow-up';
import { buildPhenotype } from '../domain/cohort/phenotype';
import { followedSeries, seriesSummary } from '../domain/cohort/titer-series';
import { groupSizes, REFERENCE_GROUP, type CohortPatient } from '../domain/cohort/types';
import type { CohortViewResult } from '../domain/cohort/view';
import { can } from '../permissions';
import { forbidden } from '../errors';
import { cohortQuerySchema, type CohortQuery } from '../validation/cohort';
import { parseOrThrow } from '../validation/parse';
import type { Actor } from './actor';
import { today } from './clinical-guards';
import {
  antibodyByPatient, assayUsage, ckByPatient, idsOf, immunosuppressionByPatient, mmtByPatient, overduePatients, phenotypeFacts,
  selectionWhere, selectPatients, titerDatesByPatient, titerLevelsByAssay, type Reader,
} from './cohort-queries';
import { readSignalSettings } from './signal-store';

/**
 * Cohort insights (docs/clinical/evidence.md section 3): the study's comparisons run on this
 * clinic's patients. Read-only; physicians, reviewers and admins (`cohort:view`).
 *
 * Cost: each view reads the whole selection with a handful of bulk statements
 * (lib/dal/cohort-queries.ts) and computes in one pass in memory; nothing runs per
 * patient against the database. The titer/activity and course views read every
 * result of the anti-Mi2-positive patients; a per-patient table written with the
 * signals (docs/decisions/0009-cohort-insights.md) would make them summary reads.
 */
export function parseCohortQuery(raw: unknown): CohortQuery {
  return parseOrThrow(cohortQuerySchema, raw ?? {});
}

function computeView(db: Reader, q: CohortQuery): CohortViewResult {
  const where = selectionWhere(q);
  const selected = selectPatients(db, where);
  const base = { sizes: groupSizes(q.group, selected), total: selected.length, patients: new Map(selected.map((p) => [p.id, p])) };
  // The titer views follow the study: anti-Mi2-positive DM patients only.
  const eligible: CohortPatient[] = selected.filter((p) => p.group === REFERENCE_GROUP);
  const eligibleIds = idsOf(selectionWhere(q, q.group.filter((g) => g === REFERENCE_GROUP)));
  switch (q.view) {
    case 'phenotype':
      return { view: 'phenotype', ...base, table: buildPhenotype(q.group, phenotypeFacts(db, selected, idsOf(where))) };
    case 'activity': {
      // One assay per patient (lib/domain/cohort/titer-series.ts): levels of different assays are never pooled.
      const byAssay = titerLevelsByAssay(db, eligibleIds, q.analyte);
      const series = new Map(eligible.map((p) => [p.id, followedSeries(byAssay.get(p.id) ?? [])]));
      const ck = ckByPatient(db, eligibleIds);
      const mmt = mmtByPatient(db, eligibleIds);
      const inputs = eligible.map((p) => {
        const s = series.get(p.id) ?? null;
        return { patientId: p.id, titers: s?.levels ?? [], assay: s?.assayLabel ?? null, ck: ck.get(p.id) ?? [], mmt: mmt.get(p.id) ?? [] };
      });
      return {
        view: 'activity', ...base, eligible: eligible.length, windowDays: q.window, analyte: q.analyte, series: seriesSummary(series.values()),
        analysis: analyseActivity(inputs, { windowDays: q.window }),
      };
    }
    case 'course': {
      const titers = antibodyByPatient(db, eligibleIds);
      const meds = immunosuppressionByPatient(db, eligibleIds);
      const settings = readSignalSettings(db);
      const asOf = today();
      const records = eligible
        .map((p) => classifyCourse({ patientId: p.id, antibodyResults: titers.get(p.id) ?? [], medications: meds.get(p.id) ?? [] }, asOf, settings, { minYears: q.years, minFollowUpMonths: q.afterStop }))
        .filter((r): r is CourseRecord => r !== null);
      return { view: 'course', ...base, eligible: eligible.length, years: q.years, afterStop: q.afterStop, settings, records, table: courseTable(records), listed: q.course ?? null };
    }
    case 'follow-up': {
      const ids = idsOf(where);
      const overdueMonths = readSignalSettings(db).overdueIntervalMonths;
      const groups = followUpByGroup(q.group, { patients: selected, titerDates: titerDatesByPatient(db, ids), overdue: overduePatients(db, ids), today: today(), overdueMonths });
      return { view: 'follow-up', ...base, overdueMonths, groups, assays: assayUsage(db, ids) };
    }
  }
}

/**
 * One view of the cohort for the filters in `raw` (the page's query string).
 * Throws `invalid` with a message per field for bad filters, `forbidden` without
 * `cohort:view`. Reads run in one transaction so the counts are consistent.
 */
export function getCohortView(actor: Actor, raw: unknown): { query: CohortQuery; result: CohortViewResult } {
  if (!can(actor, 'cohort:view')) throw forbidden({ actor, permission: 'cohort:view' });
  const query = parseCohortQuery(raw);
  const db = getDb();
  const result = db.transaction((tx) => computeView(tx, query), { behavior: 'deferred' });
  return { query, result };
}
