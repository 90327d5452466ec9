/**
 * The stage model: the ordered stages of a workspace's sales process, each with a default probability, a
 * default forecast category and whether it is open, won or lost.
 *
 * A stage is known by its index in the list, which is also its place in the process: the columnar dataset
 * stores that index as the stage code, and a move to a lower index between open stages is a backward move.
 * Names are matched ignoring case and surrounding or repeated spaces, as CRM exports are not consistent.
 * @module
 */
import type { ForecastCategory } from './entities.js';
import { InputError, type Problem } from './errors.js';

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

export interface StageModel {
  /** The stages in process order; a stage's index is its code. */
  readonly stages: readonly Stage[];
  /** Index of the stage with this name (ignoring case and spacing), or undefined when there is none. */
  indexOf(name: string): number | undefined;
  /** Like {@link indexOf}, but throws an InputError listing the known stages. */
  requireIndex(name: string): number;
  stage(index: number): Stage;
  isOpen(index: number): boolean;
  isWon(index: number): boolean;
  isLost(index: number): boolean;
  /** Default probability of the stage, in [0, 1]. */
  probability(index: number): number;
  /** Default forecast category of the stage. */
  forecastCategory(index: number): ForecastCategory;
  /** True when a deal moved from an open stage back to an earlier open stage. */
  isBackwardMove(fromIndex: number, toIndex: number): boolean;
}

/** A problem with one stage (`index`, and the field `key` when it is about one field) or with the whole list. */
export interface StageProblem {
  readonly index?: number;
  readonly key?: keyof Stage;
  readonly message: string;
  readonly fix?: string;
}

/** The form in which stage names are compared. */
export function normalizeStageName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** What the forecast category of a stage must (or must not) be, given its outcome. */
function categoryProblem(stage: Stage): Pick<StageProblem, 'message' | 'fix'> | null {
  const got = `(got ${JSON.stringify(stage.forecastCategory)})`;
  if (stage.outcome === 'won' && stage.forecastCategory !== 'closed') {
    return {
      message: `a won stage is in forecast category "closed" ${got}`,
      fix: 'set forecastCategory: closed',
    };
  }
  if (stage.outcome === 'lost' && stage.forecastCategory !== 'omitted') {
    return {
      message: `a lost stage is in forecast category "omitted" ${got}`,
      fix: 'set forecastCategory: omitted',
    };
  }
  if (stage.outcome === 'open' && stage.forecastCategory === 'closed') {
    return {
      message: 'an open stage cannot be in forecast category "closed"',
      fix: 'use pipeline, best_case or commit, or set outcome: won if deals in this stage are booked',
    };
  }
  return null;
}

function probabilityProblem(stage: Stage): Pick<StageProblem, 'message' | 'fix'> | null {
  const { probability, outcome } = stage;
  const got = `(got ${probability})`;
  if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
    return {
      message: `must be between 0 and 1 ${got}`,
      fix:
        Number.isInteger(probability) && probability > 1 && probability <= 100
          ? `probabilities are fractions: write ${probability / 100} for ${probability}%`
          : 'write a fraction between 0 and 1, e.g. 0.25 for 25%',
    };
  }
  if (outcome === 'won' && probability !== 1) {
    return { message: `a won stage has probability 1 ${got}`, fix: 'set probability: 1' };
  }
  if (outcome === 'lost' && probability !== 0) {
    return { message: `a lost stage has probability 0 ${got}`, fix: 'set probability: 0' };
  }
  return null;
}

/**
 * Every problem with a list of stages: empty or duplicate names (ignoring case), probabilities outside [0, 1],
 * won stages not at 1 or lost stages not at 0, forecast categories that contradict the outcome, and a list
 * without at least one open, one won and one lost stage. Empty when the list is a valid stage model.
 */
export function stageModelProblems(stages: readonly Stage[]): StageProblem[] {
  const problems: StageProblem[] = [];
  const firstIndexByName = new Map<string, number>();
  stages.forEach((stage, index) => {
    const normalized = normalizeStageName(stage.name);
    const earlier = firstIndexByName.get(normalized);
    if (normalized === '') {
      problems.push({ index, key: 'name', message: 'must not be empty', fix: 'name the stage' });
    } else if (earlier !== undefined) {
      problems.push({
        index,
        key: 'name',
        message: `duplicates the name of stages[${earlier}] ${JSON.stringify(stages[earlier]?.name)} (names are compared ignoring case)`,
        fix: 'rename or remove one of the two stages',
      });
    } else {
      firstIndexByName.set(normalized, index);
    }
    const probability = probabilityProblem(stage);
    if (probability) problems.push({ index, key: 'probability', ...probability });
    const category = categoryProblem(stage);
    if (category) problems.push({ index, key: 'forecastCategory', ...category });
  });
  for (const outcome of ['open', 'won', 'lost'] as const) {
    if (!stages.some((stage) => stage.outcome === outcome)) {
      problems.push({
        message: `needs at least one ${outcome} stage`,
        fix: `add a stage with outcome: ${outcome}`,
      });
    }
  }
  return problems;
}

/** A stage problem located by its field, e.g. `stages[3].probability`. */
function asProblem(problem: StageProblem): Problem {
  const item = problem.index === undefined ? '' : `[${problem.index}]`;
  const field = `stages${item}${problem.key ? `.${problem.key}` : ''}`;
  return { message: problem.message, location: { field }, ...(problem.fix ? { fix: problem.fix } : {}) };
}

/** Builds a stage model; throws one InputError listing every problem of {@link stageModelProblems}. */
export function createStageModel(stages: readonly Stage[]): StageModel {
  const problems = stageModelProblems(stages);
  if (problems.length > 0) {
    throw new InputError(problems.map(asProblem));
  }
  const list = stages.map((stage) => ({ ...stage }));
  const indexByName = new Map(list.map((stage, index) => [normalizeStageName(stage.name), index]));
  const stage = (index: number): Stage => {
    const found = list[index];
    if (!found) throw new RangeError(`no stage at index ${index} (the model has ${list.length})`);
    return found;
  };
  const indexOf = (name: string): number | undefined => indexByName.get(normalizeStageName(name));
  const isOpen = (index: number): boolean => stage(index).outcome === 'open';

  return {
    stages: list,
    indexOf,
    requireIndex(name) {
      const index = indexOf(name);
      if (index === undefined) {
        throw new InputError({
          message: `${JSON.stringify(name)} is not a stage of the stage model`,
          fix: `use one of: ${list.map((known) => known.name).join(', ')}; or add the stage to stages in salesops.yaml`,
        });
      }
      return index;
    },
    stage,
    isOpen,
    isWon: (index) => stage(index).outcome === 'won',
    isLost: (index) => stage(index).outcome === 'lost',
    probability: (index) => stage(index).probability,
    forecastCategory: (index) => stage(index).forecastCategory,
    isBackwardMove: (fromIndex, toIndex) => isOpen(fromIndex) && isOpen(toIndex) && toIndex < fromIndex,
  };
}
