'use client';
import { Link } from '@/app/ui/link';
import { Badge, type Tone } from '@/app/ui/badge';

/** One measure of a worklist row as shown: the value text, its date and its trend. */
export interface WorklistMeasure { text: string; on: string; trend: { arrow: string; word: string } | null }

/** An acknowledgement as shown: who, on which day, and the note (read on hover or focus). */
export interface WorklistAckLine { by: string; on: string; note: string }

/** One signal of a row as display strings. */
export interface WorklistSignalLine {
  tone: Tone; label: string; title: string; since: string;
  acknowledged: WorklistAckLine | null;
  /** Acknowledged earlier, but the evidence changed since (a new result): shown as new. */
  lapsed: WorklistAckLine | null;
}

/** A worklist row as display strings, prepared on the server (app/(app)/page.tsx). */
export interface WorklistLine {
  id: number;
  mrn: string;
  name: string;
  physician: string;
  handled: boolean;
  signals: WorklistSignalLine[];
  titer: WorklistMeasure | null;
  ck: WorklistMeasure | null;
  mmt: WorklistMeasure | null;
}

function MeasureCell({ m, label }: { m: WorklistMeasure | null; label: string }) {
  if (!m) return <td className="num" data-label={label}>—</td>;
  return (
    <td className="num" data-label={label}>
      {m.text}
      {m.trend ? <span aria-label={m.trend.word} title={m.trend.word}>{` ${m.trend.arrow}`}</span> : null}
      <div className="muted">{m.on}</div>
    </td>
  );
}

/**
 * "Handled by Dr X on 2026-12-05": the note opens on hover and on keyboard focus (a
 * tooltip the screen reader also reads, through aria-describedby).
 */
function AckMarker({ ack, id }: { ack: WorklistAckLine; id: string }) {
  return (
    <span className="ack" tabIndex={0} aria-describedby={id} data-testid="ack-marker">
      <Badge tone="ok">Handled</Badge>
      <span className="muted">{` by ${ack.by}, ${ack.on}`}</span>
      <span role="tooltip" id={id} className="ack-note">{`Note: “${ack.note}”`}</span>
    </span>
  );
}

function SignalLineView({ s, id }: { s: WorklistSignalLine; id: string }) {
  return (
    <>
      <Badge tone={s.tone}>{s.label}</Badge>{` ${s.title} `}<span className="muted">{`since ${s.since}`}</span>
      {s.acknowledged ? <> <AckMarker ack={s.acknowledged} id={id} /></> : null}
      {!s.acknowledged && s.lapsed ? (
        <> <Badge tone="warn" title={`Acknowledged by ${s.lapsed.by} on ${s.lapsed.on}; a new result changed the evidence`}>New since acknowledged</Badge></>
      ) : null}
    </>
  );
}

function SignalsCell({ r }: { r: WorklistLine }) {
  if (!r.signals.length) return <td data-label="Signals">—</td>;
  const [top, ...rest] = r.signals;
  return (
    <td data-label="Signals" className="wl-signals">
      <div><SignalLineView s={top!} id={`ack-${r.id}-0`} /></div>
      {rest.length ? (
        <ul className="wl-also" aria-label="Other signals">
          {rest.map((s, i) => <li key={i}><SignalLineView s={s} id={`ack-${r.id}-${i + 1}`} /></li>)}
        </ul>
      ) : null}
    </td>
  );
}

/**
 * The worklist's table, rendered from plain rows of text. The rows travel to the
 * browser as data, not as a tree of server-rendered elements: the same table cost
 * the server twice as much as an element tree in React's payload
 * (docs/performance.md, docs/decisions/0013). Below 800 px each row is a card
 * (labels from data-label), so a tablet never scrolls the page sideways.
 */
export function WorklistTable({ lines }: { lines: WorklistLine[] }) {
  return (
    <table className="table stack-table" data-testid="worklist">
      <thead><tr><th>Patient</th><th>Signals</th><th className="num">Latest titer</th><th className="num">Latest CK</th><th className="num">Latest MMT-8</th><th>Physician</th></tr></thead>
      <tbody>
        {lines.map((r) => (
          <tr key={r.id} data-testid={`worklist-${r.mrn}`} className={r.handled ? 'handled' : undefined} data-handled={r.handled ? 'true' : 'false'}>
            <td data-label="Patient"><Link href={`/patients/${r.id}`}>{r.name}</Link><div className="muted">{r.mrn}</div>
              {r.handled ? <div><Badge tone="ok">All signals handled</Badge></div> : null}</td>
            <SignalsCell r={r} />
            <MeasureCell m={r.titer} label="Latest titer" />
            <MeasureCell m={r.ck} label="Latest CK" />
            <MeasureCell m={r.mmt} label="Latest MMT-8" />
            <td data-label="Physician">{r.physician}</td>
          </tr>
        ))}
        {lines.length === 0 ? <tr><td colSpan={6} className="muted">No patients match.</td></tr> : null}
      </tbody>
    </table>
  );
}
