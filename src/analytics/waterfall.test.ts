import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { day, tinyDataset, type TinyChange, type TinyDeal } from '../../test/analytics-flows/tiny-dataset.js';
import { textAt, type Dataset } from '../dataset/dataset.js';
import { fromDayNumber } from '../domain/dates.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { createFxTable, type FxTable } from '../domain/fx.js';
import { createStageModel, DEFAULT_STAGES } from '../domain/stage-model.js';
import { createKeyspace, groupDeals, type DimensionId } from './dimensions.js';
import { stageCodes } from './flow-basis.js';
import { dateRangePeriod } from './periods.js';
import {
  pipelineWaterfall,
  WATERFALL_BUCKETS,
  WATERFALL_INS,
  WATERFALL_OUTS,
  type WaterfallResult,
  type WaterfallRow,
} from './waterfall.js';

const MODEL = createStageModel(DEFAULT_STAGES);
const USD_ONLY = createFxTable('USD', []);

/** A change with the defaults of these examples: owner Ann, category pipeline. */
const at = (
  date: string,
  stage: string,
  amount: number,
  close: string,
  more: Partial<TinyChange> = {},
): TinyChange => ({
  date,
  stage,
  amount,
  close,
  owner: 'Ann',
  ...more,
});

const CALENDAR = createFiscalCalendar({ startMonth: 1 });

/** The waterfall, with rows labelled by the group's label in `by` (the first dimension). */
function waterfall(
  dataset: Dataset,
  window: { from: string; to: string; periodStart?: string; periodEnd?: string },
  options: { fx?: FxTable; by?: DimensionId } = {},
): WaterfallResult & { label: (key: number | null) => string } {
  const stages = stageCodes(dataset.labels.stage, MODEL);
  const periodStart = window.periodStart ?? '2026-10-01';
  const periodEnd = window.periodEnd ?? '2026-12-31';
  const by = options.by;
  const keyspace = createKeyspace(dataset, by ? [by] : [], {
    period: dateRangePeriod(periodStart as never, periodEnd as never),
    calendar: CALENDAR,
    stageModel: MODEL,
    currency: 'USD',
  });
  const result = pipelineWaterfall(dataset, {
    from: day(window.from),
    to: day(window.to),
    periodStart: day(periodStart),
    periodEnd: day(periodEnd),
    stages,
    config: { currency: 'USD', fxTable: options.fx ?? USD_ONLY },
    ...(by ? { group: (deals, closeDay) => groupDeals(keyspace, dataset, deals, closeDay) } : {}),
  });
  const label = (key: number | null) => (key === null || !by ? 'total' : (keyspace.labels(key)[by] ?? ''));
  return { ...result, label };
}

const values = (row: WaterfallRow) =>
  Object.fromEntries(
    WATERFALL_BUCKETS.filter((bucket) => row.buckets[bucket].count > 0).map((bucket) => [
      bucket,
      row.buckets[bucket].value,
    ]),
  );

/** start + ins - outs - end: zero when the identity holds. */
function imbalance(row: WaterfallRow): number {
  const ins = WATERFALL_INS.reduce((sum, bucket) => sum + row.buckets[bucket].value, 0);
  const outs = WATERFALL_OUTS.reduce((sum, bucket) => sum + row.buckets[bucket].value, 0);
  return row.start.value + ins - outs - row.end.value;
}

/** The same identity in deals: start + those that came in - those that left - end. */
function dealImbalance(row: WaterfallRow): number {
  const ins = WATERFALL_INS.reduce((sum, bucket) => sum + row.buckets[bucket].crossed, 0);
  const outs = WATERFALL_OUTS.reduce((sum, bucket) => sum + row.buckets[bucket].crossed, 0);
  return row.start.count + ins - outs - row.end.count;
}

/** One deal per bucket (the pipeline of FY2026-Q4, week 2026-10-01 to 2026-10-08), amounts in cents. */
const EXAMPLE: TinyDeal[] = [
  {
    id: 'A-increased',
    created: '2026-09-01',
    changes: [
      at('2026-09-01', 'Discovery', 1000, '2026-11-15'),
      at('2026-10-03', 'Discovery', 1500, '2026-11-15'),
    ],
  },
  {
    id: 'B-decreased',
    created: '2026-09-01',
    changes: [
      at('2026-09-01', 'Proposal', 2000, '2026-11-15', { owner: 'Bob' }),
      at('2026-10-05', 'Proposal', 1200, '2026-11-15', { owner: 'Bob' }),
    ],
  },
  {
    id: 'C-won',
    created: '2026-08-01',
    changes: [
      at('2026-08-01', 'Commit', 3000, '2026-11-30'),
      at('2026-10-06', 'Closed Won', 3300, '2026-10-06', { category: 'closed' }),
    ],
  },
  {
    id: 'D-lost',
    created: '2026-08-01',
    changes: [
      at('2026-08-01', 'Discovery', 4000, '2026-12-15', { owner: 'Bob' }),
      at('2026-10-04', 'Closed Lost', 0, '2026-10-04', { owner: 'Bob', category: 'omitted' }),
    ],
  },
  {
    id: 'E-pushed-out',
    created: '2026-08-01',
    changes: [
      at('2026-08-01', 'Negotiation', 5000, '2026-12-20'),
      at('2026-10-07', 'Negotiation', 5000, '2027-01-15'),
    ],
  },
  {
    id: 'F-pulled-out',
    created: '2026-08-01',
    changes: [
      at('2026-08-01', 'Commit', 600, '2026-10-20', { owner: 'Bob' }),
      at('2026-10-02', 'Commit', 600, '2026-09-30', { owner: 'Bob' }),
    ],
  },
  { id: 'G-created', created: '2026-10-02', changes: [at('2026-10-02', 'Qualification', 700, '2026-12-01')] },
  {
    id: 'H-pulled-in',
    created: '2026-07-01',
    changes: [
      at('2026-07-01', 'Discovery', 800, '2027-02-01', { owner: 'Bob' }),
      at('2026-10-05', 'Discovery', 900, '2026-11-10', { owner: 'Bob' }),
    ],
  },
  {
    id: 'I-pushed-in',
    created: '2026-07-01',
    changes: [
      at('2026-07-01', 'Proposal', 1000, '2026-09-25'),
      at('2026-10-02', 'Proposal', 1000, '2026-10-30'),
    ],
  },
  {
    id: 'J-reopened',
    created: '2026-07-01',
    changes: [
      at('2026-07-01', 'Discovery', 1100, '2026-09-20', { owner: 'Bob' }),
      at('2026-09-20', 'Closed Lost', 1100, '2026-09-20', { owner: 'Bob', category: 'omitted' }),
      at('2026-10-04', 'Proposal', 1100, '2026-11-30', { owner: 'Bob' }),
    ],
  },
  {
    id: 'K-in-and-out',
    created: '2026-10-02',
    changes: [
      at('2026-10-02', 'Discovery', 5000, '2026-11-01'),
      at('2026-10-05', 'Closed Won', 5000, '2026-10-05', { category: 'closed' }),
    ],
  },
  {
    id: 'L-owner-moved',
    created: '2026-09-01',
    changes: [
      at('2026-09-01', 'Proposal', 1200, '2026-11-20'),
      at('2026-10-03', 'Proposal', 1200, '2026-11-20', { owner: 'Bob', category: 'best_case' }),
    ],
  },
  {
    id: 'M-there-and-back',
    created: '2026-09-01',
    changes: [
      at('2026-09-01', 'Discovery', 100, '2026-11-20'),
      at('2026-10-02', 'Discovery', 200, '2026-11-20'),
      at('2026-10-06', 'Discovery', 100, '2026-11-20'),
    ],
  },
];

const REPS = [{ name: 'Ann' }, { name: 'Bob' }];
// Stage labels coded in an order unlike the stage model's, as a store that met them in that order would.
const LABEL_ORDER = { stage: ['Closed Won', 'Proposal', 'Closed Lost', 'Qualification'] };

describe('pipelineWaterfall', () => {
  const dataset = tinyDataset({ reps: REPS, deals: EXAMPLE, labelOrder: LABEL_ORDER });
  const week = { from: '2026-10-01', to: '2026-10-08' };

  it('puts each deal in its bucket, at the value the rule gives (hand-computed)', () => {
    const result = waterfall(dataset, week);
    // Start: A 1000 + B 2000 + C 3000 + D 4000 + E 5000 + F 600 + L 1200 + M 100.
    expect(result.total.start).toEqual({ count: 8, value: 16_900, crossed: 8 });
    // End: A 1500 + B 1200 + G 700 + H 900 + I 1000 + J 1100 + L 1200 + M 100.
    expect(result.total.end).toEqual({ count: 8, value: 7_700, crossed: 8 });
    expect(values(result.total)).toEqual({
      created: 700,
      pulledIn: 900, // at its value on the end date, not the 800 it had before
      pushedIn: 1_000,
      reopened: 1_100,
      increased: 800, // A +500, and C won at 300 more than it had
      won: 3_300, // the booked amount
      lost: 4_000, // the value it had in the pipeline, not the 0 it was lost at
      pushedOut: 5_000,
      pulledOut: 600,
      decreased: 800,
    });
    expect(imbalance(result.total)).toBe(0);
    // In deals: A and C's increases and B's decrease move no deal in or out; 8 + G, H, I, J - C, D, E, F = 8.
    expect(result.total.buckets.increased).toMatchObject({ count: 2, crossed: 0 });
    expect(result.total.buckets.decreased).toMatchObject({ count: 1, crossed: 0 });
    expect(result.total.buckets.won).toMatchObject({ count: 1, crossed: 1 });
    expect(dealImbalance(result.total)).toBe(0);
  });

  it('lists the deals of every bucket, with their states on both dates', () => {
    const result = waterfall(dataset, week);
    const ids = (bucket: string) =>
      result.movements
        .filter((move) => move.bucket === bucket)
        .map((move) => textAt(dataset.opportunities.crmId, move.opportunity));
    expect(ids('increased')).toEqual(['A-increased', 'C-won']);
    expect(ids('created')).toEqual(['G-created']);
    expect(ids('reopened')).toEqual(['J-reopened']);
    const won = result.movements.find((move) => move.bucket === 'won')!;
    expect(won.start?.value).toBe(3_000);
    expect(won.end).toMatchObject({ value: 3_300, closeDay: day('2026-10-06') });
    expect(result.movements.find((move) => move.bucket === 'created')!.start).toBeNull();
    // Deals that changed and changed back, or came and went within the week, move nowhere.
    expect(
      result.movements.map((move) => textAt(dataset.opportunities.crmId, move.opportunity)),
    ).not.toContain('M-there-and-back');
    expect(
      result.movements.map((move) => textAt(dataset.opportunities.crmId, move.opportunity)),
    ).not.toContain('K-in-and-out');
  });

  it('reports owner and forecast-category moves of the total as information, outside the buckets', () => {
    const result = waterfall(dataset, week);
    expect(result.ownerMoves).toEqual({ count: 1, value: 1_200 });
    const category = (code: number) => dataset.labels.forecast_category[code];
    expect(
      result.categoryMoves.map((move) => [
        category(move.fromCategoryCode),
        category(move.toCategoryCode),
        move.count,
        move.value,
      ]),
    ).toEqual([['pipeline', 'best_case', 1, 1_200]]);
    expect(result.total.buckets.movedIn.count + result.total.buckets.movedOut.count).toBe(0);
  });

  it('by owner: outflows in the old owner, inflows in the new, a hand-over as moved out and in', () => {
    const result = waterfall(dataset, week, { by: 'owner' });
    const ann = result.groups.find((row) => result.label(row.key) === 'Ann');
    const bob = result.groups.find((row) => result.label(row.key) === 'Bob');
    expect(result.groups).toHaveLength(2);
    expect(ann?.start.value).toBe(10_300); // A, C, E, L, M
    expect(ann?.end.value).toBe(3_300); // A, G, I, M
    expect(values(ann!)).toEqual({
      created: 700,
      pushedIn: 1_000,
      increased: 800,
      won: 3_300,
      pushedOut: 5_000,
      movedOut: 1_200,
    });
    expect(bob?.start.value).toBe(6_600); // B, D, F
    expect(bob?.end.value).toBe(4_400); // B, H, J, L
    expect(values(bob!)).toEqual({
      pulledIn: 900,
      reopened: 1_100,
      movedIn: 1_200,
      decreased: 800,
      lost: 4_000,
      pulledOut: 600,
    });
    for (const row of [ann!, bob!, result.total]) expect(imbalance(row)).toBe(0);
    // The total is the same as without groups.
    expect(result.total).toEqual(waterfall(dataset, week).total);
    expect(
      result.movements.filter((move) => move.bucket === 'movedIn').map((move) => result.label(move.key)),
    ).toEqual(['Bob']);
  });

  it('values a foreign-currency deal at the rate of its close date, so moving the close date can change it', () => {
    const fx = createFxTable('USD', [
      { currency: 'EUR', from: '2026-01-01', rate: '0.8' },
      { currency: 'EUR', from: '2026-12-01', rate: '0.5' },
    ]);
    const euro = tinyDataset({
      reps: REPS,
      deals: [
        {
          id: 'EUR-1',
          created: '2026-09-01',
          currency: 'EUR',
          changes: [
            at('2026-09-01', 'Proposal', 800, '2026-11-15'),
            at('2026-10-03', 'Proposal', 800, '2026-12-15'),
          ],
        },
      ],
    });
    const result = waterfall(euro, week, { fx });
    expect(result.total.start.value).toBe(1_000); // 8.00 EUR at 0.8 EUR per USD
    expect(result.total.end.value).toBe(1_600); // at 0.5
    expect(values(result.total)).toEqual({ increased: 600 });
  });

  it('counts only positive amounts as pipeline: a corrected amount moves by the amount buckets', () => {
    // N: -400 on the start date, corrected to 2,500: in at its end value, as increased. O: 1,800, then -1,800 (a
    // data error) with its close date still in the period: out at its start value, as decreased. P: -500 on both
    // dates: in neither. Counted in, the start would be 1,800 - 400 - 500 and the end 2,500 - 1,800 - 500.
    const corrected = tinyDataset({
      reps: REPS,
      deals: [
        {
          id: 'N-corrected-in',
          created: '2026-09-01',
          changes: [
            at('2026-09-01', 'Discovery', -400, '2026-11-15'),
            at('2026-10-03', 'Discovery', 2500, '2026-11-15'),
          ],
        },
        {
          id: 'O-corrected-out',
          created: '2026-09-01',
          changes: [
            at('2026-09-01', 'Proposal', 1800, '2026-11-20'),
            at('2026-10-04', 'Proposal', -1800, '2026-11-20'),
          ],
        },
        {
          id: 'P-negative',
          created: '2026-09-01',
          changes: [at('2026-09-01', 'Proposal', -500, '2026-11-25')],
        },
      ],
    });
    const result = waterfall(corrected, week);
    expect(result.total.start).toEqual({ count: 1, value: 1_800, crossed: 1 });
    expect(result.total.end).toEqual({ count: 1, value: 2_500, crossed: 1 });
    expect(values(result.total)).toEqual({ increased: 2_500, decreased: 1_800 });
    expect(imbalance(result.total)).toBe(0);
    // N came in and O left through the amount buckets: 1 + 1 - 1 = 1 deal.
    expect(result.total.buckets.increased).toEqual({ count: 1, value: 2_500, crossed: 1 });
    expect(result.total.buckets.decreased).toEqual({ count: 1, value: 1_800, crossed: 1 });
    expect(dealImbalance(result.total)).toBe(0);
  });

  it('is empty when both dates are the same day, and refuses a start after the end', () => {
    const result = waterfall(dataset, { from: '2026-10-05', to: '2026-10-05' });
    expect(result.movements).toEqual([]);
    expect(result.total.start).toEqual(result.total.end);
    expect(() => waterfall(dataset, { from: '2026-10-08', to: '2026-10-01' })).toThrow(RangeError);
  });
});

const STAGE_NAMES = DEFAULT_STAGES.map((stage) => stage.name);
const BASE = day('2026-01-01');

/** A random deal: created on its first change's day, then changes on later days (several on one day allowed). */
const dealArbitrary = fc
  .record({
    created: fc.integer({ min: 0, max: 40 }),
    currency: fc.constantFrom('USD', 'EUR'),
    changes: fc.array(
      fc.record({
        gap: fc.integer({ min: 0, max: 6 }),
        stage: fc.constantFrom(...STAGE_NAMES),
        // Some zero and negative amounts: data errors, never in the pipeline.
        amount: fc.integer({ min: -50_000, max: 1_000_000 }),
        close: fc.integer({ min: 0, max: 90 }),
        owner: fc.constantFrom('Ann', 'Bob', 'Cy'),
        category: fc.constantFrom('pipeline', 'best_case', 'commit'),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ created, currency, changes }) => {
    let date = BASE + created;
    return {
      created: fromDayNumber(BASE + created),
      currency,
      changes: changes.map((change) => {
        date += change.gap;
        return {
          date: fromDayNumber(date),
          stage: change.stage,
          amount: change.amount,
          close: fromDayNumber(BASE + change.close),
          owner: change.owner,
          category: change.category,
        };
      }),
    };
  });

/** The pipeline's value on a day, computed directly from the changes (the oracle for start and end). */
function pipelineValue(
  deals: readonly Omit<TinyDeal, 'id'>[],
  onDay: number,
  fx: FxTable,
  period: [number, number],
): number {
  let total = 0;
  for (const deal of deals) {
    if (day(deal.created) > onDay) continue;
    // Between its creation and its first recorded change a deal is in its first recorded state.
    const state = deal.changes.filter((change) => day(change.date) <= onDay).at(-1) ?? deal.changes[0];
    if (!state || MODEL.stage(MODEL.requireIndex(state.stage)).outcome !== 'open') continue;
    const close = day(state.close);
    if (close < period[0] || close > period[1] || state.amount <= 0) continue;
    total += fx.toCorporate(state.amount as never, deal.currency ?? 'USD', state.close as never);
  }
  return total;
}

describe('pipelineWaterfall on random histories', () => {
  const fx = createFxTable('USD', [
    { currency: 'EUR', from: '2025-01-01', rate: '0.9' },
    { currency: 'EUR', from: '2026-02-01', rate: '0.83' },
  ]);

  it('start + ins - outs = end exactly, for the total and every group; start and end match a direct sum', () => {
    // Dee manages Cy and Bob, Cy manages Ann: under manager roll-up Ann's deals count for Cy and for Dee.
    const reps = [
      { name: 'Ann', manager: 'Cy' },
      { name: 'Bob', manager: 'Dee' },
      { name: 'Cy', manager: 'Dee' },
      { name: 'Dee' },
    ];
    fc.assert(
      fc.property(
        fc.array(dealArbitrary, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom<DimensionId>('owner', 'manager', 'forecast_category', 'fiscal_month'),
        (deals, from, length, by) => {
          const dataset = tinyDataset({ reps, deals: deals.map((deal, i) => ({ id: `D${i}`, ...deal })) });
          const period: [number, number] = [BASE + 30, BASE + 59];
          const window = {
            from: fromDayNumber(BASE + from),
            to: fromDayNumber(BASE + from + length),
            periodStart: fromDayNumber(period[0]),
            periodEnd: fromDayNumber(period[1]),
          };
          const result = waterfall(dataset, window, { fx, by });
          expect(result.total.start.value).toBe(pipelineValue(deals, BASE + from, fx, period));
          expect(result.total.end.value).toBe(pipelineValue(deals, BASE + from + length, fx, period));
          for (const row of [result.total, ...result.groups]) {
            expect(imbalance(row)).toBe(0);
            expect(dealImbalance(row)).toBe(0);
          }
          // The listed deals add up to their group's buckets.
          for (const row of result.groups) {
            for (const bucket of WATERFALL_BUCKETS) {
              const listed = result.movements.filter(
                (move) => move.key === row.key && move.bucket === bucket,
              );
              expect(listed.reduce((sum, move) => sum + move.value, 0)).toBe(row.buckets[bucket].value);
              expect(listed.length).toBe(row.buckets[bucket].count);
            }
          }
          if (by === 'manager') return; // a roll-up counts deals in several rows
          // Groups add up to the total, except that moves between groups are amount changes in the total.
          const sum = (pick: (row: WaterfallRow) => number) =>
            result.groups.reduce((total, row) => total + pick(row), 0);
          expect(sum((row) => row.start.value)).toBe(result.total.start.value);
          expect(sum((row) => row.end.value)).toBe(result.total.end.value);
          const net = (row: WaterfallRow) =>
            row.buckets.movedIn.value -
            row.buckets.movedOut.value +
            row.buckets.increased.value -
            row.buckets.decreased.value;
          expect(sum(net)).toBe(net(result.total));
        },
      ),
      { seed: 20261001, numRuns: 300 },
    );
  });
});
