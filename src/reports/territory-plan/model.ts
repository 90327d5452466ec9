/**
 * The Territory Plan document (the sales-operations role's deliverable) as data: Territory Overview, Account
 * Segmentation, Sales Coverage Model, Quota Allocation, Account Assignment Rules and Success Metrics, built from
 * a plan version and last year's results. The Markdown, HTML and JSON renderers all read this one shape, so the
 * three formats cannot disagree.
 *
 * Success metrics (each definition is printed under the table):
 * - growth = the plan's target / revenue won in the 12 months to the as-of day;
 * - new logo target = ceil(new customers of those 12 months x growth);
 * - expansion target = expansion revenue won in those 12 months x growth;
 * - top-tier penetration target = (the tier's current ARR + target x the tier's share of all whitespace) / the
 *   tier's potential: new bookings land where the whitespace is;
 * - win rate: hold the 12 months' win rate.
 * @module
 */
import type { IsoDate } from '../../domain/dates.js';
import { minorUnits, multiplyByRate, type CurrencyCode, type MinorUnits } from '../../domain/money.js';
import type { CoverageLine, CoverageResult, RoleCoverage } from '../../planning/coverage.js';
import type { PlanAssignment, PlanQuota, PlanState, PlanVersion } from '../../planning/plan-version.js';
import { describeLogic, describeTarget, type AssignmentRule } from '../../planning/rules.js';
import type { GroupTotals, TierSummary } from '../../planning/segmentation.js';

/** The plan's segmentation as a plan version keeps it (totals per tier and segment). */
export interface SegmentationTotals {
  readonly tiers: readonly TierSummary[];
  readonly segments: readonly (GroupTotals & { readonly segment: string })[];
  readonly total: GroupTotals;
}

/** Results of the 12 months to the as-of day, from the metric registry. */
export interface TrailingResults {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly wonRevenue: MinorUnits;
  readonly expansionRevenue: MinorUnits;
  readonly newCustomers: number;
  /** Null where no deal closed. */
  readonly winRate: number | null;
}

export interface TerritoryPlanInput {
  readonly plan: PlanVersion;
  readonly company: string;
  readonly currency: CurrencyCode;
  readonly asOf: IsoDate;
  readonly segmentation: SegmentationTotals | null;
  readonly coverage: CoverageResult | null;
  readonly rules: readonly AssignmentRule[];
  readonly trailing: TrailingResults;
  /** The quota total (target + buffer) and the method, where quotas were set. */
  readonly quotaTotal: MinorUnits | null;
  readonly quotaMethod: string | null;
}

export interface QuotaRow {
  readonly repId: string;
  readonly repName: string;
  readonly role: string;
  /**
   * The tier most of the rep's potential sits in (or the tiers the rep takes). Without assignment rules a book
   * mixes tiers whatever the rep's role, so it is the tiers the rep file gives, else `any (no rules)`: the
   * majority tier of an unruled book would contradict the coverage model.
   */
  readonly tierFocus: string;
  readonly accountCount: number;
  readonly quota: MinorUnits;
  readonly quarters: readonly MinorUnits[];
  /** Share of the territory's total quota. */
  readonly share: number;
  readonly basis: string;
  /** Hired on or after the as-of day: a planned hire. */
  readonly newHire: boolean;
}

export interface RuleLine {
  readonly label: string;
  readonly text: string;
}

export interface SuccessMetric {
  readonly metric: string;
  /** The figure of the last 12 months. */
  readonly current: string;
  readonly target: string;
  readonly definition: string;
}

export interface TerritoryPlan {
  readonly title: string;
  readonly company: string;
  readonly plan: string;
  readonly state: PlanState;
  readonly fiscalYear: string;
  readonly currency: CurrencyCode;
  readonly asOf: IsoDate;
  readonly overview: {
    readonly geography: readonly { readonly region: string; readonly accounts: number }[];
    readonly segments: readonly { readonly segment: string; readonly accounts: number }[];
    readonly accountCount: number;
    readonly marketPotential: MinorUnits;
    readonly currentArr: MinorUnits;
    /** The sum of the accounts' whitespace (not marketPotential - currentArr: see segmentationNote). */
    readonly whitespace: MinorUnits;
    readonly penetration: number | null;
  } | null;
  readonly segmentation: readonly TierSummary[] | null;
  readonly coverage: {
    readonly lines: readonly CoverageLine[];
    readonly roles: readonly RoleCoverage[];
    readonly uncoveredTiers: readonly string[];
  } | null;
  readonly quotas: {
    readonly total: MinorUnits;
    readonly target: MinorUnits | null;
    readonly method: string | null;
    readonly rows: readonly QuotaRow[];
  } | null;
  readonly rules: {
    readonly standing: readonly RuleLine[];
    readonly custom: readonly RuleLine[];
    readonly namedAccounts: number;
  };
  readonly successMetrics: readonly SuccessMetric[];
  readonly trailing: TrailingResults;
  /** What is missing from the plan (steps not run), said in the document rather than left blank. */
  readonly missing: readonly string[];
}

function countBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const name = key(item) ?? 'Unassigned';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

const byCountThenName =
  <T extends { accounts: number }>(key: (item: T) => string) =>
  (a: T, b: T) =>
    b.accounts - a.accounts || (key(a) < key(b) ? -1 : 1);

/** The tier holding most of a rep's potential (ties: most accounts, then the first tier name). */
function tierFocus(accounts: readonly PlanAssignment[], fallback: readonly string[], ruled: boolean): string {
  if (accounts.length === 0 || (!ruled && fallback.length > 0)) {
    return fallback.length > 0 ? fallback.join(', ') : '-';
  }
  if (!ruled) return 'any (no rules)';
  const potential = new Map<string, number>();
  for (const account of accounts) {
    const tier = account.tier ?? 'Unassigned';
    potential.set(tier, (potential.get(tier) ?? 0) + account.potential + 1);
  }
  return [...potential].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

function quotaRows(
  plan: PlanVersion,
  quotaLines: readonly PlanQuota[],
  asOf: IsoDate,
  ruled: boolean,
): QuotaRow[] {
  const total = quotaLines.reduce((sum, line) => sum + line.annual, 0);
  const roster = new Map(plan.inputs.roster.map((rep) => [rep.id, rep]));
  const byRep = new Map<string, PlanAssignment[]>();
  for (const assignment of plan.assignments ?? []) {
    const list = byRep.get(assignment.repId);
    if (list) list.push(assignment);
    else byRep.set(assignment.repId, [assignment]);
  }
  return quotaLines.map((line) => {
    const rep = roster.get(line.repId);
    const accounts = byRep.get(line.repId) ?? [];
    return {
      repId: line.repId,
      repName: rep?.name ?? line.repId,
      role: rep?.role ?? '',
      tierFocus: tierFocus(accounts, rep?.tiers ?? [], ruled),
      accountCount: accounts.length,
      quota: line.annual,
      quarters: line.quarters,
      share: total > 0 ? line.annual / total : 0,
      basis: line.basis,
      newHire: rep?.hireDate !== undefined && rep.hireDate !== null && rep.hireDate >= asOf,
    };
  });
}

/** How inbound leads route: by the rules listed under the standing ones, or, with none, to any rep in turn. */
function inboundLeadsRule(rules: number): RuleLine {
  return {
    label: 'Inbound leads',
    text:
      rules > 0
        ? 'Route based on company size and location, by the rules below'
        : "Round-robin among all the plan's reps: it has no assignment rules yet to route by company size and location",
  };
}

/** The customers rule as this plan applied it: kept with their reps, unless its territories moved some. */
function customersRule(assignments: readonly PlanAssignment[] | null): RuleLine {
  const moved = (assignments ?? []).filter((entry) => entry.customer && entry.basis === 'moved').length;
  return {
    label: 'Existing customers',
    text:
      moved === 0
        ? 'Retain current rep (no re-assignment unless the plan allows moves)'
        : `Retain current rep, except ${moved.toLocaleString('en-US')} customer${moved === 1 ? '' : 's'} this plan moves to balance the books (territories run with --allow-moves; each listed with its reason by plan diff)`,
  };
}

const NEW_OPPORTUNITIES_RULE: RuleLine = {
  label: 'New opportunities',
  text: 'Round-robin within tier, weighted, with daily caps and an availability list',
};

const NAMED_ACCOUNTS_RULE: RuleLine = { label: 'Named accounts', text: 'Pre-assigned to specific reps' };

const percentText = (fraction: number | null) =>
  fraction === null ? 'n/a' : `${(fraction * 100).toFixed(1)}%`;

function successMetrics(input: TerritoryPlanInput, money: (minor: number) => string): SuccessMetric[] {
  const { trailing, plan, segmentation } = input;
  const target = plan.inputs.target;
  const growth = target !== null && trailing.wonRevenue > 0 ? target / trailing.wonRevenue : null;
  const noTarget = 'n/a (no target: plan capacity --target)';
  const metrics: SuccessMetric[] = [
    {
      metric: 'New logo target',
      current: `${trailing.newCustomers.toLocaleString('en-US')} new customers`,
      target:
        growth === null
          ? noTarget
          : `${Math.ceil(trailing.newCustomers * growth).toLocaleString('en-US')} new customers`,
      definition: "last 12 months' new customers x growth (target / last 12 months' won revenue), rounded up",
    },
    {
      metric: 'Expansion target',
      current: money(trailing.expansionRevenue),
      target: growth === null ? noTarget : money(multiplyByRate(trailing.expansionRevenue, growth)),
      definition: "last 12 months' expansion revenue won x growth",
    },
  ];
  const top = segmentation?.tiers[0];
  const whitespace = segmentation?.total.whitespace ?? 0;
  if (top) {
    const reach =
      target !== null && top.potential > 0 && whitespace > 0
        ? (top.currentArr + multiplyByRate(target, top.whitespace / whitespace)) / top.potential
        : null;
    metrics.push({
      metric: `${top.tier} penetration`,
      current: percentText(top.penetration),
      target: target === null ? noTarget : `${percentText(top.penetration)} to ${percentText(reach)}`,
      definition: `(current ARR of ${top.tier} + target x its share of all whitespace) / its potential`,
    });
  }
  metrics.push({
    metric: 'Win rate',
    current: percentText(trailing.winRate),
    target:
      trailing.winRate === null ? 'n/a (no closed deals)' : `maintain ${percentText(trailing.winRate)}+`,
    definition: 'deals won / (won + lost) over the last 12 months; hold it',
  });
  return metrics;
}

/** Builds the document. `money` formats minor units for the text of success metrics. */
export function buildTerritoryPlan(
  input: TerritoryPlanInput,
  money: (minor: number) => string,
): TerritoryPlan {
  const { plan, segmentation, coverage } = input;
  const assignments = plan.assignments ?? [];
  const missing: string[] = [];
  if (!segmentation) missing.push(`segmentation (salesops plan segment ${plan.name})`);
  if (!plan.inputs.target)
    missing.push(`revenue target and capacity (salesops plan capacity ${plan.name} --target ...)`);
  if (!plan.assignments) missing.push(`territories (salesops plan territories ${plan.name})`);
  if (!plan.quotaLines) missing.push(`quotas (salesops plan quotas ${plan.name})`);
  if (plan.assignments && input.rules.length === 0) {
    missing.push(
      `assignment rules, so each role holds the tiers the coverage model gives it (salesops plan territories ${plan.name} --rules rules.yaml)`,
    );
  }
  const region = countBy(assignments, (assignment) => assignment.region);
  const segment = countBy(assignments, (assignment) => assignment.segment);
  return {
    title: `Territory Plan: ${plan.name}`,
    company: input.company,
    plan: plan.name,
    state: plan.state,
    fiscalYear: plan.inputs.fiscalYear,
    currency: input.currency,
    asOf: input.asOf,
    overview: segmentation
      ? {
          geography: [...region]
            .map(([name, accounts]) => ({ region: name, accounts }))
            .sort(byCountThenName((entry) => entry.region)),
          segments: (assignments.length > 0
            ? [...segment].map(([name, accounts]) => ({ segment: name, accounts }))
            : segmentation.segments.map((entry) => ({ segment: entry.segment, accounts: entry.count }))
          ).sort(byCountThenName((entry) => entry.segment)),
          accountCount: segmentation.total.count,
          marketPotential: segmentation.total.potential,
          currentArr: segmentation.total.currentArr,
          whitespace: segmentation.total.whitespace,
          penetration: segmentation.total.penetration,
        }
      : null,
    segmentation: segmentation?.tiers ?? null,
    coverage: coverage
      ? { lines: coverage.lines, roles: coverage.roles, uncoveredTiers: coverage.uncoveredTiers }
      : null,
    quotas: plan.quotaLines
      ? {
          total: input.quotaTotal ?? minorUnits(plan.quotaLines.reduce((sum, line) => sum + line.annual, 0)),
          target: plan.inputs.target,
          method: input.quotaMethod,
          rows: quotaRows(plan, plan.quotaLines, input.asOf, input.rules.length > 0),
        }
      : null,
    rules: {
      standing: [
        customersRule(plan.assignments),
        NEW_OPPORTUNITIES_RULE,
        inboundLeadsRule(input.rules.length),
        NAMED_ACCOUNTS_RULE,
      ],
      custom: input.rules.map((rule) => ({
        label: `${rule.priority}. ${rule.name}`,
        text: `${describeLogic(rule)} → ${describeTarget(rule.assign)}`,
      })),
      namedAccounts: plan.inputs.pins.length,
    },
    successMetrics: successMetrics(input, money),
    trailing: input.trailing,
    missing,
  };
}
