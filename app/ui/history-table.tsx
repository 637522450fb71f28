import type { HistoryEntry } from '@/lib/dal/history';

const HIDDEN = new Set(['id', 'patientId', 'createdBy', 'createdAt', 'updatedAt', 'version', 'searchText']);

/** Earlier versions of a row next to the current one: what changed, when, by whom, why. */
export function HistoryTable({ current, history }: { current: Record<string, string>; history: HistoryEntry[] }) {
  if (history.length === 0) return <p className="muted" data-testid="history-empty">No corrections: this is the original entry.</p>;
  const keys = Object.keys(current).filter((k) => !HIDDEN.has(k));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="history-table">
        <thead><tr><th>Version</th><th>Changed</th><th>By</th><th>Reason</th>{keys.map((k) => <th key={k}>{k}</th>)}</tr></thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.version}>
              <td className="num">{h.version}</td>
              <td>{h.changedAt.slice(0, 16).replace('T', ' ')}</td>
              <td>{h.changedBy ?? '—'}</td>
              <td>{h.changeReason}</td>
              {keys.map((k) => <td key={k}>{String(h.data[k] ?? '')}</td>)}
            </tr>
          ))}
          <tr><td className="num">current</td><td colSpan={3} className="muted">as shown now</td>{keys.map((k) => <td key={k}>{current[k]}</td>)}</tr>
        </tbody>
      </table>
    </div>
  );
}
