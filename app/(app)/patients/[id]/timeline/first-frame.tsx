import type { CSSProperties } from 'react';
import type { LegendItem, SketchPanel } from '@/lib/domain/timeline/sketch';
import { BOX, type SketchMark, type SketchTick } from '@/lib/domain/timeline/sketch-geometry';
import { laneLabel } from './lane-label';
import { EDGE_SPILL, PLOT_RIGHT, PLOT_TOP, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './panel-geometry';
import { toneColor, X_GRID, Y_GRID } from './palette';

/**
 * A panel's first frame: the opening window drawn as SVG by the server, in the page's
 * HTML, so the record opens with its charts on screen before any JavaScript has run
 * (issue 24; decision 0041). It sits where the chart's plot area will be
 * (panel-geometry.ts), on the same ticks, and the chart's canvas covers it once drawn
 * (the stylesheet hides it then). It stays, with the flowsheet, if the chart code cannot
 * load. Stretched to any width: dots and bars keep their size in pixels
 * (non-scaling strokes). Hidden from assistive technology: the chart's label and the
 * flowsheet say the same.
 */
const FIXED = { vectorEffect: 'non-scaling-stroke', fill: 'none' } as const;

function Mark({ mark, lineWidth }: { mark: SketchMark; lineWidth: number }) {
  const color = toneColor(mark.tone, mark.alpha);
  switch (mark.kind) {
    case 'area':
      return <path d={mark.d} fill={color} />;
    case 'rule':
    case 'dashed':
      return <path d={mark.d} stroke={color} strokeWidth={1} strokeDasharray={mark.kind === 'dashed' ? '6 4' : undefined} style={FIXED} />;
    case 'line':
      return <path d={mark.d} stroke={color} strokeWidth={lineWidth} strokeLinejoin="round" style={FIXED} />;
    case 'dot':
      return <path d={mark.d} stroke={color} strokeWidth={8} strokeLinecap="round" style={FIXED} />;
    case 'bar':
      return <path d={mark.d} stroke={color} strokeWidth={16} style={FIXED} />;
    default: // a ring: hollow, for censored, category-only and within-range results, signals and partial exams
      return (
        <g strokeLinecap="round" style={FIXED}>
          <path d={mark.d} stroke={color} strokeWidth={9} style={FIXED} />
          <path d={mark.d} stroke="#fff" strokeWidth={5} style={FIXED} />
        </g>
      );
  }
}

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
      {x.map((t) => <span key={t.at} className="tl-frame-x" style={{ left: xLeft(t), top: height - X_AXIS_HEIGHT + 11 }}>{t.label}</span>)}
      <svg className="tl-frame-plot" style={plotBox} viewBox={`0 ${-spill} ${BOX} ${BOX + 2 * spill}`} preserveAspectRatio="none" focusable="false">
        {x.map((t) => <path key={t.at} d={`M${t.at} 0V${BOX}`} stroke={X_GRID} style={FIXED} />)}
        {lanes ? null : panel.y.map((t) => <path key={t.at} d={`M0 ${t.at}H${BOX}`} stroke={Y_GRID} style={FIXED} />)}
        {panel.marks.map((m, i) => <Mark key={i} mark={m} lineWidth={lineWidth} />)}
      </svg>
    </div>
  );
}

/** The panel's key above its plot: the chart draws none of its own (the same for frame and chart). */
export function PanelLegend({ items }: { items: LegendItem[] }) {
  if (!items.length) return null;
  return (
    <ul className="tl-legend">
      {items.map((it) => (
        <li key={`${it.tone}-${it.label}`}><span className={`tl-swatch ${it.kind}`} style={{ '--tone': toneColor(it.tone) } as CSSProperties} aria-hidden="true" />{it.label}</li>
      ))}
    </ul>
  );
}
