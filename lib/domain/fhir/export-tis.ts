/**
 * The 2016 ACR/EULAR Total Improvement Score of each visit as a derived FHIR
 * Observation (docs/clinical/tis.md; Aggarwal et al., Ann Rheum Dis
 * 2017;76:792). The score is the one the patient page shows by default
 * (lib/domain/response.ts visitResponses: baseline = the first live visit, the
 * baseline's most abnormal enzyme followed), so the export never disagrees with the
 * screen. Only complete scores are sent; status `preliminary` because the formulas
 * are still to be verified (section 5). Exported, never imported: Titerline
 * recomputes it from the measures.
 */
import { visitResponses } from '../response';
import { enzymeRangeChangeText, TIS_MEASURES } from '../tis';
import type { EnzymeResult } from '../types';
import { localCoding, VISIT_CODES } from './codes';
import { concept, fhirId, observationReference, patientReference, quantity, type FhirVisitRow } from './export-input';
import type { Observation, ObservationComponent } from './types';

const MEASURE_LABEL: Readonly<Record<(typeof TIS_MEASURES)[number], string>> = {
  physicianGlobal: 'physician global activity', patientGlobal: 'patient global activity', mmt: 'MMT-8', haq: 'HAQ-DI',
  enzyme: 'muscle enzyme', extramuscular: 'extramuscular activity',
};

const CATEGORY_TEXT = { none: 'No improvement', minimal: 'Minimal improvement', moderate: 'Moderate improvement', major: 'Major improvement' } as const;

/** One preliminary TIS Observation per visit after the baseline whose score is complete. */
export function tisObservations(patientId: number, visits: readonly FhirVisitRow[], enzymes: readonly EnzymeResult[]): Observation[] {
  const { baselineVisitId, responses } = visitResponses(visits, enzymes);
  const baseline = visits.find((v) => v.id === baselineVisitId);
  if (!baseline) return [];
  const c = VISIT_CODES.tis;
  return responses.flatMap(({ visitId, visitOn, tis }) => {
    if (!tis || tis.score === null || tis.category === null) return [];
    const points: ObservationComponent[] = TIS_MEASURES.map((m) => ({
      code: concept([localCoding(`tis-points-${m}`, `TIS points: ${MEASURE_LABEL[m]}`)]),
      valueQuantity: quantity(tis.points[m] ?? 0, '{score}', '{score}'),
    }));
    return [{
      resourceType: 'Observation',
      id: fhirId.tis(visitId),
      status: 'preliminary',
      code: concept([localCoding(c.code, c.display)], c.display),
      subject: patientReference(patientId),
      effectiveDateTime: visitOn,
      valueQuantity: quantity(tis.score, '{score}', '{score}'),
      interpretation: [{ text: `${CATEGORY_TEXT[tis.category]} (adult thresholds 20/40/60)` }],
      note: [
        { text: `Provisional: the scoring formulas are still to be verified against the paper's supplement. Baseline visit ${baseline.visitOn}.` },
        ...(tis.enzymeRangeChange ? [{ text: enzymeRangeChangeText(tis.enzymeRangeChange) }] : []),
      ],
      derivedFrom: [observationReference(fhirId.visit(baseline.id)), observationReference(fhirId.visit(visitId))],
      component: points,
    } satisfies Observation];
  });
}
