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
 * Reads the dataset's stage labels through the stage model. A label the model does not know is an InputError
 * naming the labels and the fix: where metrics can leave such deals out, a flow cannot (a deal moving into an
 * unknown stage would leave the waterfall through no bucket, and a funnel could not place it).
 */
export function stageCodes(stageLabels: readonly string[], model: StageModel): StageCodes {
  const openIndexes = model.stages.flatMap((stage, index) => (stage.outcome === 'open' ? [index] : []));
  const wonRank = openIndexes.length;
  const outcome = new Uint8Array(stageLabels.length);
  const progressRank = new Int32Array(stageLabels.length).fill(-1);
  const name: string[] = [''];
  const unknown: string[] = [];
  stageLabels.forEach((label, code) => {
    if (code === 0) return;
    const index = model.indexOf(label);
    if (index === undefined) {
      unknown.push(label);
      name[code] = label;
      return;
    }
    const stage = model.stage(index);
    name[code] = stage.name;
    outcome[code] = OUTCOME[stage.outcome];
    progressRank[code] =
      stage.outcome === 'open' ? openIndexes.indexOf(index) : stage.outcome === 'won' ? wonRank : -1;
  });
  if (unknown.length > 0) {
    throw new InputError({
      message: `the data holds stage${unknown.length === 1 ? '' : 's'} the stage model does not know: ${unknown
        .map((label) => JSON.stringify(label))
        .join(', ')}`,
      location: { file: 'salesops.yaml', field: 'stages' },
      fix: `add ${unknown.length === 1 ? 'it' : 'them'} to stages in salesops.yaml (with outcome open, won or lost), or rename ${
        unknown.length === 1 ? 'it' : 'them'
      } to a known stage in the import mapping: ${model.stages.map((stage) => stage.name).join(', ')}`,
    });
  }
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
