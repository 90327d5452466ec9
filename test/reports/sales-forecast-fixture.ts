/**
 * A Sales Forecast built by hand with the numbers of the sales-operations role's example report (quota
 * $5,000,000, forecast $4,750,000 = $3,762,500 weighted + $987,500 closed), and CRM names that try to inject
 * markup, for renderer tests that do not need a workspace.
 * @module
 */
import type { IsoDate } from '../../src/domain/dates.js';
import type { MinorUnits } from '../../src/domain/money.js';
import type { SalesForecast } from '../../src/forecast/sales-forecast.js';

/** Dollars to minor units. */
const usd = (dollars: number): MinorUnits => (dollars * 100) as MinorUnits;
const day = (text: string): IsoDate => text as IsoDate;

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

const deal = {
  id: 'OPP-1',
  name: `Acme ${HOSTILE_NAME}`,
  owner: 'Alice',
  stage: 'Negotiation',
  amount: usd(250_000),
  closeDate: day('2026-12-15'),
  probability: 0.62,
} as const;

export const ROLE_EXAMPLE_FORECAST: SalesForecast = {
  title: 'Sales Forecast: FY2026-Q4',
  period: { name: 'FY2026-Q4', start: day('2026-10-01'), end: day('2026-12-31') },
  asOf: day('2026-11-15'),
  currency: 'USD',
  model: {
    id: 'stage-weighted',
    name: 'Stage-weighted',
    requested: 'stage-weighted',
    reason: 'requested with --model',
  },
  executiveSummary: {
    quota: usd(5_000_000),
    forecast: usd(4_750_000),
    percentOfQuota: 0.95,
    confidence: 'yellow',
    confidenceMeaning: 'Moderate: 70-85% likely to reach at least 90% of the forecast',
  },
  pipelineSnapshot: {
    stages: [
      { stage: 'Discovery', probability: 0.2, count: 50, value: usd(2_500_000), weightedValue: usd(500_000) },
      {
        stage: 'Proposal',
        probability: 0.5,
        count: 30,
        value: usd(2_400_000),
        weightedValue: usd(1_200_000),
      },
      {
        stage: 'Negotiation',
        probability: 0.8,
        count: 15,
        value: usd(1_875_000),
        weightedValue: usd(1_500_000),
      },
      { stage: 'Commit', probability: 0.9, count: 5, value: usd(625_000), weightedValue: usd(562_500) },
    ],
    closingLater: null,
    total: { count: 100, value: usd(7_400_000), weightedValue: usd(3_762_500) },
  },
  closedThisPeriod: usd(987_500),
  totalForecast: {
    model: 'stage-weighted',
    weightedPipeline: usd(3_762_500),
    closed: usd(987_500),
    newPipeline: usd(0),
    adjustments: usd(0),
    // The owner adjustment of `categories` (R1's commit +$120,000), which the stage-weighted total leaves out.
    adjustmentsNotIncluded: { count: 1, commit: usd(120_000), bestCase: usd(0) },
    total: usd(4_750_000),
  },
  byGroup: {
    by: 'owner',
    rows: [
      {
        group: 'Alice',
        id: 'R1',
        quota: usd(1_000_000),
        closed: usd(300_000),
        pipelineWeighted: usd(800_000),
        forecast: usd(1_100_000),
        attainment: 1.1,
        risk: 'low',
      },
      {
        group: 'Bob',
        id: 'R2',
        quota: usd(1_000_000),
        closed: usd(200_000),
        pipelineWeighted: usd(650_000),
        forecast: usd(850_000),
        attainment: 0.85,
        risk: 'medium',
      },
      {
        group: `Carol ${HOSTILE_NAME}`,
        id: 'R3',
        quota: usd(1_000_000),
        closed: usd(100_000),
        pipelineWeighted: usd(500_000),
        forecast: usd(600_000),
        attainment: 0.6,
        risk: 'high',
      },
    ],
    atRisk: [`Carol ${HOSTILE_NAME}`],
  },
  bySegment: {
    rows: [
      {
        segment: 'Enterprise',
        quota: usd(2_000_000),
        forecast: usd(2_100_000),
        variance: usd(100_000),
        variancePercent: 0.05,
        flag: null,
      },
      {
        segment: 'Mid-Market',
        quota: usd(2_000_000),
        forecast: usd(1_800_000),
        variance: usd(-200_000),
        variancePercent: -0.1,
        flag: 'yellow',
      },
      {
        segment: 'SMB',
        quota: usd(1_000_000),
        forecast: usd(850_000),
        variance: usd(-150_000),
        variancePercent: -0.15,
        flag: 'red',
      },
    ],
    behind: ['SMB', 'Mid-Market'],
  },
  risks: [
    {
      kind: 'slipping-deals',
      risk: '3 large enterprise deals may slip to next quarter',
      groups: [],
      impact: usd(750_000),
      mitigation: 'Escalate to VP, increase engagement',
      deals: [deal],
    },
  ],
  upside: [
    {
      kind: 'late-stage-not-forecast',
      description: 'Late-stage deals not in the forecast',
      count: 2,
      value: usd(500_000),
      potential: usd(500_000),
      deals: [deal],
    },
  ],
  recommendations: [
    { from: 'slipping-deals', text: 'Focus enterprise team on closing 3 at-risk deals this month' },
  ],
  confidence: {
    level: 'yellow',
    probability: 0.78,
    threshold: usd(4_275_000),
    meaning: 'Moderate: 70-85% likely to reach at least 90% of the forecast',
    basis: '70-85%',
    reasons: [
      {
        kind: 'risk',
        risk: 'slipping-deals',
        text: '3 large enterprise deals may slip to next quarter',
      },
      {
        kind: 'reach',
        threshold: usd(4_275_000),
        probability: 0.78,
        probabilityOfForecast: 0.78,
        text: '78% likely to reach at least $4.3M (90% of the forecast), 78% the forecast itself',
      },
      { kind: 'quota', probability: 0.27, text: '27% likely to reach quota' },
      {
        kind: 'range',
        p10: usd(4_250_000),
        p90: usd(5_260_000),
        text: '80% of outcomes between P10 and P90: $4.3M to $5.3M',
      },
    ],
  },
  methods: {
    definitions: [{ term: 'Weighted value', definition: 'amount x stage probability' }],
    model: {
      id: 'stage-weighted',
      name: 'Stage-weighted',
      requested: 'stage-weighted',
      reason: 'requested with --model',
    },
    formula: 'closed won + sum of open amount x stage probability',
    accuracy: { model: 'stage-weighted', mape: 0.123, bias: 0.05, p10p90Coverage: 0.75 },
    backtest: { periodsAsked: 8, periodsTested: 8, offsetDays: 7 },
    dataQuality: {
      score: 91,
      affectedValue: usd(400_000),
      affectedShare: 0.054,
      rules: [{ id: 'stale', title: 'Stale deals', affectedValue: usd(400_000) }],
    },
    inputs: {
      openDeals: 100,
      closedWonDeals: 20,
      closedWonNotPositive: 1,
      openNotPositive: 3,
      openWithoutAmount: 1,
      overdueBeforePeriod: 2,
      openWithoutCloseDate: 0,
      openAfterPeriodEnded: 0,
    },
    historyPeriods: ['FY2026-Q3', 'FY2026-Q2'],
  },
  distribution: {
    method: 'grid',
    mean: usd(4_750_000),
    sd: usd(400_000),
    p10: usd(4_250_000),
    p50: usd(4_740_000),
    p90: usd(5_260_000),
    probabilityOfQuota: 0.27,
    probabilityOfForecast: 0.78,
    errorBound: usd(500),
    varianceModel: 'independent deals',
  },
  models: [
    {
      model: 'stage-weighted',
      name: 'Stage-weighted',
      forecast: usd(4_750_000),
      accuracy: { model: 'stage-weighted', mape: 0.123, bias: 0.05, p10p90Coverage: 0.75 },
      chosen: true,
    },
    { model: 'commit', name: 'Commit', forecast: usd(3_000_000), accuracy: null, chosen: false },
  ],
  categories: {
    system: { commit: usd(1_500_000), bestCase: usd(3_000_000), pipeline: usd(8_387_500) },
    ownerLayer: { commit: usd(1_620_000), bestCase: usd(3_000_000), pipeline: usd(8_387_500) },
    managerLayer: { commit: usd(1_620_000), bestCase: usd(3_000_000), pipeline: usd(8_387_500) },
    adjustments: [
      {
        layer: 'owner',
        rep: 'R1',
        category: 'commit',
        amount: usd(420_000),
        note: `verbal on ${HOSTILE_NAME}`,
      },
    ],
  },
  deals: [
    { ...deal, stageProbability: 0.8, topFactors: [{ feature: 'pushes', value: '2+', effect: -0.41 }] },
  ],
  notes: [],
};
