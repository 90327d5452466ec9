import { describe, expect, it } from 'vitest';
import { namedConfig } from '../../test/analytics/named-dataset.js';
import { NO_DAY, NO_INDEX, textColumn } from '../dataset/dataset.js';
import type { KeyspaceSource } from './dimensions.js';
import { managerPlaces } from './manager-levels.js';
import { parseAnalysisPeriod } from './periods.js';

const config = namedConfig();
const options = {
  period: parseAnalysisPeriod('FY2026-Q3', config.fiscalCalendar),
  calendar: config.fiscalCalendar,
  stageModel: config.stageModel,
  currency: 'USD' as const,
};

/** Reps by name with the index of their manager (NO_INDEX for none). */
function reps(entries: readonly (readonly [string, number])[]): KeyspaceSource {
  const count = entries.length;
  return {
    reps: {
      count,
      crmId: textColumn(entries.map((_, index) => `R${index}`)),
      name: textColumn(entries.map(([name]) => name)),
      roleCode: new Uint16Array(count),
      managerIndex: Int32Array.from(entries.map(([, manager]) => manager)),
      teamCode: new Uint16Array(count),
      segmentCode: new Uint16Array(count),
      regionCode: new Uint16Array(count),
      hireDay: new Int32Array(count).fill(NO_DAY),
      endDay: new Int32Array(count).fill(NO_DAY),
    },
    territories: {
      count: 0,
      crmId: textColumn([]),
      name: textColumn([]),
      ownerIndex: new Int32Array(0),
      parentIndex: new Int32Array(0),
      segmentCode: new Uint16Array(0),
      regionCode: new Uint16Array(0),
    },
    labels: {} as KeyspaceSource['labels'],
  };
}

const placed = (source: KeyspaceSource) =>
  [...managerPlaces(source, options)]
    .sort(([, a], [, b]) => a.order - b.order)
    .map(([label, place]) => `${'  '.repeat(place.level)}${label}`);

describe('managerPlaces', () => {
  it('reads the hierarchy top down, each manager before their reporting managers by name', () => {
    const source = reps([
      ['Vera', NO_INDEX], // 0: VP
      ['Mia', 0], // 1
      ['Max', 0], // 2
      ['Zoe', 2], // 3: a team lead under Max
      ['Ann', 1],
      ['Cid', 3],
      ['Ben', NO_INDEX], // manages nobody: no row, no place
    ]);
    expect(placed(source)).toEqual(['Vera', '  Max', '    Zoe', '  Mia']);
  });

  it('labels same-named managers as their rows do, and cuts a cycle at the first rep met twice', () => {
    // Alex (R0) and Alex (R1) manage each other (bad data); Dana reports to R0.
    const source = reps([
      ['Alex', 1],
      ['Alex', 0],
      ['Dana', 0],
    ]);
    expect(Object.fromEntries(managerPlaces(source, options))).toEqual({
      'Alex (R0)': { level: 1, order: 1 },
      'Alex (R1)': { level: 1, order: 0 },
    });
  });
});
