import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { Pager } from '@/app/ui/pager';
import { requireUser } from '@/lib/dal/session';
import { listWorklist, type WorklistRow } from '@/lib/dal/worklist';
import { listPhysicians } from '@/lib/dal/users';
import { SIGNAL_CODES } from '@/lib/domain/signals';
import { ANTIBODY_CLASS_LABELS } from '@/lib/domain/antibody';
import { ANALYTE_LABELS } from '@/lib/validation/lab-labels';
import { fmtNum } from '@/app/ui/format';
import { LEVEL_LABEL, LEVEL_TONE, signalTitle, TREND_ARROW, TREND_WORD } from '@/app/ui/signal-labels';
import type { Trend } from '@/lib/domain/summary';
import { WorklistTable, type WorklistLine } from './worklist-table';

export const metadata: Metadata = { title: 'Worklist' };
type Search = Promise<Record<string, string | string[] | undefined>>;

const trendOf = (trend: Trend) => (trend ? { arrow: TREND_ARROW[trend]!, word: TREND_WORD[trend]! } : null);

/**
 * A worklist row as display text: the most important signal with its badge, the
 * others on one line (level and date kept), and each latest measure with its trend.
 */
function lineOf(r: WorklistRow): WorklistLine {
  const [top, ...rest] = r.signals;
  const { titer, ck, mmt } = r.snapshot;
  return {
    id: r.patientId, mrn: r.mrn, name: r.name, physician: r.physicianName ?? '—',
    top: top ? { tone: LEVEL_TONE[top.level] ?? 'neutral', label: LEVEL_LABEL[top.level] ?? top.level, title: signalTitle(top.code), since: top.since } : null,
    also: rest.length ? `Also: ${rest.map((x) => `${signalTitle(x.code)} (${(LEVEL_LABEL[x.level] ?? x.level).toLowerCase()}, since ${x.since})`).join('; ')}` : '',
    titer: titer ? { text: `${ANALYTE_LABELS[titer.analyte as keyof typeof ANALYTE_LABELS]} ${titer.display}${titer.cls ? ` (${ANTIBODY_CLASS_LABELS[titer.cls]})` : ''}`, on: titer.on, trend: trendOf(titer.trend) } : null,
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
  const href = (page: number) => `?${new URLSearchParams({ ...(q.signal ? { signal: q.signal } : {}), ...(q.physician ? { physician: String(q.physician) } : {}), ...(q.due ? { due: '1' } : {}), page: String(page) })}`;
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
        <label className="row"><input type="checkbox" name="due" value="1" defaultChecked={!!q.due} /> Due for labs (no recent titer)</label>
        <button className="btn" type="submit">Apply</button>
      </form>
      <p className="muted" aria-live="polite">{list.total} patient{list.total === 1 ? '' : 's'}</p>
      <div className="table-wrap">
        <WorklistTable lines={list.items.map(lineOf)} />
      </div>
      <Pager page={list.page} pages={list.pages} href={href} />
    </>
  );
}
