import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { Pager } from '@/app/ui/pager';
import { requireUser } from '@/lib/dal/session';
import { listWorklist, type WorklistAck, type WorklistRow, type WorklistSignal } from '@/lib/dal/worklist';
import { listPhysicians } from '@/lib/dal/users';
import { SIGNAL_CODES } from '@/lib/domain/signals';
import { analyteName, ANTIBODY_CLASS_LABELS } from '@/lib/domain/vocabulary';
import { fmtNum } from '@/app/ui/format';
import { LEVEL_LABEL, LEVEL_TONE, signalTitle, TREND_ARROW, TREND_WORD } from '@/app/ui/signal-labels';
import type { PatientSnapshot, Trend } from '@/lib/domain/summary';
import { WorklistTable, type WorklistLine, type WorklistSignalLine } from './worklist-table';

export const metadata: Metadata = { title: 'Worklist' };
type Search = Promise<Record<string, string | string[] | undefined>>;

const trendOf = (trend: Trend) => (trend ? { arrow: TREND_ARROW[trend]!, word: TREND_WORD[trend]! } : null);
const ackLine = (a: WorklistAck | null) => (a ? { by: a.by, on: a.at.slice(0, 10), note: a.note } : null);

const signalLine = (s: WorklistSignal): WorklistSignalLine => ({
  tone: LEVEL_TONE[s.level] ?? 'neutral', label: LEVEL_LABEL[s.level] ?? 'Signal', title: signalTitle(s.code), since: s.since,
  acknowledged: ackLine(s.acknowledged), lapsed: ackLine(s.lapsed),
});

/** "Mi-2α 12 units (Positive)"; a category-only result reads once ("Mi-2α Negative"), not "Negative (Negative)". */
function titerText(t: NonNullable<PatientSnapshot['titer']>): string {
  const cls = t.cls ? ANTIBODY_CLASS_LABELS[t.cls] : null;
  const repeat = cls !== null && t.display.trim().toLowerCase() === cls.toLowerCase();
  return `${analyteName(t.analyte)} ${t.display}${cls && !repeat ? ` (${cls})` : ''}`;
}

/** A worklist row as display text: every signal with its level, date and acknowledgement, and each latest measure with its trend. */
function lineOf(r: WorklistRow): WorklistLine {
  const { titer, ck, mmt } = r.snapshot;
  return {
    id: r.patientId, mrn: r.mrn, name: r.name, physician: r.physicianName ?? '—', handled: r.handled,
    signals: r.signals.map(signalLine),
    titer: titer ? { text: titerText(titer), on: titer.on, trend: trendOf(titer.trend) } : null,
    ck: ck ? { text: `${fmtNum(ck.valueUL, 0)} U/L${ck.high ? ' ▲ high' : ''}`, on: ck.on, trend: trendOf(ck.trend) } : null,
    mmt: mmt ? { text: `${mmt.total}/${mmt.max}`, on: mmt.on, trend: trendOf(mmt.trend) } : null,
  };
}

/** Home: patients with active signals, most important first. */
export default async function WorklistPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireUser();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const list = listWorklist(actor, raw);
  const physicians = listPhysicians(actor);
  const q = list.query;
  const href = (page: number) => `?${new URLSearchParams({
    ...(q.signal ? { signal: q.signal } : {}), ...(q.physician ? { physician: String(q.physician) } : {}), ...(q.due ? { due: '1' } : {}),
    ...(q.show ? { show: q.show } : {}), page: String(page),
  })}`;
  const months = `${list.dueIntervalMonths} month${list.dueIntervalMonths === 1 ? '' : 's'}`;
  return (
    <>
      <div className="section-head">
        <h1>{q.due ? 'Due for labs' : 'Worklist'}</h1>
        <Link href="/signals/how">How signals work</Link>
      </div>
      <form className="card row" method="get" aria-label="Filter the worklist">
        <div className="field"><label htmlFor="w-signal">Signal</label>
          <select id="w-signal" name="signal" defaultValue={q.signal ?? ''}><option value="">Any</option>{SIGNAL_CODES.map((c) => <option key={c} value={c}>{signalTitle(c)}</option>)}</select>
        </div>
        <div className="field"><label htmlFor="w-phys">Physician</label>
          <select id="w-phys" name="physician" defaultValue={q.physician ?? ''}><option value="">Any</option>{physicians.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select>
        </div>
        <div className="field"><label htmlFor="w-show">Show</label>
          <select id="w-show" name="show" defaultValue={q.show ?? 'all'}><option value="all">All</option><option value="attention">Needs attention</option></select>
        </div>
        <label className="row"><input type="checkbox" name="due" value="1" defaultChecked={!!q.due} /> {`Due for labs (titer followed, none in ${months})`}</label>
        <button className="btn" type="submit">Apply</button>
      </form>
      <p className="muted" aria-live="polite">
        {`${list.total} patient${list.total === 1 ? '' : 's'}`}
        {q.due ? ` whose anti-Mi2 titer is followed (anti-Mi2-positive diagnosis or a positive result) with no titer in ${months}; the interval is a site setting.`
          : q.show === 'attention' ? ' with a signal nobody has acknowledged yet.' : '. Unacknowledged signals first; handled ones after.'}
      </p>
      <div className="table-wrap">
        <WorklistTable lines={list.items.map(lineOf)} />
      </div>
      <Pager page={list.page} pages={list.pages} href={href} />
    </>
  );
}
