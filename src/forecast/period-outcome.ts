/**
 * A period's outcome distribution under one probability layer: closed won so far plus each open deal closing in
 * the period won with its probability (stage default, historical rate, or a deal-level model).
 * @module
 */
import { outcomeDistribution, type OutcomeDistribution, type OutcomeOptions } from './distribution.js';
import { SCOPE, type PeriodDeals } from './period-deals.js';

/**
 * The outcome distribution of `deals` with `probabilities` (per opportunity, read for open deals in scope;
 * clamped to [0, 1], since a historical rate can exceed 1 where deals grew). Open deals in scope have a
 * positive amount (`countsAsPipeline` of src/analytics/deal-facts.ts).
 */
export function periodOutcomeDistribution(
  deals: PeriodDeals,
  probabilities: ArrayLike<number>,
  options: OutcomeOptions = {},
): OutcomeDistribution {
  const amounts: number[] = [];
  const chances: number[] = [];
  let closed = 0;
  const { corporateAmount } = deals.facts;
  for (let i = 0; i < deals.scope.length; i++) {
    const amount = corporateAmount[i]!;
    if (deals.scope[i] === SCOPE.won) closed += amount;
    else if (deals.scope[i] === SCOPE.open) {
      amounts.push(amount);
      chances.push(Math.min(1, Math.max(0, probabilities[i]!)));
    }
  }
  return outcomeDistribution({ closed, amounts, probabilities: chances }, options);
}
