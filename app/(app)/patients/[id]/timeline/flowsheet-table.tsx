'use client';
import { useEffect, useMemo, useRef } from 'react';
import type { Flowsheet } from '@/lib/domain/timeline/flowsheet';
import { sliceFlowsheet } from '@/lib/domain/timeline/flowsheet-view';

/**
 * Scrolls the flowsheet to its newest dates so that the first visible date column
 * starts exactly where the frozen "Measure" column ends (a column half under it read
 * "0.55×" as ".55×"). When that position is past the end, a little padding at the
 * right makes it reachable. The scroll-padding lets manual scrolling snap the same way.
 */
function scrollToNewest(el: HTMLDivElement): void {
  const head = el.querySelector('thead tr');
  const cells = head ? ([...head.children] as HTMLElement[]) : [];
  const frozen = cells[0];
  el.style.paddingRight = '0px';
  if (!frozen) return;
  // Its width only: a sticky cell's offsetLeft already includes how far it is stuck.
  const frozenEnd = frozen.offsetWidth;
  el.style.scrollPaddingLeft = `${frozenEnd}px`;
  const max = el.scrollWidth - el.clientWidth;
  const target = cells.slice(1).map((c) => c.offsetLeft - frozenEnd).find((x) => x >= max - 0.5) ?? max;
  if (target > max) el.style.paddingRight = `${Math.ceil(target - max)}px`;
  el.scrollLeft = target;
}

/**
 * The flowsheet of the selected window: one column per date, a row per measure.
 * The accessible twin of the panels (real table headers for screen readers,
 * printable). The CSV link asks the server for the same window, built by the same
 * slice function, so the file holds exactly these cells (and the export is audited).
 */
export function FlowsheetTable({ sheet, from, to, patientId, canExport, onNear }: {
  sheet: Flowsheet; from: string; to: string; patientId: number; canExport: boolean;
  /** Called when the table nears the screen or takes the focus (the view then shows every date of the window). */
  onNear?: () => void;
}) {
  const view = useMemo(() => sliceFlowsheet(sheet, from, to), [sheet, from, to]);
  const wrap = useRef<HTMLDivElement>(null);
  // Newest results are at the right: start scrolled there, with a column's left edge at
  // the frozen first column's right edge, so no value starts hidden under it.
  // Again when the table's size changes after that (fonts, the data arriving): the user's own scrolling never resizes it.
  // Only once the table nears the screen: measuring it forces a layout of the page, which
  // done as the data arrived added to the page's longest task (issue 24).
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const table = el.querySelector('table');
    let resized: ResizeObserver | null = null;
    const shown = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      onNear?.();
      if (resized) return;
      scrollToNewest(el);
      resized = new ResizeObserver(() => scrollToNewest(el));
      if (table) resized.observe(table);
    }, { rootMargin: '600px 0px' });
    shown.observe(el);
    return () => {
      shown.disconnect();
      resized?.disconnect();
    };
  }, [view, onNear]);
  const csvHref = `/patients/${patientId}/timeline/csv?${new URLSearchParams({ from, to }).toString()}`;

  return (
    <div className="tl-flowsheet">
      <div className="section-head">
        <h3 id="flowsheet-h">Flowsheet</h3>
        {canExport && view.dates.length ? (
          <a className="btn small secondary no-print" href={csvHref} download data-testid="flowsheet-csv">Download CSV ({view.dates.length} dates shown)</a>
        ) : null}
      </div>
      {view.dates.length === 0 ? (
        <p className="muted" data-testid="flowsheet" data-columns={0} data-rows={0}>No results in the selected period.</p>
      ) : (
        <div className="table-wrap" ref={wrap} tabIndex={0} role="region" aria-labelledby="flowsheet-h" onFocus={onNear}>
          <table className="table flowsheet" data-testid="flowsheet" data-columns={view.dates.length} data-rows={view.rows.length}>
            <caption className="visually-hidden">
              Results from {from} to {to}, one column per date. Abnormal values carry a word or letter: Positive, Borderline, Strong positive, H (high), L (low). &quot;(lab: Negative ≠ cut-off)&quot; marks a titer whose lab category differs from the class its number reads at the cut-off.
            </caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                {view.dates.map((d) => <th key={d} scope="col" className="num">{d}</th>)}
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <tr key={r.key} className={`fs-${r.group}`} data-row={r.key}>
                  <th scope="row">{r.label}</th>
                  {r.cells.map((c, i) => (
                    <td key={view.dates[i]} className={c?.abnormal ? 'num abnormal' : 'num'} title={c?.title}>
                      {c ? (c.abnormal ? <strong>{c.text}</strong> : c.text) : ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="print-only hint">Flowsheet: the 6 most recent dates of the period are printed; the full table is on screen and in the CSV.</p>
    </div>
  );
}
