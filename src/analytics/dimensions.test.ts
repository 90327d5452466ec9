import { beforeAll, describe, expect, it } from 'vitest';
import { NAMED_AS_OF, namedConfig, namedDataset } from '../../test/analytics/named-dataset.js';
import { NO_DAY, NO_INDEX, textColumn, textEntries, type Dataset } from '../dataset/dataset.js';
import { isoDate, toDayNumber } from '../domain/dates.js';
import { API_SYNTAX, type ArgumentSyntax, InputError } from '../domain/errors.js';
import { dealFacts } from './deal-facts.js';
import {
  createKeyspace,
  finestFiscalKind,
  groupDeals,
  groupReps,
  groupWindows,
  listDimensions,
  parseDimensions,
  sizeBandCode,
  type DimensionId,
  type Groups,
  type GroupKeyspace,
  type KeyspaceSource,
} from './dimensions.js';
import { parseAnalysisPeriod } from './periods.js';
import { problemsOf } from '../../test/problems-of.js';

const config = namedConfig();
const q3 = parseAnalysisPeriod('FY2026-Q3', config.fiscalCalendar);
const keyspaceOf = (source: KeyspaceSource, dimensions: DimensionId[], syntax?: ArgumentSyntax) =>
  createKeyspace(source, dimensions, {
    period: q3,
    calendar: config.fiscalCalendar,
    stageModel: config.stageModel,
    currency: 'USD',
    syntax,
  });

/** Each row's group labels, joined with `/` per group and `;` between a row's groups. */
function groupLabels(keyspace: GroupKeyspace, groups: Groups, rows: number): string[] {
  return Array.from({ length: rows }, (_, row) => {
    const labels: string[] = [];
    for (let k = groups.rowStart[row] ?? 0; k < (groups.rowStart[row + 1] ?? 0); k++) {
      const key = groups.keys[groups.rowSlots[k] ?? 0] ?? 0;
      labels.push(Object.values(keyspace.labels(key)).join('/'));
    }
    return labels.join(';');
  });
}

/** Every dimension, as the fix for an unknown one ends. */
const EVERY_DIMENSION =
  'owner, manager, team, segment, region, territory, source, type, product, size_band, stage, ' +
  'forecast_category, competitor, loss_reason, industry, tier, fiscal_month, fiscal_quarter, fiscal_year';

describe('listDimensions', () => {
  it('names every dimension once, in one line', () => {
    expect(listDimensions()).toBe(EVERY_DIMENSION);
  });

  it('writes each dimension as asked', () => {
    const upper = listDimensions((dimension) => dimension.toUpperCase());
    expect(upper.split(', ').slice(-3)).toEqual(['FISCAL_MONTH', 'FISCAL_QUARTER', 'FISCAL_YEAR']);
  });
});

describe('parseDimensions', () => {
  it('reads a comma or space separated list, with case, dashes and aliases', () => {
    expect(parseDimensions('owner,Fiscal-Quarter')).toEqual(['owner', 'fiscal_quarter']);
    expect(parseDimensions(['rep', 'month size'])).toEqual(['owner', 'fiscal_month', 'size_band']);
    expect(parseDimensions(undefined)).toEqual([]);
    expect(parseDimensions('')).toEqual([]);
  });

  it('names the closest valid dimensions for an unknown one', () => {
    expect(() => parseDimensions('owner,segmnt')).toThrow(
      '--by "segmnt" is not a dimension; did you mean segment?',
    );
    expect(() => parseDimensions('owner,owner')).toThrow('--by names owner twice');
    expect(() => parseDimensions('colour')).toThrow(InputError);
  });

  it("reports every unknown name and every name given twice at once, in the caller's syntax", () => {
    const splitBy = (several: string) =>
      `split by any of these dimensions (several: ${several}): ${EVERY_DIMENSION}`;
    expect(problemsOf(() => parseDimensions(['ownr,owner', 'tem owner', 'owner']))).toEqual([
      {
        message: '--by "ownr" is not a dimension; did you mean owner?',
        fix: splitBy('--by owner,fiscal_quarter'),
      },
      {
        message: '--by "tem" is not a dimension; did you mean team, rep, tier?',
        fix: splitBy('--by owner,fiscal_quarter'),
      },
      // Named three times, reported once.
      { message: '--by names owner twice', fix: 'name each dimension once' },
    ]);
    expect(problemsOf(() => parseDimensions('segmnt,rgion', API_SYNTAX))).toEqual([
      {
        message: 'by "segmnt" is not a dimension; did you mean segment?',
        location: { field: 'by' },
        fix: splitBy('by=owner,fiscal_quarter'),
      },
      {
        message: 'by "rgion" is not a dimension; did you mean region?',
        location: { field: 'by' },
        fix: splitBy('by=owner,fiscal_quarter'),
      },
    ]);
  });

  it('lists the unknown names together, so that the dimensions are said once after them', () => {
    const error = (() => {
      try {
        parseDimensions('ownr,owner,owner,tem');
      } catch (thrown) {
        return thrown as InputError;
      }
      throw new Error('no InputError');
    })();
    expect(error.message.split('\n')).toEqual([
      '--by "ownr" is not a dimension; did you mean owner?',
      '--by "tem" is not a dimension; did you mean team, rep, tier?',
      `  fix: split by any of these dimensions (several: --by owner,fiscal_quarter): ${EVERY_DIMENSION}`,
      '--by names owner twice',
      '  fix: name each dimension once',
    ]);
  });
});

describe('a keyspace too large to tabulate', () => {
  // Five label dimensions of 2,000 labels each: 2000^5 keys, past the 2^53 a key can count to.
  const labels = Array.from({ length: 2000 }, (_, code) => (code === 0 ? '' : `label ${code}`));
  const crowded: DimensionId[] = ['segment', 'industry', 'competitor', 'loss_reason', 'source'];
  let source: KeyspaceSource;
  beforeAll(async () => {
    const dataset = await namedDataset();
    source = {
      ...dataset,
      labels: { ...dataset.labels, ...Object.fromEntries(crowded.map((kind) => [kind, labels])) },
    };
  });

  it('is refused, naming the split as the caller writes it', () => {
    expect(problemsOf(() => keyspaceOf(source, crowded))).toEqual([
      {
        message:
          '--by segment,industry,competitor,loss_reason,source makes too many combinations to tabulate',
        fix: 'split by fewer dimensions at once',
      },
    ]);
    expect(problemsOf(() => keyspaceOf(source, crowded, API_SYNTAX))).toEqual([
      {
        message: 'by segment,industry,competitor,loss_reason,source makes too many combinations to tabulate',
        location: { field: 'by' },
        fix: 'split by fewer dimensions at once',
      },
    ]);
  });
});

describe('size bands', () => {
  it('bands corporate amounts in major units, from each minimum up', () => {
    expect(
      [0, 999_999, 1_000_000, 4_999_999, 5_000_000, 25_000_000, 99_999_999, 100_000_000].map((minor) =>
        sizeBandCode(minor, 100),
      ),
    ).toEqual([1, 1, 2, 2, 3, 5, 5, 6]);
    expect(sizeBandCode(NaN, 100)).toBe(0);
    expect(sizeBandCode(1_000_000, 1)).toBe(6); // JPY: 1,000,000 yen
  });
});

describe('finestFiscalKind', () => {
  it('is the finest fiscal split asked for', () => {
    expect(finestFiscalKind(['owner', 'fiscal_year', 'fiscal_month'])).toBe('month');
    expect(finestFiscalKind(['owner'])).toBeNull();
  });
});

describe('grouping deals of the named dataset', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await namedDataset();
  });
  const dealsOf = (data: Dataset) => {
    const facts = dealFacts(data, config, toDayNumber(NAMED_AS_OF));
    return { ...facts.state, corporateAmount: facts.corporateAmount };
  };

  it('counts a deal under every manager above its owner, and under its owner who manages', () => {
    const keyspace = keyspaceOf(dataset, ['manager']);
    const deals = dealsOf(dataset);
    const groups = groupDeals(keyspace, dataset, deals, deals.closeDay);
    // O1 is Ann's (Mia, Vera), O4 Cid's (Max, Vera), O9 is Mia's own (Mia, Vera).
    expect(groupLabels(keyspace, groups, dataset.opportunities.count)).toEqual([
      'Mia;Vera',
      'Mia;Vera',
      'Mia;Vera',
      'Max;Vera',
      'Max;Vera',
      'Mia;Vera',
      'Max;Vera',
      'Mia;Vera',
      'Mia;Vera',
      'Mia;Vera',
      'Mia;Vera',
    ]);
  });

  it('groups by the fiscal month of the given date, leaving out deals dated outside the period', () => {
    const keyspace = keyspaceOf(dataset, ['segment', 'fiscal_month']);
    const deals = dealsOf(dataset);
    const groups = groupDeals(keyspace, dataset, deals, deals.closeDay);
    expect(groupLabels(keyspace, groups, dataset.opportunities.count)).toEqual([
      'Enterprise/FY2026-M07',
      'Enterprise/FY2026-M08',
      'SMB/FY2026-M08',
      'SMB/FY2026-M08',
      'SMB/FY2026-M07',
      'Enterprise/FY2026-M09',
      'SMB/FY2026-M09',
      '', // O8 closes in December
      'Enterprise/FY2026-M09',
      '', // O10 and O11 closed before Q3
      '',
    ]);
  });

  it('groups only the deals dated in the period when asked to', () => {
    const keyspace = keyspaceOf(dataset, ['owner']);
    const deals = dealsOf(dataset);
    const all = groupDeals(keyspace, dataset, deals, deals.closeDay);
    const inQ3 = groupDeals(keyspace, dataset, deals, deals.closeDay, { onlyInPeriod: true });
    const labels = (groups: Groups) => groupLabels(keyspace, groups, dataset.opportunities.count);
    // O8 closes in December, O10 and O11 closed before Q3: in no group.
    expect(labels(inQ3)).toEqual(labels(all).map((label, row) => ([7, 9, 10].includes(row) ? '' : label)));
    expect(labels(all)[9]).toBe('Ann');
  });

  it('orders keys: stages in process order, names alphabetically, none last', () => {
    const keyspace = keyspaceOf(dataset, ['stage']);
    const deals = dealsOf(dataset);
    const groups = groupDeals(keyspace, dataset, deals, deals.closeDay);
    const ordered = [...groups.keys].sort((a, b) => keyspace.compare(a, b));
    expect(ordered.map((key) => keyspace.labels(key).stage)).toEqual([
      'Qualification',
      'Discovery',
      'Proposal',
      'Negotiation',
      'Closed Won',
      'Closed Lost',
    ]);
  });

  it('refuses dimensions the rows do not have', () => {
    const keyspace = keyspaceOf(dataset, ['source']);
    expect(() => groupReps(keyspace, dataset, [0], [toDayNumber(isoDate('2026-07-01'))])).toThrow(
      'this metric cannot be split by source (measured on reps, which have none)',
    );
    expect(() => groupWindows(keyspace, [0])).toThrow(InputError);
    const product = keyspaceOf(dataset, ['product']);
    expect(() => groupReps(product, dataset, [0], [toDayNumber(isoDate('2026-07-01'))])).toThrow(
      'this metric cannot be split by product (measured on reps, which have none)',
    );
  });

  it("groups deals by their product, deals without one under '(none)'", () => {
    const keyspace = keyspaceOf(dataset, ['product']);
    const deals = dealsOf(dataset);
    const groups = groupDeals(keyspace, dataset, deals, deals.closeDay);
    const productOf = (id: string) => {
      const row = textEntries(dataset.opportunities.crmId).indexOf(id);
      const key = groups.keys[groups.rowSlots[groups.rowStart[row]!]!]!;
      return keyspace.labels(key).product;
    };
    expect(['O1', 'O2', 'O3', 'O4', 'O5'].map(productOf)).toEqual([
      'Platform',
      'Platform',
      'Analytics',
      'Analytics',
      '(none)',
    ]);
  });
});

describe('a hierarchy with a cycle and reps without a manager', () => {
  /** A manages B and B manages A (bad data); C has no manager and manages nobody; D reports to A. */
  const source: KeyspaceSource = {
    reps: {
      count: 4,
      crmId: textColumn(['A', 'B', 'C', 'D']),
      name: textColumn(['Alex', 'Alex', 'Cleo', 'Dana']),
      roleCode: new Uint16Array(4),
      managerIndex: Int32Array.of(1, 0, NO_INDEX, 0),
      teamCode: new Uint16Array(4),
      segmentCode: new Uint16Array(4),
      regionCode: new Uint16Array(4),
      hireDay: new Int32Array(4).fill(NO_DAY),
      endDay: new Int32Array(4).fill(NO_DAY),
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

  it('stops at the first rep met twice, puts the unmanaged in (no manager), and keeps same-named reps apart', () => {
    const keyspace = keyspaceOf(source, ['manager']);
    const day = toDayNumber(isoDate('2026-07-01'));
    const groups = groupReps(keyspace, { reps: source.reps }, [0, 1, 2, 3], [day, day, day, day]);
    expect(groupLabels(keyspace, groups, 4)).toEqual([
      'Alex (A);Alex (B)',
      'Alex (B);Alex (A)',
      '(no manager)',
      'Alex (A);Alex (B)',
    ]);
  });
});
