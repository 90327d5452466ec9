/**
 * The Sales Forecast on the named dataset (test/analytics/named-dataset.ts), FY2026-Q3 as of 2026-09-15, with
 * the figures worked out by hand from its comments; and the thin-data cases: no quota, little history, a date
 * range, an empty workspace.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  datasetOf,
  namedBatch,
  namedConfig,
  namedDataset,
  NAMED_AS_OF,
  totalRow,
  usd,
} from '../analytics/named-dataset.js';
import { measureConversion } from '../../src/forecast/historical-conversion.js';
import { evaluateMetrics } from '../../src/analytics/evaluate-metrics.js';
import { dealFacts, stageIndexByCode } from '../../src/analytics/deal-facts.js';
import {
  dealNames,
  findRisks,
  findUpside,
  recommend,
  type RiskDeals,
} from '../../src/forecast/forecast-risks.js';
import { QUALITY_RULES } from '../../src/quality/rules.js';
import {
  methodsLines,
  modelLine,
  pipelineRows,
  totalLines,
} from '../../src/reports/sales-forecast/sections.js';
import { dealModelSource, periodLesson, periodOffset } from '../../src/forecast/deal-model.js';
import { parseAnalysisPeriod } from '../../src/analytics/periods.js';
import { repRow, textAt, textEntries, type Dataset } from '../../src/dataset/dataset.js';
import { isoDate, toDayNumber } from '../../src/domain/dates.js';
import { emptyBatch } from '../../src/domain/entities.js';
import {
  autoModel,
  buildSalesForecast,
  confidenceOf,
  confidenceReasonText,
  confidenceThreshold,
  type DealRef,
  type RiskFactor,
  type SalesForecastInput,
} from '../../src/forecast/sales-forecast.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

const input = (period: string, options: SalesForecastInput['options'] = {}): SalesForecastInput => {
  const config = namedConfig();
  return {
    dataset,
    config,
    period: parseAnalysisPeriod(period, config.fiscalCalendar),
    asOf: NAMED_AS_OF,
    options,
  };
};

describe('buildSalesForecast, stage-weighted, FY2026-Q3 as of 2026-09-15', () => {
  // Closed won: O1 100,000 + O3 50,000 + O4 20,000 = 170,000. Open closing in Q3: O6 Proposal 80,000 (× 0.5),
  // O7 Negotiation 30,000 (× 0.8), O9 Discovery 10,000 (× 0.2): 66,000 weighted. Quotas: Ann 200,000, Ben
  // 100,000, Cid 50,000 (Dee 0 counts as none): 350,000.
  const forecast = () => buildSalesForecast(input('FY2026-Q3', { model: 'stage-weighted' }));

  it('sums up: quota, forecast, % of quota, the model named', () => {
    const result = forecast();
    expect(result.title).toBe('Sales Forecast: FY2026-Q3');
    expect(result.model).toMatchObject({ id: 'stage-weighted', requested: 'stage-weighted' });
    expect(result.executiveSummary).toMatchObject({
      quota: usd(350_000),
      forecast: usd(236_000),
      percentOfQuota: 236 / 350,
    });
    expect(result.closedThisPeriod).toBe(usd(170_000));
    expect(result.totalForecast).toEqual({
      model: 'stage-weighted',
      weightedPipeline: usd(66_000),
      closed: usd(170_000),
      newPipeline: 0,
      adjustments: 0,
      adjustmentsNotIncluded: null,
      total: usd(236_000),
    });
  });

  it('shows the pipeline by stage with count, value, weighted value and probability', () => {
    const { stages, total } = forecast().pipelineSnapshot;
    expect(
      stages.map((row) => [row.stage, row.count, row.value, row.weightedValue, row.probability]),
    ).toEqual([
      ['Qualification', 0, 0, 0, 0],
      ['Discovery', 1, usd(10_000), usd(2_000), 0.2],
      ['Proposal', 1, usd(80_000), usd(40_000), 0.5],
      ['Negotiation', 1, usd(30_000), usd(24_000), 0.8],
      ['Commit', 0, 0, 0, 0],
    ]);
    expect(total).toEqual({ count: 3, value: usd(120_000), weightedValue: usd(66_000) });
  });

  it('forecasts by rep against quota, with the reps below 80% at risk', () => {
    const { rows, atRisk } = forecast().byGroup;
    const row = (name: string) => rows.find((r) => r.group.startsWith(name))!;
    // Ann: 100,000 closed + 40,000 (O6) = 140,000 of 200,000 (70%).
    expect(row('Ann')).toMatchObject({
      quota: usd(200_000),
      closed: usd(100_000),
      pipelineWeighted: usd(40_000),
      forecast: usd(140_000),
      attainment: 0.7,
      risk: 'high',
    });
    // Ben 50,000 of 100,000; Cid 20,000 of 50,000; Dee 24,000 (O7) without a quota.
    expect(row('Ben')).toMatchObject({ forecast: usd(50_000), attainment: 0.5, risk: 'high' });
    expect(row('Cid')).toMatchObject({ forecast: usd(20_000), attainment: 0.4, risk: 'high' });
    expect(row('Dee')).toMatchObject({ quota: null, forecast: usd(24_000), attainment: null, risk: null });
    expect(atRisk.map((name) => name.split(' ')[0])).toEqual(['Ann', 'Ben', 'Cid']);
  });

  it('finds the risks with their money impact, and recommends from them in order', () => {
    const result = forecast();
    const below = result.risks.find((risk) => risk.kind === 'reps-below-80')!;
    // (200,000 - 140,000) + (100,000 - 50,000) + (50,000 - 20,000).
    expect(below.impact).toBe(usd(140_000));
    // Each rep with their variance from quota: 140,000 / 200,000 - 1, 50,000 / 100,000 - 1, 20,000 / 50,000 - 1.
    expect(below.groups.map((group) => [group.name.split(' ')[0], group.variancePercent])).toEqual([
      ['Ann', expect.closeTo(-0.3, 12)],
      ['Ben', expect.closeTo(-0.5, 12)],
      ['Cid', expect.closeTo(-0.6, 12)],
    ]);
    const names = below.groups.map((group) => group.name).join(', ');
    expect(below.risk).toBe(`3 reps forecast below 80% of quota: ${names}`);
    expect(result.recommendations.find((item) => item.from === 'reps-below-80')!.text).toBe(
      `Coach and review pipeline weekly with the reps below 80%: ${names}.`,
    );
    // O9: no activity, no change since 2026-08-01 (45 days).
    const stale = result.risks.find((risk) => risk.kind === 'stale-deals')!;
    expect(stale.deals.map((deal) => deal.id)).toEqual(['O9']);
    expect(stale.impact).toBe(Math.round(usd(10_000) * stale.deals[0]!.probability));
    expect(result.recommendations.map((item) => item.from)).toEqual([
      ...result.risks.map((risk) => risk.kind),
      ...result.upside.map((item) => item.kind),
    ]);
    // Deterministic: the same input gives the same report.
    expect(forecast()).toEqual(result);
  });

  it('says how thin the history is and that no backtest was given', () => {
    const kinds = forecast().notes.map((note) => note.kind);
    expect(kinds).toContain('thin-history');
    expect(kinds).toContain('no-backtest');
    expect(kinds).not.toContain('no-quota');
  });

  it('shows every model side by side, the chosen one marked', () => {
    const models = forecast().models;
    expect(models.map((row) => row.model)).toEqual([
      'stage-weighted',
      'commit',
      'best-case',
      'historical-conversion',
      'deal-level',
    ]);
    expect(models.filter((row) => row.chosen).map((row) => row.model)).toEqual(['stage-weighted']);
    expect(models[0]!.forecast).toBe(usd(236_000));
  });
});

const MODELS = ['stage-weighted', 'commit', 'best-case', 'historical-conversion', 'deal-level'] as const;
type ModelId = (typeof MODELS)[number];

describe('buildSalesForecast under every model, FY2026-Q3 as of 2026-09-15', () => {
  const models = MODELS;

  it.each(models)('%s: the Pipeline Snapshot adds up to the Total Forecast’s weighted pipeline', (model) => {
    const result = buildSalesForecast(input('FY2026-Q3', { model }));
    const { stages, closingLater, total } = result.pipelineSnapshot;
    const weighted = stages.reduce((sum, row) => sum + row.weightedValue, 0);
    // Per-stage rounding moves the sum by at most half a minor unit per row.
    expect(Math.abs(weighted - total.weightedValue)).toBeLessThanOrEqual(stages.length);
    expect(total.count).toBe(stages.reduce((sum, row) => sum + row.count, 0));
    // The deals closing outside the period that a model weights are part of the forecast, not of the total.
    const forecastWeighted = total.weightedValue + (closingLater?.weightedValue ?? 0);
    expect(Math.abs(forecastWeighted - result.totalForecast.weightedPipeline)).toBeLessThanOrEqual(1);
  });

  it.each(models)('%s: the outcome range is centred on the forecast shown', (model) => {
    const result = buildSalesForecast(input('FY2026-Q3', { model }));
    const { mean, p10, p50, p90 } = result.distribution;
    // The deal-level model's own mean differs from its forecast only by how new pipeline is modelled.
    if (model !== 'deal-level')
      expect(Math.abs(mean - result.executiveSummary.forecast)).toBeLessThanOrEqual(1);
    expect(p10).toBeLessThanOrEqual(p50);
    expect(p50).toBeLessThanOrEqual(p90);
    expect(result.executiveSummary.forecast).toBeLessThanOrEqual(p90);
    expect(result.executiveSummary.forecast).toBeGreaterThanOrEqual(p10);
  });

  it.each(models)('%s: confidence is the chance of reaching 90% of the forecast', (model) => {
    const result = buildSalesForecast(input('FY2026-Q3', { model }));
    const { confidence, executiveSummary, distribution } = result;
    expect(confidence.threshold).toBe(confidenceThreshold(executiveSummary.forecast));
    expect(confidence.threshold).toBeLessThan(executiveSummary.forecast);
    // Reaching 90% of the forecast is at least as likely as reaching all of it.
    const probability = confidence.probability ?? Number.NaN;
    expect(probability).toBeGreaterThanOrEqual(distribution.probabilityOfForecast);
    expect(confidence.level).toBe(confidenceOf(probability));
    expect(executiveSummary.confidence).toBe(confidence.level);
    expect(confidence.meaning).toMatch(/likely to reach at least 90% of the forecast$/);
  });

  it('writes a confidence reason from its figures, probabilities to whole percents and money compact', () => {
    const reasons: Parameters<typeof confidenceReasonText>[0][] = [
      { kind: 'reach', threshold: usd(1_234_567), probability: 0.784, probabilityOfForecast: 0.512 },
      { kind: 'quota', probability: 0.046 },
      { kind: 'range', p10: usd(980_000), p90: usd(1_460_000) },
      { kind: 'no-data', period: 'FY2020-Q1' },
      { kind: 'extrapolation', period: 'FY2030-Q1' },
    ];
    expect(reasons.map((reason) => confidenceReasonText(reason, 'USD'))).toEqual([
      '78% likely to reach at least $1.2M (90% of the forecast), 51% the forecast itself',
      '5% likely to reach quota',
      '80% of outcomes between P10 and P90: $980K to $1.5M',
      'nothing was open or closed in FY2020-Q1: it ended before the data begins',
      'no open deal closes in FY2030-Q1: an extrapolation of past new pipeline',
    ]);
    // A chance that is no certainty never reads as one: 99.96% and 0.04% round to 100% and 0%.
    const quota = (probability: number) => confidenceReasonText({ kind: 'quota', probability }, 'USD');
    expect([0.9996, 0.996, 0.0004, 1, 0].map(quota)).toEqual([
      'over 99.9% likely to reach quota',
      '99.6% likely to reach quota',
      'under 0.1% likely to reach quota',
      '100% likely to reach quota',
      '0% likely to reach quota',
    ]);
    expect(
      confidenceReasonText(
        { kind: 'reach', threshold: usd(1_234_567), probability: 0.9996, probabilityOfForecast: 0.0004 },
        'USD',
      ),
    ).toBe('over 99.9% likely to reach at least $1.2M (90% of the forecast), under 0.1% the forecast itself');
    // The chance of reaching 90% of the forecast makes the confidence level: just under a band's edge (70%, 85%), it
    // never reads as the edge the headline says it is under. The chance of the forecast itself has no bands.
    const reach = (probability: number) =>
      confidenceReasonText(
        { kind: 'reach', threshold: usd(1_234_567), probability, probabilityOfForecast: probability },
        'USD',
      );
    expect([0.69996, 0.84996].map(reach)).toEqual([
      '69.9% likely to reach at least $1.2M (90% of the forecast), 70% the forecast itself',
      '84.9% likely to reach at least $1.2M (90% of the forecast), 85% the forecast itself',
    ]);
  });

  it.each(models)('%s: the confidence reasons carry the figures they give', (model) => {
    const { confidence, distribution, risks } = buildSalesForecast(input('FY2026-Q3', { model }));
    // The risks, then the chances of reaching 90% of the forecast and all of it, of the quota, and the range.
    expect(confidence.reasons.map(({ text: _text, ...figures }) => figures)).toEqual([
      ...risks.map((risk) => ({ kind: 'risk', risk: risk.kind })),
      {
        kind: 'reach',
        threshold: confidence.threshold,
        probability: confidence.probability,
        probabilityOfForecast: distribution.probabilityOfForecast,
      },
      { kind: 'quota', probability: distribution.probabilityOfQuota },
      { kind: 'range', p10: distribution.p10, p90: distribution.p90 },
    ]);
    // Each in the words of its figures: a risk's own sentence, the others' written from them.
    for (const reason of confidence.reasons) {
      expect(reason.text).toBe(
        reason.kind === 'risk'
          ? risks.find((risk) => risk.kind === reason.risk)!.risk
          : confidenceReasonText(reason, 'USD'),
      );
    }
  });

  it.each(models)('%s: no text of the forecast shows raw minor units', (model) => {
    const result = buildSalesForecast(input('FY2026-Q3', { model }));
    const texts: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') texts.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(result);
    expect(texts.filter((text) => /minor units/i.test(text))).toEqual([]);
    expect(result.confidence.reasons.at(-1)!.text).toMatch(
      /^80% of outcomes between P10 and P90: \$[\d.,]+K? to \$[\d.,]+K?$/,
    );
  });

  it('commit and best case take the adjustments; every other model names them as left out', () => {
    // Ann's system roll-up: commit = closed O1 100,000; best case = 100,000 + O6 Proposal 80,000 = 180,000. Her
    // owner adjustments: commit 130,000 (+30,000), best case 170,000 (-10,000). Team system: commit = closed
    // 170,000; best case = 170,000 + O6 80,000 + O7 Negotiation 30,000 = 280,000.
    const adjustments = [
      { category: 'commit' as const, amount: usd(130_000) },
      { category: 'best_case' as const, amount: usd(170_000) },
    ];
    const adjusted = (model: (typeof models)[number]) =>
      buildSalesForecast({
        ...input('FY2026-Q3', { model }),
        adjustments: adjustments.map((adjustment) => ({
          ...adjustment,
          layer: 'owner' as const,
          rep: 'A1',
          period: 'FY2026-Q3',
          note: 'n',
        })),
      }).totalForecast;
    expect(adjusted('commit')).toMatchObject({
      adjustments: usd(30_000),
      adjustmentsNotIncluded: null,
      total: usd(200_000),
    });
    expect(adjusted('best-case')).toMatchObject({
      adjustments: usd(-10_000),
      adjustmentsNotIncluded: null,
      total: usd(270_000),
    });
    for (const model of ['stage-weighted', 'historical-conversion', 'deal-level'] as const) {
      const total = adjusted(model);
      expect(total.adjustments).toBe(0);
      expect(total.adjustmentsNotIncluded).toEqual({ count: 2, commit: usd(30_000), bestCase: usd(-10_000) });
      // The number is the model's own, adjustments or not.
      expect(total.total).toBe(buildSalesForecast(input('FY2026-Q3', { model })).totalForecast.total);
    }
  });

  it('historical conversion: the snapshot’s total is the period’s pipeline; deals closing outside it on their own row', () => {
    // Every rate is the stage default (no cell reaches 5 deals). Open closing in Q3: O6 Proposal 80,000 × 0.5, O7
    // Negotiation 30,000 × 0.8, O9 Discovery 10,000 × 0.2: 3 deals, 120,000, weighted 66,000. O8 (Qualification
    // 20,000, closing in Q4) is weighted too, 20,000 × 0.1 = 2,000: in the forecast (170,000 + 68,000), not in the
    // period's pipeline, which is what the pipeline metrics count.
    const config = namedConfig();
    const result = buildSalesForecast(input('FY2026-Q3', { model: 'historical-conversion' }));
    const { closingLater, total } = result.pipelineSnapshot;
    expect(total).toEqual({ count: 3, value: usd(120_000), weightedValue: usd(66_000) });
    expect(closingLater).toEqual({ count: 1, value: usd(20_000), weightedValue: usd(2_000) });
    expect(result.totalForecast).toMatchObject({ weightedPipeline: usd(68_000), total: usd(238_000) });
    const metrics = evaluateMetrics({
      dataset,
      config,
      asOf: NAMED_AS_OF,
      period: parseAnalysisPeriod('FY2026-Q3', config.fiscalCalendar),
      dimensions: [],
      metrics: ['pipeline_value', 'open_deals'],
    });
    expect(metrics.rows[0]!.values).toMatchObject({ pipeline_value: total.value, open_deals: total.count });
    // The rows, the sum and the Methods say the same.
    expect(pipelineRows(result).map((row) => [row.stage, row.count, row.value])).toEqual([
      ['Qualification', 0, 0],
      ['Discovery', 1, usd(10_000)],
      ['Proposal', 1, usd(80_000)],
      ['Negotiation', 1, usd(30_000)],
      ['Commit', 0, 0],
      ['Total', 3, usd(120_000)],
      ['Not in total: closing outside FY2026-Q3', 1, usd(20_000)],
    ]);
    expect(totalLines(result)[1]!.text).toMatch(
      /^\$66,000 \+ \$2,000 from deals closing outside FY2026-Q3 \+ \$170,000 = \$238,000 /,
    );
    expect(methodsLines(result)).toContain(
      'Also weighted by the historical conversion model: 1 open deal with a close date outside FY2026-Q3 (later, overdue or none; $20,000), $2,000 of the forecast, since its rates are what past periods won of all the pipeline open at their start, whatever its close date; they are not in the Pipeline Snapshot’s total, the period’s pipeline, nor in Coverage.',
    );
  });
});

describe('buildSalesForecast of a scope (a rep, a manager), FY2026-Q4 as of 2026-10-01', () => {
  // Historical conversion, every rate the stage default (no cell or stage reaches 5 deals): open now O6 Ann
  // Proposal 80,000 × 0.5 = 40,000, O7 Dee Negotiation 30,000 × 0.8 = 24,000, O8 Ben Qualification 20,000 × 0.1 =
  // 2,000, O9 Mia Discovery 10,000 × 0.2 = 2,000: 68,000. New pipeline: created and won inside a past period, O4
  // 20,000 in Q3 (none in Q2 or Q1), so 20,000 / 3 per period × 91 of Q4's 92 days left = 6,594.20 for the
  // company. Split by the pipeline created in the last 91 days (after 2026-07-02): Dee O7 30,000, Ben O8 20,000,
  // Mia O9 10,000, so Dee 3,297.10, Ben 2,198.07 (2,198.067), Mia 1,099.03 (1,099.033), largest remainder.
  const scoped = (reps: readonly string[] | null, model: ModelId = 'historical-conversion') =>
    buildSalesForecast({
      ...input('FY2026-Q4', {
        model,
        ...(reps === null ? {} : { reportOwners: new Set(reps.map((rep) => repRow(dataset, rep))) }),
      }),
      asOf: isoDate('2026-10-01'),
    });
  const terms = (result: ReturnType<typeof scoped>) => {
    const { closed, weightedPipeline, newPipeline, total } = result.totalForecast;
    return { closed, weightedPipeline, newPipeline, total };
  };

  it('the company: 68,000 weighted + 6,594.20 new pipeline', () => {
    expect(terms(scoped(null))).toEqual({
      closed: 0,
      weightedPipeline: usd(68_000),
      newPipeline: usd(6_594.2),
      total: usd(74_594.2),
    });
  });

  it('a rep (Ben): his own weighted pipeline and his share of the new pipeline', () => {
    const result = scoped(['A2']);
    expect(terms(result)).toEqual({
      closed: 0,
      weightedPipeline: usd(2_000),
      newPipeline: usd(2_198.07),
      total: usd(4_198.07),
    });
    expect(result.pipelineSnapshot.total.weightedValue).toBe(usd(2_000));
    expect(result.byGroup.rows.map((row) => [row.group, row.pipelineWeighted, row.forecast])).toEqual([
      ['Ben', usd(2_000), usd(4_198.07)],
    ]);
  });

  it('a manager (Mia and her team): the sums of the reps’ terms', () => {
    // Weighted: Ann 40,000 + Ben 2,000 + Mia 2,000; new pipeline: Ben 2,198.07 + Mia 1,099.03 (Ann created none).
    const result = scoped(['M1', 'A1', 'A2']);
    expect(terms(result)).toEqual({
      closed: 0,
      weightedPipeline: usd(44_000),
      newPipeline: usd(3_297.1),
      total: usd(47_297.1),
    });
    const { rows } = result.byGroup;
    expect(rows.reduce((sum, row) => sum + row.pipelineWeighted, 0)).toBe(usd(44_000));
    expect(rows.reduce((sum, row) => sum + row.forecast, 0)).toBe(usd(47_297.1));
    // Of those, only Ben's O8 closes in Q4 (the period's pipeline); Ann's O6 and Mia's O9 were due in Q3.
    expect(result.pipelineSnapshot.total.weightedValue).toBe(usd(2_000));
    expect(result.pipelineSnapshot.closingLater).toEqual({
      count: 2,
      value: usd(90_000),
      weightedValue: usd(42_000),
    });
  });

  it.each(MODELS)('%s: a scope’s forecast is its closed + weighted + new pipeline', (model) => {
    for (const reps of [['A2'], ['M1', 'A1', 'A2']]) {
      const { closed, weightedPipeline, newPipeline, adjustments, total } = scoped(reps, model).totalForecast;
      expect(closed + weightedPipeline + newPipeline + adjustments).toBe(total);
      expect(weightedPipeline).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('buildSalesForecast with an open deal of negative amount, FY2026-Q3 as of 2026-09-15', () => {
  // O12: Ann's Negotiation (best case) deal of -5,000 closing 2026-09-28, created 2026-08-01, a data error. Left
  // out, every model's forecast is the named dataset's: stage-weighted 170,000 closed + 66,000 (O6 80,000 × 0.5,
  // O7 30,000 × 0.8, O9 10,000 × 0.2) = 236,000 (weighted in, 236,000 - 5,000 × 0.8 = 232,000); commit 170,000;
  // best case 170,000 + O6 80,000 + O7 30,000 = 280,000 (weighted in, 275,000); historical conversion 170,000 +
  // 66,000 + O8 20,000 × 0.1 = 238,000; deal-level 236,000 (stage defaults: too little history to learn from).
  let withNegative: Dataset;
  beforeAll(async () => {
    const batch = namedBatch();
    const template = batch.opportunities.find((deal) => deal.id === 'O6')!;
    const fields = {
      stage: 'Negotiation',
      amount: usd(-5_000),
      closeDate: isoDate('2026-09-28'),
      forecastCategory: 'best_case' as const,
      ownerId: 'A1',
    };
    batch.opportunities.push({
      ...template,
      ...fields,
      id: 'O12',
      name: 'Deal O12',
      createdDate: isoDate('2026-08-01'),
    });
    batch.opportunityChanges.push({
      opportunityId: 'O12',
      date: isoDate('2026-08-01'),
      sequence: 0,
      ...fields,
    });
    withNegative = await datasetOf(batch);
  });
  const forecast = (model: ModelId) =>
    buildSalesForecast({ ...input('FY2026-Q3', { model }), dataset: withNegative });

  it.each([
    ['stage-weighted', usd(66_000), usd(236_000)],
    ['commit', 0, usd(170_000)],
    ['best-case', usd(110_000), usd(280_000)],
    ['historical-conversion', usd(68_000), usd(238_000)],
    ['deal-level', usd(66_000), usd(236_000)],
  ] as const)(
    '%s: leaves the deal out of the weighted pipeline and the forecast',
    (model, weighted, total) => {
      const result = forecast(model);
      expect(result.totalForecast).toMatchObject({ weightedPipeline: weighted, total });
      // Historical conversion also weights O8 (Q4), 2,000, outside the snapshot's total.
      const { total: snapshotTotal, closingLater } = result.pipelineSnapshot;
      expect(snapshotTotal.weightedValue + (closingLater?.weightedValue ?? 0)).toBe(weighted);
      expect(snapshotTotal.weightedValue).toBe(model === 'historical-conversion' ? usd(66_000) : weighted);
      // Ann: 100,000 closed + O6's share; nothing of O12.
      const ann = result.byGroup.rows.find((row) => row.group === 'Ann')!;
      expect(ann.forecast - ann.closed).toBe(
        model === 'commit' ? 0 : model === 'best-case' ? usd(80_000) : usd(40_000),
      );
      expect(result.pipelineSnapshot.stages.find((row) => row.stage === 'Negotiation')).toMatchObject({
        count: 1,
        value: usd(30_000),
      });
    },
  );

  it('says which deal was left out and for how much, and how to fix it', () => {
    const note = forecast('stage-weighted').notes.find((item) => item.kind === 'not-positive-amount')!;
    expect(note.message).toBe(
      '1 open deal closing in FY2026-Q3 has a zero or negative amount, -$5,000 in all (O12 -$5,000): every model leaves it out, since such an amount is a data error (a missing amount arrives as 0), not pipeline',
    );
    expect(note.fix).toMatch(/`salesops audit` lists them all under amount-not-positive$/);
    // The Methods line counts it among what was left out; nothing was won at a zero or negative amount.
    expect(forecast('stage-weighted').methods.inputs).toMatchObject({
      openDeals: 3,
      openNotPositive: 1,
      closedWonDeals: 3,
      closedWonNotPositive: 0,
    });
    expect(buildSalesForecast(input('FY2026-Q3')).notes.map((item) => item.kind)).not.toContain(
      'not-positive-amount',
    );
  });
});

describe('deals won at a negative amount (credits) and non-positive amounts in the history', () => {
  // O13: Ben's credit, won 2026-08-20 at -3,000 (created 08-01 in Proposal): netted into Q3's closed, 170,000 -
  // 3,000 = 167,000, so stage-weighted = 167,000 + 66,000 = 233,000, as the closed_won metric books it (167,000).
  // O14: Ann's -10,000 Proposal deal, created 2026-03-01 and won at -10,000 on 2026-06-25: open at the start of
  // FY2026-Q2 and on its lesson's snapshot day (77 days in, 2026-06-16, as 2026-09-15 is 77 days into Q3).
  let withCredits: Dataset;
  let plain: Dataset;
  beforeAll(async () => {
    const batch = namedBatch();
    const template = batch.opportunities.find((deal) => deal.id === 'O6')!;
    const add = (id: string, ownerId: string, created: string, wonOn: string, amount: number) => {
      const fields = {
        amount: usd(amount),
        closeDate: isoDate(wonOn),
        forecastCategory: 'pipeline' as const,
      };
      batch.opportunities.push({
        ...template,
        ...fields,
        id,
        name: `Deal ${id}`,
        ownerId,
        stage: 'Closed Won',
        createdDate: isoDate(created),
      });
      batch.opportunityChanges.push(
        { opportunityId: id, date: isoDate(created), sequence: 0, ...fields, ownerId, stage: 'Proposal' },
        { opportunityId: id, date: isoDate(wonOn), sequence: 0, ...fields, ownerId, stage: 'Closed Won' },
      );
    };
    add('O13', 'A2', '2026-08-01', '2026-08-20', -3_000);
    add('O14', 'A1', '2026-03-01', '2026-06-25', -10_000);
    withCredits = await datasetOf(batch);
    plain = await namedDataset();
  });

  it('nets a credit into closed, as the closed_won metric does, and names it in a note and the Methods', () => {
    const result = buildSalesForecast({
      ...input('FY2026-Q3', { model: 'stage-weighted' }),
      dataset: withCredits,
    });
    expect(result.closedThisPeriod).toBe(usd(167_000));
    expect(result.totalForecast).toMatchObject({ weightedPipeline: usd(66_000), total: usd(233_000) });
    expect(totalRow(withCredits, ['closed_won']).closed_won).toBe(usd(167_000));
    const note = result.notes.find((item) => item.kind === 'won-not-positive-amount')!;
    expect(note.message).toBe(
      '1 deal won in FY2026-Q3 at a zero or negative amount, -$3,000 in all (O13 -$3,000), is netted into Closed as booked, as the closed_won metric and quota attainment count it: a credit or correction lowers what was closed',
    );
    expect(note.fix).toMatch(/^if one is not a credit, correct its amount in the CRM/);
    expect(result.methods.inputs).toMatchObject({ closedWonDeals: 4, closedWonNotPositive: 1 });
  });

  it('learns no conversion rate and no deal-level example from a non-positive amount', () => {
    const config = namedConfig();
    const q3 = parseAnalysisPeriod('FY2026-Q3', config.fiscalCalendar);
    const asOfDay = toDayNumber(NAMED_AS_OF);
    // O14 was open at the start of FY2026-Q2 with -10,000 and won at -10,000: no pipeline that converted, so
    // every cell counts what the named dataset's do (counted in, its Proposal cell had one deal more, -10,000
    // open and -10,000 won, and its rate moved).
    const measured = measureConversion(withCredits, config, q3, asOfDay, 4);
    expect(measured).toEqual(measureConversion(plain, config, q3, asOfDay, 4));
    // The deal-level model's FY2026-Q2 lesson: O14 is no example; it is in what was won (actual, -10,000), but,
    // a credit, not in the new pipeline won.
    const q2 = parseAnalysisPeriod('FY2026-Q2', config.fiscalCalendar);
    const offset = periodOffset(q3, asOfDay);
    expect(offset).toBe(77);
    const lesson = periodLesson(dealModelSource(withCredits, config), q2, offset);
    const before = periodLesson(dealModelSource(plain, config), q2, offset);
    const o14 = withCredits.opportunities.count - 1;
    expect(textAt(withCredits.opportunities.crmId, o14)).toBe('O14');
    expect([...lesson.examples.deals]).not.toContain(o14);
    expect(lesson.examples.deals.length).toBe(before.examples.deals.length);
    expect(lesson.actual).toBe(before.actual - usd(10_000));
    expect(lesson.newPipelineWon).toBe(before.newPipelineWon);
    expect(lesson.closedBefore).toBe(before.closedBefore);
  });
});

describe('buildSalesForecast on thin data', () => {
  it('forecasts a period without quotas and says how to import them', () => {
    const result = buildSalesForecast(input('FY2026-Q4'));
    expect(result.executiveSummary.quota).toBeNull();
    expect(result.executiveSummary.percentOfQuota).toBeNull();
    expect(result.distribution.probabilityOfQuota).toBeNull();
    const note = result.notes.find((item) => item.kind === 'no-quota')!;
    expect(note.fix).toMatch(/salesops import quotas\.csv/);
  });

  it('falls back from the deal-level model with little closed history, and says which model it used', () => {
    const result = buildSalesForecast(input('FY2026-Q3'));
    expect(result.model.id).toBe('deal-level');
    expect(result.model.reason).toMatch(/too few for the logistic model|no closed history/);
    expect(result.notes.map((note) => note.kind)).toContain('model-fallback');
  });

  it('without a backtest, says the deal-level model is the default and how to run one, as the run is written', () => {
    const result = buildSalesForecast({
      ...input('FY2026-Q3'),
      commandLine: { program: 'npx salesops', workspace: 'demo', asOf: NAMED_AS_OF },
    });
    expect(result.model).toMatchObject({ id: 'deal-level', requested: 'auto' });
    const line = modelLine(result.model);
    const command = '`npx salesops forecast backtest --period FY2026-Q3 --workspace demo --as-of 2026-09-15`';
    // Nothing of the named dataset closed before FY2026-Q3: the line says what the model does instead of learning.
    expect(line).toBe(
      "Model: deal-level model (learned from this workspace's closed deals); the default without a backtest; " +
        `run ${command} to compare the models; it falls back (no closed history to learn from: the stage ` +
        'model’s default probabilities).',
    );
  });

  it("for the HTTP API, names salesops's commands to run on the server, not a command line nobody typed", () => {
    const result = buildSalesForecast({ ...input('FY2026-Q3'), commandLine: 'server' });
    expect(result.model.reason).toBe(
      'the default without a backtest; run salesops `forecast backtest --period FY2026-Q3` on the server to ' +
        'compare the models; it falls back (no closed history to learn from: the stage model’s default ' +
        'probabilities)',
    );
    const fixes = Object.fromEntries(result.notes.map((note) => [note.kind, note.fix]));
    expect(fixes['no-backtest']).toBe(
      'run salesops `forecast backtest --period FY2026-Q3 --periods 8` on the server',
    );
    // No code span starts with a program's name.
    const texts = [
      result.model.reason,
      ...result.notes.flatMap((note) => [note.message, note.fix ?? '']),
      ...result.risks.map((risk) => risk.mitigation),
      ...result.recommendations.map((item) => item.text),
    ];
    expect(texts.filter((text) => /`(npx )?salesops /.test(text))).toEqual([]);
  });

  // A backtest where historical conversion beats the deal-level model's 10.0% MAPE: by 0.3 points (9.7%, a
  // 3% gap), or by a fifth or more (8.0%: 10.0% × (1 - 0.2)).
  const backtestWith = (historical: number) => ({
    periodsAsked: 8,
    periodsTested: ['FY2026-Q2', 'FY2026-Q1'],
    offsetDays: 7,
    accuracy: [
      { model: 'historical-conversion' as const, mape: historical, bias: 0.01, p10p90Coverage: null },
      { model: 'deal-level' as const, mape: 0.1, bias: 0.002, p10p90Coverage: 0.75 },
    ],
    bestModel: 'historical-conversion' as const,
  });

  it('auto keeps the deal-level model, whose probabilities make the range, for a small MAPE gap', () => {
    const result = buildSalesForecast({ ...input('FY2026-Q3'), backtest: backtestWith(0.097) });
    expect(result.model).toMatchObject({ id: 'deal-level', requested: 'auto' });
    expect(result.model.reason).toBe(
      "backtest MAPE 10.0% over 2 past periods; historical conversion's 9.7% is not 20% lower, too small a gap to leave the model whose probabilities make the range",
    );
    expect(result.notes.map((note) => note.kind)).not.toContain('model-switched');
    expect(result.notes.find((note) => note.kind === 'short-backtest')!.message).toMatch(/2 of the 8/);
  });

  it('auto takes a model at least 20% better, and says on top of the report that the model changed and why', () => {
    const result = buildSalesForecast({ ...input('FY2026-Q3'), backtest: backtestWith(0.08) });
    expect(result.model).toMatchObject({ id: 'historical-conversion', requested: 'auto' });
    expect(result.methods.accuracy).toMatchObject({ model: 'historical-conversion', mape: 0.08 });
    const note = result.notes.find((item) => item.kind === 'model-switched')!;
    expect(note.message).toBe(
      "--model auto uses Historical conversion (past pipeline conversion by stage and segment), not the deal-level model: its backtest MAPE over 2 past periods, 8.0%, is at least 20% below the deal-level model's 10.0%. Its P10-P90 and chance of quota are the deal-level model's spread, moved to centre on its forecast",
    );
    expect(note.fix).toBe('compare with `salesops forecast --period FY2026-Q3 --model deal`');
    expect(autoModel(backtestWith(0.08)).id).toBe('historical-conversion');
    expect(autoModel(backtestWith(0.0801)).id).toBe('deal-level');
  });

  it('refuses a date range and an empty workspace with what to do', async () => {
    const config = namedConfig();
    expect(() =>
      buildSalesForecast({
        ...input('FY2026-Q3'),
        period: parseAnalysisPeriod('2026-07-01..2026-09-30', config.fiscalCalendar),
      }),
    ).toThrow(/fiscal period, not the date range/);
    const empty = await datasetOf(emptyBatch());
    expect(() => buildSalesForecast({ ...input('FY2026-Q3'), dataset: empty })).toThrow(/no opportunities/);
  });
});

describe('risks and upside measure what the forecast counts of each deal under the model used', () => {
  // O7 (Dee, Negotiation, a late stage, 30,000). As a deal of the next period that the model counts 24,000 of (as
  // historical conversion counts deals closing later), pulling it in adds 30,000 - 24,000 = 6,000, not 30,000
  // again. As a slipping deal of the period that the model counts 7,500 of, 7,500 of the forecast is at risk,
  // whatever the deal-level probability (0.9 here) says.
  const riskInput = (o7: { open: number; next: number; expected: number }) => {
    const config = namedConfig();
    const count = dataset.opportunities.count;
    const row = textEntries(dataset.opportunities.crmId).indexOf('O7');
    const stageIndex = stageIndexByCode(dataset.labels.stage, config.stageModel);
    const facts = dealFacts(dataset, config, toDayNumber(NAMED_AS_OF));
    const mask = (value: number) => Uint8Array.from({ length: count }, (_, i) => (i === row ? value : 0));
    const deals: RiskDeals = {
      dataset,
      open: mask(o7.open),
      amount: Float64Array.from({ length: count }, (_, i) => (i === row ? usd(30_000) : 0)),
      probability: new Float64Array(count).fill(0.9),
      expected: Float64Array.from({ length: count }, (_, i) => (i === row ? o7.expected : 0)),
      stageCode: facts.state.stageCode,
      stageIndex,
      categoryCode: facts.state.categoryCode,
      ownerIndex: facts.state.ownerIndex,
      closeDay: facts.state.closeDay,
      openStages: config.stageModel.stages.flatMap((stage, s) => (stage.outcome === 'open' ? [s] : [])),
      stageNames: config.stageModel.stages.map((stage) => stage.name),
    };
    const slipping = QUALITY_RULES.find((rule) => rule.id === 'close-date-past')!;
    return {
      deals,
      findings: [{ rule: slipping, valueDeals: Int32Array.of(row) }],
      byOwner: [],
      bySegment: [],
      quota: null,
      forecast: 0,
      closed: 0,
      weightedPipeline: 0,
      nextPeriodOpen: mask(o7.next),
      nextPeriodName: 'FY2026-Q4',
      periodName: 'FY2026-Q3',
      dealLimit: 10,
      auditCommand: '`salesops audit`',
    };
  };

  it('a next-period deal the model already counts part of is upside only for the rest', () => {
    const upside = findUpside(riskInput({ open: 0, next: 1, expected: usd(24_000) }));
    expect(upside.map((item) => [item.kind, item.value, item.potential])).toEqual([
      ['pull-in-next-period', usd(30_000), usd(6_000)],
    ]);
  });

  it('a slipping deal puts at risk what the forecast counts of it', () => {
    const [slipping] = findRisks(riskInput({ open: 1, next: 0, expected: usd(7_500) }));
    expect(slipping).toMatchObject({ kind: 'slipping-deals', impact: usd(7_500) });
  });
});

describe('recommend: the deals named so that each can be found', () => {
  const deal = (id: string, name: string, amount: number): DealRef => ({
    id,
    name,
    owner: 'Ann',
    stage: 'Proposal',
    amount: usd(amount),
    closeDate: isoDate('2026-09-30'),
    probability: 0.5,
  });
  const slipping = (deals: DealRef[]): RiskFactor => ({
    kind: 'slipping-deals',
    risk: `${deals.length} deals may slip`,
    groups: [],
    impact: usd(1_000),
    mitigation: 'Confirm each close date.',
    deals,
  });

  it('names the reps and segments behind from their figures, not from the risk’s sentence', () => {
    const behind = (kind: 'reps-below-80' | 'segments-behind', names: string[]): RiskFactor => ({
      kind,
      risk: 'a sentence the recommendation does not read: a, b',
      groups: names.map((name, i) => ({ name, variancePercent: -0.124 - i / 10 })),
      impact: usd(1_000),
      mitigation: 'Review.',
      deals: [],
    });
    const texts = recommend(
      [
        behind('reps-below-80', ['Ann Lee', 'Ben Ray', 'Cid Ho', 'Dee Fox', 'Eve Park', 'Fay Ng']),
        behind('segments-behind', ['Enterprise', 'SMB']),
      ],
      [],
      '`salesops audit`',
    ).map((item) => item.text);
    expect(texts).toEqual([
      'Coach and review pipeline weekly with the reps below 80%: Ann Lee, Ben Ray, Cid Ho, Dee Fox, Eve Park and 1 more.',
      // -12.4% and -22.4%, to whole percents.
      'Adjust the plan where segments are behind (Enterprise (-12%), SMB (-22%)): shorter cycles, value-based selling.',
    ]);
  });

  it('gives the CRM ids of deals that share a name, and of a deal without one; a unique name stands alone', () => {
    const [recommendation] = recommend(
      [
        slipping([
          deal('OPP-7', 'Juniper - New Business', 90_000),
          deal('OPP-3', 'Crescent - New Business', 80_000),
          deal('OPP-9', 'Crescent - New Business', 70_000),
          deal('OPP-4', 'Crescent - New Business', 60_000),
        ]),
      ],
      [],
      '`salesops audit`',
    );
    // The three largest only: the fourth Crescent deal is not named, so its id is not either.
    expect(recommendation!.text).toBe(
      'Review the slipping deals with their owners this week (largest: Juniper - New Business, Crescent - New ' +
        'Business (OPP-3), Crescent - New Business (OPP-9)); confirm or move each close date.',
    );
    expect(dealNames([deal('OPP-1', 'Acme', 1), deal('OPP-2', '', 1), deal('OPP-5', 'Beta', 1)])).toBe(
      'Acme, OPP-2, Beta',
    );
  });
});
