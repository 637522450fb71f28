/**
 * The timeline's colours, one place for both ways a panel is drawn: the interactive
 * charts and the first frame the server sends (first-frame.tsx, decision 0041). Plain
 * values, no chart code: the frame is part of the page's first load.
 */
import type { Analyte, AntibodyClass, DrugClass, EnzymeAnalyte, MmtVersion } from '@/lib/domain/types';

export const INK = '#1b2430';
export const MUTED = '#5b6675';

export const ANALYTE_COLOR: Record<Analyte, string> = { 'mi2-alpha': '#1f5fa8', 'mi2-beta': '#8a2f7a', mi2: '#1d6b5f' };
export const CLASS_FILL: Record<AntibodyClass, string> = {
  negative: 'rgba(29,107,58,0.08)', borderline: 'rgba(138,90,0,0.11)', positive: 'rgba(166,27,27,0.06)', strong: 'rgba(166,27,27,0.13)',
};
export const SIGNAL_COLOR: Record<string, string> = { action: '#1f5fa8', warning: '#a61b1b', info: '#5b6675' };

export const ENZYME_COLOR: Record<EnzymeAnalyte, string> = { ck: '#b4531f', aldolase: '#6b4fa8', ldh: '#2d6a8a', alt: '#8a6d1f', ast: '#4f7a2d' };
/** Reference range of an enzyme: its band and the band's edge. */
export const BAND = 'rgba(29,107,58,0.10)';
export const BAND_LINE = 'rgba(29,107,58,0.55)';

export const MMT_COLOR: Record<MmtVersion, string> = { unilateral: '#1d6b3a', bilateral: '#2d5a8a' };
export const PARTIAL_LANE = 'rgba(91,102,117,0.07)';
export const NEAR_FULL = 'rgba(29,107,58,0.6)';

/** Drug classes as "r,g,b": a bar's shade is its dose relative to the drug's highest. */
export const DRUG_RGB: Record<DrugClass, string> = {
  glucocorticoid: '166,93,27', antimetabolite: '31,95,168', 'calcineurin-inhibitor': '110,60,150', immunoglobulin: '29,107,90',
  'anti-cd20': '160,40,80', 'alkylating-agent': '110,60,20', antimalarial: '120,120,120', other: '90,90,90',
};

/** Grid lines: the time axis's, and the labelled ticks' of a value axis. */
export const X_GRID = 'rgba(0,0,0,0.05)';
export const Y_GRID = 'rgba(0,0,0,0.08)';

const TONES: Record<string, string> = {
  ...ANALYTE_COLOR, ...CLASS_FILL, ...ENZYME_COLOR, ...MMT_COLOR, ink: INK, muted: MUTED, band: BAND, 'band-line': BAND_LINE,
  lane: PARTIAL_LANE, 'near-full': NEAR_FULL,
  ...Object.fromEntries(Object.entries(SIGNAL_COLOR).map(([k, v]) => [`signal-${k}`, v])),
};

/** The colour of a first-frame tone (lib/domain/timeline/sketch.ts); drug classes take a shade. */
export function toneColor(tone: string, alpha?: number): string {
  const rgb = DRUG_RGB[tone as DrugClass];
  if (rgb) return `rgba(${rgb},${alpha ?? 1})`;
  return TONES[tone] ?? MUTED;
}
