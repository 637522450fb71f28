import type { Metadata } from 'next';
import { requireUser } from '@/lib/dal/session';
import { signalRulesForDisplay } from '@/lib/dal/signals';
import { Badge } from '@/app/ui/badge';
import { LEVEL_LABEL, LEVEL_TONE } from '@/app/ui/signal-labels';

export const metadata: Metadata = { title: 'How signals work' };

/** Generated from the same rule definitions and current settings the engine uses. */
export default async function HowSignalsWorkPage() {
  const actor = await requireUser();
  const rules = signalRulesForDisplay(actor);
  return (
    <>
      <h1>How signals work</h1>
      <p>
        Signals are computed from the recorded results, never typed in. They are decision support: each names the
        results that fired it and the evidence behind it, and none is a recommendation. Entered-in-error rows never count.
        The thresholds below are this site&apos;s current settings.
      </p>
      <dl className="stack" data-testid="signal-rules">
        {rules.map((r) => (
          <div key={r.code} className="card" id={r.code}>
            <dt><Badge tone={LEVEL_TONE[r.level]}>{LEVEL_LABEL[r.level]}</Badge> <strong>{r.title}</strong></dt>
            <dd style={{ margin: '.4rem 0 0' }}>
              <p>{r.description}</p>
              <p className="hint">Evidence: {r.evidence.url ? <a href={r.evidence.url} rel="noreferrer noopener" target="_blank">{r.evidence.citation}</a> : r.evidence.citation}</p>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
