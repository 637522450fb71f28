import 'server-only';
import type { Assay, Patient } from '@/db/schema';
import { UL_PER_UKAT_L } from '../domain/enzymes';
import type { ParsedBundle } from '../domain/fhir/import-bundle';
import { idText, matchable } from '../domain/fhir/import-identifiers';
import type { LabEntry, Retraction } from '../domain/fhir/import-observation';
import type { ImportCounts, ReportLine } from '../domain/fhir/import-report';
import { quote, reject } from '../domain/fhir/import-values';
import { parseOrThrow } from '../validation/parse';
import { antibodyResultSchema, enzymeResultSchema } from '../validation/labs';
import type { Actor } from './actor';
import { correctAntibodyResult, insertAntibodyResult, markAntibodyResultInError } from './antibody-results';
import { correctEnzymeResult, insertEnzymeResult, markEnzymeResultInError } from './enzyme-results';
import { linkIdentifiers } from './fhir-import-ids';
import { byAccession, byIdentifier, earlierVersions, entityOf, keysOf, liveWithSameValue, sameResult, type Stored } from './fhir-import-stored';
import type { PatientMap, RowRunner } from './fhir-import-rows';
import { loadExistingKeys } from './lab-import-keys';
import type { Tx } from './tx';

const inUnit = (ul: number | null, unit: 'U/L' | 'ukat/L') => (ul === null ? null : unit === 'U/L' ? ul : Number((ul / UL_PER_UKAT_L).toPrecision(12)));

/** The product's form of a result (the schemas of single entry validate it). `keep`: a corrected row's facts the sender did not repeat. */
function formOf(l: LabEntry, allowImplausible: boolean, keep?: Stored): Record<string, unknown> {
  const accession = l.result.plan.accession || keep?.row.accession || '';
  if (l.result.kind === 'antibody') {
    const { plan, assay } = l.result;
    return { assayId: assay.id, collectedOn: l.day, value: plan.value, comparator: plan.comparator ?? '', qualitative: plan.qualitative ?? '', cutoff: plan.cutoff, accession, allowImplausible };
  }
  const { plan } = l.result;
  const kept = keep?.entity === 'enzyme-result' ? keep.row : undefined;
  return {
    analyte: plan.analyte, collectedOn: l.day, value: plan.value, unit: plan.unit, accession, allowImplausible,
    lowerLimit: plan.lowerLimit ?? (plan.upperLimit === null ? inUnit(kept?.lowerLimitUL ?? null, plan.unit) : null),
    upperLimit: plan.upperLimit ?? inUnit(kept?.upperLimitUL ?? null, plan.unit),
  };
}

/** `source`: how the rows' reasons name the path they came by ('FHIR import', 'HL7 feed, message X'). */
interface LabWrite { tx: Tx; actor: Actor; catalog: readonly Assay[]; lines: ReportLine[]; counts: ImportCounts; allowImplausible: boolean; source: string }

function insertNew(w: LabWrite, p: Patient, l: LabEntry, warnings: string[], allowDuplicate: boolean): void {
  const reason = `${w.source}, entry ${l.entry} (${l.label})`;
  const form = { ...formOf(l, w.allowImplausible), allowDuplicate };
  const r = l.result;
  const row = r.kind === 'antibody'
    ? insertAntibodyResult(w.tx, w.actor, p, parseOrThrow(antibodyResultSchema, form), { assay: w.catalog.find((a) => a.id === r.assay.id), reason, warnings })
    : insertEnzymeResult(w.tx, w.actor, p, parseOrThrow(enzymeResultSchema, form), { reason, warnings });
  linkIdentifiers(w.tx, 'Observation', { entity: entityOf(l.result), entityId: row.id, patientId: p.id }, l.identifiers);
  if (l.result.kind === 'antibody') w.counts.antibodyResults++;
  else w.counts.enzymeResults++;
  if (l.mapped) w.counts.mapped++;
}

const present = (w: LabWrite, l: LabEntry, message: string): void => {
  w.counts.alreadyPresent++;
  w.lines.push({ entry: l.entry, resource: l.label, outcome: 'present', message });
};

/** An amended or corrected result: corrects the earlier one it matches ("lab correction"), or is stored when none is stored. */
function correctEarlier(w: LabWrite, p: Patient, l: LabEntry, target: Stored | undefined, fallback: () => void): void {
  if (!target) return fallback();
  if (target.entity !== entityOf(l.result)) reject('The earlier result it corrects is of another test: ask the lab.');
  if (target.entity === 'antibody-result' && l.result.kind === 'antibody' && target.row.assayId !== l.result.assay.id) {
    reject('The correction names another assay than the result it corrects: results of different assays are never merged. Ask the lab, or correct the code map.');
  }
  if (target.row.enteredInError) reject(`The result it corrects (${target.row.collectedOn}) was marked entered in error in Titerline (${target.row.errorReason ?? 'no reason'}): enter the lab's correction by hand if it still applies.`);
  if (sameResult(target, l)) return present(w, l, `Already recorded: this ${l.status} result was applied before.`);
  const reason = `Lab correction: sent as ${l.status} (${w.source}, entry ${l.entry})`;
  const form = formOf(l, w.allowImplausible, target);
  if (target.entity === 'antibody-result') correctAntibodyResult(w.actor, p.id, target.row.id, form, reason);
  else correctEnzymeResult(w.actor, p.id, target.row.id, form, reason);
  linkIdentifiers(w.tx, 'Observation', { entity: target.entity, entityId: target.row.id, patientId: p.id }, l.identifiers);
  w.counts.corrected++;
  if (l.mapped) w.counts.mapped++;
  w.lines.push({ entry: l.entry, resource: l.label, outcome: 'corrected', message: `Lab correction: the result of ${target.row.collectedOn} was corrected (the earlier version is kept in its history).` });
}

/** Retracts the result a cancelled or entered-in-error Observation withdraws (marked entered in error with the reason), or says there is none. */
function retract(w: LabWrite, p: Patient, r: Retraction): void {
  const line = (outcome: ReportLine['outcome'], message: string): void => {
    w.lines.push({ entry: r.entry, resource: r.label, outcome, message });
  };
  const what = r.status === 'cancelled' ? 'Cancelled' : 'Entered in error';
  let target = byIdentifier(w.tx, r, p);
  if (!target && r.result && r.analyte) {
    const byAcc = byAccession(w.tx, p, r.result.kind, r.analyte, r.accession);
    const candidates = byAcc.length ? byAcc : liveWithSameValue(w.tx, p, r);
    if (candidates.length > 1) reject(`${what} at the source, and ${candidates.length} stored results fit it: retract the right one by hand (mark it entered in error).`);
    target = candidates[0];
  }
  if (!target) return line('skipped', `${what} at the source: no such result is stored in Titerline, so there is nothing to retract.`);
  if (target.row.enteredInError) {
    w.counts.alreadyPresent++;
    return line('present', `${what} at the source: the result of ${target.row.collectedOn} is already marked entered in error.`);
  }
  const reason = `Retracted by the lab: sent as ${r.status} (${w.source}, entry ${r.entry})`;
  if (target.entity === 'antibody-result') markAntibodyResultInError(w.actor, p.id, target.row.id, reason);
  else markEnzymeResultInError(w.actor, p.id, target.row.id, reason);
  w.counts.retracted++;
  line('retracted', `${what} at the source: the result of ${target.row.collectedOn} is marked entered in error (kept in its history).`);
}

/**
 * Lab results of the Bundle, each in its own savepoint (lib/dal/fhir-import-rows.ts
 * rowRunner): retractions first (so a replacement does not collide with what it
 * replaces), then results in Bundle order. A result already stored (its identifier,
 * else the CSV import's duplicate key: the same result, lib/domain/same-result.ts, with
 * its assay, comparator, value, category and unit; or the same accession) is "already
 * present" (another assay's result that day never is); an amended or corrected one
 * corrects the earlier result; a different value under a known identifier or
 * accession is refused, never silently replaced or doubled.
 */
export function writeLabs(tx: Tx, actor: Actor, catalog: readonly Assay[], parsed: ParsedBundle, map: PatientMap, run: RowRunner, lines: ReportLine[], counts: ImportCounts, allowImplausible: boolean, source = 'FHIR import'): void {
  const w: LabWrite = { tx, actor, catalog, lines, counts, allowImplausible, source };
  for (const r of parsed.retractions) {
    const p = map.get(r.mrn);
    if (typeof p !== 'object') {
      lines.push({ entry: r.entry, resource: r.label, outcome: 'skipped', message: `${r.status === 'cancelled' ? 'Cancelled' : 'Entered in error'} at the source, for a patient not in Titerline: nothing to retract.` });
      continue;
    }
    run([r], r.mrn, 'lab', (pt) => retract(w, pt, r));
  }
  const ids = [...new Set(parsed.labs.map((l) => map.get(l.mrn)).filter((p): p is Patient => typeof p === 'object').map((p) => p.id))];
  const stored = loadExistingKeys(tx, ids).keys;
  const seen = new Map<string, string>();
  for (const l of parsed.labs) {
    run([l], l.mrn, 'lab', (p, warnings) => {
      const byId = byIdentifier(tx, l, p);
      const [byValue, byAcc] = keysOf(p, l);
      const identified = matchable(l.identifiers).length > 0;
      if (l.status !== 'final') {
        const target = byId ?? (() => {
          const found = byAccession(tx, p, l.result.kind, l.result.plan.analyte, l.result.plan.accession).filter((s) => !s.row.enteredInError);
          if (found.length > 1) reject(`Several stored results have accession ${quote(l.result.plan.accession)}: correct the right one by hand.`);
          return found[0];
        })();
        return correctEarlier(w, p, l, target, () => {
          const known = stored.get(p.id)?.get(byValue);
          if (known) return present(w, l, known);
          insertNew(w, p, l, warnings, identified);
          lines.push({ entry: l.entry, resource: l.label, outcome: 'note', message: `Sent as ${l.status}, but no earlier result with its identifier or accession number is stored: stored as a new result.` });
        });
      }
      if (byId) {
        const id = quote(idText(matchable(l.identifiers)[0]!), 120);
        if (sameResult(byId, l)) return present(w, l, byId.row.enteredInError ? `Already recorded (identifier ${id}) and marked entered in error: not imported again.` : `Already recorded: identifier ${id}.`);
        if (earlierVersions(tx, byId).some((v) => sameResult(v, l))) return present(w, l, `Matches an earlier version of the result with identifier ${id}, since corrected: not imported again.`);
        reject(`A result with identifier ${quote(idText(matchable(l.identifiers)[0]!), 120)} is already stored with other values (${byId.row.collectedOn}): a lab sends a changed result as amended or corrected.`);
      }
      const known = stored.get(p.id)?.get(byValue);
      if (known) return present(w, l, known);
      const accessionKnown = byAcc ? stored.get(p.id)?.get(byAcc) : undefined;
      if (accessionKnown && !identified) reject(`${accessionKnown.replace(/\.$/, '')}, but with another value: a lab sends a changed result as amended or corrected.`);
      const twin = seen.get(byValue);
      if (twin && !identified) return present(w, l, `The same result as ${twin} in this Bundle.`);
      insertNew(w, p, l, warnings, identified);
      seen.set(byValue, l.label);
    });
  }
}
