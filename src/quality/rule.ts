/**
 * What a data-quality rule is, what it sees and what it finds. A rule is a pure check over the audit input
 * (the dataset, the opportunities as of the audit date, the workspace's stage model and FX rates, and the
 * options) that returns the records it flags, the open pipeline value they hold, and examples.
 * @module
 */
import type { OpportunitiesAsOf } from '../dataset/as-of.js';
import { textAt, type Dataset } from '../dataset/dataset.js';
import type { DayNumber, IsoDate } from '../domain/dates.js';
import type { ForecastCategory } from '../domain/entities.js';
import type { MinorUnits } from '../domain/money.js';
import type { StageOutcome } from '../domain/stage-model.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';

/** error: the record is wrong for the forecast; warning: probably wrong, look at it; info: hygiene. */
export type Severity = 'error' | 'warning' | 'info';

export interface AuditOptions {
  /** An open deal with no activity and no change for this many days or more is stale. */
  readonly staleDays: number;
  /** An open deal whose close date was moved later this many times or more is flagged. */
  readonly pushThreshold: number;
  /** An open deal closing more than this many days after the as-of date has a placeholder close date. */
  readonly closeHorizonDays: number;
  /** Amount outliers lie more than this many interquartile ranges beyond the quartiles (of log amounts). */
  readonly outlierIqrs: number;
  /** Examples kept per rule. */
  readonly examples: number;
}

export const DEFAULT_AUDIT_OPTIONS: AuditOptions = {
  staleDays: 30,
  pushThreshold: 3,
  closeHorizonDays: 730,
  outlierIqrs: 3,
  examples: 5,
};

/** What the audit needs of the workspace configuration. */
export type AuditConfig = Pick<WorkspaceConfig, 'currency' | 'stageModel' | 'fxTable'>;

/** Everything a rule may read: the audit's arguments, and columns derived from them once for all rules. */
export interface AuditInput {
  readonly dataset: Dataset;
  /**
   * The opportunities as of the audit date; in a scoped audit, with history facts (pushes, last change) for the
   * scope's deals only, the rules reading them of open deals alone.
   */
  readonly state: OpportunitiesAsOf;
  readonly config: AuditConfig;
  readonly asOf: IsoDate;
  readonly asOfDay: DayNumber;
  readonly options: AuditOptions;
  /** Per stage label code: the stage's index in the stage model, -1 for a stage the model does not have. */
  readonly stageIndexByCode: Int32Array;
  /** Per stage label code: the stage's outcome, null for a stage the model does not have. */
  readonly outcomeByCode: readonly (StageOutcome | null)[];
  /** Per forecast-category label code: the category, null for a label that is not one. */
  readonly categoryByCode: readonly (ForecastCategory | null)[];
  /** Per currency label code: true for the corporate currency and currencies with a rate on the as-of date. */
  readonly convertibleByCode: readonly boolean[];
  /**
   * Per opportunity: 1 when it exists on the as-of date in an open stage (and is in the audit's scope, when
   * `prepareAuditInput` was given one: a forecast audits its period's open deals).
   */
  readonly open: Uint8Array;
  /**
   * Per opportunity: its as-of amount in the corporate currency (minor units, converted at the as-of date's
   * rate), NaN when its currency has no rate on that date.
   */
  readonly corporateAmount: Float64Array;
  /** Per opportunity: the day of its latest activity on or before the as-of date, NO_DAY when none. */
  readonly lastActivityDay: Int32Array;
  /** Per account: 1 when it exists on the as-of date (created on or before it, or no created date). */
  readonly accountExists: Uint8Array;
}

/** One flagged record, as a person reads it. */
export interface RuleExample {
  /** The record's CRM id. */
  readonly id: string;
  readonly name: string;
  /** The offending value, in words: "close date 2026-10-31, 27 days before the as-of date". */
  readonly value: string;
  /** The open pipeline value it holds (corporate currency, minor units); null when it holds none. */
  readonly openValue: MinorUnits | null;
}

/** What a rule found. */
export interface RuleFinding {
  /** Records flagged (for duplicates: the records beyond the first of each group). */
  readonly count: number;
  /** Open pipeline value the flagged records put in doubt, corporate currency, exact minor units. */
  readonly affectedValue: MinorUnits;
  /** Open deals behind `affectedValue` (including any whose currency has no rate, which add no value). */
  readonly affectedOpenDeals: number;
  readonly examples: readonly RuleExample[];
  /** The flagged rows (ascending) of the table the rule checks. */
  readonly flagged: { readonly table: 'opportunities' | 'accounts'; readonly rows: Int32Array };
  /** The open deals (ascending opportunity rows) behind `affectedValue`. */
  readonly valueDeals: Int32Array;
}

export interface QualityRule {
  /** Stable kebab-case id, e.g. `close-date-past`. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** What the rule flags, exactly, with the options' thresholds. */
  readonly description: (options: AuditOptions) => string;
  /** What to do about a flagged record. */
  readonly fix: string;
  readonly check: (input: AuditInput) => RuleFinding;
  /**
   * The finding's `valueDeals` alone (`check(input).valueDeals`), for callers that read no more, such as a
   * forecast's risks on its period's open deals: given by the rules that compare a deal with every other, whose
   * whole finding costs a pass over every deal's comparison while the open deals' cost one over theirs.
   */
  readonly valueDeals?: (input: AuditInput) => Int32Array;
}

/** The open pipeline value of an opportunity: its corporate amount when open, convertible and positive. */
export function openValueOf(input: AuditInput, row: number): number {
  if (input.open[row] !== 1) return 0;
  const amount = input.corporateAmount[row]!;
  return amount > 0 ? amount : 0;
}

/**
 * The finding of a rule that flags opportunities: `rows` ascending, `describe` giving each one's offending
 * value. The value in doubt is that of the flagged deals that are open.
 */
export function opportunityFinding(
  input: AuditInput,
  rows: Int32Array | readonly number[],
  describe: (row: number) => string,
): RuleFinding {
  const flagged = Int32Array.from(rows);
  const valueDeals = flagged.filter((row) => input.open[row] === 1);
  const { crmId, name } = input.dataset.opportunities;
  return {
    ...valueOf(input, valueDeals),
    count: flagged.length,
    examples: topByValue(input, flagged, input.options.examples).map((row) => ({
      id: textAt(crmId, row),
      name: textAt(name, row),
      value: describe(row),
      openValue: input.open[row] === 1 ? (openValueOf(input, row) as MinorUnits) : null,
    })),
    flagged: { table: 'opportunities', rows: flagged },
  };
}

/**
 * The finding of a rule that flags accounts: `rows` ascending, `valueDeals` the open deals on them (ascending),
 * `describe` giving each account's offending value. Examples are the accounts holding the most open value.
 */
export function accountFinding(
  input: AuditInput,
  rows: Int32Array | readonly number[],
  valueDeals: Int32Array,
  describe: (row: number) => string,
): RuleFinding {
  const { accountIndex } = input.dataset.opportunities;
  const heldByAccount = new Map<number, number>();
  for (const deal of valueDeals) {
    const account = accountIndex[deal]!;
    heldByAccount.set(account, (heldByAccount.get(account) ?? 0) + openValueOf(input, deal));
  }
  const held = (row: number): number => heldByAccount.get(row) ?? 0;
  const { crmId, name } = input.dataset.accounts;
  return {
    ...valueOf(input, valueDeals),
    count: rows.length,
    examples: topRows(rows, held, input.options.examples).map((row) => ({
      id: textAt(crmId, row),
      name: textAt(name, row),
      value: describe(row),
      openValue: heldByAccount.has(row) ? (held(row) as MinorUnits) : null,
    })),
    flagged: { table: 'accounts', rows: Int32Array.from(rows) },
  };
}

function valueOf(
  input: AuditInput,
  valueDeals: Int32Array,
): Pick<RuleFinding, 'affectedValue' | 'affectedOpenDeals' | 'valueDeals'> {
  let total = 0;
  for (const row of valueDeals) total += openValueOf(input, row);
  if (!Number.isSafeInteger(total)) throw new RangeError('open pipeline value beyond the safe-integer range');
  return { affectedValue: total as MinorUnits, affectedOpenDeals: valueDeals.length, valueDeals };
}

/** The `limit` opportunity rows holding the most open value (ties: the earlier row), in that order. */
function topByValue(input: AuditInput, rows: Iterable<number>, limit: number): number[] {
  return topRows(rows, (row) => openValueOf(input, row), limit);
}

/** The `limit` rows of largest weight (ties: the earlier row), by one pass keeping a short sorted list. */
function topRows(rows: Iterable<number>, weight: (row: number) => number, limit: number): number[] {
  const top: number[] = [];
  if (limit <= 0) return top;
  for (const row of rows) {
    const w = weight(row);
    if (top.length === limit && w <= weight(top[top.length - 1]!)) continue;
    let at = top.length;
    while (at > 0 && weight(top[at - 1]!) < w) at--;
    top.splice(at, 0, row);
    if (top.length > limit) top.pop();
  }
  return top;
}
