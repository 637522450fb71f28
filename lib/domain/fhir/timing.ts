/**
 * A dose epoch's frequency, as clinicians type it ("daily", "twice daily", "every
 * 4 weeks"), read as FHIR R4 Timing.repeat (frequency times per period periodUnit)
 * where the words say exactly that. Anything else ("per course", "as needed", "on
 * days 1 and 15") gets no repeat: the text alone is sent, never a guessed rhythm.
 */
import type { TimingRepeat } from './types';

type Unit = NonNullable<TimingRepeat['periodUnit']>;

const UNIT_WORDS: Readonly<Record<string, Unit>> = {
  hour: 'h', hours: 'h', day: 'd', days: 'd', week: 'wk', weeks: 'wk', month: 'mo', months: 'mo', year: 'a', years: 'a',
};
const ADVERB_UNITS: Readonly<Record<string, Unit>> = { hourly: 'h', daily: 'd', weekly: 'wk', monthly: 'mo', yearly: 'a', annually: 'a' };
const TIMES: Readonly<Record<string, number>> = { once: 1, twice: 2, thrice: 3, 'three times': 3, 'four times': 4 };
const NUMBER_WORDS: Readonly<Record<string, number>> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, eight: 8, twelve: 12 };
/** Abbreviations of prescriptions (q.d., b.i.d. ...), per day. */
const PER_DAY_ABBREVIATIONS: Readonly<Record<string, number>> = { qd: 1, od: 1, bid: 2, bd: 2, tid: 3, qid: 4 };

function count(word: string): number | null {
  if (/^\d{1,3}$/.test(word)) return Number(word);
  return NUMBER_WORDS[word] ?? null;
}

/** The Timing.repeat a frequency text says exactly, or null (keep the text only). */
export function timingRepeat(frequency: string): TimingRepeat | null {
  const f = frequency.trim().toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ');
  if (!f) return null;
  const abbreviation = PER_DAY_ABBREVIATIONS[f];
  if (abbreviation) return { frequency: abbreviation, period: 1, periodUnit: 'd' };
  // "daily", "once daily", "twice weekly", "3 times daily", "once a week", "twice per month"
  const times = /^(?:(once|twice|thrice|three times|four times|(\d{1,2}) times) )?(?:(hourly|daily|weekly|monthly|yearly|annually)|(?:a|per|every) (hour|day|week|month|year))$/.exec(f);
  if (times) {
    const n = times[2] ? Number(times[2]) : times[1] ? TIMES[times[1]] : 1;
    const unit = times[3] ? ADVERB_UNITS[times[3]] : UNIT_WORDS[times[4] ?? ''];
    return n && unit ? { frequency: n, period: 1, periodUnit: unit } : null;
  }
  if (f === 'every other day' || f === 'alternate days') return { frequency: 1, period: 2, periodUnit: 'd' };
  if (f === 'fortnightly' || f === 'biweekly') return null; // "biweekly" means twice a week to some, every 2 weeks to others
  // "every 4 weeks", "every two weeks", "every 6 months", "every 12 hours"
  const every = /^every (\w+) (hours?|days?|weeks?|months?|years?)$/.exec(f);
  if (every) {
    const n = count(every[1] ?? '');
    const unit = UNIT_WORDS[every[2] ?? ''];
    return n && n > 0 && unit ? { frequency: 1, period: n, periodUnit: unit } : null;
  }
  return null;
}
