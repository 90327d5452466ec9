/**
 * The named dataset of the metric tests: a small sales org written out by hand, with the expected figures of
 * FY2026-Q3 as of 2026-09-15 worked out in the comments (calendar fiscal year, USD, EUR at 0.8 per USD from
 * 2026-01-01, so 1 EUR = 1.25 USD).
 *
 * Organisation: Vera (VP) over Mia (manager, East) and Max (manager, West). East: Ann (AE) and Ben (AE, hired
 * 2026-01-15). West: Cid (AE, left 2026-08-10), Dee (AE, hired 2026-08-11 as Cid's backfill) and Sam (SDR).
 *
 * FY2026-Q3 (2026-07-01..2026-09-30) as of 2026-09-15:
 * - closed won: O1 Ann 100,000 USD (07-20, list 125,000, created 04-01: 110 days), O3 Ben 40,000 EUR = 50,000 USD
 *   (08-15, list 40,000 EUR, created 06-15: 61 days), O4 Cid 20,000 (08-05, no list amount, created 07-01: 35
 *   days); closed lost: O2 Ann 50,000 (08-01), O5 Cid 10,000 (07-10).
 * - open, closing in Q3: O6 Ann Proposal 80,000 (close pushed 08-31 -> 09-30), O7 Dee Negotiation 30,000 (Cid's
 *   until he left; 25,000 when created), O9 Mia Discovery 10,000. Open, closing in Q4: O8 Ben Qualification 20,000.
 * - quotas: Ann 200,000, Ben 100,000, Cid 50,000, Dee 0 (rep), team East 250,000; FY2026-Q2: Ann 150,000, Ben 40,000.
 * - products: O1 and O2 Platform, O3 and O4 Analytics, every other deal none.
 * - earlier: O10 Ann won 60,000 (2026-05-15, account AC1's first win), O11 Ben won 45,000 (2026-06-10).
 * @module
 */
import { isoDate, type IsoDate } from '../../src/domain/dates.js';
import { buildDataset } from '../../src/dataset/build-dataset.js';
import type { Dataset } from '../../src/dataset/dataset.js';
import {
  emptyBatch,
  type Activity,
  type EntityBatch,
  type ForecastCategory,
  type Lead,
  type Opportunity,
  type OpportunityChange,
  type Rep,
} from '../../src/domain/entities.js';
import type { MinorUnits } from '../../src/domain/money.js';
import { parseWorkspaceConfig, type WorkspaceConfig } from '../../src/domain/workspace-config.js';
import { openStore } from '../../src/store/open-store.js';
import { parseDimensions } from '../../src/analytics/dimensions.js';
import { evaluateMetrics } from '../../src/analytics/evaluate-metrics.js';
import type { MetricId } from '../../src/analytics/metric-definition.js';
import { resolveAnalysisPeriod } from '../../src/analytics/periods.js';

export const NAMED_AS_OF = isoDate('2026-09-15');

/** Major units to minor units (cents). */
export const usd = (major: number) => Math.round(major * 100) as MinorUnits;

/** The config the named dataset is read with; `overrides` replace top-level sections. */
export function namedConfig(overrides: Record<string, unknown> = {}): WorkspaceConfig {
  return parseWorkspaceConfig({
    company: 'Named Co',
    currency: 'USD',
    fx: [{ currency: 'EUR', from: '2026-01-01', rate: '0.8' }],
    fiscalYear: { startMonth: 1 },
    ltv: { grossMargin: 0.8, annualChurn: 0.2 },
    ...overrides,
  });
}

const rep = (fields: Partial<Rep> & Pick<Rep, 'id' | 'name' | 'role'>): Rep => ({
  email: null,
  managerId: null,
  team: null,
  segment: null,
  region: null,
  hireDate: isoDate('2020-01-01'),
  endDate: null,
  ...fields,
});

interface Step {
  readonly date: string;
  readonly stage: string;
  readonly amount?: number;
  readonly close?: string;
  readonly owner?: string;
}

interface DealSpec {
  readonly id: string;
  readonly owner: string;
  readonly account: string | null;
  readonly created: string;
  readonly amount: number;
  readonly close: string;
  readonly steps: readonly Step[];
  readonly currency?: string;
  readonly list?: number;
  readonly source?: string;
  readonly product?: string;
}

const CATEGORY: Readonly<Record<string, ForecastCategory>> = {
  Qualification: 'pipeline',
  Discovery: 'pipeline',
  Proposal: 'best_case',
  Negotiation: 'best_case',
  Commit: 'commit',
  'Closed Won': 'closed',
  'Closed Lost': 'omitted',
};

/** An opportunity and its history: each step carries the amount, close date and owner forward unless it changes them. */
function deal(spec: DealSpec): { opportunity: Opportunity; changes: OpportunityChange[] } {
  let amount = spec.amount;
  let close = spec.close;
  let owner = spec.owner;
  const changes = spec.steps.map((step, index): OpportunityChange => {
    amount = step.amount ?? (index === 0 ? spec.amount : amount);
    close = step.close ?? (index === 0 ? spec.close : close);
    owner = step.owner ?? owner;
    const sameDay = spec.steps.slice(0, index).filter((earlier) => earlier.date === step.date).length;
    return {
      opportunityId: spec.id,
      date: isoDate(step.date),
      sequence: sameDay,
      stage: step.stage,
      amount: usd(amount),
      closeDate: isoDate(close),
      forecastCategory: CATEGORY[step.stage] ?? 'pipeline',
      ownerId: owner,
    };
  });
  const last = changes.at(-1) as OpportunityChange;
  return {
    opportunity: {
      id: spec.id,
      name: `Deal ${spec.id}`,
      accountId: spec.account,
      currency: spec.currency ?? 'USD',
      type: 'new',
      source: spec.source ?? 'Inbound',
      createdDate: isoDate(spec.created),
      listAmount: spec.list === undefined ? null : usd(spec.list),
      competitor: null,
      lossReason: last.stage === 'Closed Lost' ? 'Price' : null,
      nextStep: null,
      qualification: { budget: null, authority: null, need: null, timeline: null },
      product: spec.product ?? null,
      stage: last.stage,
      amount: last.amount,
      closeDate: last.closeDate,
      forecastCategory: last.forecastCategory,
      ownerId: last.ownerId,
    },
    changes,
  };
}

const DEALS: readonly DealSpec[] = [
  {
    id: 'O1',
    owner: 'A1',
    account: 'AC1',
    created: '2026-04-01',
    amount: 100_000,
    list: 125_000,
    close: '2026-07-20',
    product: 'Platform',
    steps: [
      { date: '2026-04-01', stage: 'Qualification' },
      { date: '2026-05-01', stage: 'Proposal' },
      { date: '2026-06-01', stage: 'Negotiation' },
      { date: '2026-07-20', stage: 'Closed Won' },
    ],
  },
  {
    id: 'O2',
    owner: 'A1',
    account: 'AC1',
    created: '2026-05-01',
    amount: 50_000,
    close: '2026-08-01',
    product: 'Platform',
    steps: [
      { date: '2026-05-01', stage: 'Qualification' },
      { date: '2026-06-01', stage: 'Discovery' },
      { date: '2026-08-01', stage: 'Closed Lost' },
    ],
  },
  {
    id: 'O3',
    owner: 'A2',
    account: 'AC3',
    created: '2026-06-15',
    currency: 'EUR',
    amount: 40_000,
    list: 40_000,
    close: '2026-08-15',
    product: 'Analytics',
    steps: [
      { date: '2026-06-15', stage: 'Discovery' },
      { date: '2026-07-15', stage: 'Proposal' },
      { date: '2026-08-15', stage: 'Closed Won' },
    ],
  },
  {
    id: 'O4',
    owner: 'A3',
    account: 'AC2',
    created: '2026-07-01',
    amount: 20_000,
    close: '2026-08-05',
    product: 'Analytics',
    steps: [
      { date: '2026-07-01', stage: 'Qualification' },
      { date: '2026-08-05', stage: 'Closed Won' },
    ],
  },
  {
    id: 'O5',
    owner: 'A3',
    account: 'AC2',
    created: '2026-03-01',
    amount: 10_000,
    close: '2026-07-10',
    steps: [
      { date: '2026-03-01', stage: 'Proposal' },
      { date: '2026-07-10', stage: 'Closed Lost' },
    ],
  },
  {
    id: 'O6',
    owner: 'A1',
    account: 'AC1',
    created: '2026-06-01',
    amount: 80_000,
    close: '2026-08-31',
    steps: [
      { date: '2026-06-01', stage: 'Discovery' },
      { date: '2026-07-01', stage: 'Proposal' },
      { date: '2026-08-25', stage: 'Proposal', close: '2026-09-30' },
    ],
  },
  {
    id: 'O7',
    owner: 'A3',
    account: 'AC2',
    created: '2026-07-05',
    amount: 25_000,
    close: '2026-09-20',
    source: 'SDR Outbound',
    steps: [
      { date: '2026-07-05', stage: 'Discovery' },
      { date: '2026-08-01', stage: 'Negotiation' },
      { date: '2026-08-11', stage: 'Negotiation', owner: 'A4' },
      { date: '2026-08-20', stage: 'Negotiation', amount: 30_000 },
    ],
  },
  {
    id: 'O8',
    owner: 'A2',
    account: 'AC1',
    created: '2026-09-01',
    amount: 20_000,
    close: '2026-12-15',
    steps: [{ date: '2026-09-01', stage: 'Qualification' }],
  },
  {
    id: 'O9',
    owner: 'M1',
    account: 'AC1',
    created: '2026-08-01',
    amount: 10_000,
    close: '2026-09-25',
    steps: [{ date: '2026-08-01', stage: 'Discovery' }],
  },
  {
    id: 'O10',
    owner: 'A1',
    account: 'AC1',
    created: '2026-02-01',
    amount: 60_000,
    close: '2026-05-15',
    steps: [
      { date: '2026-02-01', stage: 'Qualification' },
      { date: '2026-05-15', stage: 'Closed Won' },
    ],
  },
  {
    id: 'O11',
    owner: 'A2',
    account: 'AC1',
    created: '2026-03-01',
    amount: 45_000,
    close: '2026-06-10',
    steps: [
      { date: '2026-03-01', stage: 'Discovery' },
      { date: '2026-06-10', stage: 'Closed Won' },
    ],
  },
];

const activity = (
  id: string,
  type: Activity['type'],
  date: string,
  repId: string,
  links: Partial<Pick<Activity, 'opportunityId' | 'leadId'>> = {},
): Activity => ({
  id,
  type,
  date: isoDate(date),
  repId,
  opportunityId: links.opportunityId ?? null,
  accountId: null,
  leadId: links.leadId ?? null,
});

const lead = (fields: Partial<Lead> & Pick<Lead, 'id' | 'createdDate' | 'status'>): Lead => ({
  source: 'Inbound',
  mqlDate: null,
  sqlDate: null,
  convertedDate: null,
  convertedOpportunityId: null,
  convertedAccountId: null,
  ownerId: 'S1',
  segment: 'SMB',
  region: 'EMEA',
  ...fields,
});

export function namedBatch(): EntityBatch {
  const batch = emptyBatch();
  batch.reps = [
    rep({ id: 'V1', name: 'Vera', role: 'vp', team: 'Global', region: 'NA' }),
    rep({
      id: 'M1',
      name: 'Mia',
      role: 'manager',
      managerId: 'V1',
      team: 'East',
      segment: 'Enterprise',
      region: 'NA',
    }),
    rep({
      id: 'M2',
      name: 'Max',
      role: 'manager',
      managerId: 'V1',
      team: 'West',
      segment: 'SMB',
      region: 'EMEA',
    }),
    rep({
      id: 'A1',
      name: 'Ann',
      role: 'ae',
      managerId: 'M1',
      team: 'East',
      segment: 'Enterprise',
      region: 'NA',
    }),
    rep({
      id: 'A2',
      name: 'Ben',
      role: 'ae',
      managerId: 'M1',
      team: 'East',
      segment: 'Enterprise',
      region: 'NA',
      hireDate: isoDate('2026-01-15'),
    }),
    rep({
      id: 'A3',
      name: 'Cid',
      role: 'ae',
      managerId: 'M2',
      team: 'West',
      segment: 'SMB',
      region: 'EMEA',
      endDate: isoDate('2026-08-10'),
    }),
    rep({
      id: 'A4',
      name: 'Dee',
      role: 'ae',
      managerId: 'M2',
      team: 'West',
      segment: 'SMB',
      region: 'EMEA',
      hireDate: isoDate('2026-08-11'),
    }),
    rep({
      id: 'S1',
      name: 'Sam',
      role: 'sdr',
      managerId: 'M2',
      team: 'West',
      segment: 'SMB',
      region: 'EMEA',
    }),
  ];
  batch.territories = [
    { id: 'T1', name: 'NA Enterprise', ownerId: 'A1', parentId: null, segment: 'Enterprise', region: 'NA' },
    { id: 'T2', name: 'EMEA SMB', ownerId: 'A3', parentId: null, segment: 'SMB', region: 'EMEA' },
  ];
  const account = (id: string, segment: string, region: string, territoryId: string | null) => ({
    id,
    name: `Account ${id}`,
    industry: null,
    employees: null,
    annualRevenue: null,
    region,
    country: null,
    segment,
    tier: null,
    potential: null,
    ownerId: null,
    territoryId,
    parentId: null,
    createdDate: isoDate('2025-01-01'),
  });
  batch.accounts = [
    account('AC1', 'Enterprise', 'NA', 'T1'),
    account('AC2', 'SMB', 'EMEA', 'T2'),
    account('AC3', 'SMB', 'EMEA', null),
  ];
  for (const spec of DEALS) {
    const { opportunity, changes } = deal(spec);
    batch.opportunities.push(opportunity);
    batch.opportunityChanges.push(...changes);
  }
  batch.activities = [
    activity('X1', 'call', '2026-07-06', 'A1', { opportunityId: 'O1' }),
    activity('X2', 'call', '2026-07-07', 'A1', { opportunityId: 'O2' }),
    activity('X3', 'email', '2026-07-08', 'A1', { opportunityId: 'O1' }),
    activity('X4', 'meeting', '2026-08-03', 'A1', { opportunityId: 'O1' }),
    activity('X5', 'call', '2026-08-03', 'A3', { opportunityId: 'O4' }),
    activity('X6', 'call', '2026-09-01', 'S1', { leadId: 'L1' }),
    activity('X7', 'call', '2026-06-01', 'A1', { opportunityId: 'O6' }),
  ];
  batch.leads = [
    lead({
      id: 'L1',
      createdDate: isoDate('2026-07-02'),
      status: 'converted',
      mqlDate: isoDate('2026-07-03'),
      sqlDate: isoDate('2026-07-05'),
      convertedDate: isoDate('2026-07-05'),
      convertedOpportunityId: 'O7',
    }),
    lead({
      id: 'L2',
      createdDate: isoDate('2026-06-20'),
      status: 'converted',
      mqlDate: isoDate('2026-06-25'),
      sqlDate: isoDate('2026-07-01'),
      convertedDate: isoDate('2026-07-01'),
      convertedOpportunityId: 'O4',
    }),
    lead({ id: 'L3', createdDate: isoDate('2026-07-10'), status: 'mql', mqlDate: isoDate('2026-07-12') }),
    lead({
      id: 'L4',
      createdDate: isoDate('2026-08-01'),
      source: 'SDR Outbound',
      status: 'sql',
      sqlDate: isoDate('2026-08-03'),
    }),
  ];
  const quota = (ownerKind: 'rep' | 'team', ownerId: string, period: string, major: number) => ({
    ownerKind,
    ownerId,
    period,
    amount: usd(major),
  });
  batch.quotas = [
    quota('rep', 'A1', 'FY2026-Q3', 200_000),
    quota('rep', 'A2', 'FY2026-Q3', 100_000),
    quota('rep', 'A3', 'FY2026-Q3', 50_000),
    quota('rep', 'A4', 'FY2026-Q3', 0),
    quota('team', 'East', 'FY2026-Q3', 250_000),
    quota('rep', 'A1', 'FY2026-Q2', 150_000),
    quota('rep', 'A2', 'FY2026-Q2', 40_000),
  ];
  const cost = (period: string, category: 'sales' | 'marketing', major: number) => ({
    period,
    category,
    amount: usd(major),
  });
  batch.costs = [
    cost('FY2026-M07', 'sales', 30_000),
    cost('FY2026-M07', 'marketing', 10_000),
    cost('FY2026-M08', 'sales', 30_000),
    cost('FY2026-M08', 'marketing', 20_000),
    cost('FY2026-M09', 'sales', 30_000),
    cost('FY2026-M09', 'marketing', 10_000),
  ];
  return batch;
}

/** Writes a batch to a fresh in-memory SQLite store and builds its dataset. */
export async function datasetOf(batch: EntityBatch, asOf: IsoDate = NAMED_AS_OF): Promise<Dataset> {
  const store = await openStore({ sqlitePath: ':memory:' });
  try {
    await store.write(batch, { source: 'test', asOf });
    return await buildDataset(store);
  } finally {
    await store.close();
  }
}

/** The named dataset, built. */
export const namedDataset = (): Promise<Dataset> => datasetOf(namedBatch());

/** Evaluates metrics on a dataset of the named kind and returns its rows as `{ ...group, ...values }`. */
export function metricRows(
  dataset: Dataset,
  metrics: readonly MetricId[],
  options: { by?: string; period?: string; asOf?: string; config?: WorkspaceConfig } = {},
): Record<string, string | number | null>[] {
  const config = options.config ?? namedConfig();
  const asOf = isoDate(options.asOf ?? NAMED_AS_OF);
  const table = evaluateMetrics({
    dataset,
    config,
    asOf,
    period: resolveAnalysisPeriod(options.period ?? 'FY2026-Q3', asOf, config.fiscalCalendar),
    dimensions: parseDimensions(options.by),
    metrics,
  });
  return table.rows.map((row) => ({ ...row.group, ...row.values }));
}

/** The one row of an evaluation without a split. */
export function totalRow(
  dataset: Dataset,
  metrics: readonly MetricId[],
  options: { period?: string; asOf?: string; config?: WorkspaceConfig } = {},
): Record<string, string | number | null> {
  const rows = metricRows(dataset, metrics, options);
  if (rows.length !== 1) throw new Error(`expected one total row, got ${rows.length}`);
  return rows[0] as Record<string, string | number | null>;
}

/** Rows keyed by the label of one dimension. */
export function rowsBy(
  dataset: Dataset,
  metrics: readonly MetricId[],
  by: string,
  options: { period?: string; asOf?: string; config?: WorkspaceConfig } = {},
): Record<string, Record<string, string | number | null>> {
  return Object.fromEntries(
    metricRows(dataset, metrics, { ...options, by }).map((row) => [String(row[by]), row]),
  );
}
