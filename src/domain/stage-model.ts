/**
 * The stage model: the ordered stages of a workspace's sales process, each with a default probability, a
 * default forecast category and whether it is open, won or lost.
 * @module
 */
import type { ForecastCategory } from './entities.js';

export type StageOutcome = 'open' | 'won' | 'lost';

export interface Stage {
  readonly name: string;
  /** Default probability of closing won, in [0, 1]. Won stages are 1, lost stages 0. */
  readonly probability: number;
  readonly forecastCategory: ForecastCategory;
  readonly outcome: StageOutcome;
}

/**
 * The stages of the sales process in ../shared/role/sales-operations-manager.md (lead qualification by BANT,
 * discovery, proposal, negotiation, commit, closed won/lost), with the role's default probabilities.
 */
export const DEFAULT_STAGES: readonly Stage[] = [
  { name: 'Qualification', probability: 0.1, forecastCategory: 'pipeline', outcome: 'open' },
  { name: 'Discovery', probability: 0.2, forecastCategory: 'pipeline', outcome: 'open' },
  { name: 'Proposal', probability: 0.5, forecastCategory: 'best_case', outcome: 'open' },
  { name: 'Negotiation', probability: 0.8, forecastCategory: 'best_case', outcome: 'open' },
  { name: 'Commit', probability: 0.9, forecastCategory: 'commit', outcome: 'open' },
  { name: 'Closed Won', probability: 1, forecastCategory: 'closed', outcome: 'won' },
  { name: 'Closed Lost', probability: 0, forecastCategory: 'omitted', outcome: 'lost' },
];
