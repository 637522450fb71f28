/**
 * How an import's audit event lists the rows it created for one patient
 * (docs/decisions/0012): one table per entity, values that every listed row shares
 * written once under `same`, the rest as columns. Lossless: `expandResultTable`
 * gives back every row exactly, every column as stored. A list of one JSON object
 * per row repeated each column name and the import's shared values (its patient,
 * user, timestamps, version) in every row: about 350 bytes a result, and with
 * 100,000 results the audit JSON was three times the results themselves
 * (docs/performance.md). Pure.
 */

export interface ResultTable {
  entity: string;
  /** Columns with one value in every row (only when the table has two rows or more). */
  same: Record<string, unknown>;
  /** Names of the varying columns, `line` (the row's line in the file) first. */
  columns: string[];
  rows: unknown[][];
}

export interface ListedResult { line: number; row: Record<string, unknown> }

/** Rows of one entity as a table (see the module comment). All rows must have the same keys, in the same order. */
export function tabulateResults(entity: string, listed: readonly ListedResult[]): ResultTable {
  const first = listed[0]?.row ?? {};
  const keys = Object.keys(first);
  const same: Record<string, unknown> = {};
  const varying: string[] = [];
  for (const key of keys) {
    const v = first[key];
    if (listed.length > 1 && listed.every((r) => r.row[key] === v)) same[key] = v;
    else varying.push(key);
  }
  const rows = listed.map(({ line, row }) => {
    const cells: unknown[] = [line];
    for (const key of varying) cells.push(row[key]);
    return cells;
  });
  return { entity, same, columns: ['line', ...varying], rows };
}

/** Every row of a table as it was stored, with its line in the file. */
export function expandResultTable(table: ResultTable): ListedResult[] {
  return table.rows.map((cells) => {
    const row: Record<string, unknown> = { ...table.same };
    for (let i = 1; i < table.columns.length; i++) row[table.columns[i]!] = cells[i];
    return { line: cells[0] as number, row };
  });
}
