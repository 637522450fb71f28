/**
 * What a clinician reads, from real rows to rendered HTML: the visits tab's TIS says
 * when the lab's CK range changed between the baseline and the visit (issue 16 item 9),
 * and the timeline's correlation strip shows each Spearman p with its method (item 10).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorrelationStrip } from '@/app/(app)/patients/[id]/timeline/correlation-strip';
import { tableView } from '@/app/(app)/patients/[id]/table-view';
import { VisitsSection } from '@/app/(app)/patients/[id]/visits-section';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { getPatientOverview, getPatientVisits } from '@/lib/dal/patient-page';
import { recordVisit } from '@/lib/dal/visits';
import { mmtTests } from '@/lib/domain/mmt';
import type { CorrelationRow } from '@/lib/domain/timeline/correlation';
import { gradeField } from '@/lib/validation/visits';
import { makeActor } from '../setup/actors';
import { abForm, ckForm, daysAgo, newPatient } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor, nurse: Actor, reviewer: Actor;

const visitForm = (visitOn: string) => ({
  visitOn, physicianGlobal: '3', patientGlobal: '3', haq: '1', extramuscular: '1',
  ...Object.fromEntries(mmtTests('unilateral').map((t) => [gradeField(t.key), '8'])),
});
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');
const visitsHtml = (pid: number) =>
  text(renderToStaticMarkup(createElement(VisitsSection, { page: getPatientVisits(reviewer, pid, { expanded: new Set(), baseline: null }), canWrite: false, view: tableView(pid, undefined, null) })));

beforeAll(async () => {
  db = useTempDatabase();
  [physician, nurse, reviewer] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
});
afterAll(() => db.dispose());

describe('TIS on the visits tab', () => {
  it('CK 2000 U/L under limit 200, then 2000 U/L under limit 400: no improvement (0), and the range change in words', () => {
    const pid = newPatient(physician);
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(200), 2000, { upperLimit: '200' }));
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(20), 2000, { upperLimit: '400' }));
    recordVisit(physician, pid, visitForm(daysAgo(200)));
    recordVisit(physician, pid, visitForm(daysAgo(20)));
    const html = visitsHtml(pid);
    expect(html).toContain("The lab's CK reference range changed between these visits (upper limit 200 → 400 U/L); the enzyme change compares values only.");
    const tis = getPatientVisits(reviewer, pid, { expanded: new Set(), baseline: null }).visits.responses.find((r) => r.tis)?.tis;
    expect(tis).toMatchObject({ score: 0, points: { enzyme: 0 } });
  });

  it('the same limit at both visits: no flag', () => {
    const pid = newPatient(physician);
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(200), 2000, { upperLimit: '200' }));
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(20), 1000, { upperLimit: '200' }));
    recordVisit(physician, pid, visitForm(daysAgo(200)));
    recordVisit(physician, pid, visitForm(daysAgo(20)));
    expect(visitsHtml(pid)).not.toContain('reference range changed');
    expect(getPatientVisits(reviewer, pid, { expanded: new Set(), baseline: null }).visits.responses.find((r) => r.tis)?.tis?.points.enzyme).toBe(7.5);
  });
});

describe('correlation strip on the timeline', () => {
  it('five titers falling with CK: rho 1 with the exact permutation p, stored with the timeline and shown', () => {
    const pid = newPatient(physician);
    [60, 45, 30, 20, 10].forEach((titer, i) => {
      recordAntibodyResult(nurse, pid, abForm(daysAgo(500 - i * 100), titer));
      recordEnzymeResult(nurse, pid, ckForm(daysAgo(500 - i * 100), 5000 - i * 1000));
    });
    const rows = getPatientOverview(reviewer, pid).timeline.correlations;
    expect(rows.find((r) => r.against === 'ck')).toMatchObject({ n: 5, rho: expect.closeTo(1, 12), p: expect.closeTo(1 / 60, 12), pMethod: 'exact' });
    expect(text(renderToStaticMarkup(createElement(CorrelationStrip, { rows })))).toContain('ρ = 1.00, 5 pairs, p = 0.02 (exact permutation p)') // 2/120, printed as the cohort prints p;
  });

  it('a row stored before p existed shows rho alone, never "p = undefined"', () => {
    const old = { analyte: 'mi2-beta', analyteLabel: 'Mi-2β', against: 'ck', againstLabel: 'CK', n: 5, rho: 0.9, shown: true, assays: 1 } as unknown as CorrelationRow;
    const html = text(renderToStaticMarkup(createElement(CorrelationStrip, { rows: [old] })));
    expect(html).toContain('ρ = 0.90, 5 pairs');
    expect(html).not.toMatch(/undefined|NaN|p = /);
  });
});
