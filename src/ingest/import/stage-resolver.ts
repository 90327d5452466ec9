/**
 * Places a CRM deal in a stage of the workspace's stage model. The stage name is read through the mapping's
 * value map and matched to the model ignoring case; the CRM's own closed/won semantics (Salesforce's IsClosed and
 * IsWon, Pipedrive's status) check it and place closed deals whose stage name the workspace does not know in its
 * first won or lost stage. An open deal in an unknown stage is a problem: the fix is to map the name.
 * @module
 */
import type { CompiledMapping } from './compiled-mapping.js';
import type { Stage, StageModel } from '../../domain/stage-model.js';
import { normalizeKey } from '../model/import-fields.js';
import { show } from '../values/parsed.js';
import type { DealStatus } from './vocabulary.js';

export type StageResolution =
  | { readonly ok: true; readonly stage: Stage; readonly byOutcome?: string }
  | {
      readonly ok: false;
      readonly message: string;
      readonly fix: string;
      /** Set when the problem is a stage name the workspace does not know. */
      readonly unknownName?: string;
    };

export interface StageResolverOptions {
  /** CRM stage name (compared form) to workspace stage name. */
  readonly valueMap?: Readonly<Record<string, string>>;
  /** A won or lost outcome decides the stage whatever the stage name (Pipedrive). */
  readonly outcomeOverridesStage?: boolean;
}

/** Resolves `(stage name, outcome the CRM states)` to a workspace stage. */
export type StageResolver = (name: string | null, outcome: DealStatus | null) => StageResolution;

/** The fix of a stage name the workspace does not know (the CLI adds a mapping file to paste for all of them). */
export function unknownStageFix(name: string, model: StageModel): string {
  const stages = model.stages.map((stage) => stage.name).join(', ');
  return `map ${show(name)} to one of the workspace's stages (${stages}) under values: stage: in a mapping file, or add it to the stages in salesops.yaml`;
}

export function createStageResolver(model: StageModel, options: StageResolverOptions = {}): StageResolver {
  const firstOf = (outcome: 'won' | 'lost') => model.stages.find((stage) => stage.outcome === outcome);
  const valueMap = options.valueMap ?? {};
  // By outcome, then by name: a key made of both would be a new string per row.
  const cache = new Map<DealStatus | null, Map<string | null, StageResolution>>();

  const resolve = (name: string | null, outcome: DealStatus | null): StageResolution => {
    if (outcome === 'won' || outcome === 'lost') {
      const closed = firstOf(outcome);
      if (closed && (name === null || options.outcomeOverridesStage)) {
        return { ok: true, stage: closed, byOutcome: name ?? '' };
      }
    }
    if (name === null) {
      return {
        ok: false,
        message: 'the stage is empty',
        fix: 'fill in the stage in the CRM, or set it with a default in a mapping file',
      };
    }
    const mapped = valueMap[normalizeKey(name)] ?? name;
    const index = model.indexOf(mapped);
    if (index === undefined) {
      const closed = outcome === 'won' || outcome === 'lost' ? firstOf(outcome) : undefined;
      if (closed) return { ok: true, stage: closed, byOutcome: name };
      const through = mapped === name ? '' : ` (mapped to ${show(mapped)})`;
      return {
        ok: false,
        message: `stage ${show(name)}${through} is not a stage of this workspace`,
        fix: unknownStageFix(name, model),
        unknownName: name,
      };
    }
    const stage = model.stage(index);
    if (outcome !== null && stage.outcome !== outcome) {
      return {
        ok: false,
        message: `stage ${show(name)} is ${article(stage.outcome)} stage (${stage.name}) in this workspace, but the CRM says the deal is ${outcome}`,
        fix: `map ${show(name)} to ${article(outcome)} stage in a mapping file (values: stage:), or correct the stages in salesops.yaml`,
      };
    }
    return { ok: true, stage };
  };

  return (name, outcome) => {
    let byName = cache.get(outcome);
    if (byName === undefined) {
      byName = new Map();
      cache.set(outcome, byName);
    }
    let resolution = byName.get(name);
    if (resolution === undefined) {
      resolution = resolve(name, outcome);
      byName.set(name, resolution);
    }
    return resolution;
  };
}

function article(outcome: string): string {
  return outcome === 'open' ? 'an open' : `a ${outcome}`;
}

/** The outcome a deal's closed/won flags state, or null when they say nothing. */
export function outcomeOf(
  status: DealStatus | null,
  isClosed: boolean | null,
  isWon: boolean | null,
): DealStatus | null {
  if (status !== null) return status;
  if (isWon === true) return 'won';
  if (isClosed === true) return isWon === false ? 'lost' : null;
  if (isClosed === false) return 'open';
  return null;
}

/** The resolver of a file's stage names: its mapping's stage values, and whether a won/lost status wins. */
export function stageResolverFor(
  compiled: Pick<CompiledMapping, 'stageValues' | 'mapping'>,
  model: StageModel,
): StageResolver {
  return createStageResolver(model, {
    valueMap: compiled.stageValues,
    outcomeOverridesStage: compiled.mapping.statusOverridesStage ?? false,
  });
}
