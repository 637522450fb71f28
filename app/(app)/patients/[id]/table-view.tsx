import Link from 'next/link';

/**
 * Long histories (20 years of monthly labs) made the patient page a megabyte of
 * table rows, rendered and sent on every visit (docs/performance.md). Each table
 * now shows its most recent rows; "Show all" (the `all` query parameter, one word
 * per table) brings the rest. The timeline and its flowsheet still cover everything.
 */
export const RECENT_ROWS = 10;

export const TABLES = ['antibody', 'enzyme', 'visits', 'medications'] as const;
export type TableKey = (typeof TABLES)[number];

const ANCHOR: Record<TableKey, string> = { antibody: 'abs-h', enzyme: 'enz-h', visits: 'visits-h', medications: 'meds-h' };

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

/** The page's URL with `table` expanded or collapsed, keeping the other tables and the baseline. */
export function viewHref(view: TableView, table: TableKey, expand: boolean, baseline = view.baseline): string {
  const all = TABLES.filter((t) => (t === table ? expand : view.expanded.has(t)));
  const q = new URLSearchParams({ ...(all.length ? { all: all.join(',') } : {}), ...(baseline !== null ? { baseline: String(baseline) } : {}) });
  const qs = q.toString();
  return `/patients/${view.patientId}${qs ? `?${qs}` : ''}#${ANCHOR[table]}`;
}

/** The rows to render: all when expanded, else the first RECENT_ROWS (callers pass newest first). */
export function visibleRows<T>(view: TableView, table: TableKey, rows: readonly T[]): readonly T[] {
  return view.expanded.has(table) ? rows : rows.slice(0, RECENT_ROWS);
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
