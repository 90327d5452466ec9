import { afterEach, describe, expect, it } from 'vitest';
import { emptyBatch, type EntityBatch } from '../domain/entities.js';
import { isoDate } from '../domain/dates.js';
import { SqliteStore } from './sqlite-store.js';

/** The runtime's collector where `node --expose-gc` offers one: replaced here by a counter. */
const runtime = globalThis as { gc?: () => void };
const exposed = runtime.gc;
afterEach(() => {
  runtime.gc = exposed;
});

const rep = (id: string): EntityBatch['reps'][number] => ({
  id,
  name: `Rep ${id}`,
  email: null,
  role: 'ae',
  managerId: null,
  team: null,
  segment: null,
  region: null,
  hireDate: null,
  endDate: null,
});

describe('a stream write (a bulk load)', () => {
  it('collects the caller’s garbage once before writing, where the runtime offers it; a single batch does not', async () => {
    let collections = 0;
    runtime.gc = () => collections++;
    const store = new SqliteStore({ path: ':memory:' });
    await store.migrate();
    const meta = { source: 'test', asOf: isoDate('2026-11-01') };
    function* stream(): Generator<EntityBatch> {
      // The collection happens before the first batch is made.
      expect(collections).toBe(1);
      yield { ...emptyBatch(), reps: [rep('R-1')] };
      yield { ...emptyBatch(), reps: [rep('R-2')] };
    }
    expect((await store.write(stream(), meta)).inserted.reps).toBe(2);
    expect(collections).toBe(1);
    await store.write({ ...emptyBatch(), reps: [rep('R-3')] }, meta);
    expect(collections).toBe(1);
    delete runtime.gc;
    expect((await store.write(stream(), meta)).inserted.reps).toBe(0);
    await store.close();
  });
});
