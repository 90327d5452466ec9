/**
 * Win/loss analysis: how often deals closed in a period were won, split by competitor, segment, size band,
 * source, rep, fiscal quarter (trend) ..., and why and where lost deals were lost, each rate with its 95%
 * Wilson interval and, for win rates, a test of each group against the rest (./winloss-statistics.ts).
 *
 * **Deals.** Those whose state on the as-of day is won or lost, with a close date in the period up to the as-of
 * day (as the metrics' win rate counts them). A deal's value is its amount then, in the corporate currency at
 * the rate of its close date (CRMs that zero the amount of lost deals make value rates read high). A credit
 * (`isCredit`: won at a zero or negative amount, a refund or correction) is neither won nor lost: it is left out,
 * as the metrics' win rate and the forecast's models leave it out, and named in {@link WinLossResult.creditsLeftOut}.
 *
 * **Two measures.** A breakdown by anything but the loss (competitor, segment, rep ...) gives the *win rate*:
 * won / (won + lost), by count, and by value (won value / closed value, a point figure without interval: values
 * are not counts of independent trials). Each group is tested against all other closed deals of the period
 * (for a manager roll-up, the deals outside that manager's tree) by a pooled two-proportion z-test, Holm-adjusted
 * over the groups of the breakdown. A breakdown by the loss reason or the stage lost at looks at lost deals
 * only and gives each group's *share of losses* (and of lost value), with its interval; won deals have neither,
 * so no win rate exists there and no test is run.
 *
 * **Stage lost at** is the open stage a lost deal was in just before it was lost (the last open stage of its
 * history up to the as-of day); unknown when its history holds no open stage. It is given to the grouping as
 * the deal's stage, so the `stage` dimension means "stage lost at" here.
 *
 * Rates with no deals behind them are null, never 0.
 * @module
 */
import type { DayNumber } from '../domain/dates.js';
import type { MinorUnits } from '../domain/money.js';
import {
  creditsLeftOut,
  dealFacts,
  isCredit,
  OUTCOME,
  type CreditsLeftOut,
  type DealConfig,
} from './deal-facts.js';
import type { DealsAsOf } from './deal-state.js';
import type { DealColumns, Groups } from './dimensions.js';
import type { StageCodes } from './flow-basis.js';
import {
  holmAdjust,
  twoProportionZTest,
  verdict,
  wilsonInterval,
  type Interval,
} from './winloss-statistics.js';

export type WinLossMeasure = 'win_rate' | 'loss_share';

/** Closed deals and their values: a group's, or all of the period's. */
export interface ClosedTally {
  readonly won: number;
  readonly lost: number;
  /** Corporate currency, minor units. */
  readonly wonValue: MinorUnits;
  readonly lostValue: MinorUnits;
}

export interface WinLossRow extends ClosedTally {
  /** The group's key in the breakdown's keyspace (./dimensions.ts). */
  readonly key: number;
  /** Win rate (won / closed) or share of losses (lost / all lost); null when undefined. */
  readonly rate: number | null;
  /** The 95% Wilson interval of `rate`; null when undefined. */
  readonly interval: Interval | null;
  /** By value: won value / closed value, or lost value / all lost value; null when undefined. */
  readonly valueRate: number | null;
  /** The z-test against the rest (win rates only); null when not run. */
  readonly z: number | null;
  readonly p: number | null;
  /** `p` after Holm's correction over the breakdown's tested groups. */
  readonly pAdjusted: number | null;
  /** The test's finding in words; null for shares of losses, which are not tested. */
  readonly verdict: string | null;
}

export interface WinLossBreakdown {
  readonly measure: WinLossMeasure;
  readonly rows: readonly WinLossRow[];
  /** Groups tested (the count Holm's correction is over). */
  readonly comparisons: number;
}

export interface WinLossResult {
  readonly overall: ClosedTally & {
    readonly winRate: number | null;
    readonly interval: Interval | null;
    readonly valueWinRate: number | null;
  };
  readonly breakdowns: readonly WinLossBreakdown[];
  /** The credits closed in the period, left out of every figure. */
  readonly creditsLeftOut: CreditsLeftOut;
}

/** One way to split the closed deals. */
export interface WinLossSplit {
  readonly measure: WinLossMeasure;
  /**
   * Assigns the deals (their state on the as-of day, the stage being the stage lost at) to groups, with their
   * close days as the fiscal date: ./dimensions.ts `groupDeals`.
   */
  readonly group: (deals: DealColumns, closeDay: Int32Array) => Groups;
}

export interface WinLossOptions {
  readonly asOfDay: DayNumber;
  /** Close dates from periodStart to periodEnd, both included (days after the as-of day do not count). */
  readonly periodStart: DayNumber;
  readonly periodEnd: DayNumber;
  readonly stages: StageCodes;
  readonly config: DealConfig;
  readonly splits: readonly WinLossSplit[];
}

export type WinLossSource = Parameters<typeof dealFacts>[0];

/**
 * The stage code of the open stage each lost deal was in just before it was lost (0 when its history shows
 * none); other deals keep their stage on the state's day.
 */
export function stageLostAt(
  source: WinLossSource,
  state: DealsAsOf,
  outcome: Uint8Array,
  stages: StageCodes,
): Uint16Array {
  const codes = Uint16Array.from(state.stageCode);
  const { stageCode } = source.history;
  for (let i = 0; i < codes.length; i++) {
    if (outcome[i] !== OUTCOME.lost) continue;
    const first = source.historyStart[i] ?? 0;
    let row = state.historyRow[i] ?? -1;
    while (row >= first && stages.outcome[stageCode[row] ?? 0] !== OUTCOME.open) row--;
    codes[i] = row >= first ? (stageCode[row] ?? 0) : 0;
  }
  return codes;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Win/loss of the deals closed in the period, overall and per split, by the rules of the module header. */
export function winLoss(source: WinLossSource, options: WinLossOptions): WinLossResult {
  const { asOfDay, periodStart, stages, config } = options;
  // As the metrics' win rate does: deals closed in the period so far.
  const periodEnd = Math.min(options.periodEnd, asOfDay);
  const facts = dealFacts(source, config, asOfDay);
  const { state, outcome, corporateAmount } = facts;
  const closed = new Uint8Array(outcome.length);
  const credits = new Uint8Array(outcome.length);
  let won = 0;
  let lost = 0;
  let wonValue = 0;
  let lostValue = 0;
  for (let i = 0; i < outcome.length; i++) {
    const close = state.closeDay[i] ?? 0;
    const result = outcome[i];
    if ((result !== OUTCOME.won && result !== OUTCOME.lost) || close < periodStart || close > periodEnd)
      continue;
    const value = corporateAmount[i] ?? 0;
    if (isCredit(result, value)) {
      credits[i] = 1;
      continue;
    }
    closed[i] = 1;
    if (result === OUTCOME.won) {
      won++;
      wonValue += value;
    } else {
      lost++;
      lostValue += value;
    }
  }
  const overall = { won, lost, wonValue: wonValue as MinorUnits, lostValue: lostValue as MinorUnits };
  const columns: DealColumns = {
    ...state,
    stageCode: stageLostAt(source, state, outcome, stages),
    corporateAmount,
  };
  const breakdowns = options.splits.map((split) => {
    const tallies = tallyGroups(split.group(columns, state.closeDay), closed, outcome, corporateAmount);
    return split.measure === 'win_rate' ? winRateRows(tallies, overall) : lossShareRows(tallies, overall);
  });
  return {
    overall: {
      ...overall,
      winRate: ratio(won, won + lost),
      interval: wilsonInterval(won, won + lost),
      valueWinRate: ratio(wonValue, wonValue + lostValue),
    },
    breakdowns,
    creditsLeftOut: creditsLeftOut(source, credits, corporateAmount),
  };
}

interface Tally {
  key: number;
  won: number;
  lost: number;
  wonValue: number;
  lostValue: number;
}

/** Closed deals per group, in the order groups were met. */
function tallyGroups(groups: Groups, closed: Uint8Array, outcome: Uint8Array, value: Float64Array): Tally[] {
  const tallies: Tally[] = groups.keys.map((key) => ({ key, won: 0, lost: 0, wonValue: 0, lostValue: 0 }));
  const used = new Uint8Array(tallies.length);
  for (let i = 0; i < closed.length; i++) {
    if (closed[i] !== 1) continue;
    const isWon = outcome[i] === OUTCOME.won;
    for (let slot = groups.rowStart[i] ?? 0; slot < (groups.rowStart[i + 1] ?? 0); slot++) {
      const index = groups.rowSlots[slot] ?? 0;
      const tally = tallies[index] as Tally;
      used[index] = 1;
      if (isWon) {
        tally.won++;
        tally.wonValue += value[i] ?? 0;
      } else {
        tally.lost++;
        tally.lostValue += value[i] ?? 0;
      }
    }
  }
  return tallies.filter((_, index) => used[index] === 1);
}

function winRateRows(tallies: readonly Tally[], overall: ClosedTally): WinLossBreakdown {
  const tests = tallies.map((tally) =>
    twoProportionZTest(
      tally.won,
      tally.won + tally.lost,
      overall.won - tally.won,
      overall.won + overall.lost - tally.won - tally.lost,
    ),
  );
  const adjusted = holmAdjust(tests.map((test) => test?.p ?? null));
  const comparisons = tests.filter((test) => test !== null).length;
  const rows = tallies.map((tally, index): WinLossRow => {
    const test = tests[index] ?? null;
    const pAdjusted = adjusted[index] ?? null;
    return {
      ...money(tally),
      rate: ratio(tally.won, tally.won + tally.lost),
      interval: wilsonInterval(tally.won, tally.won + tally.lost),
      valueRate: ratio(tally.wonValue, tally.wonValue + tally.lostValue),
      z: test?.z ?? null,
      p: test?.p ?? null,
      pAdjusted,
      verdict: verdict(test, pAdjusted, comparisons),
    };
  });
  return { measure: 'win_rate', rows, comparisons };
}

function lossShareRows(tallies: readonly Tally[], overall: ClosedTally): WinLossBreakdown {
  const rows = tallies
    .filter((tally) => tally.lost > 0)
    .map((tally): WinLossRow => ({
      // Only lost deals are looked at: won deals share the group of "no loss reason" but are not losses.
      ...money({ ...tally, won: 0, wonValue: 0 }),
      rate: ratio(tally.lost, overall.lost),
      interval: wilsonInterval(tally.lost, overall.lost),
      valueRate: ratio(tally.lostValue, overall.lostValue),
      z: null,
      p: null,
      pAdjusted: null,
      verdict: null,
    }));
  return { measure: 'loss_share', rows, comparisons: 0 };
}

function money(tally: Tally): Pick<WinLossRow, 'key' | 'won' | 'lost' | 'wonValue' | 'lostValue'> {
  return {
    key: tally.key,
    won: tally.won,
    lost: tally.lost,
    wonValue: tally.wonValue as MinorUnits,
    lostValue: tally.lostValue as MinorUnits,
  };
}
