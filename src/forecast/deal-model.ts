/**
 * The deal-level model: each open deal's probability of closing won *within the period*, learned from the
 * workspace's own closed history, with the factors behind each probability.
 *
 * Training examples are snapshots: for each of the last N completed fiscal periods of the forecast's kind, on
 * the same day of the period as the forecast's as-of day (the day before the period when the forecast is made
 * before it starts), every deal open with a close date inside that period is an example; it is positive when,
 * at the period's end, it had closed won with a close date inside the period. Features are read from the state
 * on the snapshot day and labels at the period's end, both rebuilt from history, and only periods that ended by
 * the as-of day are used: nothing the forecast could not have known leaks in.
 *
 * Each deal is described by categorical features ({@link DEAL_FEATURES}): stage, days in stage, age, close-date
 * pushes, amount band (quartiles of the training amounts), segment, forecast category, days to the close date,
 * the owner's win rate over the previous year against everyone's, days since the last activity, and the deal's
 * type (new business, expansion, renewal: their win rates differ most, and their mix shifts as a book grows). The model
 * is an L2-regularised logistic regression on their one-hot encoding:
 *
 *   logit p = b + Σ_f w[f, bin_f(deal)],   fitted by Newton's method on Σ log-likelihood - λ/2 Σ w²  (λ = 1).
 *
 * A deal's factor for feature f is w[f, its bin] minus the training examples' average w[f, ·]: how far that
 * feature moves its log-odds from the average deal's. The expected value of a deal is its amount × p × the
 * stage's won-amount ratio (Σ amount won / Σ amount at the snapshot, over the training deals of the stage that
 * were won), since amounts move (discounts, scope changes) between a snapshot and the win.
 *
 * With too little history the model falls back, and says why: below {@link MIN_TRAINING_DEALS} examples or
 * {@link MIN_TRAINING_WINS} wins, to per-stage win rates of the examples shrunk towards the stage model's
 * default probability with a prior of {@link STAGE_PRIOR_DEALS} deals (`stage-rates`); with no example at all,
 * to the stage defaults (`stage-default`).
 * @module
 */
import type { ColumnScratch } from '../analytics/column-scratch.js';
import { countsAsPipeline, OUTCOME, stageIndexByCode, type DealFacts } from '../analytics/deal-facts.js';
import type { AnalysisPeriod } from '../analytics/periods.js';
import { NO_DAY, NO_INDEX, type Dataset } from '../dataset/dataset.js';
import { toDayNumber, type DayNumber } from '../domain/dates.js';
import { plural } from '../domain/plural.js';
import { placeRanks } from '../quality/quantiles.js';
import { dayFacts, type DayFacts } from './day-facts.js';
import type { ForecastConfig } from './period-deals.js';

/** Fewest training examples, and wins among them, for the logistic model. */
export const MIN_TRAINING_DEALS = 200;
export const MIN_TRAINING_WINS = 30;
/** The stage-rates fallback shrinks each stage's rate towards its default as if this many deals had it. */
export const STAGE_PRIOR_DEALS = 10;
/** The ridge penalty λ on every weight but the intercept. */
export const RIDGE = 1;

/** One feature: its name and the labels of its bins (index = bin). */
export interface DealFeature {
  readonly name: string;
  readonly bins: readonly string[];
}

const DAYS_IN_STAGE = [14, 30, 60, 120];
const AGE_DAYS = [30, 90, 180, 365];
const DAYS_TO_CLOSE = [30, 60];
const ACTIVITY_DAYS = [7, 30];
/** The owner's smoothed win rate over everyone's: below 0.8, 0.8-1.2, above 1.2; `new` under 5 closed deals. */
const OWNER_NEW_DEALS = 5;
const OWNER_PRIOR_DEALS = 10;
const OWNER_WINDOW_DAYS = 365;

const bandLabels = (limits: readonly number[], unit: string): string[] => [
  ...limits.map((limit, i) => `${i === 0 ? 0 : limits[i - 1]! + 1}-${limit} ${unit}`),
  `over ${limits[limits.length - 1]} ${unit}`,
];

/** The features, in encoding order; stage, segment and category bins are filled per workspace. */
export function dealFeatures(
  stageNames: readonly string[],
  segmentLabels: readonly string[],
  categoryLabels: readonly string[],
  typeLabels: readonly string[],
): readonly DealFeature[] {
  return [
    { name: 'stage', bins: stageNames },
    { name: 'days in stage', bins: bandLabels(DAYS_IN_STAGE, 'days') },
    { name: 'age', bins: bandLabels(AGE_DAYS, 'days') },
    { name: 'close-date pushes', bins: ['none', '1', '2', '3 or more'] },
    { name: 'amount band', bins: ['smallest quarter', 'second quarter', 'third quarter', 'largest quarter'] },
    { name: 'segment', bins: segmentLabels.map((label) => label || '(none)') },
    { name: 'forecast category', bins: categoryLabels.map((label) => label || '(none)') },
    { name: 'days to close date', bins: ['past due', ...bandLabels(DAYS_TO_CLOSE, 'days')] },
    { name: "owner's win rate", bins: ['below average', 'average', 'above average', 'new (under 5 closed)'] },
    { name: 'last activity', bins: [...bandLabels(ACTIVITY_DAYS, 'days ago'), 'none logged'] },
    { name: 'deal type', bins: typeLabels.map((label) => label || '(none)') },
  ];
}

/** Names of {@link dealFeatures}, in order: the columns of {@link Examples.bins}. */
export const DEAL_FEATURES = [
  'stage',
  'days in stage',
  'age',
  'close-date pushes',
  'amount band',
  'segment',
  'forecast category',
  'days to close date',
  "owner's win rate",
  'last activity',
  'deal type',
] as const;
const FEATURE_COUNT = DEAL_FEATURES.length;
const F_STAGE = 0;
const F_AMOUNT = 4;

/** Deals described on one day: one row per deal, its feature bins, amount and (for training) outcome. */
export interface Examples {
  /** Opportunity index of each row. */
  readonly deals: Int32Array;
  /** Row-major: bins[row × FEATURE_COUNT + feature]. The amount band is filled in when the model is fitted. */
  readonly bins: Uint16Array;
  /** Corporate minor units on the snapshot day. */
  readonly amount: Float64Array;
  /** 1 when won within the period (training), else 0. */
  readonly won: Uint8Array;
  /** The amount it was won at (0 when not won). */
  readonly wonAmount: Float64Array;
}

/** What describing deals needs, built once per dataset and configuration. */
export interface DealModelSource {
  readonly dataset: Dataset;
  readonly config: ForecastConfig;
  readonly stageIndex: Int32Array;
  /** The deal facts of each day read, built once (shared with the other models of the same forecast). */
  readonly days: DayFacts;
}

/** With `scratch`, the days' columns are lent by it ({@link dayFacts}): the source lives as long as they do. */
export function dealModelSource(
  dataset: Dataset,
  config: ForecastConfig,
  scratch?: ColumnScratch,
): DealModelSource {
  return {
    dataset,
    config,
    stageIndex: stageIndexByCode(dataset.labels.stage, config.stageModel),
    days: dayFacts(dataset, config, scratch),
  };
}

/**
 * One past the last opportunity that exists on `facts`' day: no deal from there on exists yet (outcome none,
 * absent values), so a pass over the deals of that day can stop there. Opportunities stored in the order they
 * were created (as CRM exports and the demo list them) make this a prefix, shorter the older the day; in any
 * other order it is at worst every deal. Found from the end, reading only the deals it leaves out.
 */
export function existingEnd(facts: DealFacts): number {
  const { exists } = facts.state;
  let end = exists.length;
  while (end > 0 && exists[end - 1] !== 1) end--;
  return end;
}

const bandOf = (value: number, limits: readonly number[]): number => {
  let bin = 0;
  while (bin < limits.length && value > limits[bin]!) bin++;
  return bin;
};

/**
 * Describes the open deals `facts` selects with `inScope` on its day: stage, days in stage, age, pushes, segment,
 * category, days to close, the owner's win rate over the year before, days since the last activity.
 */
export function describeDeals(
  source: DealModelSource,
  facts: DealFacts,
  inScope: (i: number) => boolean,
): Examples {
  const { outcome, corporateAmount } = facts;
  const rows: number[] = [];
  for (let i = 0; i < outcome.length; i++) {
    if (outcome[i] === OUTCOME.open && countsAsPipeline(corporateAmount[i]!) && inScope(i)) rows.push(i);
  }
  const described = describeAllButActivity(source, facts, Int32Array.from(rows));
  fillActivityBins(source.dataset, [described]);
  return described.examples;
}

/** Deals described on `day` but for their last-activity bins, which {@link fillActivityBins} fills. */
export interface Described {
  readonly examples: Examples;
  readonly day: DayNumber;
}

/**
 * The open deals on `facts`' day with a positive amount (`countsAsPipeline`) and a close date from `from` to `to`
 * (ascending): what a lesson describes of its period.
 */
function openDealsClosing(facts: DealFacts, from: DayNumber, to: DayNumber): Int32Array {
  const { outcome, corporateAmount } = facts;
  const { closeDay } = facts.state;
  const end = existingEnd(facts);
  let count = 0;
  for (let i = 0; i < end; i++) {
    const close = closeDay[i]!;
    if (outcome[i] === OUTCOME.open && close >= from && close <= to && countsAsPipeline(corporateAmount[i]!))
      count++;
  }
  const deals = new Int32Array(count);
  for (let i = 0, r = 0; r < count; i++) {
    const close = closeDay[i]!;
    if (outcome[i] === OUTCOME.open && close >= from && close <= to && countsAsPipeline(corporateAmount[i]!))
      deals[r++] = i;
  }
  return deals;
}

/**
 * {@link describeDeals} of the open deals `deals` (ascending, each open with an amount on `facts`' day) but the
 * last-activity bins, so that one pass over the activities fills them for many days at once
 * ({@link periodLessons}' `alongside`).
 */
export function describeAllButActivity(
  source: DealModelSource,
  facts: DealFacts,
  deals: Int32Array,
): Described {
  const { dataset, stageIndex } = source;
  const day = facts.state.asOfDay;
  const owner = ownerRates(facts, day, dataset.reps.count);
  const bins = new Uint16Array(deals.length * FEATURE_COUNT);
  const amount = new Float64Array(deals.length);
  const { history, historyStart, opportunities, accounts, reps } = dataset;
  for (let r = 0; r < deals.length; r++) {
    const i = deals[r]!;
    const stageCode = facts.state.stageCode[i]!;
    // Days in stage and pushes, from the history rows in effect on the day.
    const first = historyStart[i]!;
    const row = facts.state.historyRow[i]!;
    let entered = opportunities.createdDay[i]!;
    let pushes = 0;
    if (row >= first) {
      let back = row;
      while (back > first && history.stageCode[back - 1] === stageCode) back--;
      entered = back > first ? history.day[back]! : opportunities.createdDay[i]!;
      for (let h = first + 1; h <= row; h++) if (history.closeDay[h]! > history.closeDay[h - 1]!) pushes++;
    }
    const account = opportunities.accountIndex[i]!;
    const ownerIndex = facts.state.ownerIndex[i]!;
    const segment =
      (account !== NO_INDEX ? accounts.segmentCode[account]! : 0) ||
      (ownerIndex !== NO_INDEX ? reps.segmentCode[ownerIndex]! : 0);
    const close = facts.state.closeDay[i]!;
    const base = r * FEATURE_COUNT;
    bins[base] = Math.max(0, stageIndex[stageCode]!);
    bins[base + 1] = bandOf(day - entered, DAYS_IN_STAGE);
    bins[base + 2] = bandOf(day - opportunities.createdDay[i]!, AGE_DAYS);
    bins[base + 3] = Math.min(pushes, 3);
    bins[base + 5] = segment;
    bins[base + 6] = facts.state.categoryCode[i]!;
    bins[base + 7] = close < day ? 0 : 1 + bandOf(close - day, DAYS_TO_CLOSE);
    bins[base + 8] = owner(ownerIndex);
    bins[base + 10] = opportunities.typeCode[i]!;
    amount[r] = facts.corporateAmount[i]!;
  }
  const examples = {
    deals,
    bins,
    amount,
    won: new Uint8Array(deals.length),
    wonAmount: new Float64Array(deals.length),
  };
  return { examples, day };
}

/**
 * Fills the last-activity bin of every row of each part: days from its deal's latest activity on or before the
 * part's day. One pass over the activities answers every part: each deal's questions (one per part it is a row
 * of) are listed together, and an activity is checked against its deal's questions only, so no index of the
 * activities by deal (millions of days) is built.
 */
function fillActivityBins(
  dataset: Pick<Dataset, 'activities' | 'opportunities'>,
  parts: readonly Described[],
): void {
  const deals = dataset.opportunities.count;
  // The questions of deal i are start[i] to start[i + 1] - 1: each a day, and the part and row it fills.
  const start = new Int32Array(deals + 1);
  let total = 0;
  for (const { examples } of parts) {
    for (const i of examples.deals) start[i + 1]!++;
    total += examples.deals.length;
  }
  for (let i = 0; i < deals; i++) start[i + 1]! += start[i]!;
  const next = start.slice(0, deals);
  const questionDay = new Int32Array(total);
  const part = new Int32Array(total);
  const row = new Int32Array(total);
  parts.forEach(({ examples, day }, p) => {
    for (let r = 0; r < examples.deals.length; r++) {
      const q = next[examples.deals[r]!]!++;
      questionDay[q] = day;
      part[q] = p;
      row[q] = r;
    }
  });
  const last = new Int32Array(total).fill(NO_DAY);
  latestActivities(dataset.activities, start, questionDay, last);
  for (let q = 0; q < total; q++) {
    const { examples, day } = parts[part[q]!]!;
    examples.bins[row[q]! * FEATURE_COUNT + 9] =
      last[q] === NO_DAY ? ACTIVITY_DAYS.length + 1 : bandOf(day - last[q]!, ACTIVITY_DAYS);
  }
}

/** For each question q (of deal i: start[i] ≤ q < start[i + 1]), the latest activity day on or before its day. */
function latestActivities(
  activities: Pick<Dataset['activities'], 'opportunityIndex' | 'day' | 'count'>,
  start: Int32Array,
  questionDay: Int32Array,
  last: Int32Array,
): void {
  const { opportunityIndex, day, count } = activities;
  for (let a = 0; a < count; a++) {
    const deal = opportunityIndex[a]!;
    if (deal < 0) continue;
    const end = start[deal + 1]!;
    const logged = day[a]!;
    if (logged === NO_DAY) continue;
    for (let q = start[deal]!; q < end; q++) {
      if (logged <= questionDay[q]! && logged > last[q]!) last[q] = logged;
    }
  }
}

/** The owner's-win-rate bin of each rep, from deals closed in the year up to `day` (as known on it). */
function ownerRates(facts: DealFacts, day: DayNumber, repCount: number): (rep: number) => number {
  // Index 0 holds deals without an owner (rep -1).
  const won = new Float64Array(repCount + 1);
  const closed = new Float64Array(repCount + 1);
  let allWon = 0;
  let allClosed = 0;
  const { outcome } = facts;
  const { closeDay, ownerIndex } = facts.state;
  for (let i = 0, end = existingEnd(facts); i < end; i++) {
    const result = outcome[i];
    if (result !== OUTCOME.won && result !== OUTCOME.lost) continue;
    const close = closeDay[i]!;
    if (close > day || close <= day - OWNER_WINDOW_DAYS) continue;
    const slot = ownerIndex[i]! + 1;
    closed[slot]!++;
    allClosed++;
    if (result === OUTCOME.won) {
      won[slot]!++;
      allWon++;
    }
  }
  const overall = allClosed > 0 ? allWon / allClosed : 0;
  return (rep) => {
    const n = closed[rep + 1] ?? 0;
    if (n < OWNER_NEW_DEALS || overall === 0) return 3;
    const rate = ((won[rep + 1] ?? 0) + OWNER_PRIOR_DEALS * overall) / (n + OWNER_PRIOR_DEALS) / overall;
    return rate < 0.8 ? 0 : rate <= 1.2 ? 1 : 2;
  };
}

/**
 * The day of a period a forecast is made on, as an offset from the day before it starts (0: before it starts),
 * so that training snapshots are taken at the same point of their periods.
 */
export function periodOffset(
  period: Pick<AnalysisPeriod, 'startDay' | 'endDay'>,
  asOfDay: DayNumber,
): number {
  return Math.max(0, Math.min(asOfDay, period.endDay) - (period.startDay - 1));
}

/** What a past period teaches: its labelled examples, and what was won from outside them. */
export interface PeriodLesson {
  readonly period: string;
  /** Deals open on the snapshot day with a close date inside the period, labelled. */
  readonly examples: Examples;
  /** Closed won with a close date in the period up to the snapshot day. */
  readonly closedBefore: number;
  /** Won in the period from deals that were not examples: created later, or pulled in from another period. */
  readonly newPipelineWon: number;
  /** Amount of the deals created in the {@link RECENT_CREATED_DAYS} days up to the snapshot day. */
  readonly recentCreated: number;
  /** Everything won with a close date in the period, as known at its end. */
  readonly actual: number;
}

/** The window whose created pipeline scales the new-pipeline term (volume grows and shrinks with the team). */
export const RECENT_CREATED_DAYS = 91;

/** A past period's lesson, from its state on the snapshot day (`offset` days into it) and at its end. */
export function periodLesson(source: DealModelSource, period: AnalysisPeriod, offset: number): PeriodLesson {
  return periodLessons(source, [period], offset)[0]!;
}

/**
 * The lessons of `periods` ({@link periodLesson}), their deals' last activities found in one pass, with those
 * of the deals described `alongside` (the forecast's own).
 */
export function periodLessons(
  source: DealModelSource,
  periods: readonly AnalysisPeriod[],
  offset: number,
  alongside: readonly Described[] = [],
): PeriodLesson[] {
  const lessons = periods.map((period) => lessonAllButActivity(source, period, offset));
  fillActivityBins(source.dataset, [
    ...lessons.map(({ examples }, k) => ({ examples, day: snapshotDay(periods[k]!, offset) })),
    ...alongside,
  ]);
  return lessons;
}

const snapshotDay = (period: Pick<AnalysisPeriod, 'startDay' | 'endDay'>, offset: number): DayNumber =>
  Math.min(period.endDay, period.startDay - 1 + offset);

function lessonAllButActivity(source: DealModelSource, period: AnalysisPeriod, offset: number): PeriodLesson {
  const day = snapshotDay(period, offset);
  const before = source.days.on(day);
  const after = source.days.on(period.endDay);
  const inPeriod = (close: number) => close >= period.startDay && close <= period.endDay;
  const { examples } = describeAllButActivity(
    source,
    before,
    openDealsClosing(before, period.startDay, period.endDay),
  );
  labelExamples(examples, after, period);
  // The examples: open on the snapshot day with a positive amount and a close date in the period.
  const example = (i: number) =>
    before.outcome[i] === OUTCOME.open &&
    countsAsPipeline(before.corporateAmount[i]!) &&
    inPeriod(before.state.closeDay[i]!);
  let closedBefore = 0;
  let actual = 0;
  let newPipelineWon = 0;
  // Deals won by the period's end exist on it: those past `existingEnd(after)` do not.
  for (let i = 0, end = existingEnd(after); i < end; i++) {
    const amount = after.corporateAmount[i]!;
    if (after.outcome[i] !== OUTCOME.won || !inPeriod(after.state.closeDay[i]!) || Number.isNaN(amount))
      continue;
    actual += amount;
    const wonBefore = before.outcome[i] === OUTCOME.won && inPeriod(before.state.closeDay[i]!);
    if (wonBefore) closedBefore += Number.isNaN(before.corporateAmount[i]!) ? 0 : before.corporateAmount[i]!;
    // A credit (a won deal of zero or negative amount) is in what was closed, but is no new pipeline won.
    else if (!example(i) && countsAsPipeline(amount)) newPipelineWon += amount;
  }
  return {
    period: period.name,
    examples,
    closedBefore,
    newPipelineWon,
    recentCreated: recentCreated(source.dataset, before, day),
    actual,
  };
}

/** Amount of the opportunities created in the {@link RECENT_CREATED_DAYS} days up to `day`, as of that day. */
export function recentCreated(
  dataset: Pick<Dataset, 'opportunities'>,
  facts: DealFacts,
  day: DayNumber,
): number {
  const { createdDay } = dataset.opportunities;
  let total = 0;
  // Deals created by the day exist on it: those past `existingEnd(facts)` do not.
  for (let i = 0, end = existingEnd(facts); i < end; i++) {
    const created = createdDay[i]!;
    const amount = facts.corporateAmount[i]!;
    if (created <= day && created > day - RECENT_CREATED_DAYS && countsAsPipeline(amount)) total += amount;
  }
  return total;
}

/** Marks the examples won with a close date inside the period, as known at its end. */
function labelExamples(
  examples: Examples,
  after: DealFacts,
  period: Pick<AnalysisPeriod, 'startDay' | 'endDay'>,
) {
  for (let r = 0; r < examples.deals.length; r++) {
    const i = examples.deals[r]!;
    const close = after.state.closeDay[i]!;
    if (after.outcome[i] === OUTCOME.won && close >= period.startDay && close <= period.endDay) {
      examples.won[r] = 1;
      // Won at a zero or negative amount (a credit), it converted nothing of its snapshot amount.
      const amount = after.corporateAmount[i]!;
      examples.wonAmount[r] = countsAsPipeline(amount) ? amount : 0;
    }
  }
}

export type DealModelKind = 'logistic' | 'stage-rates' | 'stage-default';

/** A fitted deal-level model. */
export interface DealModel {
  readonly kind: DealModelKind;
  /** Why this kind: the history it had. */
  readonly reason: string;
  readonly features: readonly DealFeature[];
  readonly trainingDeals: number;
  readonly trainingWins: number;
  /** Upper limits of the amount bands (quartiles of the training amounts). */
  readonly amountLimits: readonly number[];
  readonly intercept: number;
  /** weights[feature][bin] (zeros outside the logistic model). */
  readonly weights: readonly Float64Array[];
  /** Per feature, the training examples' average weight: the reference of a deal's factors. */
  readonly averageWeight: Float64Array;
  /** Per stage index: its probability under the stage-rates or stage-default fallback. */
  readonly stageRates: Float64Array;
  /** Per stage index: Σ won amount / Σ snapshot amount over the training wins (1 without any). */
  readonly wonAmountRatio: Float64Array;
}

/** Fits the deal-level model on the examples of past periods, falling back as the module header says. */
export function fitDealModel(
  source: DealModelSource,
  training: readonly Examples[],
  periodWeights: readonly number[] = training.map(() => 1),
): DealModel {
  const { stageModel } = source.config;
  const stageCount = stageModel.stages.length;
  const features = dealFeatures(
    stageModel.stages.map((stage) => stage.name),
    source.dataset.labels.segment,
    source.dataset.labels.forecast_category,
    source.dataset.labels.opportunity_type,
  );
  const all = concatExamples(training);
  const exampleWeights = new Float64Array(all.deals.length);
  let at = 0;
  training.forEach((part, k) => {
    exampleWeights.fill(periodWeights[k] ?? 1, at, at + part.deals.length);
    at += part.deals.length;
  });
  const n = all.deals.length;
  let wins = 0;
  for (let r = 0; r < n; r++) wins += all.won[r]!;
  const amountLimits = quartiles(all.amount);
  for (let r = 0; r < n; r++) all.bins[r * FEATURE_COUNT + F_AMOUNT] = bandOf(all.amount[r]!, amountLimits);
  const stageDeals = new Float64Array(stageCount);
  const stageWins = new Float64Array(stageCount);
  const wonAt = new Float64Array(stageCount);
  const wonFinal = new Float64Array(stageCount);
  for (let r = 0; r < n; r++) {
    const stage = all.bins[r * FEATURE_COUNT + F_STAGE]!;
    stageDeals[stage]!++;
    if (all.won[r] === 1) {
      stageWins[stage]!++;
      wonAt[stage]! += all.amount[r]!;
      wonFinal[stage]! += all.wonAmount[r]!;
    }
  }
  const wonAmountRatio = Float64Array.from(wonAt, (at, s) => (at > 0 ? wonFinal[s]! / at : 1));
  const stageRates = Float64Array.from(
    stageDeals,
    (deals, s) =>
      (stageWins[s]! + STAGE_PRIOR_DEALS * stageModel.probability(s)) / (deals + STAGE_PRIOR_DEALS),
  );
  const weights = features.map((feature) => new Float64Array(feature.bins.length));
  const base = {
    features,
    trainingDeals: n,
    trainingWins: wins,
    amountLimits,
    weights,
    averageWeight: new Float64Array(FEATURE_COUNT),
    wonAmountRatio,
  };
  if (n === 0) {
    return {
      ...base,
      kind: 'stage-default',
      reason: 'no closed history to learn from: the stage model’s default probabilities',
      intercept: 0,
      stageRates: Float64Array.from({ length: stageCount }, (_, s) => stageModel.probability(s)),
      wonAmountRatio: new Float64Array(stageCount).fill(1),
    };
  }
  if (n < MIN_TRAINING_DEALS || wins < MIN_TRAINING_WINS) {
    return {
      ...base,
      kind: 'stage-rates',
      reason:
        `${plural(n, 'past deal')} and ${plural(wins, 'win')} are too few for the logistic model (it needs ${MIN_TRAINING_DEALS} ` +
        `and ${MIN_TRAINING_WINS}): each stage’s own win rate, shrunk towards its default`,
      intercept: 0,
      stageRates,
    };
  }
  const intercept = fitLogistic(all, exampleWeights, features, weights);
  const averageWeight = new Float64Array(FEATURE_COUNT);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < FEATURE_COUNT; f++)
      averageWeight[f]! += weights[f]![all.bins[r * FEATURE_COUNT + f]!]!;
  }
  for (let f = 0; f < FEATURE_COUNT; f++) averageWeight[f]! /= n;
  return {
    ...base,
    kind: 'logistic',
    reason: `learned from ${n} past deals (${wins} won within their period)`,
    intercept,
    averageWeight,
    stageRates,
  };
}

function concatExamples(parts: readonly Examples[]): Examples {
  const n = parts.reduce((sum, part) => sum + part.deals.length, 0);
  const all: Examples = {
    deals: new Int32Array(n),
    bins: new Uint16Array(n * FEATURE_COUNT),
    amount: new Float64Array(n),
    won: new Uint8Array(n),
    wonAmount: new Float64Array(n),
  };
  let at = 0;
  for (const part of parts) {
    all.deals.set(part.deals, at);
    all.bins.set(part.bins, at * FEATURE_COUNT);
    all.amount.set(part.amount, at);
    all.won.set(part.won, at);
    all.wonAmount.set(part.wonAmount, at);
    at += part.deals.length;
  }
  return all;
}

/** The 25th, 50th and 75th percentiles (lower), [] for no values. */
function quartiles(values: Float64Array): number[] {
  if (values.length === 0) return [];
  const ranks = [0.25, 0.5, 0.75].map((q) => Math.max(0, Math.ceil(q * values.length) - 1));
  // The three ranks placed as a sort would place them, in linear time.
  const placed = Float64Array.from(values);
  placeRanks(placed, ranks);
  return ranks.map((rank) => placed[rank]!);
}

/**
 * The training examples grouped by feature pattern: examples with the same bins on every feature share one
 * probability, so the likelihood's gradient and Hessian need each pattern once, with the sum of its examples'
 * weights and of the weights of those won (Σ ω (p - y) = p Σ ω - Σ ω y). A few hundred thousand examples
 * fall into some tens of thousands of patterns.
 */
interface Patterns {
  /** Row-major like {@link Examples.bins}: the bins of pattern k at k × FEATURE_COUNT. */
  readonly bins: Uint16Array;
  /** Σ ω over the pattern's examples. */
  readonly weight: Float64Array;
  /** Σ ω y over them. */
  readonly wonWeight: Float64Array;
}

function patternsOf(examples: Examples, weights: Float64Array, features: readonly DealFeature[]): Patterns {
  const n = examples.deals.length;
  // A pattern's key: its bins in mixed radix (one radix per feature), exact while it stays below 2^53.
  let radixProduct = 1;
  for (const feature of features) radixProduct *= Math.max(1, feature.bins.length);
  const index = new Map<number | string, number>();
  const patternOf = new Int32Array(n);
  const firstRow: number[] = [];
  for (let r = 0; r < n; r++) {
    const base = r * FEATURE_COUNT;
    let key: number | string;
    if (radixProduct <= Number.MAX_SAFE_INTEGER) {
      key = 0;
      for (let f = 0; f < FEATURE_COUNT; f++) key = key * features[f]!.bins.length + examples.bins[base + f]!;
    } else key = examples.bins.subarray(base, base + FEATURE_COUNT).join(',');
    let pattern = index.get(key);
    if (pattern === undefined) {
      pattern = firstRow.length;
      firstRow.push(r);
      index.set(key, pattern);
    }
    patternOf[r] = pattern;
  }
  const count = firstRow.length;
  const bins = new Uint16Array(count * FEATURE_COUNT);
  for (let k = 0; k < count; k++) {
    const base = firstRow[k]! * FEATURE_COUNT;
    bins.set(examples.bins.subarray(base, base + FEATURE_COUNT), k * FEATURE_COUNT);
  }
  const weight = new Float64Array(count);
  const wonWeight = new Float64Array(count);
  for (let r = 0; r < n; r++) {
    const k = patternOf[r]!;
    weight[k]! += weights[r]!;
    if (examples.won[r] === 1) wonWeight[k]! += weights[r]!;
  }
  return { bins, weight, wonWeight };
}

/**
 * Newton's method for the ridge logistic regression on one-hot bins: fills `weights` and returns the
 * intercept. Parameters: the intercept at 0, then each feature's bins in order.
 */
function fitLogistic(
  examples: Examples,
  weights: Float64Array,
  features: readonly DealFeature[],
  coefficients: Float64Array[],
): number {
  const offsets: number[] = [];
  let size = 1;
  for (const feature of features) {
    offsets.push(size);
    size += feature.bins.length;
  }
  const theta = new Float64Array(size);
  const patterns = patternsOf(examples, weights, features);
  const n = patterns.weight.length;
  // Each pattern's parameter indices (the intercept, then one bin per feature), found once.
  const active = new Int32Array(n * (FEATURE_COUNT + 1));
  for (let k = 0; k < n; k++) {
    for (let f = 0; f < FEATURE_COUNT; f++) {
      active[k * (FEATURE_COUNT + 1) + f + 1] = offsets[f]! + patterns.bins[k * FEATURE_COUNT + f]!;
    }
  }
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Float64Array(size);
    const hessian = new Float64Array(size * size);
    for (let j = 1; j < size; j++) {
      gradient[j] = RIDGE * theta[j]!;
      hessian[j * size + j] = RIDGE;
    }
    for (let k = 0; k < n; k++) {
      const base = k * (FEATURE_COUNT + 1);
      let eta = theta[0]!;
      for (let a = 1; a <= FEATURE_COUNT; a++) eta += theta[active[base + a]!]!;
      const p = 1 / (1 + Math.exp(-eta));
      const weight = patterns.weight[k]!;
      const residual = weight * p - patterns.wonWeight[k]!;
      const curvature = weight * p * (1 - p);
      for (let a = 0; a <= FEATURE_COUNT; a++) {
        const ja = active[base + a]!;
        gradient[ja]! += residual;
        // The lower triangle (and diagonal) only: the Cholesky solve reads no more. A pattern's parameters
        // ascend (the intercept, then each feature's block in order), so jb ≤ ja.
        const row = ja * size;
        for (let b = 0; b <= a; b++) hessian[row + active[base + b]!]! += curvature;
      }
    }
    const step = solveSymmetric(hessian, gradient, size);
    let largest = 0;
    for (let j = 0; j < size; j++) {
      theta[j]! -= step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (largest < 1e-8) break;
  }
  features.forEach((feature, f) =>
    coefficients[f]!.set(theta.subarray(offsets[f], offsets[f]! + feature.bins.length)),
  );
  return theta[0]!;
}

/** Solves H x = g for a symmetric positive-definite H (Cholesky), reading H's lower triangle. */
export function solveSymmetric(h: Float64Array, g: Float64Array, size: number): Float64Array {
  const l = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * size + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * size + k]! * l[j * size + k]!;
      l[i * size + j] = i === j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / l[j * size + j]!;
    }
  }
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sum = g[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * size + k]! * y[k]!;
    y[i] = sum / l[i * size + i]!;
  }
  const x = new Float64Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < size; k++) sum -= l[k * size + i]! * x[k]!;
    x[i] = sum / l[i * size + i]!;
  }
  return x;
}

/** Each described deal's probability of closing won within the period under the model. */
export function dealProbabilities(model: DealModel, examples: Examples): Float64Array {
  const n = examples.deals.length;
  const probabilities = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const base = r * FEATURE_COUNT;
    examples.bins[base + F_AMOUNT] = bandOf(examples.amount[r]!, model.amountLimits);
    if (model.kind !== 'logistic') {
      probabilities[r] = model.stageRates[examples.bins[base + F_STAGE]!] ?? 0;
      continue;
    }
    let eta = model.intercept;
    for (let f = 0; f < FEATURE_COUNT; f++) eta += model.weights[f]![examples.bins[base + f]!] ?? 0;
    probabilities[r] = 1 / (1 + Math.exp(-eta));
  }
  return probabilities;
}

/** A described deal's value of each feature, by feature name (e.g. `{ stage: 'Proposal', … }`). */
export function featureValues(
  features: readonly DealFeature[],
  examples: Examples,
  row: number,
): Record<string, string> {
  return Object.fromEntries(
    features.map((feature, f) => [
      feature.name,
      feature.bins[examples.bins[row * FEATURE_COUNT + f]!] ?? '(none)',
    ]),
  );
}

/** The stage index of a described deal. */
export function exampleStage(examples: Examples, row: number): number {
  return examples.bins[row * FEATURE_COUNT + F_STAGE]!;
}

/** Each described deal's expected won amount: amount × p × its stage's won-amount ratio. */
export function expectedValues(
  model: DealModel,
  examples: Examples,
  probabilities: Float64Array,
): Float64Array {
  return Float64Array.from(
    probabilities,
    (p, r) =>
      examples.amount[r]! * p * (model.wonAmountRatio[examples.bins[r * FEATURE_COUNT + F_STAGE]!] ?? 1),
  );
}

export interface Factor {
  readonly feature: string;
  readonly value: string;
  /** Log-odds against the average deal. */
  readonly effect: number;
}

/** The `count` factors that move a deal's log-odds most from the average deal's (none outside the logistic model). */
export function topFactors(model: DealModel, examples: Examples, row: number, count: number): Factor[] {
  if (model.kind !== 'logistic') return [];
  const factors: Factor[] = [];
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const bin = examples.bins[row * FEATURE_COUNT + f]!;
    const feature = model.features[f]!;
    factors.push({
      feature: feature.name,
      value: feature.bins[bin] ?? '(none)',
      effect: (model.weights[f]![bin] ?? 0) - model.averageWeight[f]!,
    });
  }
  return factors.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect)).slice(0, count);
}

/** Past completed fiscal periods of the kind of `period`, most recent first, that ended by `asOfDay`. */
export function pastPeriods(
  config: Pick<ForecastConfig, 'fiscalCalendar'>,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  count: number,
  firstDay: DayNumber,
): AnalysisPeriod[] {
  const result: AnalysisPeriod[] = [];
  if (period.kind === 'range') return result;
  let past = config.fiscalCalendar.previous(period.name);
  while (toDayNumber(past.end) > asOfDay) past = config.fiscalCalendar.previous(past);
  while (result.length < count && toDayNumber(past.end) >= firstDay) {
    result.push({
      name: past.name,
      kind: past.kind,
      start: past.start,
      end: past.end,
      startDay: toDayNumber(past.start),
      endDay: toDayNumber(past.end),
    });
    past = config.fiscalCalendar.previous(past);
  }
  return result;
}
