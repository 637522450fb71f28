/**
 * The whole patient timeline as one plain DTO, built on the server from the
 * patient's rows (docs/clinical/README.md sections 2-7; each part cites its rule in its own
 * file). Entered-in-error rows are dropped by every builder: they never reach the
 * chart or the flowsheet.
 */
import type { AntibodyResult, EnzymeResult, MedicationEpoch, Visit } from '../types';
import { buildCorrelations, type CorrelationRow } from './correlation';
import { buildEnzymePanel } from './enzyme-series';
import { buildFlowsheet, type Flowsheet } from './flowsheet';
import { buildMedicationPanel } from './medication-bars';
import { buildMmtPanel } from './mmt-series';
import { buildSignalMarkers, signalIdSets, type TimelineSignal } from './signal-markers';
import { dateExtent } from './time';
import { buildTiterPanel } from './titer-series';
import type { EnzymePanel, MedicationPanel, MmtPanel, SignalMarker, TimelineExtent, TiterPanel } from './types';

export interface TimelineInput {
  antibodyResults: readonly AntibodyResult[];
  enzymeResults: readonly EnzymeResult[];
  visits: readonly Visit[];
  medications: readonly MedicationEpoch[];
  signals: readonly TimelineSignal[];
  /** Today's ISO date (the caller owns the clock). */
  today: string;
}

/** The latest value of one measure, as the flowsheet shows it. */
export interface LatestValue {
  key: string;
  label: string;
  date: string;
  text: string;
  abnormal: boolean;
}

export interface TimelineData {
  /** True when nothing at all can be drawn yet. */
  empty: boolean;
  extent: TimelineExtent;
  titer: TiterPanel;
  enzymes: EnzymePanel;
  mmt: MmtPanel;
  medications: MedicationPanel;
  signals: SignalMarker[];
  flowsheet: Flowsheet;
  correlations: CorrelationRow[];
  latest: LatestValue[];
}

/** Latest cell of each measure row (titers, enzymes, MMT; not assay/reference/doses). */
export function latestValues(sheet: Flowsheet): LatestValue[] {
  const out: LatestValue[] = [];
  for (const row of sheet.rows) {
    if (row.group !== 'titer' && row.group !== 'enzyme' && row.group !== 'mmt') continue;
    const date = Object.keys(row.cells).sort().at(-1);
    const cell = date ? row.cells[date] : undefined;
    if (date && cell) out.push({ key: row.key, label: row.label, date, text: cell.text, abnormal: cell.abnormal });
  }
  return out;
}

/** Builds every panel, the flowsheet, the correlations and the latest values. */
export function buildTimeline(input: TimelineInput): TimelineData {
  // Every live visit, with or without an MMT exam: the TIS row scores against the first
  // of them, as the visits tab, the FHIR export and the flowsheet CSV do (docs/clinical/tis.md
  // section 5). The MMT panel, row and correlations take only the visits with an exam.
  const live = {
    antibody: input.antibodyResults.filter((r) => !r.enteredInError),
    enzyme: input.enzymeResults.filter((r) => !r.enteredInError),
    visits: input.visits.filter((v) => !v.enteredInError),
    meds: input.medications.filter((m) => !m.enteredInError),
  };
  const flowsheet = buildFlowsheet(live.antibody, live.enzyme, live.visits, live.meds);
  // The extent covers every flowsheet column (a TIS-only visit date included), so no
  // range choice leaves one out; a visit with nothing to show does not widen it.
  const dates = [
    ...live.antibody.map((r) => r.collectedOn),
    ...live.enzyme.map((r) => r.collectedOn),
    ...live.visits.filter((v) => v.mmtVersion !== null).map((v) => v.visitOn),
    ...live.meds.flatMap((m) => (m.endOn ? [m.startOn, m.endOn] : [m.startOn])),
    ...flowsheet.dates,
  ];
  const span = dateExtent(dates);
  const end = span && span.max > input.today ? span.max : input.today;
  const extent: TimelineExtent = { start: span ? span.min : input.today, end };
  const ids = signalIdSets(input.signals);
  return {
    empty: span === null,
    extent,
    titer: buildTiterPanel(live.antibody, ids.antibody),
    enzymes: buildEnzymePanel(live.enzyme, ids.enzyme),
    mmt: buildMmtPanel(live.visits, ids.visit),
    medications: buildMedicationPanel(live.meds, end),
    signals: buildSignalMarkers(input.signals),
    flowsheet,
    correlations: buildCorrelations(live.antibody, live.enzyme, live.visits),
    latest: latestValues(flowsheet),
  };
}
