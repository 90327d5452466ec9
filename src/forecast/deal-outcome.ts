/**
 * The Distribution model: the period's outcome under the deal-level probabilities,
 *
 *   outcome = closed + Σ over open deals closing in the period of amount_i × ratio_i × Bernoulli(p_i) + ε·E[S] + N,
 *
 * where ratio_i is the deal's stage won-amount ratio, ε·E[S] the period-level swing (ε ~ N(0, τ²), as five
 * Gauss-Hermite points; src/forecast/deal-level.ts), and N, the revenue of pipeline not open in the period yet,
 * takes each past period's new-pipeline outcome with its recency weight. Its mean is the deal-level forecast;
 * P10/P50/P90 and P(outcome ≥ target) come from src/forecast/distribution.ts (grid method).
 * @module
 */
import { outcomeDistribution, type DiscreteDistribution, type OutcomeDistribution } from './distribution.js';
import type { DealLevelForecast } from './deal-level.js';
import { exampleStage } from './deal-model.js';

/**
 * Five-point Gauss-Hermite nodes and weights for a standard normal (exact for polynomials up to degree 9): the
 * period-level swing ε as a discrete term.
 */
const HERMITE: readonly (readonly [number, number])[] = [
  [-2.856970013872806, 0.011257411327720691],
  [-1.355626179974266, 0.22207592200561266],
  [0, 0.5333333333333333],
  [1.355626179974266, 0.22207592200561266],
  [2.856970013872806, 0.011257411327720691],
];

/**
 * The grid's most bins: the new-pipeline term carries more than 5% of the variance, so the grid is used rather
 * than Cornish-Fisher, and 2^14 bins keep it to milliseconds; its error bound is reported with the result.
 */
const MAX_BINS = 1 << 14;

export interface DealOutcome {
  readonly distribution: OutcomeDistribution;
  /** How outcomes beyond independent deals are modelled, in words. */
  readonly varianceModel: string;
  /** What was added to every outcome to centre the distribution on `centreOn` (0 without it). */
  readonly shift: number;
}

/**
 * The outcome distribution of a deal-level forecast, with P(outcome ≥ target) for each target. With
 * `centreOn`, every outcome is moved by the same amount so that the mean is `centreOn`: the deal-level
 * spread around another model's forecast (P(outcome + shift ≥ t) = P(outcome ≥ t - shift)).
 */
export function dealOutcomeDistribution(
  forecast: DealLevelForecast,
  targets: readonly number[],
  centreOn: number | null = null,
): DealOutcome {
  const { examples, probability, model } = forecast;
  const amounts: number[] = [];
  const chances: number[] = [];
  for (let r = 0; r < examples.deals.length; r++) {
    const i = examples.deals[r]!;
    const ratio = model.wonAmountRatio[exampleStage(examples, r)] ?? 1;
    const amount = Math.round(examples.amount[r]! * ratio);
    if (amount <= 0) continue;
    amounts.push(amount);
    chances.push(Math.min(1, Math.max(0, probability[i]!)));
  }
  const outcomes = forecast.newPipeline.outcomes.length > 0 ? forecast.newPipeline.outcomes : [0];
  const swing =
    forecast.swing.sd > 0
      ? HERMITE.map(([node, weight]) => [Math.round(node * forecast.swing.sd), weight] as const)
      : [[0, 1] as const];
  const values: number[] = [];
  const weights: number[] = [];
  const chance = forecast.newPipeline.outcomes.length > 0 ? forecast.newPipeline.probabilities : [1];
  outcomes.forEach((outcome, k) => {
    for (const [shift, weight] of swing) {
      values.push(outcome + shift);
      weights.push(weight * chance[k]!);
    }
  });
  const newPipeline: DiscreteDistribution | undefined =
    values.length > 1 || values[0] !== 0 ? { values, probabilities: weights } : undefined;
  let mean = forecast.closed;
  for (let k = 0; k < amounts.length; k++) mean += amounts[k]! * chances[k]!;
  for (let k = 0; k < values.length; k++) mean += values[k]! * weights[k]!;
  const shift = centreOn === null ? 0 : centreOn - mean;
  const distribution = outcomeDistribution(
    { closed: forecast.closed, amounts, probabilities: chances, newPipeline },
    { targets: targets.map((target) => target - shift), maxBins: MAX_BINS },
  );
  return {
    shift,
    distribution:
      shift === 0
        ? distribution
        : {
            ...distribution,
            mean: distribution.mean + shift,
            p10: distribution.p10 + shift,
            p50: distribution.p50 + shift,
            p90: distribution.p90 + shift,
            probabilityAtLeast: distribution.probabilityAtLeast.map((row) => ({
              ...row,
              target: row.target + shift,
            })),
          },
    varianceModel: [
      'open deals won with their deal-level probabilities',
      forecast.swing.sd > 0
        ? `a shared period-level swing of ${(forecast.swing.tau * 100).toFixed(1)}% of the weighted pipeline (excess spread of ${forecast.swing.periods} past periods' conversion)`
        : `no period-level swing (${forecast.swing.periods < 3 ? 'under 3 past periods to measure it' : 'past periods spread no more than independent deals'})`,
      forecast.newPipeline.outcomes.length > 0
        ? `new pipeline as in one of the ${forecast.newPipeline.outcomes.length} past periods, the recent ones likelier`
        : 'no past period to model new pipeline',
    ].join('; '),
  };
}
