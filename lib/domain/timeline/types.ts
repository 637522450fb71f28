/**
 * Plain DTOs of the patient timeline (stacked panels sharing one time axis, the
 * flowsheet and the correlation strip). Built on the server by the pure functions
 * of this folder and handed to client chart components as props, so the client
 * never classifies, normalises or pairs anything itself.
 *
 * Time: `x` is epoch milliseconds at 12:00 UTC of the ISO calendar `date`, so a
 * tick formatted in any time zone from UTC-11 to UTC+11 stays on the same day.
 */
import type { Analyte, AntibodyClass, DrugClass, EnzymeAnalyte, MmtVersion } from '../types';

/** How a titer point is drawn (docs/clinical/assays.md: censored and qualitative results). */
export type TiterMarker =
  | 'value' // exact number, value / cut-off
  | 'below' // `<` comparator: true value at or under the bound drawn
  | 'above' // `>` comparator (assay ceiling): true value at or over the bound drawn
  | 'qualitative' // category only (or no usable cut-off): drawn at a conventional level
  | 'floor'; // a number under the axis floor (e.g. 0): drawn at the floor

export interface TiterPoint {
  id: number;
  date: string;
  x: number;
  /** Plotted level in x cut-off (clamped to the axis floor; conventional for qualitative). */
  y: number;
  marker: TiterMarker;
  cls: AntibodyClass | null;
  /** value / cut-off, null without a number or a cut-off > 0 (never divides by zero). */
  xCutoff: number | null;
  /** That level as written ("2.4", "<1", ">20": a censored value keeps its comparator), null with no level. */
  levelText: string | null;
  /** Value as reported with its unit ("<5 units", "1:160", "Positive"). */
  reported: string;
  /** The limits in force for this result ("cut-off 5 units, positive >= 11, strong > 50"). */
  reference: string;
  /** Assay label: method/kit and lab. */
  assay: string;
  assayId: number;
  /** Named by at least one stored signal (drawn with a ring). */
  signal: boolean;
}

/** A run of numeric results of one analyte from ONE assay: the only points a line may join. */
export interface TiterSegment {
  assayId: number;
  assay: string;
  points: TiterPoint[];
}

export interface TiterSeries {
  analyte: Analyte;
  label: string;
  segments: TiterSegment[];
  /** Category-only results (and numbers without a usable cut-off): markers, never joined. */
  qualitative: TiterPoint[];
}

/** Where consecutive results of one analyte come from different assays (line break + marker). */
export interface AssayChange {
  analyte: Analyte;
  date: string;
  x: number;
  from: string;
  to: string;
}

/** A shaded class band of the titer panel, in x cut-off, over a time span. */
export interface ClassBand {
  cls: AntibodyClass;
  /** Time span in ms; null = unbounded (the negative band spans the whole axis). */
  fromX: number | null;
  toX: number | null;
  yMin: number;
  yMax: number;
}

export interface TiterPanel {
  series: TiterSeries[];
  changes: AssayChange[];
  bands: ClassBand[];
  yMin: number;
  yMax: number;
  /** Live results that cannot be placed at all (no number usable and no category). */
  unplotted: number;
  /** Plotted points (all series, joined and qualitative). */
  count: number;
}

export interface EnzymePoint {
  id: number;
  date: string;
  x: number;
  /** CK: U/L; other enzymes: x ULN. Clamped to the panel floor (log axis). */
  y: number;
  valueUL: number;
  xUln: number | null;
  lowerUL: number | null;
  upperUL: number;
  flag: 'high' | 'low' | 'normal';
  reported: string;
  reference: string;
  floor: boolean;
  signal: boolean;
}

export interface EnzymeSeries {
  analyte: EnzymeAnalyte;
  label: string;
  points: EnzymePoint[];
}

export interface EnzymePanel {
  /** CK in U/L with its own reference band (null when there is no CK). */
  ck: EnzymeSeries | null;
  /** Log-axis decades around the values and their limits. */
  ckYMin: number;
  ckYMax: number;
  /** Aldolase, LDH, ALT, AST when present, in x ULN (their scales differ by 100x). */
  others: EnzymeSeries[];
  othersYMin: number;
  othersYMax: number;
}

export interface MmtPoint {
  id: number;
  date: string;
  x: number;
  /** The total for a complete exam; the partial lane (below 0) for a partial one. */
  y: number;
  version: MmtVersion;
  total: number | null;
  max: number;
  tested: number;
  required: number;
  label: string;
  signal: boolean;
}

export interface MmtSeries {
  version: MmtVersion;
  label: string;
  max: number;
  points: MmtPoint[];
}

export interface MmtPanel {
  series: MmtSeries[];
  /** Partial exams: marked in their own lane, never joined, never a low total. */
  partial: MmtPoint[];
  yMax: number;
  partialLaneY: number;
  /** The near-full-strength line (95% of the maximum, docs/clinical/signals.md). */
  nearFull: number;
}

export interface MedicationBar {
  id: number;
  row: string;
  drugClass: DrugClass;
  immunosuppressant: boolean;
  startOn: string;
  /** Last day taken (inclusive), null = ongoing. */
  endOn: string | null;
  start: number;
  /** Exclusive end in ms: endOn + 1 day, or the timeline end when ongoing. */
  end: number;
  dose: number;
  doseLabel: string;
  detail: string;
  /** Dose relative to the highest dose of this drug in the same unit (0-1]: shows tapering. */
  intensity: number;
  /** Ended with no following epoch of the same drug. */
  stopped: boolean;
}

export interface MedicationPanel {
  rows: string[];
  bars: MedicationBar[];
}

export interface SignalMarker {
  id: number;
  code: string;
  title: string;
  level: string;
  date: string;
  x: number;
  explanation: string;
}

/** The three range choices of the selector. */
export const RANGE_KEYS = ['1y', '5y', 'all'] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];

export interface TimelineExtent {
  /** First and last date of anything drawn; `end` is at least today. */
  start: string;
  end: string;
}
