/**
 * Clinical findings recorded at a visit (docs/clinical/evidence.md section 4: the
 * features the study compared: weakness, calcinosis, interstitial lung disease, fever;
 * rash and dysphagia besides). Stored in a visit's findings, in this order.
 */
export const FINDINGS = ['weakness', 'rash', 'calcinosis', 'ild', 'fever', 'dysphagia'] as const;
export type Finding = (typeof FINDINGS)[number];
export const FINDING_LABELS: Record<Finding, string> = {
  weakness: 'Weakness', rash: 'Rash', calcinosis: 'Calcinosis', ild: 'Interstitial lung disease', fever: 'Fever', dysphagia: 'Dysphagia',
};
