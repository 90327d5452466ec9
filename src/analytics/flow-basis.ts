/**
 * What the deal-flow engines (waterfall, stage conversion, win/loss) share: for each dataset stage code, its
 * outcome and how far along the process it is; and a deal's value in the corporate currency, one at a time.
 * @module
 */
import { NO_DAY, type Dataset } from '../dataset/dataset.js';
import { fromDayNumber, type DayNumber } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import type { MinorUnits } from '../domain/money.js';
import type { StageModel } from '../domain/stage-model.js';
import { OUTCOME, type DealConfig } from './deal-facts.js';

/** The stage model read per dataset stage code (label codes follow the order the store met the labels). */
export interface StageCodes {
  /** Per code: an OUTCOME code of ./deal-facts.ts (none for code 0). */
  readonly outcome: Uint8Array;
  /**
   * Per code: how far along the process the stage is. Open stages rank 0, 1, ... in process order, every won
   * stage ranks {@link wonRank} (one past the last open stage), lost stages and code 0 rank -1.
   */
  readonly progressRank: Int32Array;
  /** The open stages' names, in process order (index = progress rank). */
  readonly openStageNames: readonly string[];
  /** The rank of every won stage: the number of open stages. */
  readonly wonRank: number;
  /** Per code: the stage's name as the stage model writes it ('' for code 0). */
  readonly name: readonly string[];
}

/**
 * The refusal every analytics command (`metrics`, `pipeline`, `winloss`) gives data holding stage labels the
 * stage model does not know, or null when it knows them all. One rule for all, because a deal in an unknown
 * stage is neither open, won nor lost: a metric would leave it out of every figure without a word, a waterfall
 * could move it through no bucket, and a funnel could not place it. The fix is one line of salesops.yaml or of
 * the import mapping, so refusing (exit code 2) costs the analyst less than a quietly short number.
 *
 * @param currentStageCodes each opportunity's current stage code, to say how many deals each stage holds now
 *   (a label only in the history holds none now).
 */
export function unknownStagesError(
  stageLabels: readonly string[],
  model: StageModel,
  currentStageCodes: ArrayLike<number> = [],
): InputError | null {
  const unknown = stageLabels.flatMap((label, code) =>
    code !== 0 && model.indexOf(label) === undefined ? [code] : [],
  );
  if (unknown.length === 0) return null;
  const deals = new Map<number, number>(unknown.map((code) => [code, 0]));
  for (let i = 0; i < currentStageCodes.length; i++) {
    const code = currentStageCodes[i] ?? 0;
    const count = deals.get(code);
    if (count !== undefined) deals.set(code, count + 1);
  }
  const described = unknown.map((code) => {
    const count = deals.get(code) ?? 0;
    const now = count === 0 ? 'in the history only' : `${count} deal${count === 1 ? '' : 's'} now`;
    return `${JSON.stringify(stageLabels[code])} (${now})`;
  });
  const them = unknown.length === 1 ? 'it' : 'them';
  return new InputError({
    message: `the data holds stage${unknown.length === 1 ? '' : 's'} the stage model does not know: ${described.join(', ')}`,
    location: { file: 'salesops.yaml', field: 'stages' },
    fix: `add ${them} to stages in salesops.yaml (with outcome open, won or lost), or map ${them} to a known stage in the import mapping (values: stage:) and import again: ${model.stages
      .map((stage) => stage.name)
      .join(', ')}`,
  });
}

/**
 * Reads the dataset's stage labels through the stage model. Labels the model does not know are refused with
 * {@link unknownStagesError}.
 */
export function stageCodes(
  stageLabels: readonly string[],
  model: StageModel,
  currentStageCodes?: ArrayLike<number>,
): StageCodes {
  const unknown = unknownStagesError(stageLabels, model, currentStageCodes);
  if (unknown) throw unknown;
  const openIndexes = model.stages.flatMap((stage, index) => (stage.outcome === 'open' ? [index] : []));
  const wonRank = openIndexes.length;
  const outcome = new Uint8Array(stageLabels.length);
  const progressRank = new Int32Array(stageLabels.length).fill(-1);
  const name: string[] = [''];
  stageLabels.forEach((label, code) => {
    const index = code === 0 ? undefined : model.indexOf(label);
    if (index === undefined) return;
    const stage = model.stage(index);
    name[code] = stage.name;
    outcome[code] = OUTCOME[stage.outcome];
    progressRank[code] =
      stage.outcome === 'open' ? openIndexes.indexOf(index) : stage.outcome === 'won' ? wonRank : -1;
  });
  return {
    outcome,
    progressRank,
    openStageNames: openIndexes.map((index) => model.stage(index).name),
    wonRank,
    name,
  };
}

/** A deal's amount in the corporate currency: (opportunity index, amount in its currency, close day). */
export type DealValue = (opportunity: number, amount: number, closeDay: DayNumber) => MinorUnits;

/**
 * The rule of `corporateAmounts` (./deal-facts.ts) one deal at a time, for engines that value a few deals
 * among a million: amounts in the corporate currency (or in none) as they are, others at the rate of the close
 * date (the created date when there is none), rounded once by the one rule of src/domain/money.ts.
 */
export function dealValue(
  dataset: Pick<Dataset, 'opportunities' | 'labels'>,
  config: Pick<DealConfig, 'currency' | 'fxTable'>,
): DealValue {
  const currencies = dataset.labels.currency;
  const { currencyCode, createdDay } = dataset.opportunities;
  const corporate = Uint8Array.from(currencies, (currency) =>
    currency === '' || currency === config.currency ? 1 : 0,
  );
  return (opportunity, amount, closeDay) => {
    const code = currencyCode[opportunity] ?? 0;
    if (corporate[code] !== 0 || Number.isNaN(amount)) return amount as MinorUnits;
    const rateDay = closeDay === NO_DAY ? (createdDay[opportunity] ?? 0) : closeDay;
    return config.fxTable.toCorporate(amount as MinorUnits, currencies[code] ?? '', fromDayNumber(rateDay));
  };
}
