/**
 * The data-quality audit: runs every rule of the registry over the data as of a date, and sums the findings
 * into a 0-100 quality score and the share of the open pipeline's value that the flagged records put in doubt.
 * Pure: it reads the dataset and the configuration it is given, nothing else.
 * @module
 */
import { countsAsPipeline } from '../analytics/deal-facts.js';
import type { Dataset } from '../dataset/dataset.js';
import type { IsoDate } from '../domain/dates.js';
import { InputError, type Problem } from '../domain/errors.js';
import type { MinorUnits } from '../domain/money.js';
import { prepareAuditInput } from './audit-input.js';
import {
  DEFAULT_AUDIT_OPTIONS,
  openValueOf,
  type AuditConfig,
  type AuditOptions,
  type QualityRule,
  type RuleExample,
  type Severity,
} from './rule.js';
import { QUALITY_RULES } from './rules.js';

/** How much a flagged record takes off the score, by its worst finding. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { error: 1, warning: 0.5, info: 0.1 };

export const SCORE_FORMULA =
  'score = 100 × (1 − Σ weight / records), where records are the deals and accounts that exist on the ' +
  'as-of date, and each record weighs by its worst finding: error 1, warning 0.5, info 0.1, none 0.';

/** Severities ranked for "worst finding" (0: none). */
const RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };
const BY_RANK: readonly (Severity | undefined)[] = [undefined, 'info', 'warning', 'error'];

/** One rule's result, as reports show it. */
export interface RuleReport {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  readonly fix: string;
  readonly count: number;
  /** Open pipeline value the flagged records put in doubt, corporate currency, minor units. */
  readonly affectedValue: MinorUnits;
  readonly affectedOpenDeals: number;
  readonly examples: readonly RuleExample[];
}

export interface AuditReport {
  readonly asOf: IsoDate;
  /** The corporate currency every value is in. */
  readonly currency: string;
  readonly options: AuditOptions;
  /** 0-100, one decimal; see {@link SCORE_FORMULA}. */
  readonly score: number;
  readonly scoreFormula: string;
  readonly records: {
    readonly opportunities: number;
    readonly accounts: number;
    /** Records by their worst finding. */
    readonly flagged: Readonly<Record<Severity, number>>;
  };
  /**
   * The open pipeline on the as-of day, any close date: the open deals with a positive amount in the corporate
   * currency (`countsAsPipeline`, as the pipeline metrics and the forecast count it). Deals with a zero or
   * negative amount (amount-not-positive) or without an FX rate ({@link unconvertedDeals}) are in neither its
   * count nor its value.
   */
  readonly openPipeline: {
    readonly deals: number;
    /** Sum of the open deals' positive amounts, corporate currency, minor units. */
    readonly value: MinorUnits;
    /**
     * Open pipeline deals flagged by at least one error or warning rule (or on a flagged account), each counted
     * once: the pipeline whose value is in doubt. Info findings are hygiene and do not count.
     */
    readonly affectedDeals: number;
    readonly affectedValue: MinorUnits;
    /** affectedValue / value, in [0, 1]; 0 for an empty pipeline. */
    readonly affectedShare: number;
    /** Open deals whose currency has no rate: they hold value that cannot be counted. */
    readonly unconvertedDeals: number;
  };
  readonly rules: readonly RuleReport[];
}

function optionProblems(options: AuditOptions): Problem[] {
  const problems: Problem[] = [];
  const whole = (field: keyof AuditOptions, minimum: number, example: number): void => {
    const value = options[field];
    if (!Number.isSafeInteger(value) || value < minimum) {
      problems.push({
        message: `${field} must be a whole number >= ${minimum} (got ${value})`,
        location: { field },
        fix: `use ${example}, for example`,
      });
    }
  };
  whole('staleDays', 1, DEFAULT_AUDIT_OPTIONS.staleDays);
  whole('pushThreshold', 1, DEFAULT_AUDIT_OPTIONS.pushThreshold);
  whole('closeHorizonDays', 0, DEFAULT_AUDIT_OPTIONS.closeHorizonDays);
  whole('examples', 0, DEFAULT_AUDIT_OPTIONS.examples);
  if (!(options.outlierIqrs > 0)) {
    problems.push({
      message: `outlierIqrs must be greater than 0 (got ${options.outlierIqrs})`,
      location: { field: 'outlierIqrs' },
      fix: `use ${DEFAULT_AUDIT_OPTIONS.outlierIqrs}, for example`,
    });
  }
  return problems;
}

/**
 * Audits the data as of `asOf` with every rule of {@link QUALITY_RULES} (or `rules`). Options not given take
 * {@link DEFAULT_AUDIT_OPTIONS}; a bad one is an InputError.
 */
export function runAudit(
  dataset: Dataset,
  config: AuditConfig,
  asOf: IsoDate,
  options: Partial<AuditOptions> = {},
  rules: readonly QualityRule[] = QUALITY_RULES,
): AuditReport {
  const resolved: AuditOptions = { ...DEFAULT_AUDIT_OPTIONS, ...options };
  const problems = optionProblems(resolved);
  if (problems.length > 0) throw new InputError(problems);
  const input = prepareAuditInput(dataset, config, asOf, resolved);

  const deals = dataset.opportunities.count;
  const accounts = dataset.accounts.count;
  // Worst severity per record (0 none, 1 info, 2 warning, 3 error) and open deals whose value is in doubt.
  const dealSeverity = new Uint8Array(deals);
  const accountSeverity = new Uint8Array(accounts);
  const inDoubt = new Uint8Array(deals);
  const reports = rules.map((rule): RuleReport => {
    const finding = rule.check(input);
    const worst = finding.flagged.table === 'opportunities' ? dealSeverity : accountSeverity;
    for (const row of finding.flagged.rows) worst[row] = Math.max(worst[row]!, RANK[rule.severity]);
    // Hygiene (info) findings do not make a deal's value doubtful.
    if (rule.severity !== 'info') for (const deal of finding.valueDeals) inDoubt[deal] = 1;
    return {
      id: rule.id,
      title: rule.title,
      severity: rule.severity,
      description: rule.description(resolved),
      fix: rule.fix,
      count: finding.count,
      affectedValue: finding.affectedValue,
      affectedOpenDeals: finding.affectedOpenDeals,
      examples: finding.examples,
    };
  });

  const flagged: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let weight = 0;
  const tally = (worst: number): void => {
    const severity = BY_RANK[worst];
    if (!severity) return;
    flagged[severity]++;
    weight += SEVERITY_WEIGHTS[severity];
  };
  let existingDeals = 0;
  for (let row = 0; row < deals; row++) {
    if (input.state.exists[row] !== 1) continue;
    existingDeals++;
    tally(dealSeverity[row]!);
  }
  let existingAccounts = 0;
  for (let row = 0; row < accounts; row++) {
    if (input.accountExists[row] !== 1) continue;
    existingAccounts++;
    tally(accountSeverity[row]!);
  }
  const records = existingDeals + existingAccounts;

  let openDeals = 0;
  let value = 0;
  let affectedDeals = 0;
  let affectedValue = 0;
  let unconvertedDeals = 0;
  for (let row = 0; row < deals; row++) {
    if (input.open[row] !== 1) continue;
    if (Number.isNaN(input.corporateAmount[row]!)) unconvertedDeals++;
    // The open pipeline counts the deals its value sums: a zero, negative or unconvertible amount is in neither.
    if (!countsAsPipeline(input.corporateAmount[row]!)) continue;
    openDeals++;
    value += openValueOf(input, row);
    if (inDoubt[row] === 1) {
      affectedDeals++;
      affectedValue += openValueOf(input, row);
    }
  }
  return {
    asOf,
    currency: config.currency,
    options: resolved,
    score: records === 0 ? 100 : Math.round(1000 * (1 - weight / records)) / 10,
    scoreFormula: SCORE_FORMULA,
    records: { opportunities: existingDeals, accounts: existingAccounts, flagged },
    openPipeline: {
      deals: openDeals,
      value: value as MinorUnits,
      affectedDeals,
      affectedValue: affectedValue as MinorUnits,
      affectedShare: value > 0 ? affectedValue / value : 0,
      unconvertedDeals,
    },
    rules: reports,
  };
}
