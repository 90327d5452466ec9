/**
 * The forecast-category roll-up with Salesforce's cumulative semantics: Commit forecast = Closed + Commit;
 * Best Case forecast = Closed + Commit + Best Case; Pipeline forecast = Closed + Commit + Best Case + Pipeline
 * (Omitted never counts). Per rep, rolled up the manager hierarchy (or any rep dimension), with owner and
 * manager adjustments as their own layers on top of the system numbers, which are never overwritten.
 *
 * Each open deal's category is the rep's forecast category as of the day (the `rep-category` layer); a deal
 * without one, or with a label outside pipeline/best_case/commit/omitted, takes its stage's default category
 * (the `stage-default` layer), and `inputs.categoryFromStageDefault` counts them. Deals won in the period are
 * Closed whatever their category.
 *
 * An adjustment replaces one rep's cumulative number for one category in its layer: the owner layer starts from
 * the system numbers, the manager layer from the owner layer. A group's adjusted number is its system number
 * plus the adjusted reps' differences, so roll-ups stay sums. Of several adjustments to the same rep, category
 * and layer, the last one given applies.
 * @module
 */
import { groupReps, type DimensionId } from '../analytics/dimensions.js';
import { importRepsCommand, knownRepRow } from '../analytics/known-rep.js';
import { stageIndexByCode } from '../analytics/deal-facts.js';
import type { AnalysisPeriod } from '../analytics/periods.js';
import { repQuotasIn } from '../analytics/rep-periods.js';
import { NO_INDEX, textAt, textEntries, type Dataset } from '../dataset/dataset.js';
import { formatMoney, minorToDecimalString, type MinorUnits } from '../domain/money.js';
import type { DayNumber, IsoDate } from '../domain/dates.js';
import { type ArgumentSyntax, FLAG_SYNTAX, InputError, type Problem } from '../domain/errors.js';
import {
  periodDeals,
  SCOPE,
  sumByGroup,
  type ForecastConfig,
  type GroupSums,
  type PeriodDealInputs,
  type PeriodDeals,
} from './period-deals.js';

export const ADJUSTABLE_CATEGORIES = ['commit', 'best_case', 'pipeline'] as const;
export type AdjustableCategory = (typeof ADJUSTABLE_CATEGORIES)[number];
export type AdjustmentLayer = 'owner' | 'manager';

export interface ForecastAdjustment {
  readonly layer: AdjustmentLayer;
  /** CRM id of the rep whose number is adjusted. */
  readonly rep: string;
  /** CRM id of the manager who made a manager-layer adjustment (one of the rep's managers). */
  readonly by?: string;
  /** The fiscal period it is for, e.g. `FY2026-Q3`. */
  readonly period: string;
  readonly category: AdjustableCategory;
  /** The adjusted cumulative forecast of that category, corporate minor units. */
  readonly amount: number;
  readonly note: string;
}

/** Amounts per category (open deals by category, not cumulative), corporate minor units. */
export interface CategoryAmounts {
  readonly closed: number;
  readonly commit: number;
  readonly bestCase: number;
  readonly pipeline: number;
  readonly omitted: number;
}

/** The cumulative forecasts of one layer. */
export interface CumulativeForecast {
  readonly commit: number;
  readonly bestCase: number;
  readonly pipeline: number;
}

export interface CategoryRow {
  readonly group: Partial<Record<DimensionId, string>>;
  readonly amounts: CategoryAmounts;
  readonly system: CumulativeForecast;
  /** System numbers with the owner adjustments of the group's reps. */
  readonly ownerLayer: CumulativeForecast;
  /** Owner layer with the manager adjustments of the group's reps. */
  readonly managerLayer: CumulativeForecast;
  /** The adjustments in effect on the group's reps, with their notes. */
  readonly adjustments: readonly ForecastAdjustment[];
}

export interface CategoryRollup {
  readonly model: 'category-rollup';
  readonly period: string;
  readonly asOf: IsoDate;
  readonly by: readonly DimensionId[];
  readonly rows: readonly CategoryRow[];
  readonly total: Omit<CategoryRow, 'group'>;
  readonly inputs: PeriodDealInputs & {
    /** Open deals whose category came from their stage's default (no usable rep category). */
    readonly categoryFromStageDefault: number;
  };
}

type CategoryKey = keyof CategoryAmounts;
const CATEGORY_KEY: Readonly<Record<string, CategoryKey>> = {
  pipeline: 'pipeline',
  best_case: 'bestCase',
  commit: 'commit',
  omitted: 'omitted',
};
const LAYER_KEY = { commit: 'commit', best_case: 'bestCase', pipeline: 'pipeline' } as const;

/** The category roll-up of `period` as of `asOfDay`, split by `by` (a rep dimension: owner, manager, team, …). */
export function categoryRollup(
  dataset: Dataset,
  config: ForecastConfig,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  by: readonly DimensionId[],
  adjustments: readonly ForecastAdjustment[] = [],
  /** The period's deals on the day, when the caller has them already. */
  deals: PeriodDeals = periodDeals(dataset, config, period, asOfDay),
): CategoryRollup {
  const repIndexOf = checkAdjustments(dataset, period, adjustments);
  const { state } = deals.facts;
  const { columns, categoryFromStageDefault } = categoryColumns(dataset, config, deals);
  const { keyspace, rows, total } = sumByGroup(dataset, deals, config, by, deals.rows, columns);
  const effective = effectiveAdjustments(adjustments);
  // Each adjustment's groups: the rows of the rep it adjusts.
  const adjustedReps = effective.map((adjustment) => repIndexOf.get(adjustment.rep)!);
  const groups = groupReps(
    keyspace,
    dataset,
    adjustedReps,
    new Int32Array(adjustedReps.length).fill(period.startDay),
    'an adjustment',
  );
  const keysOf = (index: number) =>
    Array.from(
      groups.rowSlots.subarray(groups.rowStart[index], groups.rowStart[index + 1]),
      (slot) => groups.keys[slot]!,
    );
  const allRows: GroupSums<CategoryKey>[] = [...rows];
  for (let index = 0; index < effective.length; index++) {
    for (const key of keysOf(index)) {
      if (!allRows.some((row) => row.key === key)) {
        allRows.push({
          key,
          group: keyspace.labels(key),
          sums: { closed: 0, commit: 0, bestCase: 0, pipeline: 0, omitted: 0 },
        });
      }
    }
  }
  allRows.sort((a, b) => keyspace.compare(a.key, b.key));
  // Rep-level system numbers, from which each adjustment's difference is measured.
  const repSystem = repCumulative(deals.rows, state.ownerIndex, columns, adjustedReps);
  const layered = (keyFilter: (index: number) => boolean) =>
    layers(effective, adjustedReps, repSystem, keyFilter);
  return {
    model: 'category-rollup',
    period: period.name,
    asOf: deals.asOf,
    by,
    rows: allRows.map(({ key, group, sums }) => ({
      group,
      amounts: sums,
      ...layered((index) => keysOf(index).includes(key)).apply(sums),
    })),
    total: { amounts: total, ...layered(() => true).apply(total) },
    inputs: { ...deals.inputs, categoryFromStageDefault },
  };
}

/** Each deal in scope's amount in its category column (one value per `deals.rows`, in that order). */
function categoryColumns(dataset: Dataset, config: ForecastConfig, deals: PeriodDeals) {
  const { state, corporateAmount } = deals.facts;
  const stageIndex = stageIndexByCode(dataset.labels.stage, config.stageModel);
  const categoryLabels = dataset.labels.forecast_category;
  const count = deals.rows.length;
  const columns: Record<CategoryKey, Float64Array> = {
    closed: new Float64Array(count),
    commit: new Float64Array(count),
    bestCase: new Float64Array(count),
    pipeline: new Float64Array(count),
    omitted: new Float64Array(count),
  };
  let categoryFromStageDefault = 0;
  for (let p = 0; p < count; p++) {
    const i = deals.rows[p]!;
    if (deals.scope[i] === SCOPE.won) {
      columns.closed[p] = corporateAmount[i]!;
      continue;
    }
    let key = CATEGORY_KEY[categoryLabels[state.categoryCode[i]!] ?? ''];
    if (key === undefined) {
      categoryFromStageDefault++;
      key = CATEGORY_KEY[config.stageModel.forecastCategory(stageIndex[state.stageCode[i]!]!)] ?? 'pipeline';
    }
    columns[key][p] = corporateAmount[i]!;
  }
  return { columns, categoryFromStageDefault };
}

const CATEGORY_ORDER = ['commit', 'best_case', 'pipeline'] as const;

/**
 * Refuses an adjustment that cannot stand with the period's stored ones (`existing`), before it is saved:
 * - a rep with no forecast of their own in the period (no deal closing or won in it, no quota for it, so no row
 *   in Forecast by Rep), such as a manager who owns no deals: their adjustment would move the totals with no rep
 *   to show it on; the fix names the manager layer on a rep of their team (`--manager`);
 * - a layer whose cumulative numbers would no longer hold commit ≤ best case ≤ pipeline for the rep (the
 *   categories are cumulative: best case includes commit); the fix says which category to adjust first.
 * Throws an InputError located at `adjustments[0].<field>` (the caller places it at its own argument); its fix
 * gives the arguments as the caller writes them (`syntax`: the CLI's `--manager M2`, the API's `manager=M2`), the
 * manager who makes a manager-layer adjustment being the caller's `manager` argument.
 */
export function checkAdjustmentFits(
  dataset: Dataset,
  config: ForecastConfig,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  existing: readonly ForecastAdjustment[],
  adjustment: ForecastAdjustment,
  syntax: ArgumentSyntax,
  deals: PeriodDeals = periodDeals(dataset, config, period, asOfDay),
): void {
  const repIndexOf = checkAdjustments(dataset, period, [adjustment], syntax);
  const rep = repIndexOf.get(adjustment.rep)!;
  const { reps } = dataset;
  const { give } = syntax;
  const named = (index: number) => `${textAt(reps.crmId, index)} (${textAt(reps.name, index)})`;
  const { columns } = categoryColumns(dataset, config, deals);
  const { ownerIndex } = deals.facts.state;
  const quotas = repQuotasIn(dataset, period, config.fiscalCalendar);
  const hasForecast = (index: number) =>
    quotas[index]! > 0 || deals.rows.some((i) => ownerIndex[i] === index);
  if (!hasForecast(rep)) {
    const team: string[] = [];
    for (let other = 0; other < reps.count && team.length < 3; other++) {
      let manager = reps.managerIndex[other]!;
      for (let depth = 0; manager >= 0 && manager !== rep && depth < reps.count; depth++)
        manager = reps.managerIndex[manager]!;
      if (manager === rep && hasForecast(other)) team.push(textAt(reps.crmId, other));
    }
    throw new InputError({
      message: `${named(rep)} has no forecast of their own in ${period.name} to adjust: no deal closing or won in it and no quota for it (no row in Forecast by Rep)`,
      location: { field: 'adjustments[0].rep' },
      fix:
        team.length > 0
          ? `to adjust the forecast of a rep on their team as their manager, give that rep and ${give('manager', adjustment.rep)}, e.g. ${give('rep', team[0]!)} ${give('manager', adjustment.rep)} (their team includes ${team.join(', ')})`
          : `adjust a rep with deals or a quota in ${period.name}: the reps of Forecast by Rep in its report`,
    });
  }
  const system = repCumulative(deals.rows, ownerIndex, columns, [rep]).get(rep)!;
  const mine = effectiveAdjustments([...existing, adjustment]).filter(
    (other) => other.rep === adjustment.rep,
  );
  const ownerLayer = { ...system };
  for (const other of mine) if (other.layer === 'owner') ownerLayer[LAYER_KEY[other.category]] = other.amount;
  const managerLayer = { ...ownerLayer };
  for (const other of mine)
    if (other.layer === 'manager') managerLayer[LAYER_KEY[other.category]] = other.amount;
  const money = (minor: number) =>
    formatMoney(Math.round(minor) as MinorUnits, config.currency, { whole: true });
  const at = CATEGORY_ORDER.indexOf(adjustment.category);
  // The manager layer starts from the owner layer, so an owner adjustment must leave both cumulative.
  const checked = adjustment.layer === 'owner' ? (['owner', 'manager'] as const) : (['manager'] as const);
  for (const name of checked) {
    const layer = name === 'owner' ? ownerLayer : managerLayer;
    const value = layer[LAYER_KEY[adjustment.category]];
    const problem = (other: AdjustableCategory, relation: 'above' | 'below') => {
      const otherValue = layer[LAYER_KEY[other]];
      throw new InputError({
        message: `${adjustment.category} ${money(value)} would be ${relation} ${named(rep)}'s ${other} ${money(otherValue)} in the ${name} layer of ${period.name}: the categories are cumulative (commit ≤ best case ≤ pipeline)`,
        location: { field: 'adjustments[0].amount' },
        fix: `adjust ${other} to ${relation === 'above' ? 'at least' : 'at most'} ${money(value)} first (${give('category', other)} ${give('amount', minorToDecimalString(Math.round(value) as MinorUnits, config.currency))}), or give ${adjustment.category} ${relation === 'above' ? 'at most' : 'at least'} ${money(otherValue)}`,
      });
    };
    const above = CATEGORY_ORDER[at + 1];
    const below = CATEGORY_ORDER[at - 1];
    if (above !== undefined && value > layer[LAYER_KEY[above]]) problem(above, 'above');
    if (below !== undefined && value < layer[LAYER_KEY[below]]) problem(below, 'below');
  }
}

function cumulative(amounts: CategoryAmounts): CumulativeForecast {
  const commit = amounts.closed + amounts.commit;
  const bestCase = commit + amounts.bestCase;
  return { commit, bestCase, pipeline: bestCase + amounts.pipeline };
}

/** The system cumulative forecast of each adjusted rep (their own deals only); `columns` hold one value per row. */
function repCumulative(
  rows: Int32Array,
  ownerIndex: Int32Array,
  columns: Record<CategoryKey, Float64Array>,
  reps: readonly number[],
): Map<number, CumulativeForecast> {
  const sums = new Map<number, Record<CategoryKey, number>>();
  for (const rep of reps) sums.set(rep, { closed: 0, commit: 0, bestCase: 0, pipeline: 0, omitted: 0 });
  if (sums.size > 0) {
    for (let p = 0; p < rows.length; p++) {
      const rep = sums.get(ownerIndex[rows[p]!] ?? NO_INDEX);
      if (!rep) continue;
      for (const key of Object.keys(rep) as CategoryKey[]) rep[key] += columns[key][p]!;
    }
  }
  return new Map([...sums].map(([rep, amounts]) => [rep, cumulative(amounts)]));
}

/** The adjustments in effect: the last of each (layer, rep, category), in the order given. */
function effectiveAdjustments(adjustments: readonly ForecastAdjustment[]): ForecastAdjustment[] {
  const last = new Map<string, ForecastAdjustment>();
  for (const adjustment of adjustments) {
    last.set(`${adjustment.layer}\u0000${adjustment.rep}\u0000${adjustment.category}`, adjustment);
  }
  return [...last.values()];
}

/** The three layers of a group, given which adjustments (by index) touch it. */
function layers(
  effective: readonly ForecastAdjustment[],
  adjustedReps: readonly number[],
  repSystem: ReadonlyMap<number, CumulativeForecast>,
  touches: (index: number) => boolean,
) {
  return {
    apply(amounts: CategoryAmounts): Omit<CategoryRow, 'group' | 'amounts'> {
      const system = cumulative(amounts);
      const ownerDelta = { commit: 0, bestCase: 0, pipeline: 0 };
      const managerDelta = { commit: 0, bestCase: 0, pipeline: 0 };
      const applied: ForecastAdjustment[] = [];
      // Owner adjustments first: a manager adjustment is measured from the rep's owner-layer number.
      const ownerValue = new Map<string, number>();
      effective.forEach((adjustment, index) => {
        if (adjustment.layer !== 'owner') return;
        const rep = adjustedReps[index]!;
        const key = LAYER_KEY[adjustment.category];
        ownerValue.set(`${rep}\u0000${key}`, adjustment.amount);
        if (!touches(index)) return;
        ownerDelta[key] += adjustment.amount - repSystem.get(rep)![key];
        applied.push(adjustment);
      });
      effective.forEach((adjustment, index) => {
        if (adjustment.layer !== 'manager' || !touches(index)) return;
        const rep = adjustedReps[index]!;
        const key = LAYER_KEY[adjustment.category];
        const from = ownerValue.get(`${rep}\u0000${key}`) ?? repSystem.get(rep)![key];
        managerDelta[key] += adjustment.amount - from;
        applied.push(adjustment);
      });
      const ownerLayer = {
        commit: system.commit + ownerDelta.commit,
        bestCase: system.bestCase + ownerDelta.bestCase,
        pipeline: system.pipeline + ownerDelta.pipeline,
      };
      const managerLayer = {
        commit: ownerLayer.commit + managerDelta.commit,
        bestCase: ownerLayer.bestCase + managerDelta.bestCase,
        pipeline: ownerLayer.pipeline + managerDelta.pipeline,
      };
      return { system, ownerLayer, managerLayer, adjustments: applied };
    },
  };
}

/**
 * Refuses adjustments for another period, an unknown rep ({@link knownRepRow}) or category, or a manager layer
 * made by someone not above the rep, each with the valid choices, every problem at `adjustments[<index>].<field>`.
 * The manager layer's fixes give the arguments as the caller writes them (`syntax`, the CLI's flags by default:
 * `--manager M1`; the API's `manager=M1`), the manager who makes a manager-layer adjustment being the caller's
 * `manager`. Returns each known rep's index by CRM id.
 */
function checkAdjustments(
  dataset: Pick<Dataset, 'reps'>,
  period: AnalysisPeriod,
  adjustments: readonly ForecastAdjustment[],
  syntax: ArgumentSyntax = FLAG_SYNTAX,
): Map<string, number> {
  const { managerIndex, count } = dataset.reps;
  const crmId = textEntries(dataset.reps.crmId);
  const repIndexOf = new Map<string, number>();
  for (let rep = 0; rep < count; rep++) repIndexOf.set(crmId[rep]!, rep);
  const problems = adjustments.flatMap((adjustment, index) => {
    const field = (key: string) => ({ field: `adjustments[${index}].${key}` });
    const found: Problem[] = [];
    if (adjustment.period !== period.name) {
      found.push({
        message: `adjustment for period ${adjustment.period} in a forecast of ${period.name}`,
        location: field('period'),
        fix: `adjust ${period.name}, or forecast ${adjustment.period}`,
      });
    }
    if (!(ADJUSTABLE_CATEGORIES as readonly string[]).includes(adjustment.category)) {
      found.push({
        message: `unknown forecast category ${JSON.stringify(adjustment.category)}`,
        location: field('category'),
        fix: `use one of ${ADJUSTABLE_CATEGORIES.join(', ')}`,
      });
    }
    if (!Number.isSafeInteger(adjustment.amount)) {
      found.push({
        message:
          'the adjusted amount is not exact: it holds a fraction of a cent (or of the currency’s smallest unit)',
        location: field('amount'),
        fix: 'give the amount in the corporate currency',
      });
    }
    const rep = repIndexOf.get(adjustment.rep);
    if (rep === undefined) {
      try {
        knownRepRow(dataset, adjustment.rep, { ...field('rep'), importReps: importRepsCommand() });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        found.push(...error.problems);
      }
    } else if (adjustment.layer === 'manager') {
      const managers: string[] = [];
      for (let m = managerIndex[rep]!; m >= 0 && managers.length < count; m = managerIndex[m]!)
        managers.push(crmId[m]!);
      if (adjustment.by === undefined || !managers.includes(adjustment.by)) {
        const [direct, ...above] = managers;
        found.push({
          message: `manager adjustment by ${JSON.stringify(adjustment.by ?? '')}, who does not manage ${adjustment.rep}`,
          location: field('by'),
          fix:
            direct === undefined
              ? `${adjustment.rep} has no manager: leave ${syntax.name('manager')} out, to adjust as the owner`
              : `give ${syntax.give('manager', direct)}${above.length > 0 ? ` (or a manager above: ${above.join(', ')})` : ''}`,
        });
      }
    }
    return found;
  });
  if (problems.length > 0) throw new InputError(problems);
  return repIndexOf;
}
