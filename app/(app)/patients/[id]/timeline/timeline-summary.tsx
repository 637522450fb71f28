'use client';
import type { LatestValue } from '@/lib/domain/timeline/build';
import type { SignalLine } from '../signal-list';

// Client components given data (latest values, the signal list's own rows): a server-rendered
// tree would be sent twice, as HTML and as React's payload (docs/decisions/0013).

/** The latest value of each measure, abnormal ones marked in words (and bold), not only colour. */
export function LatestValues({ latest }: { latest: LatestValue[] }) {
  if (latest.length === 0) return null;
  return (
    <div className="tl-latest" data-testid="timeline-latest">
      <h3>Latest values</h3>
      <dl className="inline-dl">
        {latest.map((v) => (
          <div key={v.key} data-testid={`latest-${v.key}`}>
            <dt>{v.label}</dt>
            <dd className={v.abnormal ? 'abnormal' : undefined}>
              {v.abnormal ? <strong>{v.text}</strong> : v.text} <span className="muted">({v.date})</span>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/**
 * Active signals for the printed clinic summary only: on screen they have their
 * own section with the evidence and acknowledgement; on paper one line each.
 */
export function PrintedSignals({ signals }: { signals: SignalLine[] }) {
  return (
    <div className="print-only tl-print-signals">
      <h3>Active signals</h3>
      {signals.length === 0 ? <p className="muted">None.</p> : (
        <ul>
          {signals.map((s) => (
            <li key={s.id}>
              <strong>{`${s.label}: ${s.title}`}</strong> (since {s.since}
              {s.acknowledged ? `; acknowledged by ${s.acknowledged.by} on ${s.acknowledged.at.slice(0, 10)}` : ''}). {s.explanation}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
