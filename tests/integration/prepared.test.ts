import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { settings } from '@/db/schema';
import { positionalInsert } from '@/lib/dal/prepared';
import { sqlite } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
beforeEach(() => {
  db = useTempDatabase();
});
afterEach(() => db.dispose());

const p = (name: string) => sql.placeholder(name);
const rows = () => sqlite().prepare("SELECT key, value_json, updated_by FROM settings WHERE key LIKE 'test.%' ORDER BY key").all();

describe('positionalInsert (audit events and stored signals go through it)', () => {
  it('binds values by name into drizzle\'s SQL and returns the new rowid', () => {
    const insert = positionalInsert(getDb(), getDb().insert(settings).values({ key: p('key'), valueJson: p('valueJson'), updatedAt: p('at'), updatedBy: p('by') }).toSQL());
    expect(insert({ key: 'test.a', valueJson: '{}', at: '2026-12-02T00:00:00.000Z', by: null })).toBeGreaterThan(0);
    expect(rows()).toEqual([{ key: 'test.a', value_json: '{}', updated_by: null }]);
  });

  it('refuses a missing value instead of storing NULL, writing nothing', () => {
    const insert = positionalInsert(getDb(), getDb().insert(settings).values({ key: p('key'), valueJson: p('valueJson'), updatedAt: p('at'), updatedBy: p('by') }).toSQL());
    expect(() => insert({ key: 'test.b', valueJson: '{}', at: '2026-12-02T00:00:00.000Z' })).toThrow('no value for "by"');
    expect(rows()).toEqual([]);
  });

  it('refuses SQL whose values are not all placeholders', () => {
    expect(() => positionalInsert(getDb(), getDb().insert(settings).values({ key: 'test.c', valueJson: p('valueJson'), updatedAt: p('at') }).toSQL())).toThrow('is not a placeholder');
  });
});
