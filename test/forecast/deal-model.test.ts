/**
 * The deal-level model: features read from history on the as-of day (named dataset, by hand), the logistic
 * fit's optimality conditions and a closed-form case, the fallbacks with thin history, the new-pipeline term and
 * the period-level swing with hand-computed values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { namedConfig, namedDataset, NAMED_AS_OF } from '../analytics/named-dataset.js';
import { dealFacts } from '../../src/analytics/deal-facts.js';
import type { Dataset } from '../../src/dataset/dataset.js';
import { toDayNumber } from '../../src/domain/dates.js';
import {
  DEAL_FEATURES,
  dealModelSource,
  dealProbabilities,
  describeDeals,
  existingEnd,
  featureValues,
  fitDealModel,
  RIDGE,
  solveSymmetric,
  type DealModelSource,
  type Examples,
  type PeriodLesson,
} from '../../src/forecast/deal-model.js';
import { newPipelineTerm, periodSwing } from '../../src/forecast/deal-level.js';
import { textAt } from '../../src/dataset/dataset.js';

let dataset: Dataset;
let source: DealModelSource;
beforeAll(async () => {
  dataset = await namedDataset();
  source = dealModelSource(dataset, namedConfig());
});

const FEATURES = DEAL_FEATURES.length;

/** `count` examples all in the same bins (stage `stage`, everything else bin 0), amount 100, `wins` of them won. */
function uniformExamples(count: number, wins: number, stage: number): Examples {
  const bins = new Uint16Array(count * FEATURES);
  for (let r = 0; r < count; r++) bins[r * FEATURES] = stage;
  return {
    deals: new Int32Array(count),
    bins,
    amount: new Float64Array(count).fill(100),
    won: Uint8Array.from({ length: count }, (_, r) => (r < wins ? 1 : 0)),
    wonAmount: Float64Array.from({ length: count }, (_, r) => (r < wins ? 100 : 0)),
  };
}

describe('describeDeals', () => {
  it('reads stage, days in stage, age, pushes, close, owner history and activity as of the day', () => {
    const facts = dealFacts(dataset, namedConfig(), toDayNumber(NAMED_AS_OF));
    const examples = describeDeals(source, facts, () => true);
    const model = fitDealModel(source, []);
    const byId = (id: string) => {
      const row = Array.from(examples.deals).findIndex((i) => textAt(dataset.opportunities.crmId, i) === id);
      return featureValues(model.features, examples, row);
    };
    // O6 as of 2026-09-15: Proposal since 07-01 (76 days), created 06-01 (106 days), close pushed once to
    // 09-30 (15 days away), last activity 06-01; Ann closed 3 deals in the year (under 5: "new").
    expect(byId('O6')).toMatchObject({
      stage: 'Proposal',
      'days in stage': '61-120 days',
      age: '91-180 days',
      'close-date pushes': '1',
      'days to close date': '0-30 days',
      "owner's win rate": 'new (under 5 closed)',
      'last activity': 'over 30 days ago',
    });
    // O7: Negotiation since 08-01 (45 days), created 07-05 (72 days), never pushed, no activity on the deal.
    expect(byId('O7')).toMatchObject({
      stage: 'Negotiation',
      'days in stage': '31-60 days',
      age: '31-90 days',
      'close-date pushes': 'none',
      'last activity': 'none logged',
    });
    // Only open deals are described (O6, O7, O8, O9).
    expect(examples.deals.length).toBe(4);
  });
});

describe('existingEnd', () => {
  it('is one past the last deal that exists on the day, whatever the order of the others', () => {
    const facts = (exists: number[]) =>
      ({ state: { exists: Uint8Array.from(exists) } }) as unknown as Parameters<typeof existingEnd>[0];
    expect(existingEnd(facts([1, 1, 0, 1, 0, 0]))).toBe(4);
    expect(existingEnd(facts([1, 1, 1]))).toBe(3);
    expect(existingEnd(facts([0, 0]))).toBe(0);
    expect(existingEnd(facts([]))).toBe(0);
  });
});

describe('fitDealModel', () => {
  it('falls back to the stage defaults with no history, and says so', () => {
    const model = fitDealModel(source, []);
    expect(model.kind).toBe('stage-default');
    expect(model.reason).toMatch(/no closed history/);
    expect(Array.from(model.stageRates.subarray(0, 5))).toEqual([0.1, 0.2, 0.5, 0.8, 0.9]);
  });

  it('uses per-stage rates shrunk towards the default below 200 deals or 30 wins', () => {
    // Proposal (default 0.5): 4 deals, 1 won → (1 + 10 × 0.5) / (4 + 10) = 6/14.
    const model = fitDealModel(source, [uniformExamples(4, 1, 2)]);
    expect(model.kind).toBe('stage-rates');
    expect(model.reason).toMatch(/4 past deals and 1 win are too few/);
    expect(model.stageRates[2]).toBeCloseTo(6 / 14, 12);
    // Stages never seen keep their default: 10 × 0.2 / 10.
    expect(model.stageRates[1]).toBeCloseTo(0.2, 12);
  });

  it('fits the logistic model: identical deals get the observed rate, every weight 0', () => {
    // 300 identical deals, 60 won: the penalised optimum has p = 60/300 and all penalised weights 0, so the
    // intercept is logit(0.2) = ln(0.25).
    const model = fitDealModel(source, [uniformExamples(300, 60, 3)]);
    expect(model.kind).toBe('logistic');
    expect(model.intercept).toBeCloseTo(Math.log(0.25), 8);
    for (const weights of model.weights) for (const weight of weights) expect(weight).toBeCloseTo(0, 8);
    expect(dealProbabilities(model, uniformExamples(1, 0, 3))[0]).toBeCloseTo(0.2, 8);
  });

  it('meets the first-order conditions: Σ (p - y) = 0, and Σ over a bin (p - y) + λ w = 0', () => {
    // Two stages: Proposal 150 deals 30 won, Negotiation 150 deals 90 won.
    const proposal = uniformExamples(150, 30, 2);
    const negotiation = uniformExamples(150, 90, 3);
    const model = fitDealModel(source, [proposal, negotiation]);
    const pProposal = dealProbabilities(model, proposal)[0]!;
    const pNegotiation = dealProbabilities(model, negotiation)[0]!;
    expect(150 * pProposal + 150 * pNegotiation).toBeCloseTo(120, 6);
    expect(150 * (pProposal - 0.2) + RIDGE * model.weights[0]![2]!).toBeCloseTo(0, 6);
    expect(150 * (pNegotiation - 0.6) + RIDGE * model.weights[0]![3]!).toBeCloseTo(0, 6);
    // Shrinkage pulls both towards the pooled rate 0.4.
    expect(pProposal).toBeGreaterThan(0.2);
    expect(pNegotiation).toBeLessThan(0.6);
  });
});

describe('solveSymmetric', () => {
  it('solves a 2 × 2 system by Cholesky', () => {
    // [[4, 2], [2, 3]] x = [2, 1]: det 8, x = [(2·3 - 2·1)/8, (4·1 - 2·2)/8] = [0.5, 0].
    const x = solveSymmetric(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });
});

const lesson = (examples: Examples, newPipelineWon: number, recentCreated: number): PeriodLesson => ({
  period: 'P',
  examples,
  closedBefore: 0,
  newPipelineWon,
  recentCreated,
  actual: 0,
});

describe('newPipelineTerm', () => {
  it('scales the past periods’ new-pipeline rates, the recent weighing more, by the pipeline created recently', () => {
    // Rates 30/100 (the latest period, weight 1) and 50/100 (weight 1/2): (0.3 + 0.25) / 1.5 = 0.36667 of the
    // 200 created now is 73.3; the outcomes 60 and 100 with probabilities 2/3 and 1/3.
    const none = uniformExamples(0, 0, 0);
    const term = newPipelineTerm([lesson(none, 30, 100), lesson(none, 50, 100)], 200);
    expect(term.expected).toBe(73);
    expect(term.outcomes).toEqual([60, 100]);
    expect(term.probabilities[0]).toBeCloseTo(2 / 3, 12);
    expect(term.probabilities[1]).toBeCloseTo(1 / 3, 12);
  });

  it('is 0 without lessons', () => {
    expect(newPipelineTerm([], 500)).toEqual({
      expected: 0,
      outcomes: [],
      probabilities: [],
      recentCreated: 500,
    });
  });
});

describe('periodSwing', () => {
  it('is the spread of won / expected across periods beyond independent deals', () => {
    // The stage-default model gives Proposal p = 0.5. Each period: two deals of 100, expected 100, independent
    // variance 2 × 100² × 0.25 = 5,000, so 5,000 / 100² = 0.5. Won 200, 0 and 100: ratios 2, 0, 1, mean 1,
    // sample variance (1 + 1 + 0) / 2 = 1. τ² = 1 - 0.5.
    const model = fitDealModel(source, []);
    const period = (won: number) => {
      const examples = uniformExamples(2, 0, 2);
      examples.wonAmount[0] = won;
      return lesson(examples, 0, 1);
    };
    expect(periodSwing(model, [period(200), period(0), period(100)])).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(periodSwing(model, [period(200), period(0)])).toBe(0);
  });
});
