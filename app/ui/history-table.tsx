import type { HistoryEntry } from '@/lib/dal/history';
import { historyColumns, historyValue, type HistoryContext } from '@/lib/domain/history-display';

/**
 * Earlier versions of a row next to the current one: what changed, when, by whom, why.
 * Columns and values in clinical words (lib/domain/history-display.ts); internal columns
 * (ids, versions, timestamps) have no label and are never shown.
 */
export function HistoryTable({ current, history, context = {} }: { current: Record<string, string>; history: HistoryEntry[]; context?: HistoryContext }) {
  if (history.length === 0) return <p className="muted" data-testid="history-empty">No corrections: this is the original entry.</p>;
  const columns = historyColumns(Object.keys(current));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="history-table">
        <thead><tr><th>Version</th><th>Changed</th><th>By</th><th>Reason</th>{columns.map((c) => <th key={c.key}>{c.label}</th>)}</tr></thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.version}>
              <td className="num">{h.version}</td>
              <td>{h.changedAt.slice(0, 16).replace('T', ' ')}</td>
              <td>{h.changedBy ?? '—'}</td>
              <td>{h.changeReason}</td>
              {columns.map((c) => <td key={c.key}>{historyValue(c.key, h.data[c.key], context)}</td>)}
            </tr>
          ))}
          <tr><td className="num">Current</td><td colSpan={3} className="muted">as shown now</td>{columns.map((c) => <td key={c.key}>{historyValue(c.key, current[c.key], context)}</td>)}</tr>
        </tbody>
      </table>
    </div>
  );
}
