import { describe, expect, it } from 'vitest';
import { day, tinyDataset, type TinyChange, type TinyDeal } from '../../test/analytics-flows/tiny-dataset.js';
import type { Dataset } from '../dataset/dataset.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { createFxTable } from '../domain/fx.js';
import { createStageModel, DEFAULT_STAGES } from '../domain/stage-model.js';
import { DayList, stageConversion, type ConversionResult, type StageConversion } from './conversion.js';
import { createKeyspace, groupDeals, type DimensionId } from './dimensions.js';
import { stageCodes } from './flow-basis.js';
import { dateRangePeriod } from './periods.js';

const MODEL = createStageModel(DEFAULT_STAGES);

/** A deal in one stage after another; amounts 1000, closing 2026-09-30, owned by `owner`. */
function path(id: string, owner: string, steps: [date: string, stage: string][]): TinyDeal {
  const changes: TinyChange[] = steps.map(([date, stage]) => ({
    date,
    stage,
    amount: 1_000,
    close: '2026-09-30',
    owner,
  }));
  return { id, created: steps[0]![0], changes };
}

const DEALS: TinyDeal[] = [
  path('D1', 'Ann', [
    ['2026-01-10', 'Qualification'],
    ['2026-01-20', 'Discovery'],
    ['2026-02-10', 'Proposal'],
    ['2026-03-01', 'Closed Lost'],
  ]),
  // Skips Discovery.
  path('D2', 'Ann', [
    ['2026-01-15', 'Qualification'],
    ['2026-01-25', 'Proposal'],
    ['2026-02-20', 'Negotiation'],
    ['2026-03-10', 'Commit'],
    ['2026-04-01', 'Closed Won'],
  ]),
  // Created in Discovery; goes back from Proposal to Discovery and forward again; open.
  path('D3', 'Ann', [
    ['2026-02-01', 'Discovery'],
    ['2026-02-11', 'Proposal'],
    ['2026-02-21', 'Discovery'],
    ['2026-03-03', 'Proposal'],
  ]),
  path('D4', 'Bob', [['2026-02-05', 'Qualification']]),
  // Enters after the cohort window.
  path('D5', 'Bob', [
    ['2026-05-01', 'Qualification'],
    ['2026-05-10', 'Discovery'],
  ]),
  // Straight from Qualification to won: passes through every open stage on 2026-01-06.
  path('D6', 'Bob', [
    ['2026-01-05', 'Qualification'],
    ['2026-01-06', 'Closed Won'],
  ]),
  // Its move to Discovery comes after the as-of day.
  path('D7', 'Bob', [
    ['2026-03-01', 'Qualification'],
    ['2026-07-15', 'Discovery'],
  ]),
];

const CALENDAR = createFiscalCalendar({ startMonth: 1 });
const COHORT = { start: '2026-01-01', end: '2026-03-31' };

/** Conversion as of 2026-06-30 of the cohort window, with rows labelled by `by` (one dimension). */
function conversion(
  dataset: Dataset,
  by?: DimensionId,
  cohort = COHORT,
): ConversionResult & { label: (key: number | null) => string | null } {
  const keyspace = createKeyspace(dataset, by ? [by] : [], {
    period: dateRangePeriod(cohort.start as never, cohort.end as never),
    calendar: CALENDAR,
    stageModel: MODEL,
    currency: 'USD',
  });
  const result = stageConversion(dataset, {
    asOfDay: day('2026-06-30'),
    cohortStart: day(cohort.start),
    cohortEnd: day(cohort.end),
    stages: stageCodes(dataset.labels.stage, MODEL),
    config: { currency: 'USD', fxTable: createFxTable('USD', []), stageModel: MODEL },
    ...(by
      ? {
          group: (deals, dates) => groupDeals(keyspace, dataset, deals, dates),
          groupByDay: by.startsWith('fiscal_'),
        }
      : {}),
  });
  return { ...result, label: (key) => (key === null || !by ? null : (keyspace.labels(key)[by] ?? '')) };
}

const row = (
  result: ReturnType<typeof conversion>,
  rows: 'total' | 'groups',
  stage: string,
  group: string | null = null,
) => result[rows].find((candidate) => candidate.stage === stage && result.label(candidate.key) === group)!;
const reached = (conversionRow: StageConversion) =>
  Object.fromEntries(conversionRow.reached.map((later) => [later.stage, later.deals]));

describe('stageConversion', () => {
  const dataset = tinyDataset({
    reps: [{ name: 'Ann' }, { name: 'Bob' }],
    deals: DEALS,
    labelOrder: { stage: ['Commit', 'Closed Won', 'Discovery'] },
  });
  const result = conversion(dataset);

  it('counts the Qualification cohort and what became of it (hand-computed)', () => {
    const qualification = row(result, 'total', 'Qualification');
    // D1, D2, D4, D6, D7 entered it in the window; D3 was created past it, D5 entered after the window.
    expect(qualification).toMatchObject({ entered: 5, skipped: 0, won: 2, lost: 1, open: 2, movedBack: 0 });
    expect(reached(qualification)).toEqual({ Discovery: 3, Proposal: 3, Negotiation: 2, Commit: 2 });
    expect(qualification.nextRate).toBe(0.6);
    expect(qualification.winRate).toBe(0.4);
    expect(qualification.lossRate).toBe(0.2);
    // D1 10 days, D2 10, D6 1; D4 and D7 are still in it.
    expect(qualification.daysInStage).toEqual({ deals: 3, mean: 7, median: 10 });
  });

  it('counts skipped stages as passed through, with no days in them', () => {
    const discovery = row(result, 'total', 'Discovery');
    // D1, D3 recorded in it; D2 and D6 skipped it.
    expect(discovery).toMatchObject({ entered: 4, skipped: 2, won: 2, lost: 1, open: 1, nextRate: 1 });
    // D1 21 days; D3 10 + 10 days over two visits.
    expect(discovery.daysInStage).toEqual({ deals: 2, mean: 20.5, median: 20.5 });
    const commit = row(result, 'total', 'Commit');
    expect(commit).toMatchObject({ entered: 2, skipped: 1, won: 2, nextRate: 1 });
    expect(commit.reached).toEqual([]);
    expect(commit.daysInStage).toEqual({ deals: 1, mean: 22, median: 22 });
  });

  it('keeps a stage entered once despite a backward move, and counts the move', () => {
    const proposal = row(result, 'total', 'Proposal');
    expect(proposal).toMatchObject({ entered: 4, skipped: 1, won: 2, lost: 1, open: 1, movedBack: 1 });
    expect(proposal.nextRate).toBe(0.5);
    // D1 19 days, D2 26; D3 is in it again on the as-of day.
    expect(proposal.daysInStage).toEqual({ deals: 2, mean: 22.5, median: 22.5 });
  });

  it('ages the deals open on the as-of day by their stage then', () => {
    const aging = Object.fromEntries(result.aging.map((stage) => [stage.stage, stage]));
    // D4 145 days (since 2026-02-05), D7 121 days (its later move is after the as-of day).
    expect(aging.Qualification).toMatchObject({ deals: 2, value: 2_000, bands: [0, 0, 0, 2] });
    expect(aging.Qualification!.daysInStage).toEqual({ deals: 2, mean: 133, median: 133 });
    expect(aging.Discovery).toMatchObject({ deals: 1, bands: [0, 1, 0, 0] });
    expect(aging.Discovery!.daysInStage.mean).toBe(51);
    expect(aging.Discovery!.ageDays.mean).toBe(60);
    // D3 in Proposal since 2026-03-03 (119 days), created 2026-02-01 (149 days ago).
    expect(aging.Proposal!.daysInStage.median).toBe(119);
    expect(aging.Proposal!.ageDays.median).toBe(149);
    expect(aging.Negotiation).toMatchObject({
      deals: 0,
      value: 0,
      daysInStage: { deals: 0, mean: null, median: null },
    });
  });

  it('leaves a deal won at a zero or negative amount (a credit) out of every cohort, and names it', () => {
    // D8: Bob's refund, created in Qualification on 2026-01-08 and won at -1,000 on 2026-02-01. Counted in, the
    // Qualification cohort would be 6 deals, 3 won, Discovery and Proposal reached by 4, Negotiation and Commit
    // by 3 (a won deal passed through them all).
    const refund: TinyDeal = {
      id: 'D8',
      created: '2026-01-08',
      changes: [
        { date: '2026-01-08', stage: 'Qualification', amount: 1_000, close: '2026-02-01', owner: 'Bob' },
        { date: '2026-02-01', stage: 'Closed Won', amount: -1_000, close: '2026-02-01', owner: 'Bob' },
      ],
    };
    const withCredit = conversion(
      tinyDataset({
        reps: [{ name: 'Ann' }, { name: 'Bob' }],
        deals: [...DEALS, refund],
        labelOrder: { stage: ['Commit', 'Closed Won', 'Discovery'] },
      }),
    );
    expect(withCredit.total).toEqual(result.total);
    expect(row(withCredit, 'total', 'Qualification')).toMatchObject({ entered: 5, won: 2, winRate: 0.4 });
    expect(withCredit.creditsLeftOut).toEqual({ ids: ['D8'], amount: -1_000 });
    expect(result.creditsLeftOut).toEqual({ ids: [], amount: 0 });
  });

  it('splits by group, each group its own cohort', () => {
    const grouped = conversion(dataset, 'owner');
    expect(row(grouped, 'groups', 'Qualification', 'Ann')).toMatchObject({
      entered: 2,
      won: 1,
      lost: 1,
      open: 0,
    });
    expect(row(grouped, 'groups', 'Qualification', 'Bob')).toMatchObject({
      entered: 3,
      won: 1,
      lost: 0,
      open: 2,
    });
    expect(grouped.total).toEqual(result.total);
    expect(row(grouped, 'groups', 'Negotiation', 'Ann')).toMatchObject({ entered: 1 });
  });

  it('splits cohorts by the fiscal month they entered each stage in', () => {
    const byMonth = conversion(dataset, 'fiscal_month');
    const entered = (stage: string) =>
      byMonth.groups
        .filter((candidate) => candidate.stage === stage && candidate.entered > 0)
        .map((candidate) => [byMonth.label(candidate.key), candidate.entered]);
    // Qualification: D1, D2, D6 in January, D4 in February, D7 in March.
    expect(entered('Qualification').sort()).toEqual([
      ['FY2026-M01', 3],
      ['FY2026-M02', 1],
      ['FY2026-M03', 1],
    ]);
    // Discovery: D1, D2 (skipped through), D6 (skipped through) in January; D3 (created in it) in February.
    expect(entered('Discovery').sort()).toEqual([
      ['FY2026-M01', 3],
      ['FY2026-M02', 1],
    ]);
  });

  it('enters no stage before the one a deal was created in, even when it moves back there', () => {
    const back = tinyDataset({
      reps: [{ name: 'Ann' }],
      deals: [
        path('B1', 'Ann', [
          ['2026-02-01', 'Proposal'],
          ['2026-02-05', 'Qualification'],
        ]),
      ],
    });
    const result = conversion(back);
    expect(row(result, 'total', 'Qualification').entered).toBe(0);
    expect(row(result, 'total', 'Discovery').entered).toBe(0);
    // Proposal: entered, left after 4 days by moving back; open, now aging in Qualification.
    expect(row(result, 'total', 'Proposal')).toMatchObject({
      entered: 1,
      movedBack: 1,
      open: 1,
      daysInStage: { deals: 1, mean: 4, median: 4 },
    });
    expect(result.aging[0]).toMatchObject({
      stage: 'Qualification',
      deals: 1,
      daysInStage: { deals: 1, mean: 145, median: 145 },
    });
  });

  it('leaves open deals with a zero or negative amount out of the aging, and counts them', () => {
    const withAmount = (deal: TinyDeal, amount: number): TinyDeal => ({
      ...deal,
      changes: deal.changes.map((change) => ({ ...change, amount })),
    });
    const credits = tinyDataset({
      reps: [{ name: 'Ann' }],
      deals: [
        path('P1', 'Ann', [['2026-02-05', 'Qualification']]),
        withAmount(path('N1', 'Ann', [['2026-02-05', 'Qualification']]), -700),
        withAmount(path('Z1', 'Ann', [['2026-03-05', 'Discovery']]), 0),
        // Closed with a negative amount: not open, so neither aged nor counted as left out.
        withAmount(
          path('L1', 'Ann', [
            ['2026-02-05', 'Qualification'],
            ['2026-03-01', 'Closed Lost'],
          ]),
          -50,
        ),
      ],
    });
    const result = conversion(credits);
    // Only P1 ($1,000) is aged; N1 (-700) and Z1 (0) are left out: 2 deals, -700 in all.
    expect(result.aging[0]).toMatchObject({ stage: 'Qualification', deals: 1, value: 1_000 });
    expect(result.aging[1]).toMatchObject({ stage: 'Discovery', deals: 0, value: 0 });
    expect(result.agingLeftOut).toEqual({ deals: 2, amount: -700 });
    // The cohorts still count them: entering a stage is not pipeline value.
    expect(row(result, 'total', 'Qualification').entered).toBe(3);
    expect(conversion(dataset).agingLeftOut).toEqual({ deals: 0, amount: 0 });
  });

  it('shows rates of an empty cohort as undefined, not 0', () => {
    const empty = conversion(dataset, undefined, { start: '2025-01-01', end: '2025-03-31' });
    expect(row(empty, 'total', 'Discovery')).toMatchObject({
      entered: 0,
      nextRate: null,
      winRate: null,
      lossRate: null,
    });
  });
});

describe('DayList', () => {
  const summary = (days: number[]) => {
    const list = new DayList();
    for (const value of days) list.push(value);
    return list.summary();
  };

  it('gives the mean and the median (the mean of the middle two for an even count)', () => {
    expect(summary([5, 1, 3])).toEqual({ deals: 3, mean: 3, median: 3 });
    expect(summary([4, 1, 3, 10])).toEqual({ deals: 4, mean: 4.5, median: 3.5 });
    expect(summary([])).toEqual({ deals: 0, mean: null, median: null });
  });

  it('grows past its first block and sorts numerically, not as text', () => {
    const days = Array.from({ length: 41 }, (_, i) => (i * 37) % 101);
    expect(summary(days).median).toBe([...days].sort((a, b) => a - b)[20]);
    expect(summary([100, 9, 20])).toMatchObject({ median: 20 });
  });
});
