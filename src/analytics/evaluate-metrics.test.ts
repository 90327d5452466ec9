import { beforeAll, describe, expect, it } from 'vitest';
import {
  NAMED_AS_OF,
  datasetOf,
  metricRows,
  namedBatch,
  namedConfig,
  namedDataset,
  totalRow,
} from '../../test/analytics/named-dataset.js';
import type { Dataset } from '../dataset/dataset.js';
import { emptyBatch } from '../domain/entities.js';
import { InputError } from '../domain/errors.js';
import { evaluateMetrics } from './evaluate-metrics.js';
import { METRIC_IDS, type MetricId } from './metric-definition.js';
import { resolveAnalysisPeriod } from './periods.js';
import { METRIC_LIST, METRICS, parseMetricIds } from './metric-registry.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError)
      return error.problems.map((problem) => `${problem.message} | ${problem.fix}`);
    throw error;
  }
  throw new Error('expected an InputError');
};

describe('the registry', () => {
  it('defines every id once, with a definition, a unit and its id', () => {
    expect(METRIC_LIST.map((metric) => metric.id)).toEqual([...METRIC_IDS]);
    for (const metric of METRIC_LIST) {
      expect(METRICS[metric.id]).toBe(metric);
      expect(metric.definition.length, metric.id).toBeGreaterThan(20);
    }
  });

  it('carries the benchmarks of the sales-operations role', () => {
    expect(METRICS.win_rate.benchmark).toBe('20-30% (varies by sales motion)');
    expect(METRICS.pipeline_coverage.benchmark).toBe('≥ 3x for healthy coverage');
    expect(METRICS.pipeline_value.benchmark).toBe('3-5x quota (varies by cycle length)');
    expect(METRICS.quota_attainment.benchmark).toBe('≥ 100% (ideally 80%+ of reps)');
    expect(METRICS.cac.benchmark).toBe('< 1/3 of LTV');
  });

  it('resolves ids typed with other case, dashes or commas, and names the closest for a typo', () => {
    expect(parseMetricIds(['Win-Rate,avg_deal_size', 'win_rate'])).toEqual(['win_rate', 'avg_deal_size']);
    expect(problemsOf(() => parseMetricIds(['win_rat']))).toEqual([
      '"win_rat" is not a metric; did you mean win_rate, win_rate_value, win_rate_created? | `salesops metrics list` lists every metric',
    ]);
  });
});

describe('evaluateMetrics', () => {
  it('fills a group a metric has no rows for with 0 for totals and n/a for rates', () => {
    const rows = metricRows(dataset, ['pipeline_value', 'win_rate'], { by: 'owner' });
    expect(rows.map((row) => row.owner)).toEqual(['Ann', 'Ben', 'Cid', 'Dee', 'Mia']);
    expect(rows.find((row) => row.owner === 'Dee')).toEqual({
      owner: 'Dee',
      pipeline_value: 3_000_000,
      win_rate: null,
    });
    expect(rows.find((row) => row.owner === 'Ben')).toEqual({ owner: 'Ben', pipeline_value: 0, win_rate: 1 });
  });

  it('combines dimensions, ordering each: names alphabetically, periods in time order', () => {
    const rows = metricRows(dataset, ['closed_won'], { by: 'segment,fiscal_month' });
    expect(rows.map((row) => `${row.segment} ${row.fiscal_month}`)).toEqual([
      'Enterprise FY2026-M07',
      'SMB FY2026-M08',
    ]);
  });

  it('gives the one total row even when nothing happened in the period', async () => {
    const empty = await datasetOf(emptyBatch());
    expect(totalRow(empty, ['pipeline_value', 'win_rate', 'open_deals'])).toEqual({
      pipeline_value: 0,
      win_rate: null,
      open_deals: 0,
    });
  });

  it('says which input a metric lacks and how to import it, for every such metric at once', async () => {
    const batch = namedBatch();
    batch.quotas = batch.quotas.filter((quota) => quota.ownerKind === 'team');
    batch.costs = [];
    const bare = await datasetOf(batch);
    expect(problemsOf(() => totalRow(bare, ['quota_attainment', 'cac', 'win_rate']))).toEqual([
      'quota_attainment needs rep quotas, and this workspace has none (it has team quotas only) | ' +
        'import them with `salesops import quotas.csv`, a CSV or XLSX with columns ' +
        'Rep (or Rep ID, or Team for a team quota), Period such as FY2026-Q3, and Quota ' +
        'in the corporate currency; other headers: `salesops mapping suggest quotas.csv`',
      'cac needs sales and marketing costs, and this workspace has none | ' +
        'import them with `salesops import costs.csv`, a CSV or XLSX with columns ' +
        'Period such as FY2026-Q3, Category (sales or marketing) and Amount in the corporate currency; ' +
        'other headers: `salesops mapping suggest costs.csv`',
    ]);
    const config = namedConfig({ ltv: undefined });
    expect(problemsOf(() => totalRow(dataset, ['ltv'], { config }))[0]).toMatch(
      /^ltv needs LTV inputs.*add an ltv section/,
    );
  });

  it('brings the metrics lacking one input together, so that its fix is said once', async () => {
    const batch = namedBatch();
    batch.costs = [];
    const noCosts = await datasetOf(batch);
    const config = namedConfig({ ltv: undefined });
    const messages = problemsOf(() => totalRow(noCosts, ['cac', 'ltv', 'ltv_to_cac'], { config })).map(
      (problem) => problem.split(' | ')[0],
    );
    expect(messages).toEqual([
      'cac needs sales and marketing costs, and this workspace has none',
      'ltv_to_cac needs sales and marketing costs, and this workspace has none',
      'ltv needs LTV inputs, and this workspace has none',
      'ltv_to_cac needs LTV inputs, and this workspace has none',
    ]);
  });

  it('refuses a split a metric cannot have, naming the ones it can', () => {
    expect(problemsOf(() => metricRows(dataset, ['quota_attainment', 'cac'], { by: 'source' }))).toEqual([
      'quota_attainment cannot be split by source (measured on reps, which have none) | split it by owner, manager, team, segment, region, fiscal_month, fiscal_quarter, fiscal_year',
      'cac cannot be split by source (measured on fiscal periods, which have none) | split it by fiscal_month, fiscal_quarter, fiscal_year',
    ]);
  });

  it('refuses deals in stages the stage model does not know, as the flow commands do', async () => {
    const batch = namedBatch();
    for (const deal of batch.opportunities) if (deal.id === 'O8') deal.stage = 'Paused';
    for (const change of batch.opportunityChanges) if (change.opportunityId === 'O8') change.stage = 'Paused';
    const paused = await datasetOf(batch);
    const config = namedConfig();
    const evaluate = (metrics: MetricId[]) =>
      evaluateMetrics({
        dataset: paused,
        config,
        asOf: NAMED_AS_OF,
        period: resolveAnalysisPeriod('FY2026-Q4', NAMED_AS_OF, config.fiscalCalendar),
        dimensions: [],
        metrics,
      });
    expect(problemsOf(() => evaluate(['pipeline_value']))).toEqual([
      'the data holds stage the stage model does not know: "Paused" (1 deal now) | add it to stages in salesops.yaml (with outcome open, won or lost), or map it to a known stage in the import mapping (values: stage:) and import again: Qualification, Discovery, Proposal, Negotiation, Commit, Closed Won, Closed Lost',
    ]);
    // Metrics that read no deals are not affected.
    expect(evaluate(['quota']).rows).toHaveLength(1);
  });

  it('says rep metrics have no product', () => {
    expect(problemsOf(() => metricRows(dataset, ['quota'], { by: 'product' }))).toEqual([
      'quota cannot be split by product (measured on reps, which have none) | split it by owner, manager, team, segment, region, fiscal_month, fiscal_quarter, fiscal_year',
    ]);
  });
});
