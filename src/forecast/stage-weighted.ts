/**
 * The stage-weighted forecast (what Salesforce and HubSpot show by default): closed won in the period + Σ over
 * open deals closing in it of amount × the stage's default probability (the stage model's probability layer),
 * per group (rep, manager roll-up, segment, …) and in total, with the pipeline snapshot by stage.
 * @module
 */
import { stageIndexByCode } from '../analytics/deal-facts.js';
import type { DimensionId } from '../analytics/dimensions.js';
import type { AnalysisPeriod } from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import type { DayNumber, IsoDate } from '../domain/dates.js';
import { multiplyByRatio, parseRatio, type MinorUnits } from '../domain/money.js';
import {
  periodDeals,
  SCOPE,
  sumByGroup,
  type ForecastConfig,
  type PeriodDealInputs,
  type PeriodDeals,
} from './period-deals.js';

/** One group's stage-weighted figures, corporate minor units. */
export interface WeightedFigures {
  readonly closedWon: number;
  readonly openDeals: number;
  /** Open amount closing in the period. */
  readonly pipeline: number;
  /** Σ amount × stage probability, each deal rounded once by the money rule. */
  readonly weightedPipeline: number;
  /** closedWon + weightedPipeline. */
  readonly forecast: number;
}

export interface StageSnapshotRow {
  readonly stage: string;
  readonly probability: number;
  readonly count: number;
  readonly value: number;
  readonly weightedValue: number;
}

export interface StageWeightedForecast {
  readonly model: 'stage-weighted';
  /** The probability layer every weight came from. */
  readonly probabilityLayer: 'stage-default';
  readonly period: string;
  readonly asOf: IsoDate;
  readonly by: readonly DimensionId[];
  readonly rows: readonly ({ readonly group: Partial<Record<DimensionId, string>> } & WeightedFigures)[];
  readonly total: WeightedFigures;
  /** Open deals closing in the period by stage, in process order (the report's Pipeline Snapshot). */
  readonly stages: readonly StageSnapshotRow[];
  readonly inputs: PeriodDealInputs;
}

/** Each stage label code's default probability (0 for a stage outside the model). */
function stageProbabilityByCode(
  dataset: Pick<Dataset, 'labels'>,
  config: Pick<ForecastConfig, 'stageModel'>,
): Float64Array {
  return Float64Array.from(stageIndexByCode(dataset.labels.stage, config.stageModel), (index) =>
    index >= 0 ? config.stageModel.probability(index) : 0,
  );
}

/** Each in-scope open deal's weight: its stage's default probability (0 elsewhere). */
export function stageProbabilities(
  dataset: Pick<Dataset, 'labels'>,
  deals: PeriodDeals,
  config: Pick<ForecastConfig, 'stageModel'>,
): Float64Array {
  const { stageCode } = deals.facts.state;
  const byCode = stageProbabilityByCode(dataset, config);
  const probabilities = new Float64Array(deals.scope.length);
  for (let i = 0; i < probabilities.length; i++) {
    if (deals.scope[i] === SCOPE.open) probabilities[i] = byCode[stageCode[i]!]!;
  }
  return probabilities;
}

/** The stage-weighted forecast of `period` as of `asOfDay`, split by `by` (e.g. `['owner']`, `['manager']`). */
export function stageWeightedForecast(
  dataset: Dataset,
  config: ForecastConfig,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  by: readonly DimensionId[],
  /** The period's deals on the day, when the caller has them already (they are the same for every model). */
  deals: PeriodDeals = periodDeals(dataset, config, period, asOfDay),
): StageWeightedForecast {
  // Each stage's probability as an exact ratio, parsed once rather than looked up per deal.
  const ratioOf = Array.from(stageProbabilityByCode(dataset, config), parseRatio);
  const { corporateAmount, state } = deals.facts;
  // One value per deal in scope (deals.rows), in that order.
  const count = deals.rows.length;
  const closedWon = new Float64Array(count);
  const openDeals = new Float64Array(count);
  const pipeline = new Float64Array(count);
  const weightedPipeline = new Float64Array(count);
  for (let p = 0; p < count; p++) {
    const i = deals.rows[p]!;
    const amount = corporateAmount[i]!;
    if (deals.scope[i] === SCOPE.won) closedWon[p] = amount;
    else {
      openDeals[p] = 1;
      pipeline[p] = amount;
      weightedPipeline[p] = multiplyByRatio(amount as MinorUnits, ratioOf[state.stageCode[i]!]!);
    }
  }
  const { rows, total } = sumByGroup(dataset, deals, config, by, deals.rows, {
    closedWon,
    openDeals,
    pipeline,
    weightedPipeline,
  });
  const figures = (sums: typeof total): WeightedFigures => ({
    ...sums,
    forecast: sums.closedWon + sums.weightedPipeline,
  });
  return {
    model: 'stage-weighted',
    probabilityLayer: 'stage-default',
    period: period.name,
    asOf: deals.asOf,
    by,
    rows: rows.map(({ group, sums }) => ({ group, ...figures(sums) })),
    total: figures(total),
    stages: stageSnapshot(dataset, deals, config, pipeline, weightedPipeline),
    inputs: deals.inputs,
  };
}

function stageSnapshot(
  dataset: Pick<Dataset, 'labels'>,
  deals: PeriodDeals,
  config: Pick<ForecastConfig, 'stageModel'>,
  pipeline: Float64Array,
  weightedPipeline: Float64Array,
): StageSnapshotRow[] {
  const stageIndex = stageIndexByCode(dataset.labels.stage, config.stageModel);
  const { stages } = config.stageModel;
  const counts = new Float64Array(stages.length);
  const values = new Float64Array(stages.length);
  const weighted = new Float64Array(stages.length);
  const { stageCode } = deals.facts.state;
  for (let p = 0; p < deals.rows.length; p++) {
    const i = deals.rows[p]!;
    if (deals.scope[i] !== SCOPE.open) continue;
    const index = stageIndex[stageCode[i]!]!;
    counts[index]!++;
    values[index]! += pipeline[p]!;
    weighted[index]! += weightedPipeline[p]!;
  }
  return stages.flatMap((stage, index) =>
    stage.outcome === 'open'
      ? [
          {
            stage: stage.name,
            probability: stage.probability,
            count: counts[index]!,
            value: values[index]!,
            weightedValue: weighted[index]!,
          },
        ]
      : [],
  );
}
