/**
 * What deal metrics read about each opportunity on the as-of day, derived once per evaluation: its state, the
 * outcome of its stage (open, won, lost) by the workspace's stage model, and its amount in the corporate
 * currency.
 * @module
 */
import type { Dataset } from '../dataset/dataset.js';
import { fromDayNumber, type DayNumber } from '../domain/dates.js';
import type { FxTable } from '../domain/fx.js';
import type { CurrencyCode, MinorUnits } from '../domain/money.js';
import type { StageModel } from '../domain/stage-model.js';
import { NO_DAY, textAt } from '../dataset/dataset.js';
import type { ColumnScratch } from './column-scratch.js';
import { dealsAsOf, type DealsAsOf } from './deal-state.js';

/** Outcome codes of {@link DealFacts.outcome}. */
export const OUTCOME = { none: 0, open: 1, won: 2, lost: 3 } as const;

/**
 * The outcome of each stage label code. Labels outside the stage model get {@link OUTCOME.none}: such deals
 * count in no metric until the stage is added to the model or mapped on import.
 */
export function stageOutcomeByCode(stageLabels: readonly string[], model: StageModel): Uint8Array {
  return Uint8Array.from(stageLabels, (label, code) => {
    const index = code === 0 ? undefined : model.indexOf(label);
    if (index === undefined) return OUTCOME.none;
    return OUTCOME[model.stage(index).outcome];
  });
}

/** The stage model's index of each stage label code (its place in the process), or -1 outside the model. */
export function stageIndexByCode(stageLabels: readonly string[], model: StageModel): Int32Array {
  return Int32Array.from(stageLabels, (label, code) => (code === 0 ? -1 : (model.indexOf(label) ?? -1)));
}

/**
 * Whether a deal's amount counts as pipeline (and as a deal to forecast or learn from): a positive amount. A zero
 * or negative amount is a data error (`salesops audit`'s amount-not-positive; a missing amount arrives as 0), not
 * a credit to net off the pipeline: weighted in, a -$53K deal lowers its owner's pipeline and forecast by its
 * chance of "closing". The one place that decides, for the pipeline metrics (the open deals of a period, in
 * metric-context.ts) and every forecast model (src/forecast/period-deals.ts); NaN (no amount) fails it too.
 */
export function countsAsPipeline(amount: number): boolean {
  return amount > 0;
}

/**
 * Whether a deal is a credit: won at a zero or negative amount, a refund or correction rather than a sale. What was
 * booked nets it (`closed_won`, quota attainment, the forecast's Closed, which names it), but it is no won deal:
 * the win rates, the average deal, win/loss and stage conversion leave it out of won and closed deals alike and
 * say so ({@link CreditsLeftOut}), and the forecast's models do not learn from it. The one place that decides,
 * for those and for the forecast (src/forecast/period-deals.ts). A won deal without an amount (NaN) is no credit.
 */
export function isCredit(outcome: number, amount: number): boolean {
  return outcome === OUTCOME.won && amount <= 0;
}

/** The credits ({@link isCredit}) a figure left out of its won deals, so that its output can name them. */
export interface CreditsLeftOut {
  /** Their CRM ids, in the dataset's order. */
  readonly ids: readonly string[];
  /** Their amounts summed, in corporate minor units. */
  readonly amount: number;
}

/** The credits marked in `credits` (1 per opportunity left out), named, with their corporate amounts summed. */
export function creditsLeftOut(
  dataset: Pick<Dataset, 'opportunities'>,
  credits: Uint8Array,
  corporateAmount: Float64Array,
): CreditsLeftOut {
  const ids: string[] = [];
  let amount = 0;
  for (let deal = 0; deal < credits.length; deal++) {
    if (credits[deal] !== 1) continue;
    ids.push(textAt(dataset.opportunities.crmId, deal));
    amount += corporateAmount[deal]!;
  }
  return { ids, amount };
}

/** What deal facts need from the workspace configuration. */
export interface DealConfig {
  readonly currency: CurrencyCode;
  readonly stageModel: StageModel;
  readonly fxTable: FxTable;
}

export interface DealFacts {
  readonly state: DealsAsOf;
  /** Per opportunity: an {@link OUTCOME} code; `none` also for opportunities not created yet. */
  readonly outcome: Uint8Array;
  /**
   * Per opportunity created by the as-of day: its amount in corporate minor units (at the rate of its close
   * date); NaN if none. In a single-currency workspace this is the state's amount column itself.
   */
  readonly corporateAmount: Float64Array;
}

/**
 * Converts each opportunity's amount on the state's day into the corporate currency at the FX rate in force on
 * its close date (its created date when it has none), rounding once by the one rule of src/domain/money.ts.
 * An opportunity without a currency is taken to be in the corporate currency. Throws the FX table's InputError
 * when no rate covers a date.
 */
export function corporateAmounts(
  dataset: Pick<Dataset, 'opportunities' | 'labels'>,
  state: Pick<DealsAsOf, 'exists' | 'amount' | 'closeDay'>,
  config: Pick<DealConfig, 'currency' | 'fxTable'>,
  scratch?: ColumnScratch,
): Float64Array {
  const { currencyCode, createdDay } = dataset.opportunities;
  const currencies = dataset.labels.currency;
  // Per currency code: 1 when amounts in it need no conversion (the corporate currency, or none given).
  const corporate = Uint8Array.from(currencies, (currency) =>
    currency === '' || currency === config.currency ? 1 : 0,
  );
  const length = state.amount.length;
  const result = scratch ? scratch.take('float64', length, NaN) : new Float64Array(length).fill(NaN);
  for (let i = 0; i < result.length; i++) {
    const amount = state.amount[i] ?? NaN;
    if (state.exists[i] !== 1 || Number.isNaN(amount)) continue;
    const code = currencyCode[i] ?? 0;
    if (corporate[code] !== 0) {
      result[i] = amount;
      continue;
    }
    const currency = currencies[code] ?? '';
    const closeDay = state.closeDay[i] ?? NO_DAY;
    const rateDay: DayNumber = closeDay === NO_DAY ? (createdDay[i] ?? 0) : closeDay;
    result[i] = config.fxTable.toCorporate(amount as MinorUnits, currency, fromDayNumber(rateDay));
  }
  return result;
}

/**
 * The deal facts of every opportunity on `asOfDay`. With `scratch`, the columns are lent by it (valid until it
 * reclaims them) instead of allocated.
 */
export function dealFacts(
  dataset: Pick<Dataset, 'opportunities' | 'history' | 'historyStart' | 'labels'>,
  config: DealConfig,
  asOfDay: DayNumber,
  scratch?: ColumnScratch,
): DealFacts {
  return factsOfState(dataset, config, dealsAsOf(dataset, asOfDay, scratch), scratch);
}

/** The deal facts of a state already built (by `dealsAsOf`, or for several days at once by the forecast). */
export function factsOfState(
  dataset: Pick<Dataset, 'opportunities' | 'labels'>,
  config: DealConfig,
  state: DealsAsOf,
  scratch?: ColumnScratch,
): DealFacts {
  const outcomeOfCode = stageOutcomeByCode(dataset.labels.stage, config.stageModel);
  const count = state.exists.length;
  const outcome = scratch ? scratch.take('uint8', count) : new Uint8Array(count);
  fillOutcomes(state.exists, state.stageCode, outcomeOfCode, outcome);
  // One currency: the amounts are already corporate, so no second array of a million amounts is built.
  const singleCurrency = dataset.labels.currency.every(
    (currency) => currency === '' || currency === config.currency,
  );
  return {
    state,
    outcome,
    corporateAmount: singleCurrency ? state.amount : corporateAmounts(dataset, state, config, scratch),
  };
}

/** The outcome of each existing deal's stage (a loop of its own, so that V8 optimizes it on its own). */
function fillOutcomes(
  exists: Uint8Array,
  stageCode: Uint16Array,
  outcomeOfCode: Uint8Array,
  outcome: Uint8Array,
): void {
  for (let i = 0; i < outcome.length; i++) {
    if (exists[i] === 1) outcome[i] = outcomeOfCode[stageCode[i]!] ?? OUTCOME.none;
  }
}
