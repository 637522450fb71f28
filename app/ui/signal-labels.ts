import { SIGNAL_TITLES } from '@/lib/domain/signals';
import type { Tone } from './badge';

/** Title of a stored signal code (stored codes are plain strings). */
export function signalTitle(code: string): string {
  return (SIGNAL_TITLES as Record<string, string>)[code] ?? code;
}

export const LEVEL_TONE: Record<string, Tone> = { action: 'info', warning: 'danger', info: 'neutral' };
export const LEVEL_LABEL: Record<string, string> = { action: 'Discuss', warning: 'Warning', info: 'Info' };
export const TREND_ARROW: Record<string, string> = { up: '↑', down: '↓', flat: '→' };
export const TREND_WORD: Record<string, string> = { up: 'rising', down: 'falling', flat: 'stable' };
