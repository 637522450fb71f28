'use client';
import { useState } from 'react';
import { Badge, type Tone } from '@/app/ui/badge';
import { AcknowledgeForm } from './acknowledge-form';

/** A stored signal as the page shows it; titles and labels are resolved on the server (signals-section.tsx). */
export interface SignalLine {
  id: number;
  code: string;
  level: string;
  tone: Tone;
  label: string;
  title: string;
  since: string;
  explanation: string;
  evidence: { citation: string; url: string | null; doi: string | null };
  acknowledged: { note: string; at: string; by: string } | null;
  lapsed: { note: string; at: string; by: string } | null;
}

function SignalHead({ s }: { s: SignalLine }) {
  return (
    <>
      <Badge tone={s.tone}>{s.label}</Badge> <strong>{s.title}</strong>
      <span className="muted">{` since ${s.since}`}</span>
      {s.acknowledged ? <> <Badge tone="ok">Acknowledged</Badge> <span className="muted">{`by ${s.acknowledged.by} on ${s.acknowledged.at.slice(0, 10)}: “${s.acknowledged.note}”`}</span></> : null}
      {!s.acknowledged && s.lapsed ? (
        <> <Badge tone="warn">New since acknowledged</Badge> <span className="muted">{`acknowledged by ${s.lapsed.by} on ${s.lapsed.at.slice(0, 10)}; a new result changed the evidence`}</span></>
      ) : null}
    </>
  );
}

function SignalBody({ s, patientId, canAcknowledge }: { s: SignalLine; patientId: number; canAcknowledge: boolean }) {
  return (
    <>
      <p>{s.explanation}</p>
      <p className="hint">Evidence: {s.evidence.url ? <a href={s.evidence.url} rel="noreferrer noopener" target="_blank">{s.evidence.citation}</a> : s.evidence.citation}{s.evidence.doi ? ` doi:${s.evidence.doi}` : ''}</p>
      {canAcknowledge && !s.acknowledged ? <AcknowledgeForm patientId={patientId} signalId={s.id} title={s.title} /> : null}
    </>
  );
}

/**
 * An informational signal: one line, opened for its explanation, evidence and
 * acknowledgement. The body is rendered when opened, not sent closed with every
 * view: a long record has several of these, each with its own form (the printed
 * summary lists every signal with its explanation: timeline-summary.tsx).
 */
function InfoSignal({ s, patientId, canAcknowledge }: { s: SignalLine; patientId: number; canAcknowledge: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary><SignalHead s={s} /></summary>
      {open ? <SignalBody s={s} patientId={patientId} canAcknowledge={canAcknowledge} /> : null}
    </details>
  );
}

/** Informational signals shown in full: why the tapering signal is not there is read beside it. */
const SHOWN_IN_FULL = new Set(['taper-withheld']);

/**
 * What to discuss and warnings in full, informational signals one line each (open for
 * the explanation). Rendered from plain data: as a tree of server-rendered elements the
 * list cost the server twice (docs/performance.md).
 */
export function SignalList({ signals, patientId, canAcknowledge }: { signals: SignalLine[]; patientId: number; canAcknowledge: boolean }) {
  return (
    <ul className="signal-list">
      {signals.map((s) => (
        <li key={s.id} className={`signal ${s.level}`} data-testid={`signal-${s.code}`}>
          {s.level === 'info' && !SHOWN_IN_FULL.has(s.code) ? (
            <InfoSignal s={s} patientId={patientId} canAcknowledge={canAcknowledge} />
          ) : (
            <>
              <div><SignalHead s={s} /></div>
              <SignalBody s={s} patientId={patientId} canAcknowledge={canAcknowledge} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
