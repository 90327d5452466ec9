/**
 * Stage rules: stages the stage model does not know, forecast categories that contradict or stray far from the
 * stage, stage histories that skip or go back, and lost deals without a reason.
 * @module
 */
import type { ForecastCategory } from '../../domain/entities.js';
import { opportunityFinding, type AuditInput, type QualityRule } from '../rule.js';
import { categoryText, dayText, stageText } from './describe.js';

export const stageUnknown: QualityRule = {
  id: 'stage-unknown',
  title: 'Stage not in the stage model',
  severity: 'error',
  description: () =>
    "A deal whose stage is not a stage of the workspace's stage model: no report can tell whether it is " +
    'open, won or lost.',
  fix: "Map the CRM's stage to a stage of the model (a value map in the mapping file), or add it to stages in salesops.yaml.",
  check(input) {
    const rows: number[] = [];
    const { exists, stageCode } = input.state;
    for (let row = 0; row < exists.length; row++) {
      if (exists[row] === 1 && input.stageIndexByCode[stageCode[row]!]! < 0) rows.push(row);
    }
    return opportunityFinding(input, rows, (row) => `stage "${stageText(input, stageCode[row]!)}"`);
  },
};

/** The category a closed stage implies; for an open stage, the one category it can never be. */
function contradicts(outcome: 'open' | 'won' | 'lost', category: ForecastCategory | null): boolean {
  if (outcome === 'won') return category !== 'closed';
  if (outcome === 'lost') return category !== 'omitted';
  return category === null || category === 'closed';
}

export const categoryContradictsStage: QualityRule = {
  id: 'category-contradicts-stage',
  title: 'Forecast category contradicts the stage',
  severity: 'error',
  description: () =>
    "A deal whose forecast category contradicts its stage's outcome: an open stage in category closed, a " +
    'won stage not in closed, a lost stage not in omitted, or a category that is none of pipeline, ' +
    'best_case, commit, closed and omitted. The forecast counts such a deal in the wrong place.',
  fix: 'Set the category the stage implies (closed for won, omitted for lost), or correct the stage.',
  check(input) {
    const rows: number[] = [];
    const { exists, stageCode, categoryCode } = input.state;
    for (let row = 0; row < exists.length; row++) {
      const outcome = input.outcomeByCode[stageCode[row]!];
      if (
        exists[row] === 1 &&
        outcome &&
        contradicts(outcome, input.categoryByCode[categoryCode[row]!] ?? null)
      ) {
        rows.push(row);
      }
    }
    return opportunityFinding(
      input,
      rows,
      (row) =>
        `stage ${stageText(input, stageCode[row]!)} in category ${categoryText(input, categoryCode[row]!)}`,
    );
  },
};

/** Forecast categories from least to most confident; `closed` is not a call on an open deal. */
const CONFIDENCE: Readonly<Partial<Record<ForecastCategory, number>>> = {
  omitted: 0,
  pipeline: 1,
  best_case: 2,
  commit: 3,
};

export const categoryFarFromStage: QualityRule = {
  id: 'category-far-from-stage',
  title: 'Forecast category far from the stage',
  severity: 'warning',
  description: () =>
    "An open deal whose forecast category is two or more steps from its stage's default category on " +
    'omitted, pipeline, best_case, commit (e.g. a Qualification deal, default pipeline, in commit). One ' +
    "step is the rep's judgement, kept as its own forecast layer, and is not flagged. Deals carry no " +
    'probability of their own (stage defaults and model probabilities are computed layers), so there is no ' +
    'deal probability that could disagree with the stage.',
  fix: 'Confirm the category with the owner, or move the stage to where the deal really is.',
  check(input) {
    const rows: number[] = [];
    const { stageCode, categoryCode } = input.state;
    const { stageModel } = input.config;
    for (let row = 0; row < input.open.length; row++) {
      if (input.open[row] !== 1) continue;
      const category = input.categoryByCode[categoryCode[row]!];
      const called = category ? CONFIDENCE[category] : undefined;
      const byDefault = CONFIDENCE[stageModel.forecastCategory(input.stageIndexByCode[stageCode[row]!]!)];
      if (called !== undefined && byDefault !== undefined && Math.abs(called - byDefault) >= 2)
        rows.push(row);
    }
    return opportunityFinding(input, rows, (row) => {
      const stage = input.stageIndexByCode[stageCode[row]!]!;
      return `${stageText(input, stageCode[row]!)} (default ${stageModel.forecastCategory(stage)}) in ${categoryText(input, categoryCode[row]!)}`;
    });
  },
};

/** A stage move that breaks the process: back to an earlier open stage, or past an open stage. */
interface BadMove {
  readonly from: number;
  readonly to: number;
  readonly day: number;
}

/** The first move of a deal's history up to the as-of date that goes back or skips, or null. */
function firstBadMove(input: AuditInput, row: number, openBefore: Int32Array): BadMove | null {
  const { historyStart } = input.dataset;
  const { day, stageCode } = input.dataset.history;
  const end = historyStart[row + 1]!;
  for (let change = historyStart[row]! + 1; change < end && day[change]! <= input.asOfDay; change++) {
    if (stageCode[change] === stageCode[change - 1]) continue;
    const from = input.stageIndexByCode[stageCode[change - 1]!]!;
    const to = input.stageIndexByCode[stageCode[change]!]!;
    if (from < 0 || to < 0 || !input.config.stageModel.isOpen(from) || !input.config.stageModel.isOpen(to)) {
      continue;
    }
    // Open stages strictly between the two: openBefore[to] - openBefore[from + 1].
    if (to < from || openBefore[to]! - openBefore[from + 1]! > 0) {
      return { from: stageCode[change - 1]!, to: stageCode[change]!, day: day[change]! };
    }
  }
  return null;
}

export const stageSkippedOrBackward: QualityRule = {
  id: 'stage-skipped-or-backward',
  title: 'Stage skipped or moved backwards',
  severity: 'info',
  description: () =>
    'A deal whose history up to the as-of date moves from an open stage back to an earlier open stage, or ' +
    'forward past one or more open stages (e.g. Qualification to Proposal). Starting in a later stage, and ' +
    'closing from any open stage, are not flagged.',
  fix: 'Record the stages the deal really went through: stage conversion rates and velocity are read from them.',
  check(input) {
    const stages = input.config.stageModel.stages;
    // openBefore[k]: open stages with a model index below k.
    const openBefore = new Int32Array(stages.length + 1);
    stages.forEach(
      (stage, index) => (openBefore[index + 1] = openBefore[index]! + (stage.outcome === 'open' ? 1 : 0)),
    );
    const rows: number[] = [];
    const moves = new Map<number, BadMove>();
    for (let row = 0; row < input.open.length; row++) {
      if (input.state.exists[row] !== 1) continue;
      const move = firstBadMove(input, row, openBefore);
      if (move) {
        rows.push(row);
        moves.set(row, move);
      }
    }
    return opportunityFinding(input, rows, (row) => {
      const move = moves.get(row)!;
      return `${stageText(input, move.from)} to ${stageText(input, move.to)} on ${dayText(move.day)}`;
    });
  },
};

export const lostWithoutReason: QualityRule = {
  id: 'lost-without-reason',
  title: 'Lost deal without a loss reason',
  severity: 'info',
  description: () => 'A lost deal (as of the as-of date) with no loss reason recorded.',
  fix: 'Record why the deal was lost: win/loss analysis groups losses by reason.',
  check(input) {
    const rows: number[] = [];
    const { exists, stageCode } = input.state;
    const { lossReasonCode } = input.dataset.opportunities;
    for (let row = 0; row < exists.length; row++) {
      if (exists[row] === 1 && input.outcomeByCode[stageCode[row]!] === 'lost' && lossReasonCode[row] === 0) {
        rows.push(row);
      }
    }
    return opportunityFinding(input, rows, () => 'no loss reason');
  },
};
