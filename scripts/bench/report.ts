/**
 * The bench's verdict: every measurement next to its same-run baseline, the ratio
 * and its budget, printed as a table and written to bench/results.json.
 */
import fs from 'node:fs';
import type { BundleStats } from './bundle';
import type { ChartTiming } from './charts';
import { roundRatio, type LoadResult, type PageRuns } from './http';
import type { ImportLoad } from './import-load';
import type { Hl7Load } from './hl7-load';
import type { Hl7Rate } from './hl7-rate';
import type { ImportRate } from './import-rate';
import type { LighthouseScore } from './lighthouse';
import { RESULTS_FILE } from './options';

export interface Check {
  name: string;
  value: string;
  baseline: string;
  /** Measured ratio (or score) and the limit it must respect. */
  ratio: number | null;
  budget: string;
  ok: boolean | null;
}

export interface Measurements {
  mode: 'small' | 'full';
  patients: number;
  refPatients: number;
  pages: PageRuns;
  /** NODE_OPTIONS the server ran with (the README's production heap budget). */
  serverNodeOptions: string;
  importRate: ImportRate;
  importLoad: ImportLoad;
  hl7Rate: Hl7Rate;
  hl7Load: Hl7Load[];
  bundle: BundleStats;
  charts: ChartTiming | null;
  lighthouse: LighthouseScore[] | null;
  peakRssMb: number;
  seconds: Record<string, number>;
}

const ms = (r: LoadResult) => `${r.medianMs.toFixed(1)} ms (p95 ${r.p95Ms.toFixed(1)}, ${r.rps.toFixed(0)} req/s)`;
const atMost = (name: string, value: string, baseline: string, ratio: number, limit: number): Check =>
  ({ name, value, baseline, ratio, budget: `<= ${limit}`, ok: ratio <= limit });

export function checks(m: Measurements): Check[] {
  const { floor, worklist, patient, timeline } = m.pages.best;
  const runs = m.pages.runs;
  const out: Check[] = [
    // Issue 24: the record is where physicians spend their day (was 2 until 2026-12-05).
    atMost('Patient page (20-year patient) / floor', ms(patient.large), `floor ${ms(floor.large)}`, roundRatio(runs.patient.large, runs.floor.large), 1.5),
    atMost('Timeline data the charts fetch (20-year patient) / floor', ms(timeline.large), `floor ${ms(floor.large)}`, roundRatio(runs.timeline.large, runs.floor.large), 2),
    atMost('Worklist / floor', ms(worklist.large), `floor ${ms(floor.large)}`, roundRatio(runs.worklist.large, runs.floor.large), 2),
    atMost(`Patient page, ${m.patients} / ${m.refPatients} patients`, ms(patient.large), ms(patient.ref), roundRatio(runs.patient.large, runs.patient.ref), 1.3),
    atMost(`Worklist, ${m.patients} / ${m.refPatients} patients`, ms(worklist.large), ms(worklist.ref), roundRatio(runs.worklist.large, runs.worklist.ref), 1.3),
    { name: `Floor, ${m.patients} / ${m.refPatients} patients (context)`, value: ms(floor.large), baseline: ms(floor.ref), ratio: roundRatio(runs.floor.large, runs.floor.ref), budget: 'reported', ok: null },
    {
      name: 'CSV import / raw result inserts', value: `${m.importRate.importRowsPerS.toFixed(0)} rows/s`,
      baseline: `${m.importRate.rawRowsPerS.toFixed(0)} rows/s raw`, ratio: m.importRate.ratio, budget: '>= 0.25', ok: m.importRate.ratio >= 0.25,
    },
    // The import must also store one audit row per result (decision 2): this floor includes them.
    {
      name: 'CSV import / raw result + audit inserts (context)', value: `${m.importRate.importRowsPerS.toFixed(0)} rows/s`,
      baseline: `${m.importRate.rawWithAuditRowsPerS.toFixed(0)} rows/s raw`, ratio: m.importRate.importRowsPerS / m.importRate.rawWithAuditRowsPerS, budget: 'reported', ok: null,
    },
    atMost('First-load JS, patient page / smallest route', `${m.bundle.patient.gzipKb.toFixed(1)} kB gz`,
      `${m.bundle.smallest.gzipKb.toFixed(1)} kB gz (${m.bundle.smallest.route})`, m.bundle.patient.gzipKb / m.bundle.smallest.gzipKb, 1.6),
    { name: 'Server peak RSS', value: `${m.peakRssMb.toFixed(0)} MB`, baseline: `NODE_OPTIONS=${m.serverNodeOptions || '(none)'}`, ratio: null, budget: '< 500 MB', ok: m.peakRssMb < 500 },
    ...importLoadChecks(m.importLoad),
    ...m.hl7Load.flatMap(hl7LoadChecks),
    // Issue 19: the feed keeps up with 1,000 results a minute, each message its own transaction and ACK.
    {
      name: 'HL7 feed over MLLP, results a minute (ACK after commit)', value: `${(m.hl7Rate.resultsPerS * 60).toFixed(0)} results/min (${m.hl7Rate.notAccepted} not AA)`,
      baseline: '1,000 results/min', ratio: (m.hl7Rate.resultsPerS * 60) / 1000, budget: '>= 1', ok: m.hl7Rate.resultsPerS * 60 >= 1000 && m.hl7Rate.notAccepted === 0,
    },
    {
      name: 'HL7 feed results/s / CSV import rows/s (context)', value: `${m.hl7Rate.resultsPerS.toFixed(1)} results/s`,
      baseline: `${m.importRate.importRowsPerS.toFixed(0)} rows/s`, ratio: m.hl7Rate.resultsPerS / m.importRate.importRowsPerS, budget: 'reported', ok: null,
    },
  ];
  if (m.charts) out.push(...chartChecks(m.charts));
  for (const l of m.lighthouse ?? []) {
    out.push({ name: `Lighthouse ${l.page}: accessibility`, value: `${l.accessibility}`, baseline: `performance ${l.performance}`, ratio: l.accessibility, budget: '>= 95', ok: l.accessibility >= 95 });
  }
  const patientLh = m.lighthouse?.find((l) => l.page === 'patient');
  if (patientLh) out.push(...patientLighthouseChecks(patientLh));
  if (!m.lighthouse) out.push({ name: 'Lighthouse', value: 'not run (--no-lighthouse)', baseline: '', ratio: null, budget: 'accessibility >= 95', ok: null });
  return out;
}

/**
 * Issue 24: what a physician feels opening a record. Charts drawn (navigation to the
 * last panel on screen, the server's first frame or the chart, median of cold loads) at
 * most 500 ms, and at most twice the DOMContentLoaded of the same loads: the second holds
 * on a slower or busier machine too, where both stretch. When the charts themselves are
 * drawn (hover and zoom work) is reported beside them, with the phases of where that time went.
 */
export function chartChecks(c: ChartTiming): Check[] {
  const p = c.phases;
  const phases = `data in by ${p.dataEndMs.toFixed(0)} ms (${p.dataRequests} request per load), chart JS in by ${p.chartJsEndMs.toFixed(0)} ms, panels drawn ${p.firstDrawnMs.toFixed(0)}-${p.lastDrawnMs.toFixed(0)} ms; ${c.lazyJsKb.toFixed(1)} kB gz chart JS after load`;
  return [
    { name: 'Charts drawn (on screen: first frame or chart), 20-year patient (Chromium, median)', value: `${c.medianMs.toFixed(0)} ms (max ${c.maxMs.toFixed(0)})`,
      baseline: 'navigation start', ratio: c.medianMs, budget: '<= 500 ms', ok: c.medianMs <= 500 },
    atMost('Charts drawn / DOMContentLoaded of the same loads (median)', `${c.medianMs.toFixed(0)} ms`, `DOMContentLoaded ${c.domContentLoadedMs.toFixed(0)} ms`, c.dclRatio, 2),
    { name: 'Charts interactive (every canvas drawn)', value: `${c.interactiveMs.toFixed(0)} ms, ${c.interactiveDclRatio.toFixed(2)}x DOMContentLoaded (${phases})`,
      baseline: 'navigation start', ratio: c.interactiveMs, budget: 'reported', ok: null },
  ];
}

/** The patient page in Lighthouse: performance at least 95 with its metrics beside it, accessibility 100. */
export function patientLighthouseChecks(l: LighthouseScore): Check[] {
  const metrics = `LCP ${l.metrics.lcpMs.toFixed(0)} ms, TBT ${l.metrics.tbtMs.toFixed(0)} ms, CLS ${l.metrics.cls.toFixed(3)}`;
  return [
    { name: 'Lighthouse patient: performance', value: `${l.performance}`, baseline: metrics, ratio: l.performance, budget: '>= 95', ok: l.performance >= 95 },
    { name: 'Lighthouse patient: accessibility stays 100', value: `${l.accessibility}`, baseline: l.failures.join('; ') || 'no failed audit', ratio: l.accessibility, budget: '= 100', ok: l.accessibility === 100 },
  ];
}

/**
 * Pages while the largest CLI import writes into the same file (import-load.ts).
 * - p95 during the import / p95 without, budget 3: on a quiet 2-core machine the
 *   import takes one core and the server has the other, so sharing the CPU can about
 *   double a page's p95; a page waiting behind the import's write lock multiplies it by
 *   tens (12.8 s against 0.5 s before decision 25). Other sessions' load on a shared VM
 *   adds to both sides unequally (the import's process is one more competitor).
 * - p95 during the import / p95 during a dry run of the same file (judged, not written,
 *   never locked), budget 2: the import's CPU on both sides, so what is left is the
 *   write phase and its lock; a page that waits for the lock is seconds against tens of
 *   ms. Less sensitive to other sessions' load than the first.
 * Every request must succeed: a 503 or a 500 here is a view that waited for a lock.
 */
export function importLoadChecks(l: ImportLoad): Check[] {
  const failed = Object.entries(l.notOk).map(([status, n]) => `${n} x ${status}`).join(', ');
  return [
    atMost(`Patient page p95 during a ${l.rows.toLocaleString('en')}-row CLI import / without`, `${l.during.p95Ms.toFixed(1)} ms (median ${l.during.medianMs.toFixed(1)}, ${l.during.requests} requests)`,
      `${l.quiet.p95Ms.toFixed(1)} ms (median ${l.quiet.medianMs.toFixed(1)})`, l.ratio, 3),
    { name: 'Page requests not answered 200 during the import', value: failed || 'none', baseline: '', ratio: null, budget: 'none', ok: failed === '' },
    atMost('Patient page p95 during the import / during its dry run (no lock)', `${l.during.p95Ms.toFixed(1)} ms`,
      `${l.dryRun.p95Ms.toFixed(1)} ms (median ${l.dryRun.medianMs.toFixed(1)}, ${l.dryRun.requests} requests)`, l.lockRatio, 2),
    { name: 'Longest write lock held by the import (context)', value: `${l.lockHeldMaxMs.toFixed(0)} ms`, baseline: `import ${l.importSeconds.toFixed(1)} s in all`, ratio: l.lockHeldMaxMs / 1000 / l.importSeconds, budget: 'reported', ok: null },
  ];
}

/**
 * Pages during an HL7 stream (hl7-load.ts), the listener in its own process and inside
 * the web server: the same budget as during an import (3). Inside the server, each
 * filing (tens of ms, synchronous SQLite) holds the event loop the pages need.
 */
export function hl7LoadChecks(l: Hl7Load): Check[] {
  const failed = Object.entries(l.notOk).map(([status, n]) => `${n} x ${status}`).join(', ');
  return [
    atMost(`Patient page p95 during an HL7 stream (${l.messages} messages, listener ${l.place === 'in-server' ? 'started with the web server' : 'started by hand'}) / without`, `${l.during.p95Ms.toFixed(1)} ms (median ${l.during.medianMs.toFixed(1)}, ${l.during.requests} requests)`,
      `${l.quiet.p95Ms.toFixed(1)} ms (median ${l.quiet.medianMs.toFixed(1)})`, l.ratio, 3),
    { name: `Pages not 200 / messages not AA during the stream (${l.place})`, value: [failed, l.notAccepted ? `${l.notAccepted} not AA` : ''].filter(Boolean).join('; ') || 'none', baseline: '', ratio: null, budget: 'none', ok: failed === '' && l.notAccepted === 0 },
    { name: `HL7 results a minute while pages are served, ${l.place} (context)`, value: `${((l.messages / l.streamSeconds) * 60).toFixed(0)} results/min`, baseline: `${l.streamSeconds.toFixed(1)} s`, ratio: null, budget: 'reported', ok: null },
  ];
}

export function printTable(rows: Check[]): void {
  const cells = rows.map((c) => [c.name, c.value, c.baseline, c.ratio === null ? '' : c.ratio >= 10 ? c.ratio.toFixed(0) : c.ratio.toFixed(2), c.budget, c.ok === null ? '-' : c.ok ? 'ok' : 'MISSED']);
  const head = ['measure', 'value', 'baseline (same run)', 'ratio', 'budget', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells) console.log(line(r));
}

export function writeResults(m: Measurements, rows: Check[]): void {
  const { bundle, ...rest } = m;
  const results = {
    at: new Date().toISOString(),
    ...rest,
    bundle: { smallest: { route: bundle.smallest.route, gzipKb: bundle.smallest.gzipKb }, patient: { route: bundle.patient.route, gzipKb: bundle.patient.gzipKb },
      routes: bundle.routes.map((r) => ({ route: r.route, gzipKb: Number(r.gzipKb.toFixed(1)) })) },
    checks: rows,
    ok: rows.every((c) => c.ok !== false),
  };
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}
