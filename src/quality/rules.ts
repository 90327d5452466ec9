/**
 * The rule registry: every data-quality rule, in the order reports list them (the forecast's dates and amounts
 * first, then stages, engagement, references and duplicates).
 * @module
 */
import type { QualityRule } from './rule.js';
import { amountNotPositive, amountOutlier, currencyWithoutRate } from './rules/amount-rules.js';
import {
  closeDateImplausible,
  closeDatePast,
  closeDatePushed,
  closedDealCloseDate,
} from './rules/close-date-rules.js';
import { duplicateAccount, duplicateOpportunity } from './rules/duplicate-rules.js';
import { accountMissing, ownerInactive, staleDeal } from './rules/engagement-rules.js';
import {
  categoryContradictsStage,
  categoryFarFromStage,
  lostWithoutReason,
  stageSkippedOrBackward,
  stageUnknown,
} from './rules/stage-rules.js';

export const QUALITY_RULES: readonly QualityRule[] = [
  closeDatePast,
  closeDateImplausible,
  closedDealCloseDate,
  closeDatePushed,
  amountNotPositive,
  amountOutlier,
  currencyWithoutRate,
  stageUnknown,
  categoryContradictsStage,
  categoryFarFromStage,
  stageSkippedOrBackward,
  lostWithoutReason,
  staleDeal,
  ownerInactive,
  accountMissing,
  duplicateAccount,
  duplicateOpportunity,
];

/** The ids of {@link QUALITY_RULES}, for callers that key results by rule. */
export const QUALITY_RULE_IDS: readonly string[] = QUALITY_RULES.map((rule) => rule.id);
