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

/** Rows created for one patient, with their file lines (`lines[i]` is the line of `rows[i]`). */
export interface CreatedRows { lines: number[]; rows: Record<string, unknown>[] }

/** Rows of one entity as a table (see the module comment). All rows must have the same keys, in the same order. */
export function tabulateResults(entity: string, created: CreatedRows): ResultTable {
  const { lines, rows } = created;
  const first = rows[0] ?? {};
  const same: Record<string, unknown> = {};
  const varying: string[] = [];
  for (const key of Object.keys(first)) {
    const v = first[key];
    if (rows.length > 1 && rows.every((r) => r[key] === v)) same[key] = v;
    else varying.push(key);
  }
  return {
    entity, same, columns: ['line', ...varying],
    rows: rows.map((row, i) => {
      const cells: unknown[] = [lines[i]];
      for (const key of varying) cells.push(row[key]);
      return cells;
    }),
  };
}

/** Every row of a table as it was stored, with its line in the file. */
export function expandResultTable(table: ResultTable): ListedResult[] {
  return table.rows.map((cells) => {
    const row: Record<string, unknown> = { ...table.same };
    for (let i = 1; i < table.columns.length; i++) row[table.columns[i]!] = cells[i];
    return { line: cells[0] as number, row };
  });
}
