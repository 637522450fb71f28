import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { Pager } from '@/app/ui/pager';
import { requireUser } from '@/lib/dal/session';
import { listWorklist, type WorklistRow } from '@/lib/dal/worklist';
import { listPhysicians } from '@/lib/dal/users';
import { SIGNAL_CODES } from '@/lib/domain/signals';
import { ANTIBODY_CLASS_LABELS } from '@/lib/domain/antibody';
import { ANALYTE_LABELS } from '@/lib/validation/labs';
import { Badge } from '@/app/ui/badge';
import { fmtNum } from '@/app/ui/format';
import { LEVEL_LABEL, LEVEL_TONE, signalTitle, TREND_ARROW, TREND_WORD } from '@/app/ui/signal-labels';
import type { Trend } from '@/lib/domain/summary';

export const metadata: Metadata = { title: 'Worklist' };
type Search = Promise<Record<string, string | string[] | undefined>>;

function TrendMark({ trend }: { trend: Trend }) {
  return trend ? <span aria-label={TREND_WORD[trend]} title={TREND_WORD[trend]}> {TREND_ARROW[trend]}</span> : null;
}

/**
 * The most important signal with its badge, the others on one line of text (level and
 * date kept): 25 rows of up to five signals each were most of the worklist's markup
 * and of its render time (docs/performance.md).
 */
function SignalsCell({ signals }: { signals: WorklistRow['signals'] }) {
  const [top, ...rest] = signals;
  if (!top) return <td>—</td>;
  return (
    <td>
      <Badge tone={LEVEL_TONE[top.level]}>{LEVEL_LABEL[top.level]}</Badge>{` ${signalTitle(top.code)} `}<span className="muted">{`since ${top.since}`}</span>
      {rest.length ? <div className="muted">{`Also: ${rest.map((x) => `${signalTitle(x.code)} (${(LEVEL_LABEL[x.level] ?? x.level).toLowerCase()}, since ${x.since})`).join('; ')}`}</div> : null}
    </td>
  );
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
        <table className="table" data-testid="worklist">
          <thead><tr><th>Patient</th><th>Signals</th><th className="num">Latest titer</th><th className="num">Latest CK</th><th className="num">Latest MMT-8</th><th>Physician</th></tr></thead>
          <tbody>
            {list.items.map((r) => (
              <tr key={r.patientId} data-testid={`worklist-${r.mrn}`}>
                <td><Link href={`/patients/${r.patientId}`}>{r.name}</Link><div className="muted">{r.mrn}</div></td>
                <SignalsCell signals={r.signals} />
                <td className="num">{r.snapshot.titer ? <>{ANALYTE_LABELS[r.snapshot.titer.analyte as keyof typeof ANALYTE_LABELS]} {r.snapshot.titer.display}{r.snapshot.titer.cls ? ` (${ANTIBODY_CLASS_LABELS[r.snapshot.titer.cls]})` : ''}<TrendMark trend={r.snapshot.titer.trend} /><div className="muted">{r.snapshot.titer.on}</div></> : '—'}</td>
                <td className="num">{r.snapshot.ck ? <>{fmtNum(r.snapshot.ck.valueUL, 0)} U/L{r.snapshot.ck.high ? ' ▲ high' : ''}<TrendMark trend={r.snapshot.ck.trend} /><div className="muted">{r.snapshot.ck.on}</div></> : '—'}</td>
                <td className="num">{r.snapshot.mmt ? <>{r.snapshot.mmt.total}/{r.snapshot.mmt.max}<TrendMark trend={r.snapshot.mmt.trend} /><div className="muted">{r.snapshot.mmt.on}</div></> : '—'}</td>
                <td>{r.physicianName ?? '—'}</td>
              </tr>
            ))}
            {list.items.length === 0 ? <tr><td colSpan={6} className="muted">No patients match.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <Pager page={list.page} pages={list.pages} href={href} />
    </>
  );
}
