/**
 * The Sales Forecast report's data (the *Sales Forecast* of the sales-operations role, issue 5): every section
 * as plain data, built by one pure function from the as-of dataset, so that the renderers (md, html, json,
 * table) only lay it out. Money is corporate minor units, dates ISO; shares are fractions (0.95 = 95%).
 *
 * Sections, in the report's order: Executive Summary, Pipeline Snapshot, Closed This Quarter, Total Forecast,
 * Forecast by Rep (or manager, or segment), Forecast by Segment, Risk Factors, Upside Opportunities,
 * Recommendations, Confidence Level and the Methods footnote; then the outcome distribution, every model's
 * total side by side, and notes on thin data.
 * @module
 */
import { withScratch, type ColumnScratch } from '../analytics/column-scratch.js';
import { createKeyspace, groupReps, type DimensionId } from '../analytics/dimensions.js';
import { countsAsPipeline, stageIndexByCode } from '../analytics/deal-facts.js';
import type { AnalysisPeriod } from '../analytics/periods.js';
import { repQuotasIn } from '../analytics/rep-periods.js';
import { NO_DAY, repRow, textAt, type Dataset } from '../dataset/dataset.js';
import { fromDayNumber, toDayNumber, type IsoDate } from '../domain/dates.js';
import { commandOnServer, InputError } from '../domain/errors.js';
import { andMore } from '../domain/listing.js';
import { allocate, formatMoney, multiplyByRate, type MinorUnits } from '../domain/money.js';
import { prepareAuditInput } from '../quality/audit-input.js';
import { DEFAULT_AUDIT_OPTIONS, type AuditConfig } from '../quality/rule.js';
import {
  categoryRollup,
  type AdjustableCategory,
  type AdjustmentLayer,
  type CategoryRollup,
  type ForecastAdjustment,
} from './category-rollup.js';
import {
  dealLevelForecast,
  lessonsAndExamples,
  prepareHistoryDays,
  type DealLevelForecast,
} from './deal-level.js';
import { dealModelSource, RECENT_CREATED_DAYS, topFactors, type DealModelSource } from './deal-model.js';
import { dealOutcomeDistribution } from './deal-outcome.js';
import {
  dealRef,
  findRisks,
  findUpside,
  FORECAST_QUALITY_RULES,
  openInPeriod,
  recommend,
  ruleFindings,
} from './forecast-risks.js';
import {
  historicalConversionForecast,
  measureConversion,
  MIN_CELL_DEALS,
  type ConversionHistory,
  type HistoricalConversionForecast,
} from './historical-conversion.js';
import {
  firstCreatedDay,
  periodDeals,
  rowsWhere,
  SCOPE,
  sumByGroup,
  valuesAt,
  type ForecastConfig,
  type PeriodDealInputs,
  type PeriodDeals,
} from './period-deals.js';
import { chancePercent } from './probability-text.js';
import { stageProbabilities, stageWeightedForecast, type StageWeightedForecast } from './stage-weighted.js';

/** The models the report can be built on; `commit` and `best-case` are the category roll-up's two numbers. */
export const FORECAST_MODELS = [
  'stage-weighted',
  'commit',
  'best-case',
  'historical-conversion',
  'deal-level',
] as const;
export type ForecastModelId = (typeof FORECAST_MODELS)[number];
/**
 * `auto`: the deal-level model, unless a backtest shows another model's MAPE at least {@link AUTO_SWITCH_MARGIN}
 * lower ({@link autoModel}).
 */
export type ModelChoice = 'auto' | ForecastModelId;
/** How Forecast by Rep is split: by owner (the rep), rolled up to managers, or by segment. */
export type ForecastBy = 'owner' | 'manager' | 'segment';

/**
 * green: P(reaching at least 90% of the forecast) ≥ 85%; yellow: 70-85%; red: below 70%; none: no confidence
 * is claimed, for a period with no data (it ended before the data begins: its $0 is no forecast to be sure of).
 */
export type Confidence = 'green' | 'yellow' | 'red' | 'none';
/** A group's risk by its forecast attainment: low ≥ 100% of quota, medium 80-100%, high below 80%. */
export type AttainmentRisk = 'low' | 'medium' | 'high';

/** What configuration the forecast reads: deal facts, the fiscal calendar, and what the quality audit needs. */
export type SalesForecastConfig = ForecastConfig & AuditConfig;

/** One model's backtest accuracy, as the Methods footnote and the side-by-side table show it. */
export interface ModelAccuracySummary {
  readonly model: ForecastModelId;
  /** Mean |forecast - actual| / actual over tested periods with a non-zero actual; null when none. */
  readonly mape: number | null;
  /** Mean (forecast - actual) / actual: positive over-forecasts. */
  readonly bias: number | null;
  /** Share of tested periods whose actual lay in the model's P10-P90; null when the model has no range. */
  readonly p10p90Coverage: number | null;
}

/** What of a backtest the report needs (src/forecast/backtest.ts produces it). */
export interface BacktestSummary {
  readonly periodsAsked: number;
  /** Periods actually tested (fewer than asked when history is shorter), most recent first. */
  readonly periodsTested: readonly string[];
  /** Day of each period the forecasts were taken on, counted from its start (7: the start of week 2). */
  readonly offsetDays: number;
  readonly accuracy: readonly ModelAccuracySummary[];
  /**
   * The model with the lowest MAPE; null when no period could be scored. Not necessarily the model `auto` takes
   * ({@link autoModel}).
   */
  readonly bestModel: ForecastModelId | null;
}

export interface SalesForecastOptions {
  /** Default `auto`. */
  readonly model?: ModelChoice;
  /** Default `owner`. */
  readonly by?: ForecastBy;
  /** Past fiscal periods the historical models learn from (default 8). */
  readonly historyPeriods?: number;
  /** Deals listed in the deal table, risks and upside, largest first (default 10 per list). */
  readonly dealLimit?: number;
  /**
   * The reps (rows of `dataset.reps`) the report is on, e.g. a manager's team. The models learn from and score
   * the whole dataset as for the company, so that a deal and a rep have one number in every view; the totals,
   * rows, lists, risks and distribution are of these reps' deals only, with their adjustments only (others are
   * left out), and the new-pipeline term is the sum of their shares of the company's. Default: every rep.
   */
  readonly reportOwners?: ReadonlySet<number>;
}

export interface SalesForecastInput {
  readonly dataset: Dataset;
  readonly config: SalesForecastConfig;
  /** The period forecast, e.g. FY2026-Q4 (a fiscal period; a date range has no history to learn from). */
  readonly period: AnalysisPeriod;
  /** The day the forecast is made on (end of day): everything later is unknown to it. */
  readonly asOf: IsoDate;
  /** Owner and manager adjustments, their own layers on top of the system numbers (category roll-up). */
  readonly adjustments?: readonly ForecastAdjustment[];
  /** A backtest of the models, for `auto` and the Methods footnote. */
  readonly backtest?: BacktestSummary;
  readonly options?: SalesForecastOptions;
  /**
   * The options of the run that asked for the report, which the salesops commands its notes suggest must carry
   * to work on the same data: `--workspace` on every one, `--as-of` on the backtest's (it tests the periods
   * before that day). Each is one shell word, quoted as needed (the CLI gives them as the user did). `program` is
   * how the user runs salesops (default `salesops`; the quickstart's `npx salesops`, for a clone without a global
   * install).
   *
   * `server`: the report is the HTTP API's, read far from any command line. How salesops runs on the server, and
   * in which folder, is not known there (nor is the server's folder to be shown), so a command is named as
   * salesops's command, its words in backticks, to run on the server: "salesops `audit` on the server".
   */
  readonly commandLine?: ForecastCommandLine;
}

/** How the forecast was asked for, as the commands it names are written ({@link SalesForecastInput.commandLine}). */
export type ForecastCommandLine =
  { readonly workspace?: string; readonly asOf?: string; readonly program?: string } | 'server';

/** The model the report's numbers come from, and why it was chosen. */
export interface ModelUsed {
  readonly id: ForecastModelId;
  /** Its name as the report shows it, e.g. "Deal-level model (learned from this workspace's closed deals)". */
  readonly name: string;
  readonly requested: ModelChoice;
  /** E.g. "lowest backtest MAPE (12.3%) over 8 quarters", or why a fallback was taken. */
  readonly reason: string;
}

export interface ExecutiveSummary {
  /** Sum of the rep quotas for the period; null when none are imported. */
  readonly quota: MinorUnits | null;
  readonly forecast: MinorUnits;
  /** forecast / quota; null without a quota. */
  readonly percentOfQuota: number | null;
  readonly confidence: Confidence;
  /** The confidence's meaning in words, e.g. "Moderate: 70-85% likely to reach at least 90% of the forecast". */
  readonly confidenceMeaning: string;
}

export interface PipelineStageRow {
  readonly stage: string;
  /** The probability the weighted value used (the chosen model's average for the stage, amount-weighted). */
  readonly probability: number;
  readonly count: number;
  readonly value: MinorUnits;
  readonly weightedValue: MinorUnits;
}

/**
 * Open deals closing in the period, by stage in process order, weighted by the chosen model: the total is the
 * period's pipeline (the `pipeline_value` and `open_deals` metrics, the end of `pipeline changes`), whatever the
 * model. The total's weighted value plus {@link closingLater}'s is the Total Forecast's weighted pipeline.
 */
export interface PipelineSnapshot {
  readonly stages: readonly PipelineStageRow[];
  /**
   * Open deals with a close date outside the period (later, overdue or none) that the chosen model still weights
   * (historical conversion applies its rates to every open deal, whatever its close date: its rates are what was
   * won in a past period of all that was open at its start); null when the model weights none. Not part of the total: they are not the period's
   * pipeline, though their weighted value is part of the forecast.
   */
  readonly closingLater: {
    readonly count: number;
    readonly value: MinorUnits;
    readonly weightedValue: MinorUnits;
  } | null;
  /** The period's open deals: the sum of {@link stages}. */
  readonly total: { readonly count: number; readonly value: MinorUnits; readonly weightedValue: MinorUnits };
}

/** Total Forecast = weighted pipeline + closed (+ expected new pipeline when the model has it), named. */
export interface TotalForecast {
  readonly model: ForecastModelId;
  readonly weightedPipeline: MinorUnits;
  readonly closed: MinorUnits;
  /** Revenue expected from pipeline not yet open in the period (created later, or pulled in); 0 if none. */
  readonly newPipeline: MinorUnits;
  /** Owner and manager adjustments' net effect (category models only; 0 otherwise). */
  readonly adjustments: MinorUnits;
  /**
   * Stored owner and manager adjustments the chosen model leaves out (every model but commit and best case):
   * how many, and their net effect on the commit and best-case roll-ups (`categories`), what `--model commit` or
   * `--model best_case` would add. Null when there are none or the model includes them (then see `adjustments`).
   */
  readonly adjustmentsNotIncluded: {
    readonly count: number;
    readonly commit: MinorUnits;
    readonly bestCase: MinorUnits;
  } | null;
  readonly total: MinorUnits;
}

export interface GroupForecastRow {
  /** The group's label: a rep's or manager's name, or a segment. */
  readonly group: string;
  /** The rep's or manager's CRM id (null for segments). */
  readonly id: string | null;
  readonly quota: MinorUnits | null;
  readonly closed: MinorUnits;
  readonly pipelineWeighted: MinorUnits;
  readonly forecast: MinorUnits;
  /** forecast / quota; null without a quota. */
  readonly attainment: number | null;
  readonly risk: AttainmentRisk | null;
}

export interface ForecastByGroup {
  readonly by: ForecastBy;
  readonly rows: readonly GroupForecastRow[];
  /** Groups with a quota whose forecast is below 80% of it. */
  readonly atRisk: readonly string[];
}

export interface SegmentForecastRow {
  readonly segment: string;
  readonly quota: MinorUnits | null;
  readonly forecast: MinorUnits;
  /** forecast - quota; null without a quota. */
  readonly variance: MinorUnits | null;
  /** variance / quota. */
  readonly variancePercent: number | null;
  /** yellow at -10% or worse, red at -15% or worse. */
  readonly flag: 'yellow' | 'red' | null;
}

export interface ForecastBySegment {
  readonly rows: readonly SegmentForecastRow[];
  /** Segments flagged yellow or red. */
  readonly behind: readonly string[];
}

export type RiskKind =
  | 'slipping-deals'
  | 'stale-deals'
  | 'deal-concentration'
  | 'reps-below-80'
  | 'segments-behind'
  | 'data-quality'
  | 'low-coverage';

/** A deal named in a risk or an upside. */
export interface DealRef {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly stage: string;
  readonly amount: MinorUnits;
  readonly closeDate: IsoDate | null;
  /** The deal-level model's probability of closing won within the period. */
  readonly probability: number;
}

/** A rep or segment a risk names: its name, and its forecast's variance from its quota, (forecast - quota) / quota. */
export interface RiskGroup {
  readonly name: string;
  readonly variancePercent: number;
}

export interface RiskFactor {
  readonly kind: RiskKind;
  /** One line, e.g. "4 deals pushed 2+ times close this quarter". */
  readonly risk: string;
  /** The reps (reps below 80%) or segments (segments behind) it names, in its order; empty for the others. */
  readonly groups: readonly RiskGroup[];
  /**
   * Money at stake. For deal risks (slipping, stale, data quality, concentration): what the forecast counts of the
   * deals, their weighted value under the model used. For reps below 80%, segments behind and low coverage: the
   * gap, Σ (quota - forecast).
   */
  readonly impact: MinorUnits;
  readonly mitigation: string;
  /** The deals behind it, largest first (up to the deal limit). */
  readonly deals: readonly DealRef[];
}

export type UpsideKind = 'best-case-not-in-commit' | 'late-stage-not-forecast' | 'pull-in-next-period';

export interface UpsideOpportunity {
  readonly kind: UpsideKind;
  readonly description: string;
  readonly count: number;
  /** Full amount of the deals. */
  readonly value: MinorUnits;
  /** What they would add over the forecast, probability-weighted where the forecast already counts part. */
  readonly potential: MinorUnits;
  readonly deals: readonly DealRef[];
}

export interface Recommendation {
  /** The risk or upside it follows from. */
  readonly from: RiskKind | UpsideKind;
  readonly text: string;
}

/**
 * A reason behind the forecast's confidence as data: what it is and its figures (money in minor units,
 * probabilities as fractions), with `text`, the sentence of them the reports print ({@link confidenceReasonText});
 * a client that writes figures its own way (the dashboard, to one decimal) writes it from the figures.
 */
export type ConfidenceReason = ConfidenceReasonFigures & { readonly text: string };

export type ConfidenceReasonFigures =
  /** The period ended before the data begins: nothing was open or closed in it. */
  | { readonly kind: 'no-data'; readonly period: string }
  /** No open deal closes in the period: its forecast is past new pipeline carried forward. */
  | { readonly kind: 'extrapolation'; readonly period: string }
  /** A risk found (Risk Factors), of kind `risk`; its text is the risk's own. */
  | { readonly kind: 'risk'; readonly risk: RiskKind }
  /**
   * The chance of reaching at least `threshold` (90% of the forecast), the confidence's
   * {@link ConfidenceSection.probability}, and of reaching the forecast itself.
   */
  | {
      readonly kind: 'reach';
      readonly threshold: MinorUnits;
      readonly probability: number;
      readonly probabilityOfForecast: number;
    }
  /** The chance of reaching the quota (only with a quota). */
  | { readonly kind: 'quota'; readonly probability: number }
  /** The outcome range: 80% of outcomes lie between P10 and P90. */
  | { readonly kind: 'range'; readonly p10: MinorUnits; readonly p90: MinorUnits };

export interface ConfidenceSection {
  readonly level: Confidence;
  /**
   * P(outcome ≥ {@link threshold}) under the outcome distribution: the chance of landing at the forecast or
   * within the {@link CONFIDENCE_TOLERANCE} short of it; null when none is claimed (level `none`).
   */
  readonly probability: number | null;
  /** The forecast less the tolerance (90% of it), by the money rule. */
  readonly threshold: MinorUnits;
  /** The level's word and {@link basis}: "Moderate: 70-85% likely to reach at least 90% of the forecast". */
  readonly meaning: string;
  /**
   * What makes the level, as its word's sentence goes on: the band its probability falls in ("70-85%", see
   * {@link CONFIDENCE_BANDS}), or what else does ("an extrapolation, with no deal of the period to forecast
   * from"; for level `none`, {@link NO_DATA_CONFIDENCE}).
   */
  readonly basis: string;
  /** The reasons behind it: the risks found, the chances of reaching the forecast and quota, the range. */
  readonly reasons: readonly ConfidenceReason[];
}

/** The period outcome's distribution under the chosen model's probabilities (src/forecast/distribution.ts). */
export interface DistributionSummary {
  readonly method: 'grid' | 'cornish-fisher';
  readonly mean: MinorUnits;
  readonly sd: MinorUnits;
  readonly p10: MinorUnits;
  readonly p50: MinorUnits;
  readonly p90: MinorUnits;
  /** null without a quota. */
  readonly probabilityOfQuota: number | null;
  readonly probabilityOfForecast: number;
  /** Largest error of the quantiles from the grid's rounding (null for Cornish-Fisher). */
  readonly errorBound: MinorUnits | null;
  /** How outcomes beyond independent deals are modelled (shared period swing, new pipeline), in words. */
  readonly varianceModel: string;
}

export interface ModelSideBySide {
  readonly model: ForecastModelId;
  readonly name: string;
  readonly forecast: MinorUnits;
  readonly accuracy: ModelAccuracySummary | null;
  readonly chosen: boolean;
}

/** The category roll-up's cumulative numbers in each layer, so adjustments never hide the system's. */
export interface CategoryLayers {
  readonly system: {
    readonly commit: MinorUnits;
    readonly bestCase: MinorUnits;
    readonly pipeline: MinorUnits;
  };
  readonly ownerLayer: {
    readonly commit: MinorUnits;
    readonly bestCase: MinorUnits;
    readonly pipeline: MinorUnits;
  };
  readonly managerLayer: {
    readonly commit: MinorUnits;
    readonly bestCase: MinorUnits;
    readonly pipeline: MinorUnits;
  };
  readonly adjustments: readonly {
    readonly layer: AdjustmentLayer;
    readonly rep: string;
    readonly category: AdjustableCategory;
    readonly amount: MinorUnits;
    readonly note: string;
  }[];
}

/** One factor of a deal's deal-level probability: its feature value and its push on the log-odds. */
export interface DealFactor {
  /** E.g. "stage", "days in stage", "pushes". */
  readonly feature: string;
  /** E.g. "Negotiation", "31-90", "2+". */
  readonly value: string;
  /** Contribution to the log-odds against the average deal (positive raises the probability). */
  readonly effect: number;
}

/** A deal of the period with its deal-level probability and the factors behind it. */
export interface DealForecast extends DealRef {
  readonly stageProbability: number;
  readonly topFactors: readonly DealFactor[];
}

export interface DataQualitySummary {
  /**
   * 0-100, one decimal: 100 × (1 - affectedShare), the share of the period's open pipeline value free of error
   * and warning findings (not the workspace's audit score, which `salesops audit` gives).
   */
  readonly score: number;
  /** Open pipeline in the period flagged by an error or warning rule. */
  readonly affectedValue: MinorUnits;
  /** affectedValue / the period's open pipeline. */
  readonly affectedShare: number;
  /** The rules behind it, largest value first. */
  readonly rules: readonly {
    readonly id: string;
    readonly title: string;
    readonly affectedValue: MinorUnits;
  }[];
}

export interface MethodsFootnote {
  /** Term → definition, in the order shown (Weighted value, Forecast, Attainment, Coverage, P10/P90, …). */
  readonly definitions: readonly { readonly term: string; readonly definition: string }[];
  readonly model: ModelUsed;
  /** The chosen model's formula in one line. */
  readonly formula: string;
  /** The chosen model's backtest accuracy; null when no backtest was given. */
  readonly accuracy: ModelAccuracySummary | null;
  readonly backtest: {
    readonly periodsAsked: number;
    readonly periodsTested: number;
    readonly offsetDays: number;
  } | null;
  readonly dataQuality: DataQualitySummary;
  /**
   * What was counted and left out (open deals with a zero or negative amount, without amount or close date,
   * overdue ones), and the won deals at a zero or negative amount netted into closed.
   */
  readonly inputs: PeriodDealInputs;
  /** Closed periods the historical and deal-level models learned from. */
  readonly historyPeriods: readonly string[];
}

export type NoteKind =
  | 'no-quota'
  | 'thin-history'
  | 'model-fallback'
  | 'no-backtest'
  | 'short-backtest'
  | 'no-pipeline'
  | 'extrapolation'
  | 'no-activities'
  | 'not-positive-amount'
  | 'won-not-positive-amount'
  | 'before-data'
  | 'model-switched';

/** A plain-words note on thin or faulty data and what to do about it. */
export interface ForecastNote {
  readonly kind: NoteKind;
  readonly message: string;
  /** What the user can do, e.g. "import quotas with `salesops import quotas.csv`". */
  readonly fix: string | null;
}

export interface SalesForecast {
  /** E.g. "Sales Forecast: FY2026-Q4". */
  readonly title: string;
  readonly period: {
    readonly name: string;
    readonly start: IsoDate;
    readonly end: IsoDate;
  };
  readonly asOf: IsoDate;
  readonly currency: string;
  readonly model: ModelUsed;
  readonly executiveSummary: ExecutiveSummary;
  readonly pipelineSnapshot: PipelineSnapshot;
  /** Closed won with a close date in the period up to the as-of day. */
  readonly closedThisPeriod: MinorUnits;
  readonly totalForecast: TotalForecast;
  readonly byGroup: ForecastByGroup;
  readonly bySegment: ForecastBySegment;
  readonly risks: readonly RiskFactor[];
  readonly upside: readonly UpsideOpportunity[];
  readonly recommendations: readonly Recommendation[];
  readonly confidence: ConfidenceSection;
  readonly methods: MethodsFootnote;
  readonly distribution: DistributionSummary;
  /** Every model's total for the period, side by side, the chosen one marked. */
  readonly models: readonly ModelSideBySide[];
  readonly categories: CategoryLayers;
  /** The period's largest open deals with their deal-level probability and top factors. */
  readonly deals: readonly DealForecast[];
  readonly notes: readonly ForecastNote[];
}

/** Each model in words: what it is called, and what it rests on. */
export const MODEL_WORDS: Readonly<
  Record<ForecastModelId, { readonly label: string; readonly basis: string }>
> = {
  'stage-weighted': { label: 'Stage-weighted', basis: 'amount × stage probability' },
  commit: { label: 'Commit', basis: 'closed + commit, category roll-up' },
  'best-case': { label: 'Best case', basis: 'closed + commit + best case, category roll-up' },
  'historical-conversion': {
    label: 'Historical conversion',
    basis: 'past pipeline conversion by stage and segment',
  },
  'deal-level': { label: 'Deal-level model', basis: "learned from this workspace's closed deals" },
};

/** The models' names as the report shows them: "Deal-level model (learned from this workspace's closed deals)". */
export const MODEL_NAMES = Object.fromEntries(
  Object.entries(MODEL_WORDS).map(([id, { label, basis }]) => [id, `${label} (${basis})`]),
) as Readonly<Record<ForecastModelId, string>>;

/**
 * The models' short names, for a figure that depends on the model: the Pipeline Snapshot's "Weighted Value
 * (deal-level model)" is not `salesops metrics weighted_pipeline` (stage default probabilities).
 */
export const MODEL_SHORT_NAMES: Readonly<Record<ForecastModelId, string>> = {
  'stage-weighted': 'stage-weighted',
  commit: 'commit roll-up',
  'best-case': 'best-case roll-up',
  'historical-conversion': 'historical conversion',
  'deal-level': 'deal-level model',
};

/** Each model's formula in one line, for the Methods footnote (docs/forecasting.md has the details). */
export const MODEL_FORMULAS: Readonly<Record<ForecastModelId, string>> = {
  'stage-weighted':
    'closed won + Σ open amount × stage default probability, over deals closing in the period',
  commit:
    'closed won + open amount in commit (cumulative category roll-up, with owner and manager adjustments)',
  'best-case': 'closed won + open amount in commit and best case (with owner and manager adjustments)',
  'historical-conversion':
    'closed won + Σ open amount × past conversion rate of its stage and segment + created-and-won per past period × share of the period left',
  'deal-level':
    'closed won + Σ open amount × p(won in period | stage, days in stage, age, pushes, amount, segment, category, days to close, owner, activity) × won-amount ratio + new-pipeline rate × pipeline created in the last 91 days',
};

const DEFINITIONS: readonly { readonly term: string; readonly definition: string }[] = [
  { term: 'Quota', definition: 'the sum of the rep quotas for the period (rep quotas apportioned by days)' },
  { term: 'Closed', definition: 'closed won with a close date in the period, up to the as-of day' },
  {
    term: 'Weighted value',
    definition: 'an open deal’s amount × its probability of closing won in the period under the model used',
  },
  {
    term: 'New pipeline',
    definition:
      'revenue expected from deals not open in the period yet (created later or pulled in); split over groups by the pipeline each created in the last 91 days, counting only reps still on the team when the period starts (a rep who has left gets none)',
  },
  { term: 'Forecast', definition: 'closed + weighted pipeline (+ new pipeline) under the model used' },
  { term: 'Attainment', definition: 'forecast / quota' },
  { term: 'Coverage', definition: 'open pipeline closing in the period / (quota - closed)' },
  {
    term: 'P10 / P50 / P90',
    definition:
      'the outcome the period falls below with 10%, 50% and 90% probability (Distribution model: the deal-level model’s spread, centred on the forecast of the model used)',
  },
  {
    term: 'Forecast confidence',
    definition:
      'P(outcome ≥ 90% of the forecast), the chance of landing at the forecast or within 10% short of it: green ≥ 85%, yellow 70-85%, red below 70%; how sure the forecast is, not the chance of quota',
  },
];

/** Attainment below this is high risk (the role's "at risk below 80%"); from 1, low risk. */
const AT_RISK_ATTAINMENT = 0.8;
/** Segment variance flags. */
const SEGMENT_YELLOW = -0.1;
const SEGMENT_RED = -0.15;
const DEFAULT_HISTORY_PERIODS = 8;
/** Past periods the historical-conversion model pools (its rates need no more; each costs two as-of passes). */
export const CONVERSION_PERIODS = 4;
const DEFAULT_DEAL_LIMIT = 10;
const TOP_FACTORS = 3;

const money = (value: number) => Math.round(value) as MinorUnits;

/**
 * Confidence asks how likely the outcome is to reach the forecast less this share of it. An unbiased forecast
 * sits at the middle of its distribution, so P(outcome ≥ forecast) is about 50% whatever the pipeline and
 * would always be red; P(outcome ≥ 90% of the forecast) tells a sure forecast from a shaky one (docs/decisions.md).
 */
export const CONFIDENCE_TOLERANCE = 0.1;

/** The amount Confidence asks the outcome to reach: the forecast less {@link CONFIDENCE_TOLERANCE}, by the money rule. */
export function confidenceThreshold(forecast: number): MinorUnits {
  return multiplyByRate(money(forecast), 1 - CONFIDENCE_TOLERANCE);
}

/** The least P(outcome ≥ {@link confidenceThreshold}) of a green and of a yellow confidence. */
export const CONFIDENCE_THRESHOLDS = { green: 0.85, yellow: 0.7 } as const;

/** The level of P(outcome ≥ {@link confidenceThreshold}): green ≥ 85%, yellow 70-85%, red below 70%. */
export function confidenceOf(probability: number): Confidence {
  return probability >= CONFIDENCE_THRESHOLDS.green
    ? 'green'
    : probability >= CONFIDENCE_THRESHOLDS.yellow
      ? 'yellow'
      : 'red';
}

/** The probabilities each level of {@link confidenceOf} stands for, in words. */
export const CONFIDENCE_BANDS: Readonly<Record<Exclude<Confidence, 'none'>, string>> = {
  green: '85% or more',
  yellow: '70-85%',
  red: 'under 70%',
};

/** Why no confidence is claimed for a period that ended before the data begins. */
export const NO_DATA_CONFIDENCE = 'there is no data for this period (it ended before the data begins)';

/** Each level in a word, as the reports name it. */
export const CONFIDENCE_WORDS: Readonly<Record<Confidence, string>> = {
  green: 'High',
  yellow: 'Moderate',
  red: 'Low',
  none: 'None claimed',
};

/** What makes an extrapolation's level Low, whatever its probability. */
const EXTRAPOLATION_BASIS = 'an extrapolation, with no deal of the period to forecast from';

/** A level's meaning ({@link ConfidenceSection.meaning}): its word and basis, a band with what it is the chance of. */
function confidenceMeaning(level: Confidence, basis: string, byBand: boolean): string {
  return `${CONFIDENCE_WORDS[level]}: ${basis}${byBand ? ' likely to reach at least 90% of the forecast' : ''}`;
}

export function attainmentRisk(attainment: number): AttainmentRisk {
  return attainment >= 1 ? 'low' : attainment >= AT_RISK_ATTAINMENT ? 'medium' : 'high';
}

/** One group's figures under a model, before quotas. */
interface GroupFigures {
  readonly label: string;
  readonly closed: number;
  readonly pipelineWeighted: number;
  readonly forecast: number;
}

/** Everything computed once per forecast and shared by the sections. */
interface Context {
  readonly input: SalesForecastInput;
  readonly by: ForecastBy;
  readonly day: number;
  readonly deals: PeriodDeals;
  readonly adjustments: readonly ForecastAdjustment[];
  readonly historyPeriods: number;
  readonly dealLevel: DealLevelForecast;
  /** The deal-level model's source, with the deal facts of every day read (shared by the models). */
  readonly source: DealModelSource;
  readonly weighted: Map<string, StageWeightedForecast>;
  readonly categories: Map<string, CategoryRollup>;
  readonly conversion: Map<string, HistoricalConversionForecast>;
  /** The past periods the historical-conversion model measures, once for every dimension. */
  readonly conversionHistory: () => ConversionHistory;
  /** Per opportunity: its corporate amount if created in the 91 days up to the as-of day by a rep still on the team (new-pipeline split). */
  readonly recent: Float64Array;
  /** {@link recent} of the reported reps' deals only (`recent` itself when the report is on every rep). */
  readonly reportedRecent: Float64Array;
  /** {@link SalesForecastOptions.reportOwners}. */
  readonly owners: ReadonlySet<number> | undefined;
  /** The deal-level model's new-pipeline term for the whole company (its shares are split from it). */
  readonly companyNewPipeline: number;
  /** Each model's figures by group, per model and dimension ({@link modelGroups}). */
  readonly modelGroups: Map<string, ModelGroups>;
  /** Per dimension, of the company or of the reported reps: the recent pipeline each group created, summed once. */
  readonly createdByGroup: Map<string, { readonly byLabel: Map<string, number>; readonly total: number }>;
}

function conversionOf(context: Context, dimension: DimensionId): HistoricalConversionForecast {
  const { dataset, config, period } = context.input;
  return cached(context.conversion, dimension, () =>
    historicalConversionForecast(
      dataset,
      config,
      period,
      context.day,
      [dimension],
      CONVERSION_PERIODS,
      MIN_CELL_DEALS,
      context.deals,
      context.conversionHistory(),
    ),
  );
}

/** `make`'s value, made on the first call only. */
function once<T>(make: () => T): () => T {
  let value: { readonly made: T } | undefined;
  return () => (value ??= { made: make() }).made;
}

function cached<T>(map: Map<string, T>, dimension: DimensionId, make: () => T): T {
  let value = map.get(dimension);
  if (value === undefined) {
    value = make();
    map.set(dimension, value);
  }
  return value;
}

/** The model's figures per group of `dimension`, and its total (once per model and dimension). */
function modelGroups(context: Context, model: ForecastModelId, dimension: DimensionId): ModelGroups {
  const key = `${model}:${dimension}`;
  let groups = context.modelGroups.get(key);
  if (groups === undefined) {
    groups = sumModel(context, model, dimension);
    context.modelGroups.set(key, groups);
  }
  return groups;
}

interface ModelGroups {
  readonly rows: readonly GroupFigures[];
  /**
   * The report's total, with its new-pipeline term (part of `forecast`): the scope's own, the sum of the reported
   * reps' shares of the company's ({@link reportedTerm}), so that forecast = closed + weighted + new pipeline in
   * every view; 0 for the models without one.
   */
  readonly total: GroupFigures & { readonly newPipeline: number };
}

function sumModel(context: Context, model: ForecastModelId, dimension: DimensionId): ModelGroups {
  const { dataset, config, period } = context.input;
  const by = [dimension];
  const label = (group: Partial<Record<DimensionId, string>>) => group[dimension] ?? '';
  switch (model) {
    case 'stage-weighted': {
      const result = cached(context.weighted, dimension, () =>
        stageWeightedForecast(dataset, config, period, context.day, by, context.deals),
      );
      const figures = (row: (typeof result.rows)[number] | typeof result.total, name: string) => ({
        label: name,
        closed: row.closedWon,
        pipelineWeighted: row.weightedPipeline,
        forecast: row.forecast,
      });
      return {
        rows: result.rows.map((row) => figures(row, label(row.group))),
        total: { ...figures(result.total, ''), newPipeline: 0 },
      };
    }
    case 'commit':
    case 'best-case': {
      const result = cached(context.categories, dimension, () =>
        categoryRollup(dataset, config, period, context.day, by, context.adjustments, context.deals),
      );
      const pick = (layer: { commit: number; bestCase: number }) =>
        model === 'commit' ? layer.commit : layer.bestCase;
      const figures = (row: Omit<(typeof result.rows)[number], 'group'>, name: string) => ({
        label: name,
        closed: row.amounts.closed,
        pipelineWeighted: pick(row.managerLayer) - row.amounts.closed,
        forecast: pick(row.managerLayer),
      });
      return {
        rows: result.rows.map((row) => figures(row, label(row.group))),
        total: { ...figures(result.total, ''), newPipeline: 0 },
      };
    }
    case 'historical-conversion': {
      const result = conversionOf(context, dimension);
      const rows = result.rows.map((row) => ({
        label: label(row.group),
        closed: row.closedWon,
        pipelineWeighted: row.fromOpenPipeline,
        forecast: row.forecast,
      }));
      const { fromNewPipeline } = result.total;
      const newPipeline = reportedTerm(context, fromNewPipeline);
      return {
        rows: withNewPipeline(context, dimension, rows, fromNewPipeline),
        total: {
          label: '',
          closed: result.total.closedWon,
          pipelineWeighted: result.total.fromOpenPipeline,
          forecast: result.total.closedWon + result.total.fromOpenPipeline + newPipeline,
          newPipeline,
        },
      };
    }
    case 'deal-level': {
      const { dealLevel } = context;
      const { rows: summed, scope, facts } = context.deals;
      const closed = new Float64Array(summed.length);
      for (let p = 0; p < summed.length; p++) {
        if (scope[summed[p]!] === SCOPE.won) closed[p] = facts.corporateAmount[summed[p]!]!;
      }
      const { rows } = sumByGroup(dataset, context.deals, config, by, summed, {
        closed,
        expected: valuesAt(summed, dealLevel.expected),
      });
      const figures = rows.map(({ group, sums }) => ({
        label: label(group),
        closed: sums.closed,
        pipelineWeighted: Math.round(sums.expected),
        forecast: sums.closed + Math.round(sums.expected),
      }));
      return {
        rows: withNewPipeline(context, dimension, figures, context.companyNewPipeline),
        total: {
          label: '',
          closed: dealLevel.closed,
          pipelineWeighted: dealLevel.weightedPipeline,
          forecast: dealLevel.forecast,
          // The reported share already ({@link reportedLevel}) in a scoped view.
          newPipeline: dealLevel.newPipeline.expected,
        },
      };
    }
  }
}

/** The recent pipeline each group of `dimension` created: the company's, or the reported reps' only. */
function createdBy(context: Context, dimension: DimensionId, reported: boolean) {
  const column = reported ? context.reportedRecent : context.recent;
  const key = `${dimension}:${column === context.recent ? 'company' : 'reported'}`;
  let created = context.createdByGroup.get(key);
  if (created === undefined) {
    const { dataset, config } = context.input;
    const rows = rowsWhere(column, (amount) => amount > 0);
    const sums = sumByGroup(dataset, context.deals, config, [dimension], rows, {
      recent: valuesAt(rows, column),
    });
    created = {
      byLabel: new Map(sums.rows.map((row) => [row.group[dimension] ?? '', row.sums.recent])),
      total: sums.total.recent,
    };
    context.createdByGroup.set(key, created);
  }
  return created;
}

/** `term` split exactly (largest remainder) over the labels by their weights. */
function allocateByLabel(term: number, weights: ReadonlyMap<string, number>): Map<string, number> {
  if (![...weights.values()].some((weight) => weight > 0)) return new Map();
  const shares = allocate(term as MinorUnits, [...weights.values()]);
  return new Map([...weights.keys()].map((label, index) => [label, shares[index]!]));
}

/**
 * Each group's share of a model's new-pipeline term (the company's), by the pipeline it created in the last 91
 * days (the term's own scale); empty when nothing was created. The company's groups split it exactly; under
 * `manager` a deal counts in every manager above its owner, so each row takes its own share of the whole. A
 * report on some reps gives each of them their share of the company's split (the same in every view), and
 * splits the sum of those over its segments.
 */
function newPipelineShares(context: Context, dimension: DimensionId, term: number): Map<string, number> {
  const company = createdBy(context, dimension, false);
  if (term === 0 || !(createdBy(context, 'owner', false).total > 0)) return new Map();
  if (dimension === 'manager') {
    const mine = createdBy(context, dimension, true).byLabel;
    return new Map(
      [...mine].map(([label, weight]) => [label, multiplyByRate(term as MinorUnits, weight / company.total)]),
    );
  }
  if (context.owners === undefined) return allocateByLabel(term, company.byLabel);
  const ownerShares = allocateByLabel(term, createdBy(context, 'owner', false).byLabel);
  const mine = new Map(
    [...createdBy(context, 'owner', true).byLabel]
      .filter(([, weight]) => weight > 0)
      .map(([label]) => [label, ownerShares.get(label) ?? 0]),
  );
  if (dimension === 'owner') return mine;
  const reported = [...mine.values()].reduce((sum, share) => sum + share, 0);
  return allocateByLabel(reported, createdBy(context, dimension, true).byLabel);
}

/** A model's new-pipeline term (the company's) as the report's total takes it: the reported reps' shares. */
function reportedTerm(context: Context, term: number): number {
  if (context.owners === undefined) return term;
  return [...newPipelineShares(context, 'owner', term).values()].reduce((sum, share) => sum + share, 0);
}

/** Adds each group's share of a model's new-pipeline term ({@link newPipelineShares}) to its forecast. */
function withNewPipeline(
  context: Context,
  dimension: DimensionId,
  rows: GroupFigures[],
  term: number,
): GroupFigures[] {
  const share = newPipelineShares(context, dimension, term);
  if (share.size === 0) return rows;
  const existing = new Set(rows.map((row) => row.label));
  const extended = [
    ...rows,
    ...[...share.keys()]
      .filter((label) => !existing.has(label) && (share.get(label) ?? 0) > 0)
      .map((label) => ({ label, closed: 0, pipelineWeighted: 0, forecast: 0 })),
  ];
  return extended.map((row) => ({ ...row, forecast: row.forecast + (share.get(row.label) ?? 0) }));
}

/** The deal-level forecast of the reported deals with their share of the company's new pipeline (scaled alike). */
function reportedLevel(context: Context, level: DealLevelForecast): DealLevelForecast {
  const term = level.newPipeline;
  const expected = reportedTerm(context, term.expected);
  const scale = term.expected > 0 ? expected / term.expected : 0;
  return {
    ...level,
    newPipeline: {
      ...term,
      expected,
      outcomes: term.outcomes.map((outcome) => Math.round(outcome * scale)),
      recentCreated: Math.round(term.recentCreated * scale),
    },
    forecast: level.closed + level.weightedPipeline + expected,
  };
}

/** Rep quotas for the period per group of `dimension` (by label), with the rep's CRM id for owner rows. */
function groupQuotas(
  context: Context,
  dimension: DimensionId,
): { byLabel: Map<string, { quota: number; id: string | null }>; total: number } {
  const { dataset, config, period } = context.input;
  const quota = repQuotasIn(dataset, period, config.fiscalCalendar);
  const keyspace = createKeyspace(dataset, [dimension], {
    period,
    calendar: config.fiscalCalendar,
    stageModel: config.stageModel,
    currency: config.currency,
  });
  const reps = Int32Array.from({ length: dataset.reps.count }, (_, rep) => rep);
  const groups = groupReps(
    keyspace,
    dataset,
    reps,
    new Int32Array(reps.length).fill(period.startDay),
    'quotas',
  );
  const byLabel = new Map<string, { quota: number; id: string | null }>();
  let total = 0;
  for (let rep = 0; rep < reps.length; rep++) {
    const amount = quota[rep]!;
    if (!(amount > 0) || (context.owners !== undefined && !context.owners.has(rep))) continue;
    total += amount;
    for (let s = groups.rowStart[rep]!; s < groups.rowStart[rep + 1]!; s++) {
      const key = groups.keys[groups.rowSlots[s]!]!;
      const label = keyspace.labels(key)[dimension] ?? '';
      const code = keyspace.decode(key)[0]!;
      const id = dimension === 'segment' || code === 0 ? null : textAt(dataset.reps.crmId, code - 1);
      const entry = byLabel.get(label) ?? { quota: 0, id };
      byLabel.set(label, { quota: entry.quota + amount, id: entry.id });
    }
  }
  return { byLabel, total };
}

function groupRows(context: Context, model: ForecastModelId, dimension: DimensionId): GroupForecastRow[] {
  const { rows } = modelGroups(context, model, dimension);
  const quotas = groupQuotas(context, dimension);
  const { reps } = context.input.dataset;
  const rowByName = new Map<string, number>();
  for (let rep = 0; rep < reps.count; rep++) rowByName.set(textAt(reps.name, rep), rep);
  const idOf = (rep: number | undefined) => (rep === undefined ? null : textAt(reps.crmId, rep));
  const labels = [...rows.map((row) => row.label)];
  for (const label of quotas.byLabel.keys()) if (!labels.includes(label)) labels.push(label);
  const byLabel = new Map(rows.map((row) => [row.label, row]));
  // Groups with neither a quota nor anything in the forecast (SDRs, managers without deals) are left out, and so,
  // in a report on some reps, are the managers above them: its roll-up starts at its own top.
  const { owners } = context;
  const reported = (label: string) =>
    owners === undefined || dimension !== 'manager' || owners.has(rowByName.get(label) ?? -1);
  const shown = labels.filter((label) => {
    const figures = byLabel.get(label);
    return (
      reported(label) &&
      (quotas.byLabel.has(label) ||
        (figures !== undefined && (figures.forecast !== 0 || figures.closed !== 0)))
    );
  });
  return shown.map((label) => {
    const figures = byLabel.get(label) ?? { label, closed: 0, pipelineWeighted: 0, forecast: 0 };
    const quota = quotas.byLabel.get(label);
    const attainment = quota && quota.quota > 0 ? figures.forecast / quota.quota : null;
    return {
      group: label,
      id: dimension === 'segment' ? null : (quota?.id ?? idOf(rowByName.get(label))),
      quota: quota ? money(quota.quota) : null,
      closed: money(figures.closed),
      pipelineWeighted: money(figures.pipelineWeighted),
      forecast: money(figures.forecast),
      attainment,
      risk: attainment === null ? null : attainmentRisk(attainment),
    };
  });
}

function segmentRows(rows: readonly GroupForecastRow[]): SegmentForecastRow[] {
  return rows.map((row) => {
    const variance = row.quota === null ? null : money(row.forecast - row.quota);
    const variancePercent = row.quota && variance !== null ? variance / row.quota : null;
    return {
      segment: row.group,
      quota: row.quota,
      forecast: row.forecast,
      variance,
      variancePercent,
      flag:
        variancePercent === null
          ? null
          : variancePercent <= SEGMENT_RED
            ? 'red'
            : variancePercent <= SEGMENT_YELLOW
              ? 'yellow'
              : null,
    };
  });
}

/**
 * `--model auto` leaves the deal-level model, whose per-deal probabilities make the outcome distribution (its
 * range and odds, checked by the backtest's P10-P90), only for a model whose backtest MAPE is lower than the
 * deal-level model's by at least this share of it (relative: 20% lower, e.g. 8.0% against 10.0%). A smaller gap
 * over a handful of past periods is noise, and switching would borrow the deal-level spread for another model's
 * centre, moving the headline and its odds for no measured gain.
 */
export const AUTO_SWITCH_MARGIN = 0.2;

const mapeText = (mape: number) => `${(mape * 100).toFixed(1)}%`;

/**
 * The model `--model auto` takes from a backtest ({@link AUTO_SWITCH_MARGIN}), and why, in words; the deal-level
 * model without a backtest or when no period could be scored.
 */
export function autoModel(backtest: BacktestSummary | undefined): {
  readonly id: ForecastModelId;
  readonly reason: string;
} {
  if (backtest === undefined) return { id: 'deal-level', reason: 'no backtest given' };
  const mapeOf = (id: ForecastModelId) => backtest.accuracy.find((row) => row.model === id)?.mape ?? null;
  const own = mapeOf('deal-level');
  const periods = `${backtest.periodsTested.length} past periods`;
  if (own === null) return { id: 'deal-level', reason: `no period of the backtest could be scored` };
  const best = backtest.accuracy
    .filter((row) => row.model !== 'deal-level' && row.mape !== null)
    .reduce<ModelAccuracySummary | null>((a, b) => (a === null || b.mape! < a.mape! ? b : a), null);
  const margin = `${Math.round(AUTO_SWITCH_MARGIN * 100)}%`;
  if (best !== null && best.mape! <= own * (1 - AUTO_SWITCH_MARGIN)) {
    return {
      id: best.model,
      reason: `its backtest MAPE over ${periods}, ${mapeText(best.mape!)}, is at least ${margin} below the deal-level model's ${mapeText(own)}`,
    };
  }
  return {
    id: 'deal-level',
    reason:
      best === null || best.mape! >= own
        ? `the lowest backtest MAPE over ${periods} (${mapeText(own)})`
        : `backtest MAPE ${mapeText(own)} over ${periods}; ${MODEL_SHORT_NAMES[best.model]}'s ${mapeText(best.mape!)} is not ${margin} lower, too small a gap to leave the model whose probabilities make the range`,
  };
}

/** The model the report uses, and why. */
function chooseModel(input: SalesForecastInput, dealLevel: DealLevelForecast): ModelUsed {
  const requested = input.options?.model ?? 'auto';
  if (requested !== 'auto') {
    return { id: requested, name: MODEL_NAMES[requested], requested, reason: 'requested' };
  }
  const auto = autoModel(input.backtest);
  // Without a backtest there is nothing to choose by: say so, and how to get one.
  const fallback = dealLevel.model.kind === 'logistic' ? '' : `; it falls back (${dealLevel.model.reason})`;
  const withoutBacktest =
    `the default without a backtest; run ${suggestedCommand(input.commandLine, `forecast backtest --period ${input.period.name}`, true)} ` +
    `to compare the models${fallback}`;
  return {
    id: auto.id,
    name: MODEL_NAMES[auto.id],
    requested,
    reason:
      input.backtest === undefined
        ? withoutBacktest
        : auto.id === 'deal-level'
          ? auto.reason
          : `auto: ${auto.reason}`,
  };
}

/** Per opportunity: the chosen model's weight of each open deal closing in the period (for the snapshot). */
function chosenWeights(context: Context, model: ForecastModelId): Float64Array {
  const { dataset, config } = context.input;
  const { deals } = context;
  const { corporateAmount, state } = deals.facts;
  switch (model) {
    case 'stage-weighted': {
      const p = stageProbabilities(dataset, deals, config);
      return Float64Array.from(p, (probability, i) =>
        deals.scope[i] === SCOPE.open ? multiplyByRate(corporateAmount[i]! as MinorUnits, probability) : 0,
      );
    }
    case 'commit':
    case 'best-case': {
      const labels = dataset.labels.forecast_category;
      const stageIndex = stageIndexByCode(dataset.labels.stage, config.stageModel);
      const included = model === 'commit' ? ['commit'] : ['commit', 'best_case'];
      return Float64Array.from(deals.scope, (scope, i) => {
        if (scope !== SCOPE.open) return 0;
        const label = labels[state.categoryCode[i]!] ?? '';
        const category = ['pipeline', 'best_case', 'commit', 'omitted'].includes(label)
          ? label
          : config.stageModel.forecastCategory(stageIndex[state.stageCode[i]!]!);
        return included.includes(category) ? corporateAmount[i]! : 0;
      });
    }
    case 'historical-conversion':
      return conversionOf(context, context.by).dealValues;
    case 'deal-level':
      return context.dealLevel.expected;
  }
}

function pipelineSnapshot(context: Context, weights: Float64Array): PipelineSnapshot {
  const { dataset, config } = context.input;
  const { deals } = context;
  const stageIndex = stageIndexByCode(dataset.labels.stage, config.stageModel);
  const { stages } = config.stageModel;
  const count = new Float64Array(stages.length);
  const value = new Float64Array(stages.length);
  const weighted = new Float64Array(stages.length);
  const later = { count: 0, value: 0, weightedValue: 0 };
  for (let i = 0; i < deals.scope.length; i++) {
    if (deals.scope[i] !== SCOPE.open) {
      // A deal outside the period's scope that the model weights is open with a close date outside the period.
      if (weights[i]! !== 0) {
        later.count++;
        later.value += deals.facts.corporateAmount[i]!;
        later.weightedValue += weights[i]!;
      }
      continue;
    }
    const stage = stageIndex[deals.facts.state.stageCode[i]!]!;
    count[stage]!++;
    value[stage]! += deals.facts.corporateAmount[i]!;
    weighted[stage]! += weights[i]!;
  }
  const rows = stages.flatMap((stage, s) =>
    stage.outcome === 'open'
      ? [
          {
            stage: stage.name,
            probability: value[s]! > 0 ? weighted[s]! / value[s]! : 0,
            count: count[s]!,
            value: money(value[s]!),
            weightedValue: money(weighted[s]!),
          },
        ]
      : [],
  );
  return {
    stages: rows,
    closingLater:
      later.count > 0
        ? { count: later.count, value: money(later.value), weightedValue: money(later.weightedValue) }
        : null,
    total: {
      count: rows.reduce((sum, row) => sum + row.count, 0),
      value: money(rows.reduce((sum, row) => sum + row.value, 0)),
      weightedValue: money(rows.reduce((sum, row) => sum + row.weightedValue, 0)),
    },
  };
}

/**
 * A salesops command as the forecast's notes and Methods suggest it, in backticks: the run's program (`salesops`),
 * `words`, then the run's `--workspace` and, for a command that reads the day (`readsDay`), its `--as-of`; for
 * the HTTP API, `words` alone as salesops's command on the server ({@link commandOnServer}).
 */
export function suggestedCommand(
  commandLine: ForecastCommandLine | undefined,
  words: string,
  readsDay = false,
): string {
  if (commandLine === 'server') return commandOnServer(words);
  const { workspace, asOf, program = 'salesops' } = commandLine ?? {};
  const options = [
    ...(workspace === undefined ? [] : ['--workspace', workspace]),
    ...(readsDay && asOf !== undefined ? ['--as-of', asOf] : []),
  ];
  return `\`${[program, words, ...options].join(' ')}\``;
}

const quotaFix = (input: SalesForecastInput) =>
  `import rep quotas with ${suggestedCommand(input.commandLine, 'import quotas.csv')} (columns Rep, Period such as FY2027-Q1, Quota; see the README)`;

/**
 * The Sales Forecast of `input.period` as of `input.asOf`: every section of the report, from the dataset alone
 * (pure; no clock, no I/O). Throws an InputError for a date-range period, an empty workspace, or an adjustment
 * for an unknown rep, category or another period (with the valid choices).
 */
export function buildSalesForecast(input: SalesForecastInput): SalesForecast {
  const { dataset, period } = input;
  if (period.kind === 'range') {
    throw new InputError({
      message: `the Sales Forecast is for a fiscal period, not the date range ${period.name}`,
      fix: 'give a fiscal quarter, month or year, e.g. FY2026-Q4',
    });
  }
  if (dataset.opportunities.count === 0) {
    throw new InputError({
      message: 'the workspace has no opportunities to forecast',
      fix: 'import your CRM export with `salesops import opportunities.csv`, or try `salesops demo`',
    });
  }
  // The days' columns (a quarter of a gigabyte on a million deals) are lent by the dataset's scratch, so that the
  // next report on the same dataset writes over them instead of allocating (and collecting) its own.
  return withScratch(dataset, (scratch) => salesForecast(input, scratch));
}

/** {@link buildSalesForecast} of a checked input, its per-deal columns lent by `scratch` (none reach the result). */
function salesForecast(input: SalesForecastInput, scratch: ColumnScratch): SalesForecast {
  const { dataset, config, period, asOf } = input;
  const options = input.options ?? {};
  const by: ForecastBy = options.by ?? 'owner';
  const day = toDayNumber(asOf);
  const historyPeriods = options.historyPeriods ?? DEFAULT_HISTORY_PERIODS;
  const dealLimit = options.dealLimit ?? DEFAULT_DEAL_LIMIT;
  const owners = options.reportOwners;
  const reported = (rep: number) => owners === undefined || owners.has(rep);
  const adjustments = (input.adjustments ?? []).filter(
    (adjustment) => owners === undefined || owners.has(repRow(dataset, adjustment.rep)),
  );
  const source = dealModelSource(dataset, config, scratch);
  prepareHistoryDays(source, period, day, Math.max(historyPeriods, CONVERSION_PERIODS));
  // The reported reps' deals, scored by the model every view shares (it learns from the whole history).
  const deals = periodDeals(dataset, config, period, day, source.days.on(day), owners);
  const { lessons, examples } = lessonsAndExamples(source, period, day, historyPeriods, deals);
  const companyLevel = dealLevelForecast(source, period, day, lessons, deals, examples);
  // A rep who has left (or leaves before the period starts) creates no more pipeline: their deals weigh nothing
  // in the split, and the term goes to the reps still there.
  const { hireDay, endDay } = dataset.reps;
  const staying = (rep: number) =>
    rep >= 0 &&
    (hireDay[rep] === NO_DAY || hireDay[rep]! <= day) &&
    (endDay[rep] === NO_DAY || endDay[rep]! >= Math.max(day, period.startDay));
  const { createdDay } = dataset.opportunities;
  const recent = new Float64Array(createdDay.length);
  for (let i = 0; i < recent.length; i++) {
    const created = createdDay[i]!;
    const amount = deals.facts.corporateAmount[i]!;
    if (
      created <= day &&
      created > day - RECENT_CREATED_DAYS &&
      countsAsPipeline(amount) &&
      staying(deals.facts.state.ownerIndex[i]!)
    )
      recent[i] = amount;
  }
  const reportedRecent =
    owners === undefined
      ? recent
      : recent.map((amount, i) => (reported(deals.facts.state.ownerIndex[i]!) ? amount : 0));
  const base: Context = {
    input,
    by,
    day,
    deals,
    adjustments,
    historyPeriods,
    dealLevel: companyLevel,
    companyNewPipeline: companyLevel.newPipeline.expected,
    owners,
    source,
    weighted: new Map(),
    categories: new Map(),
    conversion: new Map(),
    conversionHistory: once(() =>
      measureConversion(dataset, config, period, day, CONVERSION_PERIODS, source.days.on),
    ),
    recent,
    reportedRecent,
    modelGroups: new Map(),
    createdByGroup: new Map(),
  };
  // The deal-level figures of the reported deals (closed and weighted are theirs already) with their share of
  // the company's new pipeline, its past outcomes scaled alike.
  const context: Context =
    owners === undefined ? base : { ...base, dealLevel: reportedLevel(base, companyLevel) };
  const { dealLevel } = context;
  // Every model once (this also checks the adjustments), the chosen one's figures by group and segment.
  const totals = Object.fromEntries(
    FORECAST_MODELS.map((model) => [model, modelGroups(context, model, by).total]),
  ) as Record<ForecastModelId, ModelGroups['total']>;
  const model = chooseModel(input, dealLevel);
  const chosen = totals[model.id];
  const byGroupRows = groupRows(context, model.id, by);
  const ownerRows = by === 'owner' ? byGroupRows : groupRows(context, model.id, 'owner');
  const segments = segmentRows(by === 'segment' ? byGroupRows : groupRows(context, model.id, 'segment'));
  const quotaTotal = groupQuotas(context, 'owner').total;
  const quota = quotaTotal > 0 ? money(quotaTotal) : null;

  // The Distribution model's spread is the deal-level one's (the only model with a probability per deal);
  // under another model it is moved so that its mean is that model's forecast, so the range and the
  // confidence describe the forecast shown.
  const threshold = confidenceThreshold(chosen.forecast);
  const outcome = dealOutcomeDistribution(
    dealLevel,
    quota === null ? [threshold, chosen.forecast] : [threshold, chosen.forecast, quota],
    model.id === 'deal-level' ? null : chosen.forecast,
  );
  const { distribution, shift } = outcome;
  const [ofThreshold, ofForecast, ofQuota] = distribution.probabilityAtLeast;
  const probabilityOfForecast = ofForecast!.probability;
  const probabilityOfQuota = quota === null ? null : ofQuota!.probability;
  // A period not started on the as-of day, with nothing closed and no open deal in it, is forecast from past new
  // pipeline alone: history does not reach it, so it is Low confidence whatever the spread says.
  const extrapolated = period.startDay > day && deals.inputs.openDeals === 0 && dealLevel.closed === 0;
  // A period that ended before the data begins has no data at all: its $0 is certain only because nothing is
  // known of it, so no confidence is claimed (a sales manager would read High as "this quarter was sure").
  const noData = beforeDataNote(input) !== null;
  const confidence: Confidence = noData
    ? 'none'
    : extrapolated
      ? 'red'
      : confidenceOf(ofThreshold!.probability);
  const confidenceBasis =
    confidence === 'none'
      ? NO_DATA_CONFIDENCE
      : extrapolated
        ? EXTRAPOLATION_BASIS
        : CONFIDENCE_BANDS[confidence];
  const meaning = confidenceMeaning(confidence, confidenceBasis, confidence !== 'none' && !extrapolated);

  const weights = chosenWeights(context, model.id);
  const snapshot = pipelineSnapshot(context, weights);
  const categoryTotal = cached(context.categories, by, () =>
    categoryRollup(dataset, config, period, day, [by], adjustments, deals),
  ).total;
  const netCommit = categoryTotal.managerLayer.commit - categoryTotal.system.commit;
  const netBestCase = categoryTotal.managerLayer.bestCase - categoryTotal.system.bestCase;
  const takesAdjustments = model.id === 'commit' || model.id === 'best-case';
  const adjustmentEffect = model.id === 'commit' ? netCommit : model.id === 'best-case' ? netBestCase : 0;
  const { newPipeline } = chosen;

  // Risks and upside.
  const stageIndex = stageIndexByCode(dataset.labels.stage, config.stageModel);
  const open = new Uint8Array(deals.scope.length);
  for (let i = 0; i < open.length; i++) if (deals.scope[i] === SCOPE.open) open[i] = 1;
  // The rules' findings on the period's open deals only (the risks and the data-quality score read no others).
  const auditInput = prepareAuditInput(dataset, config, asOf, DEFAULT_AUDIT_OPTIONS, open);
  const findings = ruleFindings(auditInput, FORECAST_QUALITY_RULES);
  const next = config.fiscalCalendar.next(period.name);
  const { state, corporateAmount, outcome: outcomes } = deals.facts;
  const riskDeals = {
    dataset,
    open,
    amount: corporateAmount,
    probability: dealLevel.probability,
    expected: weights,
    stageCode: state.stageCode,
    stageIndex,
    categoryCode: state.categoryCode,
    ownerIndex: state.ownerIndex,
    closeDay: state.closeDay,
    openStages: config.stageModel.stages.flatMap((stage, s) => (stage.outcome === 'open' ? [s] : [])),
    stageNames: config.stageModel.stages.map((stage) => stage.name),
  };
  const riskInput = {
    deals: riskDeals,
    findings,
    byOwner: ownerRows,
    bySegment: segments,
    quota,
    forecast: chosen.forecast,
    closed: dealLevel.closed,
    weightedPipeline: chosen.pipelineWeighted,
    nextPeriodOpen: next
      ? openInPeriod(
          outcomes,
          corporateAmount,
          state.closeDay,
          toDayNumber(next.start),
          toDayNumber(next.end),
        ).map((flag, i) => (reported(state.ownerIndex[i]!) ? flag : 0))
      : new Uint8Array(open.length),
    nextPeriodName: next?.name ?? null,
    periodName: period.name,
    dealLimit,
    auditCommand: suggestedCommand(input.commandLine, 'audit'),
  };
  const risks = findRisks(riskInput);
  const upside = findUpside(riskInput);

  let periodOpenValue = 0;
  for (let i = 0; i < open.length; i++)
    if (open[i] === 1) periodOpenValue += Math.max(0, corporateAmount[i]!);
  const flaggedByRule = findings
    .filter(({ rule }) => rule.severity !== 'info')
    .map(({ rule, valueDeals }) => {
      let value = 0;
      for (const i of valueDeals) if (open[i] === 1) value += Math.max(0, corporateAmount[i]!);
      return { id: rule.id, title: rule.title, affectedValue: money(value) };
    })
    .filter((rule) => rule.affectedValue > 0)
    .sort((a, b) => b.affectedValue - a.affectedValue);
  const flagged = new Uint8Array(open.length);
  for (const { rule, valueDeals } of findings) {
    if (rule.severity !== 'info') for (const i of valueDeals) flagged[i] = 1;
  }
  let affectedValue = 0;
  for (let i = 0; i < open.length; i++)
    if (open[i] === 1 && flagged[i] === 1) affectedValue += Math.max(0, corporateAmount[i]!);

  const accuracyOf = (id: ForecastModelId) =>
    input.backtest?.accuracy.find((row) => row.model === id) ?? null;
  const notes = forecastNotes(input, context, quota, model, extrapolated);
  const largestDeals = [...dealLevel.examples.deals.keys()]
    .sort((a, b) => dealLevel.examples.amount[b]! - dealLevel.examples.amount[a]! || a - b)
    .slice(0, dealLimit);

  return {
    title: `Sales Forecast: ${period.name}`,
    period: { name: period.name, start: period.start, end: period.end },
    asOf,
    currency: config.currency,
    model,
    executiveSummary: {
      quota,
      forecast: money(chosen.forecast),
      percentOfQuota: quota === null ? null : chosen.forecast / quota,
      confidence,
      confidenceMeaning: meaning,
    },
    pipelineSnapshot: snapshot,
    closedThisPeriod: money(dealLevel.closed),
    totalForecast: {
      model: model.id,
      weightedPipeline: money(chosen.forecast - chosen.closed - newPipeline - adjustmentEffect),
      closed: money(chosen.closed),
      newPipeline: money(newPipeline),
      adjustments: money(adjustmentEffect),
      adjustmentsNotIncluded:
        takesAdjustments || categoryTotal.adjustments.length === 0
          ? null
          : {
              count: categoryTotal.adjustments.length,
              commit: money(netCommit),
              bestCase: money(netBestCase),
            },
      total: money(chosen.forecast),
    },
    byGroup: {
      by,
      rows: byGroupRows,
      atRisk: byGroupRows.filter((row) => row.risk === 'high').map((row) => row.group),
    },
    bySegment: {
      rows: segments,
      behind: segments.filter((row) => row.flag !== null).map((row) => row.segment),
    },
    risks,
    upside,
    recommendations: recommend(risks, upside, riskInput.auditCommand),
    confidence: {
      level: confidence,
      probability: noData ? null : ofThreshold!.probability,
      threshold,
      meaning,
      basis: confidenceBasis,
      reasons: noData
        ? [confidenceReason({ kind: 'no-data', period: period.name }, config.currency)]
        : [
            ...(extrapolated
              ? [confidenceReason({ kind: 'extrapolation', period: period.name }, config.currency)]
              : []),
            ...risks.map((risk) => ({ kind: 'risk' as const, risk: risk.kind, text: risk.risk })),
            ...[
              {
                kind: 'reach' as const,
                threshold,
                probability: ofThreshold!.probability,
                probabilityOfForecast,
              },
              ...(probabilityOfQuota === null
                ? []
                : [{ kind: 'quota' as const, probability: probabilityOfQuota }]),
              { kind: 'range' as const, p10: money(distribution.p10), p90: money(distribution.p90) },
            ].map((figures) => confidenceReason(figures, config.currency)),
          ],
    },
    methods: {
      definitions: DEFINITIONS,
      model,
      formula: MODEL_FORMULAS[model.id],
      accuracy: accuracyOf(model.id),
      backtest: input.backtest
        ? {
            periodsAsked: input.backtest.periodsAsked,
            periodsTested: input.backtest.periodsTested.length,
            offsetDays: input.backtest.offsetDays,
          }
        : null,
      dataQuality: {
        score: Math.round(1000 * (1 - (periodOpenValue > 0 ? affectedValue / periodOpenValue : 0))) / 10,
        affectedValue: money(affectedValue),
        affectedShare: periodOpenValue > 0 ? affectedValue / periodOpenValue : 0,
        rules: flaggedByRule,
      },
      inputs: deals.inputs,
      historyPeriods: dealLevel.periodsUsed,
    },
    distribution: {
      method: distribution.method,
      mean: money(distribution.mean),
      sd: money(distribution.sd),
      p10: money(distribution.p10),
      p50: money(distribution.p50),
      p90: money(distribution.p90),
      probabilityOfQuota,
      probabilityOfForecast,
      errorBound: distribution.errorBound === null ? null : money(distribution.errorBound),
      varianceModel:
        shift === 0
          ? outcome.varianceModel
          : `${outcome.varianceModel}; the deal-level model's spread, moved by ${formatMoney(money(shift), config.currency, { whole: true })} to centre on the ${model.name} forecast`,
    },
    models: FORECAST_MODELS.map((id) => ({
      model: id,
      name: MODEL_NAMES[id],
      forecast: money(totals[id].forecast),
      accuracy: accuracyOf(id),
      chosen: id === model.id,
    })),
    categories: {
      system: layer(categoryTotal.system),
      ownerLayer: layer(categoryTotal.ownerLayer),
      managerLayer: layer(categoryTotal.managerLayer),
      adjustments: categoryTotal.adjustments.map((adjustment) => ({
        layer: adjustment.layer,
        rep: adjustment.rep,
        category: adjustment.category,
        amount: money(adjustment.amount),
        note: adjustment.note,
      })),
    },
    deals: largestDeals.map((row) => {
      const i = dealLevel.examples.deals[row]!;
      return {
        ...dealRef(riskDeals, i),
        stageProbability: config.stageModel.probability(stageIndex[state.stageCode[i]!]!),
        topFactors: topFactors(dealLevel.model, dealLevel.examples, row, TOP_FACTORS),
      };
    }),
    notes,
  };
}

const layer = (figures: { commit: number; bestCase: number; pipeline: number }) => ({
  commit: money(figures.commit),
  bestCase: money(figures.bestCase),
  pipeline: money(figures.pipeline),
});

/** A confidence reason's figures with their sentence ({@link confidenceReasonText}). */
function confidenceReason(
  figures: Exclude<ConfidenceReasonFigures, { kind: 'risk' }>,
  currency: string,
): ConfidenceReason {
  return { ...figures, text: confidenceReasonText(figures, currency) };
}

/**
 * A confidence reason in words, its probabilities to whole percents (never 0% or 100% unless exact:
 * {@link chancePercent}) and its money compact, as the reports write it: "78% likely to reach at least $1.2M (90% of
 * the forecast), 51% the forecast itself". The chance of reaching 90% of the forecast makes the level, so it never
 * reads as a band's edge it is under ("69.9%", not "70%", beside "Low: under 70%"). A risk's reason is the risk's
 * own sentence (Risk Factors), not made here.
 */
export function confidenceReasonText(
  reason: Exclude<ConfidenceReasonFigures, { kind: 'risk' }>,
  currency: string,
): string {
  const compact = (minor: MinorUnits) => formatMoney(minor, currency, { compact: true });
  switch (reason.kind) {
    case 'no-data':
      return `nothing was open or closed in ${reason.period}: it ended before the data begins`;
    case 'extrapolation':
      return `no open deal closes in ${reason.period}: an extrapolation of past new pipeline`;
    case 'reach':
      return `${chancePercent(reason.probability, Object.values(CONFIDENCE_THRESHOLDS))} likely to reach at least ${compact(reason.threshold)} (90% of the forecast), ${chancePercent(reason.probabilityOfForecast)} the forecast itself`;
    case 'quota':
      return `${chancePercent(reason.probability)} likely to reach quota`;
    case 'range':
      return `80% of outcomes between P10 and P90: ${compact(reason.p10)} to ${compact(reason.p90)}`;
  }
}

/**
 * The one note of a period that ended before the data begins (the first opportunity's creation): every other
 * note (no quota, no history, no pipeline, ...) would only restate that there is nothing in it.
 */
function beforeDataNote(input: SalesForecastInput): ForecastNote | null {
  const first = firstCreatedDay(input.dataset);
  if (!Number.isFinite(first) || input.period.endDay >= first) return null;
  const firstDate = fromDayNumber(first);
  const { kind } = input.period;
  return {
    kind: 'before-data',
    message: `${input.period.name} ended before the data begins (the first deal was created on ${firstDate}): nothing was open or closed in it, so there is nothing to forecast`,
    fix: `forecast ${kind === 'range' ? `a period from ${firstDate}` : input.config.fiscalCalendar.periodContaining(firstDate, kind).name} or later`,
  };
}

/** Deals a note names at most: the rest are counted ("and 14 more"), as the risks' and at-risk lists are. */
const NOTE_DEALS = 3;

/**
 * `deals` as a note names them: how many, their value in all, and the first {@link NOTE_DEALS} of them (most
 * negative first, then by row) with their amounts, the rest counted.
 */
function dealList(input: SalesForecastInput, facts: PeriodDeals['facts'], deals: Int32Array) {
  const { currency } = input.config;
  const { crmId } = input.dataset.opportunities;
  const amount = (value: number) => formatMoney(money(value), currency, { whole: true });
  const value = deals.reduce((sum, i) => sum + facts.corporateAmount[i]!, 0);
  const shown = [...deals]
    .sort((a, b) => facts.corporateAmount[a]! - facts.corporateAmount[b]! || a - b)
    .slice(0, NOTE_DEALS)
    .map((i) => `${textAt(crmId, i)} ${amount(facts.corporateAmount[i]!)}`);
  return { value: amount(value), listed: `${shown.join(', ')}${andMore(deals.length, shown.length)}` };
}

/**
 * The open deals of the period left out for a zero or negative amount ({@link PeriodDeals.notPositive}), named so
 * that the reader can fix them.
 */
function notPositiveNote(input: SalesForecastInput, deals: PeriodDeals): ForecastNote | null {
  const { notPositive, facts } = deals;
  if (notPositive.length === 0) return null;
  const { value, listed } = dealList(input, facts, notPositive);
  const one = notPositive.length === 1;
  return {
    kind: 'not-positive-amount',
    message: `${notPositive.length} open ${one ? 'deal' : 'deals'} closing in ${input.period.name} ${one ? 'has' : 'have'} a zero or negative amount, ${value} in all (${listed}): every model leaves ${one ? 'it' : 'them'} out, since such an amount is a data error (a missing amount arrives as 0), not pipeline`,
    fix: `correct the amounts in the CRM and import them again; ${suggestedCommand(input.commandLine, 'audit')} lists them all under amount-not-positive`,
  };
}

/**
 * The deals won in the period at a zero or negative amount ({@link PeriodDeals.wonNotPositive}): netted into
 * closed as booked, and named, so that closed reconciles with the closed_won metric and no credit goes unseen.
 */
function wonNotPositiveNote(input: SalesForecastInput, deals: PeriodDeals): ForecastNote | null {
  const { wonNotPositive, facts } = deals;
  if (wonNotPositive.length === 0) return null;
  const { value, listed } = dealList(input, facts, wonNotPositive);
  const one = wonNotPositive.length === 1;
  return {
    kind: 'won-not-positive-amount',
    message: `${wonNotPositive.length} ${one ? 'deal' : 'deals'} won in ${input.period.name} at a zero or negative amount, ${value} in all (${listed}), ${one ? 'is' : 'are'} netted into Closed as booked, as the closed_won metric and quota attainment count ${one ? 'it' : 'them'}: a credit or correction lowers what was closed`,
    fix: `if one is not a credit, correct its amount in the CRM and import it again; ${suggestedCommand(input.commandLine, 'audit')} lists them under amount-not-positive`,
  };
}

function forecastNotes(
  input: SalesForecastInput,
  context: Context,
  quota: number | null,
  model: ModelUsed,
  extrapolated: boolean,
): ForecastNote[] {
  const before = beforeDataNote(input);
  if (before !== null) return [before];
  const notes: ForecastNote[] = [];
  const { dealLevel } = context;
  if (quota === null) {
    notes.push({
      kind: 'no-quota',
      message: `no rep quotas for ${input.period.name}: the forecast stands alone, without % of quota, attainment or P(reaching quota)`,
      fix: quotaFix(input),
    });
  }
  if (dealLevel.model.kind !== 'logistic') {
    notes.push({
      kind: 'thin-history',
      message: `too little closed history for the deal-level model: ${dealLevel.model.reason}`,
      fix: 'import more history (closed deals of past periods, with their stage history)',
    });
  }
  if (model.id === 'deal-level' && dealLevel.model.kind !== 'logistic') {
    notes.push({
      kind: 'model-fallback',
      message: `the deal-level forecast falls back to ${dealLevel.model.kind === 'stage-rates' ? 'per-stage win rates of the history it has' : 'the stage model’s default probabilities'}`,
      fix: null,
    });
  }
  if (dealLevel.periodsUsed.length < context.historyPeriods) {
    notes.push({
      kind: 'thin-history',
      message: `${dealLevel.periodsUsed.length} of ${context.historyPeriods} past periods of history to learn from`,
      fix: null,
    });
  }
  if (model.requested === 'auto' && model.id !== 'deal-level') {
    notes.push({
      kind: 'model-switched',
      message: `--model auto uses ${model.name}, not the deal-level model: ${model.reason.replace(/^auto: /, '')}. Its P10-P90 and chance of quota are the deal-level model's spread, moved to centre on its forecast`,
      fix: `compare with ${suggestedCommand(input.commandLine, `forecast --period ${input.period.name} --model deal`, true)}`,
    });
  }
  if (!input.backtest) {
    notes.push({
      kind: 'no-backtest',
      message: 'no backtest was run: the models’ past accuracy is not shown',
      fix: `run ${suggestedCommand(input.commandLine, `forecast backtest --period ${input.period.name} --periods 8`, true)}`,
    });
  } else if (input.backtest.periodsTested.length < input.backtest.periodsAsked) {
    notes.push({
      kind: 'short-backtest',
      message: `the backtest ran on ${input.backtest.periodsTested.length} of the ${input.backtest.periodsAsked} periods asked: the history holds no more`,
      fix: null,
    });
  }
  if (extrapolated) {
    notes.push({
      kind: 'extrapolation',
      message: `${input.period.name} is beyond what the history supports: nothing has closed and no open deal closes in it, so the forecast is past new pipeline carried forward, an extrapolation (Low confidence at best)`,
      fix: 'forecast a period the open pipeline reaches, or treat this figure as a planning assumption',
    });
  } else if (context.deals.inputs.openDeals === 0) {
    notes.push({
      kind: 'no-pipeline',
      message: `no open deals close in ${input.period.name}`,
      fix: 'check the close dates of open deals, or forecast another period',
    });
  }
  for (const note of [notPositiveNote(input, context.deals), wonNotPositiveNote(input, context.deals)])
    if (note !== null) notes.push(note);
  if (input.dataset.activities.count === 0) {
    notes.push({
      kind: 'no-activities',
      message: 'no activities imported: the deal-level model cannot use activity recency',
      fix: `import activities with ${suggestedCommand(input.commandLine, 'import activities.csv')}`,
    });
  }
  return notes;
}
