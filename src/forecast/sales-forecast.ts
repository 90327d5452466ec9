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
import type { AnalysisPeriod } from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import type { IsoDate } from '../domain/dates.js';
import type { MinorUnits } from '../domain/money.js';
import type { AuditConfig } from '../quality/rule.js';
import type { AdjustableCategory, AdjustmentLayer, ForecastAdjustment } from './category-rollup.js';
import type { ForecastConfig } from './period-deals.js';

/** The models the report can be built on; `commit` and `best-case` are the category roll-up's two numbers. */
export const FORECAST_MODELS = [
  'stage-weighted',
  'commit',
  'best-case',
  'historical-conversion',
  'deal-level',
] as const;
export type ForecastModelId = (typeof FORECAST_MODELS)[number];
/** `auto`: the model with the best backtest MAPE when a backtest is given, else the deal-level model. */
export type ModelChoice = 'auto' | ForecastModelId;
/** How Forecast by Rep is split: by owner (the rep), rolled up to managers, or by segment. */
export type ForecastBy = 'owner' | 'manager' | 'segment';

/** green: P(reaching the forecast) ≥ 85%; yellow: 70-85%; red: below 70%. */
export type Confidence = 'green' | 'yellow' | 'red';
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
  /** The model with the lowest MAPE; null when no period could be scored. */
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
}

/** The model the report's numbers come from, and why it was chosen. */
export interface ModelUsed {
  readonly id: ForecastModelId;
  /** Its name as the report shows it, e.g. "Deal-level model (logistic regression on closed history)". */
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
  /** The confidence's meaning in words, e.g. "Moderate: 70-85% likely to reach the forecast". */
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

/** Open deals closing in the period, by stage in process order, weighted by the chosen model. */
export interface PipelineSnapshot {
  readonly stages: readonly PipelineStageRow[];
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
  /** The chosen model's probability of closing won within the period. */
  readonly probability: number;
}

export interface RiskFactor {
  readonly kind: RiskKind;
  /** One line, e.g. "4 deals pushed 2+ times close this quarter". */
  readonly risk: string;
  /** Money at stake: the forecast's exposure to this risk. */
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

export interface ConfidenceSection {
  readonly level: Confidence;
  /** P(outcome ≥ forecast) under the outcome distribution. */
  readonly probabilityOfForecast: number;
  readonly meaning: string;
  /** The reasons behind it: the risks and strengths found, one line each. */
  readonly reasons: readonly string[];
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
  /** 0-100 (src/quality/audit.ts). */
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
  /** What was counted and left out (open deals without amount or close date, overdue ones). */
  readonly inputs: {
    readonly openDeals: number;
    readonly closedWonDeals: number;
    readonly openWithoutAmount: number;
    readonly overdueBeforePeriod: number;
    readonly openWithoutCloseDate: number;
  };
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
  | 'no-activities';

/** A plain-words note on thin data and what to do about it. */
export interface ForecastNote {
  readonly kind: NoteKind;
  readonly message: string;
  /** What the user can do, e.g. "import quotas with `salesops import quotas.csv --mapping quotas.yaml`". */
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
