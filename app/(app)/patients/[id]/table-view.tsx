import { Link } from '@/app/ui/link';
import { PAGE_TABLES, RECENT_ROWS, type PageTable, type PatientTab } from '@/lib/dal/patient-page';
import { tabHref } from './patient-tabs';

/**
 * Long histories (20 years of monthly labs) made the patient page a megabyte of
 * table rows, rendered and sent on every visit (docs/performance.md). Each table
 * (on its tab of the record) shows its most recent rows; "Show all" (the `all` query
 * parameter, one word per table) brings the rest. The overview's timeline covers everything.
 */
export { RECENT_ROWS };
const TABLES = PAGE_TABLES;
export type TableKey = PageTable;

const ANCHOR: Record<TableKey, string> = { antibody: 'abs-h', enzyme: 'enz-h', visits: 'visits-h', medications: 'meds-h' };
const TAB: Record<TableKey, PatientTab> = { antibody: 'results', enzyme: 'results', visits: 'visits', medications: 'medications' };

export interface TableView {
  patientId: number;
  expanded: ReadonlySet<TableKey>;
  baseline: number | null;
}

/** The tables named in `?all=` (comma-separated); unknown words are ignored. */
export function tableView(patientId: number, all: string | string[] | undefined, baseline: number | null): TableView {
  const words = (Array.isArray(all) ? all.join(',') : (all ?? '')).split(',');
  return { patientId, expanded: new Set(TABLES.filter((t) => words.includes(t))), baseline };
}

/** The table's tab URL with `table` expanded or collapsed, keeping the other tables and the baseline. */
export function viewHref(view: TableView, table: TableKey, expand: boolean, baseline = view.baseline): string {
  const all = TABLES.filter((t) => (t === table ? expand : view.expanded.has(t)));
  const q = new URLSearchParams({ ...(all.length ? { all: all.join(',') } : {}), ...(baseline !== null ? { baseline: String(baseline) } : {}) });
  const qs = q.toString();
  return `${tabHref(view.patientId, TAB[table])}${qs ? `?${qs}` : ''}#${ANCHOR[table]}`;
}

/** Under a table: how many rows show, and the link to show all (or fewer) of them. */
export function MoreRows({ view, table, shown, total, noun }: { view: TableView; table: TableKey; shown: number; total: number; noun: string }) {
  if (total <= RECENT_ROWS) return null;
  const expanded = view.expanded.has(table);
  return (
    <p className="hint no-print" data-testid={`${table}-more`}>
      {expanded ? `All ${total} ${noun}. ` : `The ${shown} most recent of ${total} ${noun}. `}
      <Link href={viewHref(view, table, !expanded)}>{expanded ? `Show the ${RECENT_ROWS} most recent` : `Show all ${total}`}</Link>
    </p>
  );
}

/**
 * Where a link to the single patient page of before the tabs (a bookmark with `?all=`
 * or `?baseline=`) now leads: the tab with that table, the same rows expanded; null
 * when the link asks for nothing that moved.
 */
export function movedTableHref(patientId: number, all: string | string[] | undefined, baseline: string | undefined): string | null {
  const b = Number(baseline);
  const view = tableView(patientId, all, baseline !== undefined && Number.isInteger(b) ? b : null);
  if (view.baseline !== null) return viewHref(view, 'visits', view.expanded.has('visits'));
  const first = TABLES.find((t) => view.expanded.has(t));
  return first ? viewHref(view, first, true) : null;
}
