/**
 * Which catalog assay an imported anti-Mi2 row was measured with. Every antibody
 * result carries its assay, because results of different assays are not comparable
 * (docs/clinical/assays.md): the import never guesses between two candidates.
 */
import type { Analyte } from '../domain/types';
import { ANALYTE_LABELS } from '../validation/labs';
import type { RowProblem } from './lab-columns';

export interface ImportAssay { id: number; name: string; analyte: Analyte; lab: string; unit: string; active: boolean }

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const describe = (a: ImportAssay) => `"${a.name}"${a.lab ? ` (${a.lab})` : ''}`;

/** One import's assay catalog: answers each (analyte, assay, lab) question of its rows. */
export interface AssayCatalog<A extends ImportAssay> {
  /** resolveAssay's answer for this catalog: pushes the problems and returns null when the assay cannot be told. */
  resolve(analyte: Analyte, name: string, lab: string, problems: RowProblem[]): A | null;
}

/**
 * The catalog an import judges its rows against (deactivated entries included, to say
 * why they are refused). A file names the same few assays on every row, so each
 * question is answered once for the catalog's lifetime (one import), and each row gets
 * its own copy of the problems.
 */
export function assayCatalog<A extends ImportAssay>(entries: readonly A[]): AssayCatalog<A> {
  const answers = new Map<string, { assay: A | null; problems: RowProblem[] }>();
  return {
    resolve(analyte, name, lab, problems) {
      const key = `${analyte}\u0000${name}\u0000${lab}`;
      let answer = answers.get(key);
      if (!answer) {
        const found: RowProblem[] = [];
        answers.set(key, (answer = { assay: resolveAssay(analyte, name, lab, entries, found), problems: found }));
      }
      for (const p of answer.problems) problems.push({ ...p });
      return answer.assay;
    },
  };
}

/**
 * Resolves the `assay` column (catalog name, case-insensitive), narrowed by `lab`
 * when given. An empty `assay` means the single active assay of the analyte; with
 * none or several, the problem lists what the catalog offers. Pushes problems and
 * returns null when the assay cannot be told.
 */
export function resolveAssay<A extends ImportAssay>(analyte: Analyte, name: string, lab: string, catalog: readonly A[], problems: RowProblem[]): A | null {
  const label = ANALYTE_LABELS[analyte];
  const ofAnalyte = catalog.filter((a) => a.analyte === analyte);
  const active = ofAnalyte.filter((a) => a.active);
  const offer = active.length ? `Active ${label} assays: ${active.map(describe).join(', ')}.` : `The catalog has no active ${label} assay; an administrator adds it under Assays.`;
  const atLab = (list: A[]) => (lab ? list.filter((a) => same(a.lab, lab)) : list);
  if (!name) {
    const candidates = atLab(active);
    if (candidates.length === 1) return candidates[0]!;
    const where = lab ? ` at lab "${lab}"` : '';
    const why = candidates.length ? `several active ${label} assays${where}` : `no active ${label} assay${where}`;
    problems.push({ column: 'assay', message: `Assay is required: there are ${why}. ${offer}` });
    return null;
  }
  const named = catalog.filter((a) => same(a.name, name));
  if (!named.length) {
    problems.push({ column: 'assay', message: `Unknown assay "${name}". ${offer}` });
    return null;
  }
  const mine = named.filter((a) => a.analyte === analyte);
  if (!mine.length) {
    problems.push({ column: 'assay', message: `Assay "${name}" measures ${ANALYTE_LABELS[named[0]!.analyte]}, not ${label}. ${offer}` });
    return null;
  }
  const here = atLab(mine);
  if (!here.length) {
    problems.push({ column: 'lab', message: `Assay "${name}" is run by ${mine.map((a) => `"${a.lab}"`).join(', ')}, not "${lab}".` });
    return null;
  }
  const live = here.filter((a) => a.active);
  if (live.length === 1) return live[0]!;
  if (!live.length) {
    problems.push({ column: 'assay', message: `Assay "${name}" is deactivated; new results need an active assay. ${offer}` });
    return null;
  }
  problems.push({ column: 'lab', message: `Several active assays are named "${name}": ${live.map(describe).join(', ')}; give the lab to tell them apart.` });
  return null;
}
