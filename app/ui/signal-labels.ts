import { SIGNAL_LEVEL_LABELS } from '@/lib/domain/vocabulary';
import type { Tone } from './badge';

/** Title of a stored signal code: the vocabulary module's (stored codes are plain strings). */
export { signalTitle } from '@/lib/domain/vocabulary';

export const LEVEL_TONE: Record<string, Tone> = { action: 'info', warning: 'danger', info: 'neutral' };
export const LEVEL_LABEL: Record<string, string> = SIGNAL_LEVEL_LABELS;
export const TREND_ARROW: Record<string, string> = { up: '↑', down: '↓', flat: '→' };
export const TREND_WORD: Record<string, string> = { up: 'rising', down: 'falling', flat: 'stable' };
