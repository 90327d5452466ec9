/**
 * The Sales Forecast's sections as rows, columns and lines, defined once for every output: the terminal table,
 * Markdown and HTML lay out the same columns (src/reports/table.ts) and the same sentences. Headers and order
 * follow the Sales Forecast of the sales-operations role.
 * @module
 */
import {
  CONFIDENCE_THRESHOLDS,
  CONFIDENCE_WORDS,
  MODEL_SHORT_NAMES,
  MODEL_WORDS,
  suggestedCommand,
  type AttainmentRisk,
  type Confidence,
  type DealForecast,
  type ForecastBy,
  type ForecastCommandLine,
  type GroupForecastRow,
  type ModelSideBySide,
  type ModelUsed,
  type PipelineStageRow,
  type RiskFactor,
  type SalesForecast,
  type SegmentForecastRow,
  type UpsideOpportunity,
} from '../../forecast/sales-forecast.js';
import type { ManagerPlace } from '../../analytics/manager-levels.js';
import { backtestDay } from '../../forecast/backtest.js';
import { andList, listFirst } from '../../domain/listing.js';
import { indentedLabel, type Column } from '../table.js';
import {
  attainmentPercent,
  count,
  percent,
  probabilityPercent,
  signedMoney,
  signedPercent,
  wholeMoney,
} from './format.js';

export const CONFIDENCE_LABEL: Readonly<Record<Confidence, { icon: string; word: string }>> = {
  green: { icon: '🟢', word: CONFIDENCE_WORDS.green },
  yellow: { icon: '🟡', word: CONFIDENCE_WORDS.yellow },
  red: { icon: '🔴', word: CONFIDENCE_WORDS.red },
  none: { icon: '⚪', word: CONFIDENCE_WORDS.none },
};

const RISK_LABEL: Readonly<Record<AttainmentRisk, string>> = {
  low: '🟢 Low',
  medium: '🟡 Medium',
  high: '🔴 High',
};

export const GROUP_TITLE: Readonly<Record<ForecastBy, { heading: string; column: string }>> = {
  owner: { heading: 'Forecast by Rep', column: 'Rep' },
  manager: { heading: 'Forecast by Manager', column: 'Manager' },
  segment: { heading: 'Forecast by Segment (reps)', column: 'Segment' },
};

/** Money of this forecast in whole units of its currency. */
export const moneyOf =
  (forecast: SalesForecast) =>
  (minor: number): string =>
    wholeMoney(minor, forecast.currency);

const optionalMoney = (money: (minor: number) => string, minor: number | null): string =>
  minor === null ? 'no quota' : money(minor);

/** The Executive Summary's three lines, and the outcome range. */
export function summaryLines(forecast: SalesForecast): { label: string; text: string }[] {
  const money = moneyOf(forecast);
  const summary = forecast.executiveSummary;
  const { distribution } = forecast;
  const share =
    summary.percentOfQuota === null
      ? 'no quota to compare'
      : `${attainmentPercent(summary.percentOfQuota)} of quota`;
  // The forecast's confidence and the chance of quota on lines of their own, each named: a High confidence beside
  // a 0% chance of quota reads as a contradiction unless each says what it is about.
  return [
    { label: 'Quota', text: optionalMoney(money, summary.quota) },
    { label: 'Forecast', text: `${money(summary.forecast)} (${share})` },
    { label: 'Forecast confidence', text: confidenceSummary(forecast) },
    {
      label: 'Outcome range',
      text: `P10 ${money(distribution.p10)}, P50 ${money(distribution.p50)}, P90 ${money(distribution.p90)}`,
    },
    ...(distribution.probabilityOfQuota === null
      ? []
      : [{ label: 'Chance of quota', text: probabilityPercent(distribution.probabilityOfQuota) }]),
  ];
}

type StageRow = Pick<PipelineStageRow, 'stage' | 'count' | 'value' | 'weightedValue'> & {
  readonly probability: number | null;
};

/** The label of the Pipeline Snapshot's row of deals closing outside the period, which the total leaves out. */
export const closingLaterLabel = (forecast: SalesForecast): string =>
  `Not in total: closing outside ${forecast.period.name}`;

/**
 * The Pipeline Snapshot rows: the period's stages and their total (the period's pipeline, as the pipeline
 * metrics count it), then, under a model that also weights deals closing outside it, those deals on a row of their own
 * below the total and labelled as not in it (`laterLabel`: a shorter label the caller explains under the table).
 */
export function pipelineRows(forecast: SalesForecast, laterLabel = closingLaterLabel(forecast)): StageRow[] {
  const { stages, closingLater, total } = forecast.pipelineSnapshot;
  const later: StageRow[] = closingLater
    ? [
        {
          stage: laterLabel,
          probability: closingLater.value > 0 ? closingLater.weightedValue / closingLater.value : 0,
          ...closingLater,
        },
      ]
    : [];
  return [...stages, { stage: 'Total', probability: null, ...total }, ...later];
}

/**
 * The Pipeline Snapshot's weighted value named by its probability layer, the model used: "Weighted Value
 * (deal-level model)", not the stage defaults of `salesops metrics weighted_pipeline`.
 */
export function weightedValueHeader(forecast: SalesForecast): string {
  return `Weighted Value (${MODEL_SHORT_NAMES[forecast.model.id]})`;
}

export function pipelineColumns(forecast: SalesForecast): Column<StageRow>[] {
  const money = moneyOf(forecast);
  return [
    { header: 'Stage', value: (row) => row.stage },
    { header: 'Count', value: (row) => row.count },
    { header: 'Value', value: (row) => row.value, display: (row) => money(row.value) },
    {
      header: weightedValueHeader(forecast),
      value: (row) => row.weightedValue,
      display: (row) =>
        row.probability === null
          ? money(row.weightedValue)
          : `${money(row.weightedValue)} (${probabilityPercent(row.probability)})`,
      align: 'right',
    },
  ];
}

/**
 * "Closed This Quarter" and "Total Forecast" as the role's report writes them: the sum spelled out; then, when the
 * model leaves stored adjustments out, an "Adjustments" line saying so with their net effect.
 */
export function totalLines(forecast: SalesForecast): { label: string; text: string }[] {
  const money = moneyOf(forecast);
  const total = forecast.totalForecast;
  // The weighted pipeline of deals closing outside the period (historical conversion's) is named apart.
  const later = forecast.pipelineSnapshot.closingLater;
  let sum =
    later === null
      ? money(total.weightedPipeline)
      : `${money(total.weightedPipeline - later.weightedValue)} + ${money(later.weightedValue)} from deals closing outside ${forecast.period.name}`;
  sum += ` + ${money(total.closed)}`;
  if (total.newPipeline !== 0) sum += ` + ${money(total.newPipeline)} new pipeline`;
  // The operator carries the adjustments' sign, so the sum never reads "+ +$60,019" or "+ -$60,019".
  if (total.adjustments !== 0) {
    sum += ` ${total.adjustments < 0 ? '−' : '+'} ${money(Math.abs(total.adjustments))} adjustments`;
  }
  const periodWord = forecast.period.name.includes('-Q') ? 'Quarter' : 'Period';
  const lines = [
    { label: `Closed This ${periodWord}`, text: money(forecast.closedThisPeriod) },
    {
      label: 'Total Forecast',
      text: `${sum} = ${money(total.total)} (${MODEL_SHORT_NAMES[forecast.model.id]})`,
    },
  ];
  // Stored adjustments a model other than commit or best case leaves out: said, so 0 never reads as "none".
  const left = total.adjustmentsNotIncluded;
  if (left !== null) {
    const signed = (minor: number) => signedMoney(minor, forecast.currency);
    const [noun, verb, them] = left.count === 1 ? ['adjustment', 'is', 'it'] : ['adjustments', 'are', 'them'];
    lines.push({
      label: 'Adjustments',
      text:
        `${count(left.count)} owner/manager ${noun} ` +
        `(net commit ${signed(left.commit)}, best case ${signed(left.bestCase)}) ` +
        `${verb} in the category layers (Forecast Categories and Adjustments); ` +
        `the ${MODEL_SHORT_NAMES[forecast.model.id]} forecast does not include ${them} ` +
        `(choose --model commit or best_case to use ${them})`,
    });
  }
  return lines;
}

/** Indents a Markdown or HTML cell where spaces would collapse. */
export const NO_BREAK_SPACE = '\u00a0';

/** Where each manager sits in the rep hierarchy, by row label (analytics/manager-levels.ts). */
export type ManagerLevels = ReadonlyMap<string, ManagerPlace>;

/**
 * Forecast by Rep's rows in the order the tables show them: split by manager with the hierarchy given, each manager
 * above the managers reporting to them, as `salesops metrics --by manager` shows them (rows without a place, such
 * as `(no manager)`, last); otherwise in the report's order.
 */
export function groupRows(forecast: SalesForecast, levels?: ManagerLevels): readonly GroupForecastRow[] {
  const { by, rows } = forecast.byGroup;
  if (by !== 'manager' || !levels) return rows;
  const rank = (row: GroupForecastRow) => levels.get(row.group)?.order ?? Number.MAX_SAFE_INTEGER;
  return [...rows].sort((a, b) => rank(a) - rank(b));
}

/**
 * The columns of Forecast by Rep. Split by manager with the hierarchy given, each manager's name is indented
 * beneath the manager they report to (levels counted from the report's top manager), with `space` (a no-break
 * space where Markdown or HTML would collapse spaces); the raw value stays the name.
 */
export function groupColumns(
  forecast: SalesForecast,
  levels?: ManagerLevels,
  space = ' ',
): Column<GroupForecastRow>[] {
  const money = moneyOf(forecast);
  const placed = forecast.byGroup.by === 'manager' && levels ? levels : new Map<string, ManagerPlace>();
  const top = forecast.byGroup.rows.reduce(
    (least, row) => Math.min(least, placed.get(row.group)?.level ?? least),
    Number.MAX_SAFE_INTEGER,
  );
  const level = (row: GroupForecastRow) => {
    const place = placed.get(row.group);
    return place === undefined ? 0 : place.level - top;
  };
  return [
    {
      header: GROUP_TITLE[forecast.byGroup.by].column,
      value: (row) => row.group,
      display: (row) => indentedLabel(row.group, level(row), space),
    },
    {
      header: 'Quota',
      value: (row) => row.quota,
      display: (row) => (row.quota === null ? '—' : money(row.quota)),
      align: 'right',
    },
    { header: 'Closed', value: (row) => row.closed, display: (row) => money(row.closed) },
    {
      header: 'Pipeline (Weighted)',
      value: (row) => row.pipelineWeighted,
      display: (row) => money(row.pipelineWeighted),
    },
    { header: 'Forecast', value: (row) => row.forecast, display: (row) => money(row.forecast) },
    {
      header: 'Attainment',
      value: (row) => row.attainment,
      display: (row) => attainmentPercent(row.attainment),
      align: 'right',
    },
    {
      header: 'Risk',
      value: (row) => row.risk,
      display: (row) => (row.risk === null ? '—' : RISK_LABEL[row.risk]),
      align: 'left',
    },
  ];
}

/** "**At Risk**: Carol, Dan below 80% of quota", or that none is; long lists end with how many more. */
export function atRiskLine(forecast: SalesForecast, limit = Infinity): string {
  const names = forecast.byGroup.atRisk;
  if (names.length === 0) return 'none below 80% of quota';
  return `${listFirst(names, limit)} below 80% of quota`;
}

const FLAG_ICON = { yellow: ' 🟡', red: ' 🔴' } as const;

export function segmentColumns(forecast: SalesForecast): Column<SegmentForecastRow>[] {
  const money = moneyOf(forecast);
  return [
    { header: 'Segment', value: (row) => row.segment },
    {
      header: 'Quota',
      value: (row) => row.quota,
      display: (row) => (row.quota === null ? '—' : money(row.quota)),
      align: 'right',
    },
    { header: 'Forecast', value: (row) => row.forecast, display: (row) => money(row.forecast) },
    {
      header: 'Variance',
      value: (row) => row.variance,
      display: (row) =>
        row.variance === null
          ? '—'
          : `${signedMoney(row.variance, forecast.currency)} (${signedPercent(row.variancePercent)})${row.flag ? FLAG_ICON[row.flag] : ''}`,
      align: 'right',
    },
  ];
}

export function concernLine(forecast: SalesForecast): string {
  const behind = forecast.bySegment.behind;
  if (behind.length === 0) return 'no segment 10% or more behind quota';
  return `${andList(behind)} ${behind.length === 1 ? 'segment' : 'segments'} underperforming (10% or more behind quota)`;
}

/**
 * A risk's impact with what it is: for deals, the part of the forecast that rides on them (their weighted value
 * under the model used, not their amount); for reps, segments and coverage, the gap to quota.
 */
export function riskImpactText(forecast: SalesForecast, risk: RiskFactor): string {
  const amount = moneyOf(forecast)(risk.impact);
  switch (risk.kind) {
    case 'slipping-deals':
    case 'stale-deals':
    case 'data-quality':
      return `${amount} of the forecast at risk (their weighted value)`;
    case 'deal-concentration':
      return `${amount} of the forecast on them (their weighted value)`;
    case 'reps-below-80':
    case 'segments-behind':
    case 'low-coverage':
      return `${amount} short of quota`;
  }
}

export function riskColumns(forecast: SalesForecast): Column<RiskFactor>[] {
  return [
    { header: 'Risk', value: (row) => row.risk },
    { header: 'Impact', value: (row) => row.impact, display: (row) => riskImpactText(forecast, row) },
    { header: 'Mitigation', value: (row) => row.mitigation },
  ];
}

export function upsideLine(forecast: SalesForecast, upside: UpsideOpportunity): string {
  const money = moneyOf(forecast);
  return `${upside.description}: ${money(upside.value)} in all, ${money(upside.potential)} above the forecast`;
}

/**
 * The forecast's confidence as a claim, after its level: the exact probability with the level and what makes it,
 * the band of its probability ("78% likely to reach at least 90% of the forecast (Moderate: 70-85%)") or,
 * where something else does (an extrapolation is Low whatever its spread), that; so that the Executive Summary
 * and the Confidence section give the same figure and say how it makes the level. Null when none is claimed (no
 * data for the period).
 */
export function confidenceClaim(forecast: SalesForecast): string | null {
  const { level, probability, basis } = forecast.confidence;
  if (level === 'none' || probability === null) return null;
  // Never "70%" for a probability just under 70% beside "Low: under 70%", nor "100%" for one under 1.
  const shown = probabilityPercent(probability, Object.values(CONFIDENCE_THRESHOLDS));
  return `${shown} likely to reach at least 90% of the forecast (${CONFIDENCE_LABEL[level].word}: ${basis})`;
}

/** The Executive Summary's confidence: its sign and claim, or, where none is claimed, why. */
function confidenceSummary(forecast: SalesForecast): string {
  const { icon, word } = CONFIDENCE_LABEL[forecast.confidence.level];
  return `${icon} ${confidenceClaim(forecast) ?? `${word}: ${forecast.confidence.basis}`}`;
}

/**
 * The Confidence section's first line without its sign, the level's word left to the sign or badge before it:
 * the forecast's confidence, and that it is not the chance of quota.
 */
export function confidenceSentence(forecast: SalesForecast): string {
  const claim = confidenceClaim(forecast);
  if (claim === null) return `Forecast confidence: none, since ${forecast.confidence.basis}.`;
  const quota = forecast.distribution.probabilityOfQuota;
  return (
    `Forecast confidence: ${claim}.` +
    (quota === null
      ? ''
      : ` It rates the forecast, not the quota (${probabilityPercent(quota)} likely to be reached).`)
  );
}

/** The Confidence section's first line as text and Markdown write it: the level's sign, then the sentence. */
export function confidenceHeadline(forecast: SalesForecast): string {
  return `${CONFIDENCE_LABEL[forecast.confidence.level].icon} ${confidenceSentence(forecast)}`;
}

type LayerRow = {
  readonly layer: string;
  readonly commit: number;
  readonly bestCase: number;
  readonly pipeline: number;
};

/** The category roll-up in its three layers: system numbers first, adjustments on top, never in place. */
export function layerRows(forecast: SalesForecast): LayerRow[] {
  const { system, ownerLayer, managerLayer } = forecast.categories;
  return [
    { layer: 'System (CRM categories)', ...system },
    { layer: 'With owner adjustments', ...ownerLayer },
    { layer: 'With manager adjustments', ...managerLayer },
  ];
}

export function layerColumns(forecast: SalesForecast): Column<LayerRow>[] {
  const money = moneyOf(forecast);
  return [
    { header: 'Layer', value: (row) => row.layer },
    { header: 'Commit', value: (row) => row.commit, display: (row) => money(row.commit) },
    { header: 'Best Case', value: (row) => row.bestCase, display: (row) => money(row.bestCase) },
    { header: 'Pipeline', value: (row) => row.pipeline, display: (row) => money(row.pipeline) },
  ];
}

type AdjustmentRow = SalesForecast['categories']['adjustments'][number];

export function adjustmentColumns(forecast: SalesForecast): Column<AdjustmentRow>[] {
  const money = moneyOf(forecast);
  return [
    { header: 'Layer', value: (row) => row.layer },
    { header: 'Rep', value: (row) => row.rep },
    { header: 'Category', value: (row) => row.category },
    { header: 'Adjusted to', value: (row) => row.amount, display: (row) => money(row.amount) },
    { header: 'Note', value: (row) => row.note },
  ];
}

export function dealColumns(forecast: SalesForecast): Column<DealForecast>[] {
  const money = moneyOf(forecast);
  return [
    { header: 'Deal', value: (row) => `${row.name} (${row.id})` },
    { header: 'Owner', value: (row) => row.owner },
    { header: 'Stage', value: (row) => row.stage },
    { header: 'Amount', value: (row) => row.amount, display: (row) => money(row.amount) },
    { header: 'Close', value: (row) => row.closeDate ?? '—' },
    {
      header: 'P(win in period)',
      value: (row) => row.probability,
      display: (row) =>
        `${probabilityPercent(row.probability)} (stage ${probabilityPercent(row.stageProbability)})`,
      align: 'right',
    },
    {
      header: 'Top factors',
      value: (row) =>
        row.topFactors
          .map(
            (factor) =>
              `${factor.feature} ${factor.value} (${factor.effect >= 0 ? '+' : ''}${factor.effect.toFixed(2)})`,
          )
          .join('; '),
    },
  ];
}

/** The models side by side, each named by `name` (default: its full name), the one used marked so. */
export function modelColumns(
  forecast: SalesForecast,
  name = (row: ModelSideBySide): string => row.name,
): Column<ModelSideBySide>[] {
  const money = moneyOf(forecast);
  return [
    { header: 'Model', value: (row) => `${name(row)}${row.chosen ? ' (used)' : ''}` },
    { header: 'Forecast', value: (row) => row.forecast, display: (row) => money(row.forecast) },
    {
      header: 'Backtest MAPE',
      value: (row) => row.accuracy?.mape ?? null,
      display: (row) => percent(row.accuracy?.mape ?? null, 1),
      align: 'right',
    },
    {
      header: 'Bias',
      value: (row) => row.accuracy?.bias ?? null,
      display: (row) => signedPercent(row.accuracy?.bias ?? null, 1),
      align: 'right',
    },
    {
      header: 'In P10-P90',
      value: (row) => row.accuracy?.p10p90Coverage ?? null,
      display: (row) => percent(row.accuracy?.p10p90Coverage ?? null),
      align: 'right',
    },
  ];
}

/**
 * The model used, what it rests on and why it was taken, as one sentence: the first line of Methods, and the
 * compact report's last.
 */
export function modelLine(model: ModelUsed): string {
  const { label, basis } = MODEL_WORDS[model.id];
  return `Model: ${label.toLowerCase()} (${basis}); ${model.reason}.`;
}

/**
 * The Methods footnote as lines: model and why, formula, accuracy, distribution, data quality, inputs. The
 * salesops commands it names are written with `commandLine`, as the engine wrote the notes' (the run's program,
 * --workspace and --as-of), so that they run as printed.
 */
export function methodsLines(forecast: SalesForecast, commandLine?: ForecastCommandLine): string[] {
  const money = moneyOf(forecast);
  const { methods, distribution } = forecast;
  const lines = [modelLine(methods.model), `Formula: ${methods.formula}`];
  if (methods.accuracy !== null && methods.backtest !== null) {
    const { offsetDays, periodsTested } = methods.backtest;
    const coverage = methods.accuracy.p10p90Coverage;
    lines.push(
      `Backtest over ${periodsTested} past periods, each forecast as of ${backtestDay(offsetDays)}: ` +
        `MAPE ${percent(methods.accuracy.mape, 1)}, bias ${signedPercent(methods.accuracy.bias, 1)}` +
        (coverage === null
          ? ' (the model has no P10-P90 range of its own to check).'
          : `, actual inside P10-P90 in ${percent(coverage)} of them.`),
    );
  } else {
    const backtest = suggestedCommand(
      commandLine,
      `forecast backtest --period ${forecast.period.name}`,
      true,
    );
    lines.push(`Backtest: none was run for this report; ${backtest} measures every model.`);
  }
  const bound =
    distribution.errorBound === null ? '' : `, quantiles within ${money(distribution.errorBound)}`;
  lines.push(
    `Distribution: ${distribution.method === 'grid' ? 'exact grid convolution' : 'Cornish-Fisher expansion'}` +
      ` (mean ${money(distribution.mean)}, sd ${money(distribution.sd)}${bound}); ${distribution.varianceModel}.`,
  );
  const quality = methods.dataQuality;
  const rules = quality.rules
    .slice(0, 3)
    .map((rule) => `${rule.title} ${money(rule.affectedValue)}`)
    .join(', ');
  lines.push(
    `Pipeline data quality: ${quality.score} / 100, the share of this period's open pipeline without findings ` +
      `(not the workspace score of ${suggestedCommand(commandLine, 'audit')}); ${money(quality.affectedValue)} ` +
      `(${percent(quality.affectedShare)}) is flagged${rules ? ` (${rules})` : ''}.`,
  );
  const inputs = methods.inputs;
  const credits =
    inputs.closedWonNotPositive > 0
      ? ` (${count(inputs.closedWonNotPositive)} of them at a zero or negative amount, netted into Closed)`
      : '';
  lines.push(
    `Counted: ${count(inputs.openDeals)} open deals closing in the period and ${count(inputs.closedWonDeals)} won${credits}; ` +
      `left out: ${count(inputs.openNotPositive)} open with a zero or negative amount, ` +
      `${count(inputs.openWithoutAmount)} open without an amount, ${count(inputs.overdueBeforePeriod)} ` +
      `overdue (close date before the period), ${count(inputs.openWithoutCloseDate)} without a close date` +
      (inputs.openAfterPeriodEnded > 0
        ? `, ${count(inputs.openAfterPeriodEnded)} dated in the period but still open after it ended.`
        : '.'),
  );
  const later = forecast.pipelineSnapshot.closingLater;
  if (later !== null) {
    lines.push(
      `Also weighted by the ${MODEL_SHORT_NAMES[forecast.model.id]} model: ${count(later.count)} open ${later.count === 1 ? 'deal' : 'deals'} with a close date outside ` +
        `${forecast.period.name} (later, overdue or none; ${money(later.value)}), ${money(later.weightedValue)} of the forecast, since its rates ` +
        'are what past periods won of all the pipeline open at their start, whatever its close date; they are not ' +
        'in the Pipeline Snapshot’s total, the period’s pipeline, nor in Coverage.',
    );
  }
  if (methods.historyPeriods.length > 0) {
    lines.push(`History learned from: ${methods.historyPeriods.join(', ')}.`);
  }
  return lines;
}

/** Thin-data notes, each with what to do. */
/** The text as a sentence: ending with a full stop unless it already ends with one, ! or ?. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

export function noteLines(forecast: SalesForecast): string[] {
  return forecast.notes.map((note) =>
    note.fix === null ? note.message : `${sentence(note.message)} Fix: ${note.fix}`,
  );
}
