/**
 * The Distribution model: the period's outcome under the deal-level probabilities,
 *
 *   outcome = closed + Σ over open deals closing in the period of amount_i × ratio_i × Bernoulli(p_i) + N,
 *
 * where ratio_i is the deal's stage won-amount ratio and N, the revenue of pipeline not open in the period yet,
 * takes each past period's new-pipeline outcome with equal probability (src/forecast/deal-level.ts). Its mean
 * is the deal-level forecast; P10/P50/P90 and P(outcome ≥ target) come from src/forecast/distribution.ts.
 * @module
 */
import { outcomeDistribution, type DiscreteDistribution, type OutcomeDistribution } from './distribution.js';
import type { DealLevelForecast } from './deal-level.js';
import { exampleStage } from './deal-model.js';

export interface DealOutcome {
  readonly distribution: OutcomeDistribution;
  /** How outcomes beyond independent deals are modelled, in words. */
  readonly varianceModel: string;
}

/** The outcome distribution of a deal-level forecast, with P(outcome ≥ target) for each target. */
export function dealOutcomeDistribution(
  forecast: DealLevelForecast,
  targets: readonly number[],
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
  const outcomes = forecast.newPipeline.outcomes;
  const newPipeline: DiscreteDistribution | undefined =
    outcomes.length > 0
      ? { values: outcomes, probabilities: outcomes.map(() => 1 / outcomes.length) }
      : undefined;
  return {
    distribution: outcomeDistribution(
      { closed: forecast.closed, amounts, probabilities: chances, newPipeline },
      { targets },
    ),
    varianceModel:
      outcomes.length > 0
        ? `open deals won independently with their deal-level probabilities, plus new pipeline as in one of the ${outcomes.length} past periods, equally likely`
        : 'open deals won independently with their deal-level probabilities; no past period to model new pipeline',
  };
}
