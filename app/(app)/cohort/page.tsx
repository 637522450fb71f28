import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { getCohortView } from '@/lib/dal/cohort';
import { requirePagePermission } from '@/lib/dal/session';
import { isAppError, type AppError } from '@/lib/errors';
import { can } from '@/lib/permissions';
import { COHORT_VIEW_LABELS, COHORT_VIEWS, cohortSearch, type CohortView } from '@/lib/validation/cohort';
import { ActivitySection } from './activity-view';
import { GroupSizes, NotEnough } from './cohort-ui';
import { CourseSection } from './course-view';
import { CohortFilterForm, type RawQuery } from './filter-form';
import { FollowUpSection } from './follow-up-view';
import { PhenotypeSection } from './phenotype-view';

export const metadata: Metadata = { title: 'Cohort' };

/** Raw query values: `group` may repeat, every other key is single-valued. */
function toRaw(sp: RawQuery): RawQuery {
  return Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, k === 'group' ? v : Array.isArray(v) ? v[0] : v]));
}

/**
 * Cohort insights: the study's comparisons (docs/clinical/evidence.md section 3) on this
 * clinic's patients. Bad filters show their messages and no numbers; a filter that
 * selects nobody says so.
 */
export default async function CohortPage({ searchParams }: { searchParams: Promise<RawQuery> }) {
  const actor = await requirePagePermission('cohort:view');
  const raw = toRaw(await searchParams);
  let data: ReturnType<typeof getCohortView> | null = null;
  let error: AppError | null = null;
  try {
    data = getCohortView(actor, raw);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'invalid') throw e;
    error = e;
  }
  const rawView = typeof raw.view === 'string' ? raw.view : '';
  const view: CohortView = data?.query.view ?? ((COHORT_VIEWS as readonly string[]).includes(rawView) ? (rawView as CohortView) : 'phenotype');
  const q = data?.query;
  const result = data?.result;
  return (
    <>
      <div className="section-head">
        <h1>Cohort</h1>
        {q && result && result.total > 0 && can(actor, 'data:export') ? (
          <span className="row">
            <a className="btn small secondary" href={`/cohort/csv?${cohortSearch(q, { course: null })}`} download data-testid="cohort-csv">Download this view, de-identified (ZIP: CSV, dictionary, README; audited)</a>
            {can(actor, 'data:export-identified') ? (
              <a className="btn small secondary" href={`/cohort/csv?${cohortSearch(q, { course: null })}&identified=1`} download data-testid="cohort-csv-identified">With MRNs and real dates</a>
            ) : null}
          </span>
        ) : null}
      </div>
      <p className="muted">
        The comparisons of Pinal-Fernandez et al. (Neurology 2019) on this clinic&apos;s patients: anti-Mi2-positive DM against anti-Mi2-negative DM,
        antisynthetase syndrome and IMNM. Descriptive statistics for discussion and research, not a basis for decisions about one patient.
      </p>
      <CohortFilterForm view={view} raw={raw} errors={error?.fieldErrors ?? {}} />
      <nav className="cohort-tabs" aria-label="Cohort views">
        {COHORT_VIEWS.map((v) => (
          <Link key={v} href={`?${q ? cohortSearch(q, { view: v, course: null }) : new URLSearchParams({ view: v }).toString()}`} aria-current={v === view ? 'page' : undefined} data-testid={`cohort-tab-${v}`}>
            {COHORT_VIEW_LABELS[v]}
          </Link>
        ))}
      </nav>
      {error ? (
        <div className="alert error" role="alert" data-testid="cohort-error">
          <p>{error.message}</p>
          <ul>{Object.values(error.fieldErrors).flat().map((m) => <li key={m}>{m}</li>)}</ul>
        </div>
      ) : null}
      {q && result ? (
        <div data-testid={`cohort-view-${result.view}`}>
          <GroupSizes sizes={result.sizes} total={result.total} />
          {result.total === 0 ? <NotEnough testid="cohort-empty">No patients match these filters. Widen the groups, dates, sex or age at onset.</NotEnough>
            : result.view === 'phenotype' ? <PhenotypeSection data={result} />
            : result.view === 'activity' ? <ActivitySection data={result} />
            : result.view === 'course' ? <CourseSection data={result} hrefFor={(row) => `?${cohortSearch(q, { course: row })}#course-list-h`} />
            : <FollowUpSection data={result} />}
        </div>
      ) : null}
    </>
  );
}
