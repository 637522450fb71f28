/** Level of each signal (docs/clinical/signals.md); the one place both engine and rules page read. */
import type { SignalCode, SignalLevel } from './types';

export const SIGNAL_LEVEL: Readonly<Record<SignalCode, SignalLevel>> = {
  'titer-declining': 'info',
  'titer-normalized': 'info',
  'normalization-sustained': 'info',
  'clinical-quiescence': 'info',
  'taper-discussion': 'action',
  'taper-withheld': 'info',
  'titer-rerise': 'warning',
  'same-day-conflict': 'info',
  discordance: 'info',
  'assay-change': 'info',
  'titer-overdue': 'info',
};
