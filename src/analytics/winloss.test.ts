import { describe, expect, it } from 'vitest';
import { day, tinyDataset, type TinyDeal } from '../../test/analytics-flows/tiny-dataset.js';
import type { Dataset } from '../dataset/dataset.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { createFxTable } from '../domain/fx.js';
import { createStageModel, DEFAULT_STAGES } from '../domain/stage-model.js';
import { createKeyspace, groupDeals, type DimensionId } from './dimensions.js';
import { stageCodes } from './flow-basis.js';
import { dateRangePeriod } from './periods.js';
import { winLoss, type WinLossMeasure, type WinLossRow } from './winloss.js';

const MODEL = createStageModel(DEFAULT_STAGES);
const CALENDAR = createFiscalCalendar({ startMonth: 1 });
const FY2026 = dateRangePeriod('2026-01-01' as never, '2026-12-31' as never);

interface Closed {
  readonly won: boolean;
  readonly close: string;
  readonly competitor?: string;
  readonly lossReason?: string;
  /** The open stage a lost deal was lost from; none: created lost. */
  readonly lostAt?: string;
}

/** A deal created in Discovery on 2025-12-01 and closed as given: won at 1,000.00, lost at 3,000.00. */
function closedDeal(id: string, deal: Closed): TinyDeal {
  const amount = deal.won ? 100_000 : 300_000;
  const open = {
    date: '2025-12-01',
    stage: deal.lostAt ?? 'Discovery',
    amount,
    close: deal.close,
    owner: 'Ann',
  };
  const end = {
    date: deal.close,
    stage: deal.won ? 'Closed Won' : 'Closed Lost',
    amount,
    close: deal.close,
    owner: 'Ann',
  };
  const changes = deal.won || deal.lostAt ? [open, end] : [{ ...end, date: '2025-12-01' }];
  return {
    id,
    created: '2025-12-01',
    changes,
    ...(deal.competitor ? { competitor: deal.competitor } : {}),
    ...(deal.lossReason ? { lossReason: deal.lossReason } : {}),
  };
}

const times = (count: number, deal: Closed): Closed[] => Array.from({ length: count }, () => deal);

/**
 * 100 deals closed in FY2026, 50 won: Pipewise 20 of 30 (Q1), Closely 5 of 20 (Q2), no competitor 25 of 50 (Q3).
 * Losses: Pipewise's 10 to competitor from Proposal, Closely's 15 to competitor from Discovery, the others' 20 on
 * price from Negotiation and 5 on budget, created lost.
 */
const CLOSED: Closed[] = [
  ...times(20, { won: true, close: '2026-02-10', competitor: 'Pipewise' }),
  ...times(10, {
    won: false,
    close: '2026-03-10',
    competitor: 'Pipewise',
    lossReason: 'Lost to competitor',
    lostAt: 'Proposal',
  }),
  ...times(5, { won: true, close: '2026-04-10', competitor: 'Closely' }),
  ...times(15, {
    won: false,
    close: '2026-05-10',
    competitor: 'Closely',
    lossReason: 'Lost to competitor',
    lostAt: 'Discovery',
  }),
  ...times(25, { won: true, close: '2026-07-10' }),
  ...times(20, { won: false, close: '2026-08-10', lossReason: 'Price', lostAt: 'Negotiation' }),
  ...times(5, { won: false, close: '2026-09-10', lossReason: 'No budget' }),
  // Outside the analysis: closed before the period, and still open.
  { won: true, close: '2025-12-20', competitor: 'Pipewise' },
];

function dataset(): Dataset {
  const deals = CLOSED.map((deal, i) => closedDeal(`W${i}`, deal));
  deals.push({
    id: 'OPEN',
    created: '2026-01-05',
    changes: [{ date: '2026-01-05', stage: 'Proposal', amount: 1, close: '2026-12-01', owner: 'Ann' }],
  });
  return tinyDataset({ reps: [{ name: 'Ann' }], deals });
}

/** Win/loss of FY2026 as of 2026-11-27, split one dimension at a time; rows keyed by their label. */
function analyse(data: Dataset, splits: [DimensionId, WinLossMeasure][]) {
  const keyspaces = splits.map(([dimension]) =>
    createKeyspace(data, [dimension], {
      period: FY2026,
      calendar: CALENDAR,
      stageModel: MODEL,
      currency: 'USD',
    }),
  );
  const result = winLoss(data, {
    asOfDay: day('2026-11-27'),
    periodStart: FY2026.startDay,
    periodEnd: FY2026.endDay,
    stages: stageCodes(data.labels.stage, MODEL),
    config: { currency: 'USD', fxTable: createFxTable('USD', []), stageModel: MODEL },
    splits: splits.map(([, measure], index) => ({
      measure,
      group: (deals, closeDay) => groupDeals(keyspaces[index]!, data, deals, closeDay),
    })),
  });
  const byLabel = result.breakdowns.map((breakdown, index) => {
    const [dimension] = splits[index]!;
    return Object.fromEntries(
      breakdown.rows.map((row) => [keyspaces[index]!.labels(row.key)[dimension], row]),
    ) as Record<string, WinLossRow>;
  });
  return { result, byLabel };
}

describe('winLoss', () => {
  const data = dataset();

  it('counts the deals closed in the period, by count and by value', () => {
    const { result } = analyse(data, []);
    expect(result.overall).toMatchObject({
      won: 50,
      lost: 50,
      wonValue: 5_000_000,
      lostValue: 15_000_000,
      winRate: 0.5,
      valueWinRate: 0.25,
    });
    expect(result.overall.interval!.low).toBeCloseTo(0.403832, 5);
    expect(result.overall.interval!.high).toBeCloseTo(0.596168, 5);
  });

  it('gives the win rate against each competitor with its interval and a Holm-corrected test (hand-computed)', () => {
    const { result, byLabel } = analyse(data, [['competitor', 'win_rate']]);
    const competitors = byLabel[0]!;
    expect(result.breakdowns[0]!.comparisons).toBe(3);
    // Pipewise 20/30 against 30/70: pooled 0.5, z = 2.182179, p = 0.029096; Holm: x2 = 0.058193.
    const pipewise = competitors.Pipewise!;
    expect(pipewise).toMatchObject({ won: 20, lost: 10 });
    expect(pipewise.rate).toBeCloseTo(2 / 3, 12);
    expect(pipewise.interval!.low).toBeCloseTo(0.487801, 5);
    expect(pipewise.interval!.high).toBeCloseTo(0.807695, 5);
    expect(pipewise.z).toBeCloseTo(2.182179, 5);
    expect(pipewise.p).toBeCloseTo(0.029096, 5);
    expect(pipewise.pAdjusted).toBeCloseTo(0.058193, 5);
    expect(pipewise.verdict).toBe('higher than the rest, but not significant once 3 groups are compared');
    // Closely 5/20 against 45/80: z = -2.5, p = 0.012419; Holm: x3 = 0.037258.
    const closely = competitors.Closely!;
    expect(closely.z).toBeCloseTo(-2.5, 10);
    expect(closely.pAdjusted).toBeCloseTo(0.037258, 5);
    expect(closely.verdict).toBe('lower than the rest (significant)');
    expect(closely.valueRate).toBeCloseTo(500_000 / (500_000 + 4_500_000), 12);
    expect(competitors['(none)']).toMatchObject({
      won: 25,
      lost: 25,
      rate: 0.5,
      z: 0,
      verdict: 'no clear difference',
    });
    expect(competitors['(none)']!.p).toBeCloseTo(1, 6);
  });

  it('splits losses by reason as shares of all losses, with intervals and no test', () => {
    const { byLabel } = analyse(data, [['loss_reason', 'loss_share']]);
    const reasons = byLabel[0]!;
    expect(Object.keys(reasons).sort()).toEqual(['Lost to competitor', 'No budget', 'Price']);
    expect(reasons['Lost to competitor']).toMatchObject({
      won: 0,
      lost: 25,
      rate: 0.5,
      valueRate: 0.5,
      verdict: null,
      p: null,
    });
    expect(reasons.Price!.rate).toBe(0.4);
    expect(reasons.Price!.interval!.low).toBeCloseTo(0.276084, 5);
    expect(reasons['No budget']!.rate).toBe(0.1);
  });

  it('splits losses by the stage they were lost at, unknown when the deal was never open', () => {
    const { byLabel } = analyse(data, [['stage', 'loss_share']]);
    const stages = Object.fromEntries(Object.entries(byLabel[0]!).map(([label, row]) => [label, row.lost]));
    expect(stages).toEqual({ Discovery: 15, Proposal: 10, Negotiation: 20, '(none)': 5 });
  });

  it('shows the trend by fiscal quarter of the close date', () => {
    const { byLabel } = analyse(data, [['fiscal_quarter', 'win_rate']]);
    const quarters = byLabel[0]!;
    expect(Object.keys(quarters)).toEqual(['FY2026-Q1', 'FY2026-Q2', 'FY2026-Q3']);
    expect(quarters['FY2026-Q2']).toMatchObject({ won: 5, lost: 15, rate: 0.25 });
  });

  it('leaves credits (won at a zero or negative amount) out of won and closed deals, and names them', () => {
    // A refund won at -500.00 against Pipewise and a correction won at 0: counted as won, the win rate would be
    // 52 / 102, by value (5,000,000 - 50,000) / (19,950,000), and Pipewise's 21 / 31.
    const credit = (id: string, amount: number, competitor?: string): TinyDeal => ({
      id,
      created: '2025-12-01',
      changes: [
        { date: '2025-12-01', stage: 'Discovery', amount: 100_000, close: '2026-02-15', owner: 'Ann' },
        { date: '2026-02-15', stage: 'Closed Won', amount, close: '2026-02-15', owner: 'Ann' },
      ],
      ...(competitor ? { competitor } : {}),
    });
    const deals = CLOSED.map((deal, i) => closedDeal(`W${i}`, deal));
    deals.push(credit('REFUND', -50_000, 'Pipewise'), credit('ZERO', 0));
    const withCredits = tinyDataset({ reps: [{ name: 'Ann' }], deals });
    const { result, byLabel } = analyse(withCredits, [['competitor', 'win_rate']]);
    expect(result.overall).toMatchObject({
      won: 50,
      lost: 50,
      wonValue: 5_000_000,
      lostValue: 15_000_000,
      winRate: 0.5,
      valueWinRate: 0.25,
    });
    expect(byLabel[0]!.Pipewise).toMatchObject({ won: 20, lost: 10, wonValue: 2_000_000 });
    expect(result.creditsLeftOut).toEqual({ ids: ['REFUND', 'ZERO'], amount: -50_000 });
    expect(analyse(data, []).result.creditsLeftOut).toEqual({ ids: [], amount: 0 });
  });

  it('leaves rates undefined (null), not 0, when no deal closed', () => {
    const empty = tinyDataset({ reps: [{ name: 'Ann' }], deals: [] });
    const { result } = analyse(empty, [['competitor', 'win_rate']]);
    expect(result.overall).toMatchObject({
      won: 0,
      lost: 0,
      winRate: null,
      interval: null,
      valueWinRate: null,
    });
    expect(result.breakdowns[0]!.rows).toEqual([]);
  });
});
