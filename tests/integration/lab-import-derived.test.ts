import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { markEnzymeResultInError, recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { runLabImport } from '@/lib/dal/lab-import';
import { getPatientTimelineData, getPatientVisits } from '@/lib/dal/patient-page';
import { recomputePatientSignals } from '@/lib/dal/signal-store';
import { writeTx } from '@/lib/dal/tx';
import { makeActor } from '../setup/actors';
import { abForm, ckForm, daysAgo, newPatient, sqlite, storedCodes, storedSignals, summaryRow, TODAY } from '../setup/dal-helpers';
import { mixedLabFile } from '../setup/lab-csv';
import { useTempDatabase } from '../setup/temp-db';

// What an import derives in its transaction (signals, the worklist summary) and leaves to the next view (timelines).
let db: ReturnType<typeof useTempDatabase>;
let physician: Actor, nurse: Actor;
let ann: number, bob: number;

beforeEach(async () => {
  db = useTempDatabase();
  [physician, nurse] = await Promise.all([makeActor('physician'), makeActor('nurse')]);
  ann = newPatient(physician, { mrn: 'MRN-A', sex: 'female', birthDate: '1970-06-15' });
  bob = newPatient(physician, { mrn: 'MRN-B', sex: 'male', birthDate: '1965-03-01' });
});
afterEach(() => db.dispose());

const mixed = () => mixedLabFile(daysAgo);
const timeline = (id: number) => sqlite().prepare('SELECT built_for FROM patient_timelines WHERE patient_id = ?').get(id) as { built_for: string } | undefined;

describe('what an import derives', () => {
  it('recomputes the signals of the patients it touched', () => {
    expect(storedCodes(ann)).toEqual([]);
    runLabImport(nurse, mixed());
    expect(storedCodes(ann)).toContain('titer-normalized');
    expect(summaryRow(ann)?.last_titer_on).toBe(daysAgo(10));
    expect(summaryRow(bob)?.last_titer_on).toBe(daysAgo(30));
  });

  it('recomputes from the rows a fresh read of the database gives: earlier ones, ones in error and imported ones, in date order', () => {
    // Ann's history before the file: a titer of 80 (older than the file's), one between the file's two, a CK, and a CK marked in error.
    recordAntibodyResult(nurse, ann, abForm(daysAgo(400), 80));
    recordAntibodyResult(nurse, ann, abForm(daysAgo(100), 40));
    recordEnzymeResult(nurse, ann, ckForm(daysAgo(300), 900, { upperLimit: '170' }));
    const wrong = recordEnzymeResult(nurse, ann, ckForm(daysAgo(20), 5000));
    markEnzymeResultInError(physician, ann, wrong.id, 'Wrong patient');
    runLabImport(nurse, mixed());
    const state = (id: number) => ({
      signals: storedSignals(id).map(({ id: _id, computed_at: _at, ...rest }) => rest),
      summary: { ...summaryRow(id), updated_at: undefined },
    });
    const afterImport = [state(ann), state(bob)];
    expect(afterImport[0]!.signals.map((r) => r.code)).toContain('titer-normalized');
    // The same recompute reading everything back from the database stores the same.
    writeTx((tx) => [ann, bob].forEach((id) => recomputePatientSignals(tx, id)));
    expect([state(ann), state(bob)]).toEqual(afterImport);
  });

  it('drops the stored timelines of the patients it touched; their next view rebuilds them from the rows (decision 12)', () => {
    expect(timeline(ann)).toBeDefined();
    runLabImport(nurse, mixed());
    expect(timeline(ann)).toBeUndefined();
    const data = JSON.parse(gunzipSync(getPatientTimelineData(physician, ann)).toString('utf8')) as { latest: { key: string }[] };
    expect(data.latest.length).toBeGreaterThan(0);
    expect(timeline(ann)?.built_for).toBe(TODAY);
  });

  it('the visits tab after an import reads its responses from a rebuilt timeline, not a missing one', () => {
    runLabImport(nurse, mixed());
    expect(timeline(ann)).toBeUndefined();
    const page = getPatientVisits(physician, ann, { expanded: new Set(), baseline: null });
    expect(page.visits).toMatchObject({ baselineVisitId: null, responses: [] });
    expect(timeline(ann)?.built_for).toBe(TODAY);
  });
});
