/**
 * Plan cost modelling: what the plans would pay in a period if every payee reached a given attainment, with the
 * attainment taken from history (the percentiles of what payees of each role reached per measure in past
 * periods) or given (one attainment for everyone: a forecast outcome over the quota, which the caller works out),
 * the payout curve per role (pay per payee from 0% to 200% of quota), and total comp cost (variable pay and base
 * salary) as a share of the revenue it buys. Each scenario carries the words saying where it came from.
 *
 * Each scenario is computed by the payout engine itself on scenario deals: each payee gets, per measure, a
 * volume of `reference x attainment` rounded down (to the cent, or the logo), where the reference is their quota
 * for the period or, for a measure paid without a quota, the median volume of their role's payees in history. So tiers, caps, thresholds, SPIFs,
 * overrides and draws apply exactly as in a run. Payees credited by overlay only (SDRs) get overlay credit on
 * scenario deals owned by no one, so their volume is neither revenue nor in a manager's override. Pure.
 * @module
 */
import { closestNames } from '../analytics/closest-names.js';
import { isoDate } from '../domain/dates.js';
import { checkEach, InputError, type Problem } from '../domain/errors.js';
import { divideRounded, multiplyByRatio, sumMoney, type MinorUnits } from '../domain/money.js';
import { type CompDeal } from './crediting.js';
import { eligibleOn } from './credit-table.js';
import { runCompensation, type CompInput, type Payee } from './engine.js';
import { decimal, floorTimes, ratio, times } from './exact.js';
import { type MeasureMetric } from './plan.js';
import { ROUNDING_RULE, type Statement } from './statement.js';
import { dealsOfPlan } from './workspace-input.js';

export interface ModelSource {
  /** The engine inputs of every plan (workspaceCompInput), through the modelled period. */
  readonly inputs: readonly CompInput[];
  /** The modelled plan period, e.g. FY2027-M03. */
  readonly period: string;
  /** Statements of past periods: the attainment history the scenarios' percentiles come from. */
  readonly history: readonly Statement[];
}

/**
 * A scenario: a percentile of history (`p10`: each role's measures at that percentile of what its payees reached
 * in past periods) or one attainment for everyone (a forecast outcome over the quota, a point of the curve).
 */
export interface Scenario {
  readonly name: string;
  /** Percentile in (0, 1), or null for a fixed attainment. */
  readonly percentile: number | null;
  readonly attainment: number | null;
  /** Where the attainment comes from, in words (`history: ...`, `forecast P10: ...`). */
  readonly source: string;
}

export interface RoleCost {
  readonly role: string;
  readonly plan: string;
  /** Payees of the role employed on the period's last day, when scenario deals are booked. */
  readonly payees: number;
  /** Payees of the role in the run but not employed on that day (left, or not yet hired): they earn nothing and are left out. */
  readonly notEmployed: number;
  /** Attainment of each of the role's measures in the scenario, as a decimal string ("1.05"). */
  readonly attainment: Readonly<Record<string, string>>;
  /** Variable pay of the period (statement totals: commission, SPIFs, overrides, draws). */
  readonly variable: MinorUnits;
  /** Base salary of the period: OTE x base share / periods per year, per payee of a role with an OTE. */
  readonly base: MinorUnits;
  /** Bookings and renewals the role's payees own in the scenario. */
  readonly revenue: MinorUnits;
}

export interface ScenarioCost {
  readonly scenario: string;
  /** The scenario's source, as given in the Scenario. */
  readonly source: string;
  readonly roles: readonly RoleCost[];
  readonly variable: MinorUnits;
  readonly base: MinorUnits;
  readonly revenue: MinorUnits;
  /** (variable + base) / revenue; null when there is no revenue. */
  readonly costOfRevenue: number | null;
}

export interface CurvePoint {
  readonly attainment: string;
  /** Variable pay per payee of each role (rounded once, by the one rule). */
  readonly perPayee: Readonly<Record<string, MinorUnits>>;
}

export interface PlanModel {
  readonly period: string;
  readonly currency: string;
  readonly scenarios: readonly ScenarioCost[];
  readonly curve: readonly CurvePoint[];
  /** Historical samples (payee-periods) behind each role's percentiles. */
  readonly samples: Readonly<Record<string, number>>;
  readonly rounding: string;
}

/** The attainments the payout curve is drawn at: 0% to 200% in steps of 25%. */
export const CURVE_POINTS = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

const SCENARIO_NAME = /^p(\d{1,2})$/;
const HOUSE: Payee = { id: '~house', role: '~house' };

/** The scenario names: the percentiles of history p1 to p99. */
const SCENARIO_NAMES = Array.from({ length: 99 }, (_, index) => `p${index + 1}`);

/** The percentile a scenario name stands for (`p10`: 0.1), or null when it is none of p1 to p99. */
function scenarioPercentile(name: string): number | null {
  const value = Number(SCENARIO_NAME.exec(name)?.[1] ?? 0);
  return value >= 1 && value <= 99 ? value / 100 : null;
}

/**
 * Parses `p10,p50,p90` into scenarios. Every name that is not a percentile of p1 to p99 is a problem, each with
 * the name it was probably meant to be where one is close (`10`: p10), all in one InputError, so that one
 * corrected list fixes them all; the caller places them at its argument (`--scenarios`, say).
 */
export function parseScenarios(text: string): Scenario[] {
  const names = text.split(',').map((name) => name.trim().toLowerCase());
  return checkEach(names, (name): Scenario => {
    const percentile = scenarioPercentile(name);
    if (percentile === null) throw new InputError(notScenario(name));
    return {
      name,
      percentile,
      attainment: null,
      source: `history: each role's ${name} of attainment in past periods`,
    };
  });
}

/** A name {@link parseScenarios} refuses, with the scenario it was probably meant to be where one is close. */
function notScenario(name: string): Problem {
  // An empty name (`p10,,p50`) is close to nothing.
  const [close] = name === '' ? [] : closestNames(name, SCENARIO_NAMES, 1);
  return {
    message: `${JSON.stringify(name)} is not a scenario${close === undefined ? '' : `; did you mean ${close}?`}`,
    fix: 'write percentiles of history from p1 to p99, e.g. p10,p50,p90',
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.floor((sorted.length - 1) / 2)] ?? 0);
}

/** Nearest-rank percentile of a sorted sample. */
function percentileOf(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 1;
}

interface Context {
  readonly source: ModelSource;
  /** role|measure -> median historical volume (the reference of measures paid without a quota). */
  readonly typicalVolume: ReadonlyMap<string, number>;
  /** role|measure -> sorted historical attainments. */
  readonly samples: ReadonlyMap<string, number[]>;
  /** Payees credited only by overlay splits in the real data. */
  readonly overlayOnly: ReadonlySet<string>;
}

function context(source: ModelSource): Context {
  const volumes = new Map<string, number[]>();
  for (const statement of source.history) {
    for (const entry of statement.attainment) {
      const key = `${statement.role}|${entry.measure}`;
      if (entry.volume > 0) volumes.set(key, [...(volumes.get(key) ?? []), entry.volume]);
    }
  }
  const typicalVolume = new Map([...volumes].map(([key, list]) => [key, median(list)]));
  const samples = new Map<string, number[]>();
  for (const statement of source.history) {
    for (const entry of statement.attainment) {
      const key = `${statement.role}|${entry.measure}`;
      const reference = entry.quota > 0 ? entry.quota : (typicalVolume.get(key) ?? 0);
      if (reference > 0) samples.set(key, [...(samples.get(key) ?? []), entry.volume / reference]);
    }
  }
  for (const list of samples.values()) list.sort((a, b) => a - b);
  const owners = new Set<string>();
  const overlays = new Set<string>();
  for (const input of source.inputs) {
    for (const deal of input.deals) {
      owners.add(deal.owner);
      for (const split of deal.splits ?? []) if (split.kind === 'overlay') overlays.add(split.payee);
    }
  }
  return {
    source,
    typicalVolume,
    samples,
    overlayOnly: new Set([...overlays].filter((payee) => !owners.has(payee))),
  };
}

/** The attainment of a role's measure in a scenario, to 4 decimals (exact from there on). */
function attainmentIn(model: Context, scenario: Scenario, role: string, measure: string): string {
  const value =
    scenario.percentile === null
      ? (scenario.attainment ?? 1)
      : percentileOf(model.samples.get(`${role}|${measure}`) ?? [], scenario.percentile);
  return value.toFixed(4);
}

interface ScenarioDeals {
  readonly deals: CompDeal[];
  /** Revenue owned by each payee in the scenario. */
  readonly revenue: Map<string, number>;
  readonly attainment: Map<string, Record<string, string>>;
}

function quotaOf(input: CompInput, payee: string, measure: string, period: string): number | null {
  const entry = input.quotas.find(
    (quota) => quota.payee === payee && quota.measure === measure && quota.period === period,
  );
  return entry?.quota ?? input.plan.measures.find((each) => each.name === measure)?.quota ?? null;
}

/** Scenario deals of every payee of every plan, booked and invoiced on the period's last day. */
function scenarioDeals(model: Context, scenario: Scenario): ScenarioDeals {
  const { period } = model.source;
  const deals: CompDeal[] = [];
  const revenue = new Map<string, number>();
  const attainment = new Map<string, Record<string, string>>();
  for (const input of model.source.inputs) {
    const bookedOn = isoDate(input.calendar.periodEnd(period));
    const roles = new Map(input.plan.roles.map((role) => [role.name, role]));
    for (const payee of input.payees) {
      const role = roles.get(payee.role);
      // A payee not employed on the booking day would earn nothing: no deals, no revenue, as in a run.
      if (!role || !eligibleOn(payee, bookedOn)) continue;
      const volume: Partial<Record<MeasureMetric, number>> = {};
      const shown: Record<string, string> = {};
      for (const name of role.measures) {
        const measure = input.plan.measures.find((each) => each.name === name);
        if (!measure) continue;
        const reached = attainmentIn(model, scenario, role.name, name);
        shown[name] = reached;
        const quota = quotaOf(input, payee.id, name, period);
        const reference =
          quota !== null && quota > 0 ? quota : (model.typicalVolume.get(`${role.name}|${name}`) ?? 0);
        // Rounded down, so that the scenario's attainment is never above the one meant: a tier is reached above
        // its from, and half a cent rounded up put a payee at 50% of an odd-cent quota in the tier above 50%.
        const amount = floorTimes(reference, decimal(reached));
        volume[measure.metric] = Math.max(volume[measure.metric] ?? 0, amount);
      }
      attainment.set(payee.id, shown);
      const overlay = model.overlayOnly.has(payee.id);
      const owned = (id: string, amount: number, type: CompDeal['type'], arr?: number): CompDeal => ({
        id: `~${payee.id}-${id}`,
        owner: overlay ? HOUSE.id : payee.id,
        amount: amount as MinorUnits,
        ...(arr === undefined ? {} : { arr: arr as MinorUnits }),
        bookedOn,
        // Invoiced the same day, so that a plan paid on invoice pays them in the modelled period too.
        invoicedOn: bookedOn,
        type,
        ...(overlay
          ? {
              splits: [
                { payee: HOUSE.id, share: '1', kind: 'revenue' as const },
                { payee: payee.id, share: '1', kind: 'overlay' as const },
              ],
            }
          : {}),
      });
      const bookings = volume.bookings ?? volume.arr;
      if (bookings !== undefined) deals.push(owned('b', bookings, 'expansion', volume.arr ?? bookings));
      if (volume.renewals !== undefined) deals.push(owned('r', volume.renewals, 'renewal'));
      for (let logo = 0; logo < (volume.newLogos ?? 0); logo++) deals.push(owned(`l${logo}`, 0, 'new'));
      if (!overlay) revenue.set(payee.id, (bookings ?? 0) + (volume.renewals ?? 0));
    }
  }
  return { deals, revenue, attainment };
}

/** Statements of the modelled period under a scenario, per plan, with earlier periods given as closed and empty. */
function scenarioStatements(model: Context, deals: readonly CompDeal[]): Statement[][] {
  const { period } = model.source;
  return model.source.inputs.map((input) => {
    const earlier = (
      input.plan.period === 'month'
        ? input.calendar.monthsOf(input.calendar.parsePeriod(period).fiscalYear)
        : input.calendar.quartersOf(input.calendar.parsePeriod(period).fiscalYear)
    ).filter((each) => each.start < input.calendar.periodStart(period));
    const closed: Statement[] = input.payees.flatMap((payee) =>
      earlier.map((each) => ({
        payee: payee.id,
        role: payee.role,
        period: each.name,
        currency: input.plan.currency,
        lines: [],
        attainment: [],
        total: 0 as MinorUnits,
        drawBalance: 0 as MinorUnits,
        rounding: ROUNDING_RULE,
      })),
    );
    const others = [...(input.otherPayees ?? []), HOUSE];
    const scenario: CompInput = {
      ...input,
      deals: dealsOfPlan(input.payees, others, deals),
      closed,
      otherPayees: others,
    };
    return runCompensation(scenario, period).filter((statement) => statement.period === period);
  });
}

function baseSalary(input: CompInput, role: string): MinorUnits {
  const found = input.plan.roles.find((each) => each.name === role);
  if (!found || found.ote === null) return 0 as MinorUnits;
  const periods = input.plan.period === 'month' ? 12 : 4;
  return multiplyByRatio(found.ote, times(found.baseShare, ratio(1, periods)));
}

function costOf(model: Context, scenario: Scenario, plan: string | null): ScenarioCost {
  const { deals, revenue, attainment } = scenarioDeals(model, scenario);
  const statements = scenarioStatements(model, deals);
  const roles: RoleCost[] = model.source.inputs.flatMap((input, index) =>
    plan !== null && input.plan.name !== plan
      ? []
      : input.plan.roles.map((role) => {
          const ofRole = input.payees.filter((payee) => payee.role === role.name);
          const lastDay = isoDate(input.calendar.periodEnd(model.source.period));
          const payees = ofRole.filter((payee) => eligibleOn(payee, lastDay));
          const paid = (statements[index] ?? []).filter((statement) => statement.role === role.name);
          const base = baseSalary(input, role.name);
          return {
            role: role.name,
            plan: input.plan.name,
            payees: payees.length,
            notEmployed: ofRole.length - payees.length,
            attainment: attainment.get(payees[0]?.id ?? '') ?? {},
            variable: sumMoney(paid.map((statement) => statement.total)),
            base: (base * payees.length) as MinorUnits,
            revenue: sumMoney(payees.map((payee) => (revenue.get(payee.id) ?? 0) as MinorUnits)),
          };
        }),
  );
  const variable = sumMoney(roles.map((role) => role.variable));
  const base = sumMoney(roles.map((role) => role.base));
  const total = sumMoney(roles.map((role) => role.revenue));
  return {
    scenario: scenario.name,
    source: scenario.source,
    roles,
    variable,
    base,
    revenue: total,
    costOfRevenue: total > 0 ? (variable + base) / total : null,
  };
}

/**
 * The cost in the period under each scenario, and the payout curve per role, of the plan named `plan` (null:
 * of every plan). Every plan of the source is run, since a manager's override needs the team's results.
 */
export function modelPlans(
  source: ModelSource,
  scenarios: readonly Scenario[],
  plan: string | null = null,
): PlanModel {
  const model = context(source);
  const curve = CURVE_POINTS.map((point): CurvePoint => {
    const name = `at ${point}`;
    const cost = costOf(model, { name, percentile: null, attainment: point, source: name }, plan);
    const perPayee: Record<string, MinorUnits> = {};
    for (const role of cost.roles) {
      if (role.payees === 0) continue;
      perPayee[role.role] = Number(divideRounded(BigInt(role.variable), BigInt(role.payees))) as MinorUnits;
    }
    return { attainment: point.toFixed(2), perPayee };
  });
  const samples: Record<string, number> = {};
  for (const [key, list] of model.samples) {
    const role = key.split('|')[0] ?? '';
    samples[role] = Math.max(samples[role] ?? 0, list.length);
  }
  return {
    period: source.period,
    currency: source.inputs[0]?.plan.currency ?? '',
    scenarios: scenarios.map((scenario) => costOf(model, scenario, plan)),
    curve,
    samples,
    rounding: ROUNDING_RULE,
  };
}
