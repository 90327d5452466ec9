/**
 * Risk Factors, Upside Opportunities and Recommendations of the Sales Forecast, found in the data rather than
 * written: each risk is a set of deals (or reps, or segments) with the money the forecast has riding on it, and
 * each recommendation follows from one risk or upside by a fixed rule, in the order they were found.
 *
 * Deal risks come from the data-quality rules (src/quality), restricted to the open deals of the period:
 * - slipping deals: close date passed (`close-date-past`) or pushed repeatedly (`close-date-pushed`);
 * - stale deals: no activity and no change for weeks (`stale-deal`), or owned by someone who left
 *   (`owner-inactive`);
 * - data quality: every other error or warning rule.
 * Their impact is the forecast's exposure: Σ of what the forecast counts of the deals (their weighted value under
 * the model used, {@link RiskDeals.expected}), not their full amount.
 * - deal concentration: the three largest deals' share of the weighted pipeline above {@link CONCENTRATION_SHARE};
 *   impact their weighted value;
 * - reps below 80%: forecast below 80% of quota; impact Σ (quota - forecast);
 * - segments behind: forecast 10% or more below quota; impact Σ (quota - forecast);
 * - low coverage: open pipeline in the period below {@link COVERAGE_TARGET} × the quota still to close, with the
 *   forecast short of quota; impact quota - forecast.
 *
 * Upside: best-case deals (category best case) beyond what the forecast counts of them; late-stage deals (the
 * last two open stages) that their owners left in pipeline or omitted; deals of the next period in the last two
 * open stages or in commit, which could be pulled in. Potential: Σ (amount - what the forecast counts of the deal),
 * for deals of the period and of the next alike: the historical-conversion model already counts part of the next
 * period's deals, and that part is not upside again.
 * @module
 */
import { countsAsPipeline, OUTCOME } from '../analytics/deal-facts.js';
import type { AuditInput, QualityRule } from '../quality/rule.js';
import { QUALITY_RULES } from '../quality/rules.js';
import { NO_DAY, textAt, type Dataset } from '../dataset/dataset.js';
import { fromDayNumber, type DayNumber } from '../domain/dates.js';
import { listFirst } from '../domain/listing.js';
import { plural } from '../domain/plural.js';
import type { MinorUnits } from '../domain/money.js';
import type {
  DealRef,
  GroupForecastRow,
  Recommendation,
  RiskFactor,
  RiskGroup,
  RiskKind,
  SegmentForecastRow,
  UpsideOpportunity,
} from './sales-forecast.js';

/** The three largest deals are a concentration risk above this share of the weighted pipeline. */
export const CONCENTRATION_SHARE = 0.25;
export const CONCENTRATION_DEALS = 3;
/** Healthy coverage: open pipeline at least this many times the quota still to close (the role's ≥ 3x). */
export const COVERAGE_TARGET = 3;

/**
 * The data-quality rules the forecast runs: those that can flag open deals with error or warning severity. Left
 * out: info rules (hygiene, never a risk), rules of closed deals (`closed-deal-close-date`,
 * `category-contradicts-stage`), and `duplicate-account`, which flags accounts (their copies hold no deals of
 * their own) and compares every account name, the slowest rule by far (`salesops audit` runs it).
 */
export const FORECAST_QUALITY_RULES: readonly QualityRule[] = QUALITY_RULES.filter(
  (rule) =>
    rule.severity !== 'info' &&
    !['closed-deal-close-date', 'category-contradicts-stage', 'duplicate-account'].includes(rule.id),
);

const SLIPPING_RULES = ['close-date-past', 'close-date-pushed'];
const STALE_RULES = ['stale-deal', 'owner-inactive'];

/** Per opportunity, what the risk finder reads of the forecast. */
export interface RiskDeals {
  readonly dataset: Pick<Dataset, 'opportunities' | 'reps' | 'labels'>;
  /** Per opportunity: 1 for open deals closing in the period. */
  readonly open: Uint8Array;
  /** Per opportunity: its corporate amount on the as-of day. */
  readonly amount: Float64Array;
  /** Per opportunity: the deal-level model's P(won in the period), which the deals listed show. */
  readonly probability: Float64Array;
  /**
   * Per opportunity: what the forecast counts of the deal, its weighted value under the model used (0 for a deal
   * it leaves out; a deal closing after the period has one under historical conversion).
   */
  readonly expected: Float64Array;
  readonly stageCode: Uint16Array;
  readonly stageIndex: Int32Array;
  readonly categoryCode: Uint16Array;
  readonly ownerIndex: Int32Array;
  readonly closeDay: Int32Array;
  /** The stage model's open stages, in process order, by index. */
  readonly openStages: readonly number[];
  readonly stageNames: readonly string[];
}

export interface RiskInput {
  readonly deals: RiskDeals;
  /** The data-quality rules' findings on the as-of day. */
  readonly findings: readonly { readonly rule: QualityRule; readonly valueDeals: Int32Array }[];
  readonly byOwner: readonly GroupForecastRow[];
  readonly bySegment: readonly SegmentForecastRow[];
  readonly quota: number | null;
  readonly forecast: number;
  readonly closed: number;
  readonly weightedPipeline: number;
  /** Open deals of the next fiscal period (per opportunity, 1), for pull-in upside. */
  readonly nextPeriodOpen: Uint8Array;
  readonly nextPeriodName: string | null;
  readonly periodName: string;
  readonly dealLimit: number;
  /**
   * `salesops audit` as the report's notes suggest commands (with the run's program and workspace, in backticks;
   * for the HTTP API, salesops's `audit` on the server).
   */
  readonly auditCommand: string;
}

const money = (value: number) => Math.round(value) as MinorUnits;

/** A deal as a risk or upside names it. */
export function dealRef(deals: RiskDeals, i: number): DealRef {
  const { opportunities, reps } = deals.dataset;
  const owner = deals.ownerIndex[i]!;
  const close = deals.closeDay[i]!;
  return {
    id: textAt(opportunities.crmId, i),
    name: textAt(opportunities.name, i),
    owner: owner >= 0 ? textAt(reps.name, owner) : '',
    stage: deals.dataset.labels.stage[deals.stageCode[i]!] ?? '',
    amount: money(deals.amount[i]!),
    closeDate: close === NO_DAY ? null : fromDayNumber(close),
    probability: deals.probability[i]!,
  };
}

/** The deals of a set, largest amount first, up to `limit`. */
function largest(deals: RiskDeals, rows: Iterable<number>, limit: number): DealRef[] {
  return [...rows]
    .sort((a, b) => deals.amount[b]! - deals.amount[a]! || a - b)
    .slice(0, limit)
    .map((i) => dealRef(deals, i));
}

/** Reps a risk and its recommendation name at most; the rest are counted. */
const LISTED_REPS = 5;

/** The reps below 80% as their risk and recommendation name them: "Carol, Dan". */
const repList = (groups: readonly RiskGroup[]) =>
  listFirst(
    groups.map((group) => group.name),
    LISTED_REPS,
  );

/** The segments behind as their risk and recommendation name them: "Enterprise (-12%), SMB (-20%)". */
const segmentList = (groups: readonly RiskGroup[]) =>
  groups.map((group) => `${group.name} (${Math.round(group.variancePercent * 100)}%)`).join(', ');

/** The risks found, in the order of {@link RiskKind}'s list; only those present. */
export function findRisks(input: RiskInput): RiskFactor[] {
  const { deals } = input;
  const risks: RiskFactor[] = [];
  const exposure = (rows: Iterable<number>) => {
    let total = 0;
    for (const i of rows) total += deals.expected[i]!;
    return money(total);
  };
  const openFlagged = (ids: readonly string[] | null, exclude: readonly string[]) => {
    const rows = new Set<number>();
    for (const { rule, valueDeals } of input.findings) {
      const wanted = ids ? ids.includes(rule.id) : !exclude.includes(rule.id) && rule.severity !== 'info';
      if (!wanted) continue;
      for (const i of valueDeals) if (deals.open[i] === 1) rows.add(i);
    }
    return rows;
  };
  const dealRisk = (kind: RiskKind, rows: Set<number>, risk: string, mitigation: string) => {
    if (rows.size === 0) return;
    risks.push({
      kind,
      risk,
      groups: [],
      impact: exposure(rows),
      mitigation,
      deals: largest(deals, rows, input.dealLimit),
    });
  };
  const slipping = openFlagged(SLIPPING_RULES, []);
  dealRisk(
    'slipping-deals',
    slipping,
    `${plural(slipping.size, 'deal')} closing in ${input.periodName} past ${slipping.size === 1 ? 'its' : 'their'} close date or pushed repeatedly may slip`,
    'Confirm each close date with the buyer; move the ones that will not close out of the period.',
  );
  const stale = openFlagged(STALE_RULES, []);
  dealRisk(
    'stale-deals',
    stale,
    `${plural(stale.size, 'deal')} closing in ${input.periodName} with no activity or change for weeks, or an owner who left`,
    'Have each owner log the next step this week, reassign deals of reps who left, and close out the dead ones.',
  );
  const concentrated = concentration(input);
  if (concentrated) risks.push(concentrated);
  const belowOwners = input.byOwner.filter((row) => row.risk === 'high' && row.quota !== null);
  if (belowOwners.length > 0) {
    const groups = belowOwners.map((row) => ({ name: row.group, variancePercent: row.attainment! - 1 }));
    risks.push({
      kind: 'reps-below-80',
      risk: `${plural(belowOwners.length, 'rep')} forecast below 80% of quota: ${repList(groups)}`,
      groups,
      impact: money(belowOwners.reduce((sum, row) => sum + (row.quota! - row.forecast), 0)),
      mitigation:
        'Weekly pipeline reviews with each, pair them with a top performer, and build pipeline for next period.',
      deals: [],
    });
  }
  const behind = input.bySegment.filter((row) => row.flag !== null);
  if (behind.length > 0) {
    const groups = behind.map((row) => ({ name: row.segment, variancePercent: row.variancePercent ?? 0 }));
    risks.push({
      kind: 'segments-behind',
      risk: `${segmentList(groups)} behind quota`,
      groups,
      impact: money(behind.reduce((sum, row) => sum - (row.variance ?? 0), 0)),
      mitigation:
        'Review the segment’s pipeline and win rates; shorten cycles with smaller first deals and pilots.',
      deals: [],
    });
  }
  const defects = openFlagged(null, [...SLIPPING_RULES, ...STALE_RULES]);
  dealRisk(
    'data-quality',
    defects,
    `${plural(defects.size, 'deal')} closing in ${input.periodName} with data-quality findings (amount, stage, category, account or duplicates)`,
    `Fix the findings ${input.auditCommand} lists before the forecast call; the numbers rest on them.`,
  );
  const coverage = lowCoverage(input);
  if (coverage) risks.push(coverage);
  return risks;
}

function concentration(input: RiskInput): RiskFactor | null {
  const { deals } = input;
  const rows: number[] = [];
  for (let i = 0; i < deals.open.length; i++) if (deals.open[i] === 1) rows.push(i);
  const value = (i: number) => deals.expected[i]!;
  rows.sort((a, b) => value(b) - value(a) || a - b);
  const top = rows.slice(0, CONCENTRATION_DEALS);
  const share =
    input.weightedPipeline > 0 ? top.reduce((sum, i) => sum + value(i), 0) / input.weightedPipeline : 0;
  if (top.length < CONCENTRATION_DEALS || share <= CONCENTRATION_SHARE) return null;
  return {
    kind: 'deal-concentration',
    risk: `the ${top.length} largest deals carry ${Math.round(share * 100)}% of the weighted pipeline`,
    groups: [],
    impact: money(top.reduce((sum, i) => sum + value(i), 0)),
    mitigation:
      'An executive sponsor and a mutual close plan on each, and a plan B for the period if one slips.',
    deals: top.map((i) => dealRef(deals, i)),
  };
}

function lowCoverage(input: RiskInput): RiskFactor | null {
  if (input.quota === null || input.forecast >= input.quota) return null;
  const remaining = input.quota - input.closed;
  let pipeline = 0;
  for (let i = 0; i < input.deals.open.length; i++)
    if (input.deals.open[i] === 1) pipeline += input.deals.amount[i]!;
  const coverage = remaining > 0 ? pipeline / remaining : Infinity;
  if (coverage >= COVERAGE_TARGET) return null;
  return {
    kind: 'low-coverage',
    risk: `pipeline closing in ${input.periodName} covers ${coverage.toFixed(1)}x the quota still to close (target ${COVERAGE_TARGET}x)`,
    groups: [],
    impact: money(input.quota - input.forecast),
    mitigation:
      'Generate pipeline now (outbound, partner and customer expansion) and pull in deals from next period.',
    deals: [],
  };
}

/** The upside found: best case beyond commit, late stages not forecast, next-period deals to pull in. */
export function findUpside(input: RiskInput): UpsideOpportunity[] {
  const { deals } = input;
  const labels = deals.dataset.labels.forecast_category;
  const lateStages = new Set(deals.openStages.slice(-2));
  const bestCase: number[] = [];
  const lateNotForecast: number[] = [];
  const pullIn: number[] = [];
  for (let i = 0; i < deals.open.length; i++) {
    const category = labels[deals.categoryCode[i]!] ?? '';
    const late = lateStages.has(deals.stageIndex[deals.stageCode[i]!]!);
    if (deals.open[i] === 1) {
      if (category === 'best_case') bestCase.push(i);
      else if (late && (category === 'pipeline' || category === 'omitted')) lateNotForecast.push(i);
    } else if (input.nextPeriodOpen[i] === 1 && (late || category === 'commit') && deals.amount[i]! > 0) {
      pullIn.push(i);
    }
  }
  const upside: UpsideOpportunity[] = [];
  const add = (kind: UpsideOpportunity['kind'], rows: number[], description: string) => {
    if (rows.length === 0) return;
    let value = 0;
    let potential = 0;
    for (const i of rows) {
      value += deals.amount[i]!;
      potential += Math.max(0, deals.amount[i]! - deals.expected[i]!);
    }
    upside.push({
      kind,
      description,
      count: rows.length,
      value: money(value),
      potential: money(potential),
      deals: largest(deals, rows, input.dealLimit),
    });
  };
  add('best-case-not-in-commit', bestCase, `${plural(bestCase.length, 'best-case deal')} not in commit`);
  add(
    'late-stage-not-forecast',
    lateNotForecast,
    `${plural(lateNotForecast.length, 'late-stage deal')} left in pipeline or omitted by ${lateNotForecast.length === 1 ? 'its owner' : 'their owners'}`,
  );
  if (input.nextPeriodName) {
    add(
      'pull-in-next-period',
      pullIn,
      `${plural(pullIn.length, 'late-stage or commit deal')} closing in ${input.nextPeriodName} that could be pulled in`,
    );
  }
  return upside;
}

/** Deals a recommendation names at most, the largest first. */
const RECOMMENDED_DEALS = 3;

/**
 * The deals by name, for a reader to look up in the CRM: a name that two of them share, or none, comes with each
 * deal's CRM id ("Acme - New Business (OPP-0042), Acme - New Business (OPP-0057)").
 */
export function dealNames(refs: readonly DealRef[]): string {
  const uses = new Map<string, number>();
  for (const ref of refs) uses.set(ref.name, (uses.get(ref.name) ?? 0) + 1);
  return refs
    .map((ref) => (ref.name === '' ? ref.id : uses.get(ref.name)! > 1 ? `${ref.name} (${ref.id})` : ref.name))
    .join(', ');
}

/** One recommendation per risk and upside found, in order, by a fixed rule each. */
export function recommend(
  risks: readonly RiskFactor[],
  upside: readonly UpsideOpportunity[],
  auditCommand: string,
): Recommendation[] {
  const names = (refs: readonly DealRef[]) => dealNames(refs.slice(0, RECOMMENDED_DEALS));
  const fromRisk = (risk: RiskFactor): string => {
    switch (risk.kind) {
      case 'slipping-deals':
        return `Review the slipping deals with their owners this week (largest: ${names(risk.deals)}); confirm or move each close date.`;
      case 'stale-deals':
        return `Get a logged next step on every stale deal (largest: ${names(risk.deals)}) or close it out.`;
      case 'deal-concentration':
        return `Assign an executive sponsor and a close plan to ${names(risk.deals)}.`;
      case 'reps-below-80':
        return `Coach and review pipeline weekly with the reps below 80%: ${repList(risk.groups)}.`;
      case 'segments-behind':
        return `Adjust the plan where segments are behind (${segmentList(risk.groups)}): shorter cycles, value-based selling.`;
      case 'data-quality':
        return `Fix the data-quality findings on this period’s deals (${auditCommand}) before the next forecast call.`;
      case 'low-coverage':
        return 'Build pipeline: coverage is below 3x the quota still to close.';
    }
  };
  const fromUpside = (item: UpsideOpportunity): string => {
    switch (item.kind) {
      case 'best-case-not-in-commit':
        return `Qualify the best-case deals for commit (largest: ${names(item.deals)}).`;
      case 'late-stage-not-forecast':
        return `Ask the owners of late-stage deals left out of the forecast for a call on them (largest: ${names(item.deals)}).`;
      case 'pull-in-next-period':
        return `Try to pull forward next period’s late-stage deals (largest: ${names(item.deals)}) to cover the gap.`;
    }
  };
  return [
    ...risks.map((risk) => ({ from: risk.kind, text: fromRisk(risk) })),
    ...upside.map((item) => ({ from: item.kind, text: fromUpside(item) })),
  ];
}

/** Each rule's open deals on the day (the audit's findings), for {@link findRisks}. */
export function ruleFindings(
  input: AuditInput,
  rules: readonly QualityRule[],
): { readonly rule: QualityRule; readonly valueDeals: Int32Array }[] {
  return rules.map((rule) => ({
    rule,
    valueDeals: rule.valueDeals?.(input) ?? rule.check(input).valueDeals,
  }));
}

/** The day's open deals of a period that can be forecast ({@link countsAsPipeline}), as a per-opportunity mask. */
export function openInPeriod(
  outcome: Uint8Array,
  amount: Float64Array,
  closeDay: Int32Array,
  startDay: DayNumber,
  endDay: DayNumber,
): Uint8Array {
  const mask = new Uint8Array(closeDay.length);
  for (let i = 0; i < mask.length; i++) {
    const close = closeDay[i]!;
    if (outcome[i] === OUTCOME.open && countsAsPipeline(amount[i]!) && close >= startDay && close <= endDay)
      mask[i] = 1;
  }
  return mask;
}
