'use client';
import { Link } from '@/app/ui/link';
import { Badge, type Tone } from '@/app/ui/badge';

/** One measure of a worklist row as shown: the value text, its date and its trend. */
export interface WorklistMeasure { text: string; on: string; trend: { arrow: string; word: string } | null }

/** A worklist row as display strings, prepared on the server (app/(app)/page.tsx). */
export interface WorklistLine {
  id: number;
  mrn: string;
  name: string;
  physician: string;
  top: { tone: Tone; label: string; title: string; since: string } | null;
  also: string;
  titer: WorklistMeasure | null;
  ck: WorklistMeasure | null;
  mmt: WorklistMeasure | null;
}

function MeasureCell({ m }: { m: WorklistMeasure | null }) {
  if (!m) return <td className="num">—</td>;
  return (
    <td className="num">
      {m.text}
      {m.trend ? <span aria-label={m.trend.word} title={m.trend.word}>{` ${m.trend.arrow}`}</span> : null}
      <div className="muted">{m.on}</div>
    </td>
  );
}

/**
 * The worklist's table, rendered from plain rows of text. The rows travel to the
 * browser as data, not as a tree of server-rendered elements: the same table cost
 * the server twice as much as an element tree in React's payload
 * (docs/performance.md, docs/decisions/0013).
 */
export function WorklistTable({ lines }: { lines: WorklistLine[] }) {
  return (
    <table className="table" data-testid="worklist">
      <thead><tr><th>Patient</th><th>Signals</th><th className="num">Latest titer</th><th className="num">Latest CK</th><th className="num">Latest MMT-8</th><th>Physician</th></tr></thead>
      <tbody>
        {lines.map((r) => (
          <tr key={r.id} data-testid={`worklist-${r.mrn}`}>
            <td><Link href={`/patients/${r.id}`}>{r.name}</Link><div className="muted">{r.mrn}</div></td>
            {r.top ? (
              <td>
                <Badge tone={r.top.tone}>{r.top.label}</Badge>{` ${r.top.title} `}<span className="muted">{`since ${r.top.since}`}</span>
                {r.also ? <div className="muted">{r.also}</div> : null}
              </td>
            ) : <td>—</td>}
            <MeasureCell m={r.titer} />
            <MeasureCell m={r.ck} />
            <MeasureCell m={r.mmt} />
            <td>{r.physician}</td>
          </tr>
        ))}
        {lines.length === 0 ? <tr><td colSpan={6} className="muted">No patients match.</td></tr> : null}
      </tbody>
    </table>
  );
}
