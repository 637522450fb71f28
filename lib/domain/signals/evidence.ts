/** Evidence links shown with each signal (docs/clinical/evidence.md). */
import type { SignalEvidence } from './types';

/** The study the product is built on. */
export const PINAL_FERNANDEZ_2019: SignalEvidence = Object.freeze({
  citation:
    'Pinal-Fernandez I, et al. More prominent muscle involvement in patients with dermatomyositis with anti-Mi2 autoantibodies. Neurology 2019;93(19):e1768-e1777.',
  doi: '10.1212/WNL.0000000000008443',
  url: 'https://doi.org/10.1212/WNL.0000000000008443',
});

/**
 * Re-rise evidence: anti-MDA5 levels fell in remission and re-rose before relapse in
 * 4/4 patients. A different antibody: cited as the reason re-rises matter, not as
 * proof for anti-Mi2.
 */
export const ANTI_MDA5_RERISE_2017: SignalEvidence = Object.freeze({
  citation:
    'Antimelanoma differentiation-associated protein 5 antibody level is a novel tool for monitoring disease activity in rapidly progressive interstitial lung disease with dermatomyositis. Br J Dermatol 2017;176(2):395-402 (anti-MDA5, not anti-Mi2).',
  doi: '10.1111/bjd.14882',
  url: 'https://doi.org/10.1111/bjd.14882',
});

/** Assays disagree; results are comparable only within one assay (docs/clinical/assays.md). */
export const ASSAY_AGREEMENT: SignalEvidence = Object.freeze({
  citation:
    'Commercial myositis-antibody assays disagree and weak line-blot positives are often false (BMC Rheumatol 2020; Bonroy et al. 2022): results are comparable only within one assay.',
});

/**
 * Intervals the study does not define (how often a titer is expected): a local default
 * of the clinic, cited as such, never as the study's.
 */
export const LOCAL_DEFAULT: SignalEvidence = Object.freeze({
  citation:
    'Local default set by the clinic (site settings); no study defines this interval. Anti-Mi2 levels follow disease activity (Pinal-Fernandez et al., Neurology 2019), which is why a positive patient\'s titer is followed.',
});
