export type Tone = 'neutral' | 'ok' | 'warn' | 'danger' | 'info';

/** A small label; the text always carries the meaning, colour only repeats it. */
export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: React.ReactNode; title?: string }) {
  return (
    <span className={`badge ${tone}`} title={title}>
      {children}
    </span>
  );
}
