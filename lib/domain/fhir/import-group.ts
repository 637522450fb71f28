/**
 * Regroups incoming visit measures into visits: the members a grouping Observation
 * names in `hasMember` (same patient, same day), then whatever is left by patient
 * and day. A visit that cannot be formed is refused with every one of its entries.
 */
import { rejectedLine, type ReportLine } from './import-report';
import { quote, refersTo, Rejection, type Placed } from './import-values';
import { visitForm, type VisitPart } from './import-visits';

export interface PartEntry extends Placed { fullUrl?: string; id?: string; part: VisitPart }

export interface VisitPlan {
  mrn: string;
  day: string;
  entries: { entry: number; label: string }[];
  /** Input for lib/dal/visits.ts recordVisit (lib/validation/visits.ts visitSchema). */
  form: Record<string, unknown>;
}

/** Members of one grouping Observation, or the reason they cannot be its members. */
function membersOf(panel: PartEntry, parts: readonly PartEntry[], claimed: ReadonlySet<PartEntry>): PartEntry[] | string {
  const members: PartEntry[] = [];
  for (const ref of panel.part.memberRefs ?? []) {
    const m = parts.find((p) => p !== panel && refersTo(p, ref, 'Observation'));
    if (!m || m.part.measure === 'panel') return `hasMember ${quote(ref, 120)} is not an importable visit measure in this Bundle.`;
    if (claimed.has(m) || members.includes(m)) return `${m.label} is a member of two visits.`;
    if (m.mrn !== panel.mrn || m.day !== panel.day) return `${m.label} is for ${m.mrn} on ${m.day}, but its visit is for ${panel.mrn} on ${panel.day}.`;
    members.push(m);
  }
  return members;
}

export function groupVisits(parts: readonly PartEntry[], lines: ReportLine[]): VisitPlan[] {
  const claimed = new Set<PartEntry>();
  const groups: PartEntry[][] = [];
  const refuse = (group: readonly PartEntry[], message: string) => {
    for (const p of group) lines.push(rejectedLine(p.entry, p.label, p === group[0] ? message : `Part of the visit refused above (${group[0]?.label}).`));
  };
  for (const panel of parts.filter((p) => p.part.measure === 'panel')) {
    const members = membersOf(panel, parts, claimed);
    if (typeof members === 'string') {
      refuse([panel], members);
      continue;
    }
    for (const m of members) claimed.add(m);
    groups.push([panel, ...members]);
  }
  const byDay = new Map<string, PartEntry[]>();
  for (const p of parts) {
    if (p.part.measure === 'panel' || claimed.has(p)) continue;
    const key = `${p.mrn}\u0000${p.day}`;
    byDay.set(key, [...(byDay.get(key) ?? []), p]);
  }
  groups.push(...byDay.values());
  const plans: VisitPlan[] = [];
  for (const g of groups) {
    const first = g[0];
    if (!first) continue;
    try {
      plans.push({ mrn: first.mrn, day: first.day, entries: g.map(({ entry, label }) => ({ entry, label })), form: visitForm(first.day, g.map((p) => p.part)) });
    } catch (err) {
      if (!(err instanceof Rejection)) throw err;
      refuse(g, err.message);
    }
  }
  return plans;
}
