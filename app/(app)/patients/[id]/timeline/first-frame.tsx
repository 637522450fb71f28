import type { CSSProperties } from 'react';
import type { LegendItem, SketchPanel } from '@/lib/domain/timeline/sketch';
import { BOX, type SketchMark, type SketchTick } from '@/lib/domain/timeline/sketch-geometry';
import { laneLabel } from './lane-label';
import type { KeySwitch } from './series-key';
import { EDGE_SPILL, PLOT_RIGHT, PLOT_TOP, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './panel-geometry';
import { toneColor, X_GRID, Y_GRID } from './palette';

/**
 * A panel's first frame: the opening window drawn as SVG by the server, in the page's
 * HTML, so the record opens with its charts on screen before any JavaScript has run
 * (issue 24; decision 0041). It sits where the chart's plot area will be
 * (panel-geometry.ts), on the same ticks, and the chart's canvas covers it once drawn
 * (the stylesheet hides it then). It stays, with the flowsheet, if the chart code cannot
 * load. Stretched to any width: dots and bars keep their size in pixels
 * (non-scaling strokes, in the stylesheet). Hidden from assistive technology: the chart's label and the
 * flowsheet say the same.
 */
function Mark({ mark, lineWidth }: { mark: SketchMark; lineWidth: number }) {
  // Stroke and fill rules are the stylesheet's (.tl-frame-plot): the markup stays small.
  const color = toneColor(mark.tone, mark.alpha);
  switch (mark.kind) {
    case 'area':
      return <path className="a" d={mark.d} fill={color} />;
    case 'rule':
      return <path d={mark.d} stroke={color} />;
    case 'dashed':
      return <path className="dash" d={mark.d} stroke={color} />;
    case 'line':
      return <path className="line" d={mark.d} stroke={color} strokeWidth={lineWidth} />;
    case 'dot':
      return <path className="dot" d={mark.d} stroke={color} />;
    case 'bar':
      return <path className="bar" d={mark.d} stroke={color} />;
    default: // a ring: hollow, for censored, category-only and within-range results, signals and partial exams
      return <><path className="ring" d={mark.d} stroke={color} /><path className="hole" d={mark.d} /></>;
  }
}

/**
 * A time label's classes: on a narrow panel the stylesheet keeps every second label
 * (k2 hidden), on a phone-width one every third (k3 hidden), so that up to seven labels
 * such as "Mar 2026" never print over each other before the chart, which skips labels
 * that collide, takes over. The grid lines stay at every tick.
 */
const xLabelClass = (i: number) => `tl-frame-x${i % 2 ? ' k2' : ''}${i % 3 ? ' k3' : ''}`;

/** Where a time tick's label goes: its share of the plot area's width, after the y axis. */
const xLeft = (t: SketchTick) => `calc(${Y_AXIS_WIDTH}px + (100% - ${Y_AXIS_WIDTH + PLOT_RIGHT}px) * ${t.at / BOX})`;

export function FirstFrame({ panel, x, height, title, lineWidth = 2, lanes = false }: {
  panel: SketchPanel; x: SketchTick[]; height: number; title?: string; lineWidth?: number; lanes?: boolean;
}) {
  const plot = height - PLOT_TOP - X_AXIS_HEIGHT;
  const spill = (EDGE_SPILL / plot) * BOX;
  // Sized outright: an SVG's auto size is its default 300 x 150, whatever its insets.
  const plotBox: CSSProperties = { top: PLOT_TOP - EDGE_SPILL, left: Y_AXIS_WIDTH, width: `calc(100% - ${Y_AXIS_WIDTH + PLOT_RIGHT}px)`, height: plot + 2 * EDGE_SPILL };
  return (
    <div className="tl-frame" aria-hidden="true" data-testid="first-frame">
      {title ? <span className="tl-frame-title" style={{ top: PLOT_TOP, height: plot }}>{title}</span> : null}
      {panel.y.map((t) => (
        <span key={`${t.at}-${t.label}`} className={lanes ? 'tl-frame-y lane' : 'tl-frame-y'} style={{ top: PLOT_TOP + (t.at / BOX) * plot, right: `calc(100% - ${Y_AXIS_WIDTH - 11}px)` }}>
          {lanes ? laneLabel(t.label).map((line, i) => <span key={i}>{line}</span>) : t.label}
        </span>
      ))}
      {x.map((t, i) => <span key={t.at} className={xLabelClass(i)} style={{ left: xLeft(t), top: height - X_AXIS_HEIGHT + 11 }}>{t.label}</span>)}
      <svg className="tl-frame-plot" style={plotBox} viewBox={`0 ${-spill} ${BOX} ${BOX + 2 * spill}`} preserveAspectRatio="none" focusable="false">
        <path d={x.map((t) => `M${t.at} 0V${BOX}`).join('')} stroke={X_GRID} />
        {lanes ? null : <path d={panel.y.map((t) => `M0 ${t.at}H${BOX}`).join('')} stroke={Y_GRID} />}
        {panel.marks.map((m, i) => <Mark key={i} mark={m} lineWidth={lineWidth} />)}
      </svg>
    </div>
  );
}

/**
 * The panel's key above its plot: the chart draws none of its own (the same for frame and
 * chart). Once the chart has drawn, each entry is a button that hides or shows its series.
 */
export function PanelLegend({ items, toggle }: { items: LegendItem[]; toggle?: KeySwitch }) {
  if (!items.length) return null;
  return (
    <ul className="tl-legend">
      {items.map((it) => {
        const swatch = <span className={`tl-swatch ${it.kind}`} style={{ '--tone': toneColor(it.tone) } as CSSProperties} aria-hidden="true" />;
        const shown = !toggle?.hidden.has(it.label);
        return (
          <li key={`${it.tone}-${it.label}`}>
            {toggle ? (
              <button type="button" aria-pressed={shown} title={shown ? 'Hide from the chart' : 'Show on the chart'} onClick={() => toggle.flip(it.label)}>{swatch}{it.label}</button>
            ) : <>{swatch}{it.label}</>}
          </li>
        );
      })}
    </ul>
  );
}
