/**
 * Quota allocation: the company target plus the over-assignment buffer, split among reps top-down (evenly, by
 * prior-year bookings, trailing-12-month bookings or territory potential), bottom-up (territory potential x
 * expected penetration, averaged with the trailing 12 months where known), or a blend; ramped for new hires,
 * split into fiscal quarters by seasonality, rolled up to teams, with a fairness check and quota:OTE.
 *
 * Definitions (docs/planning.md). Every figure is in whole units of the currency (whole dollars; whole yen), so a
 * plan's rounded figures add up as printed:
 * - assigned = target x (1 + overAssignment), rounded once to a whole unit; the reps' quotas always sum exactly
 *   to it, whatever the method: whole units are apportioned by largest remainder (Hamilton; src/domain/money.ts
 *   `allocate`), ties to the rep whose id sorts first;
 * - ramp factor of a rep = mean productivity over the plan's 12 months at its tenure (1 for a ramped rep);
 * - top-down weight = basis x ramp factor, where a rep without the basis's history (a new hire) takes the mean
 *   of the reps who have it;
 * - bottom-up figure = ramp factor x (potential x expected penetration, or its mean with the trailing 12
 *   months' bookings where known);
 * - blend weight = w x top-down share + (1 - w) x bottom-up share (shares of their own totals);
 * - quarter quotas = the annual quota split in whole units by seasonality x the rep's mean productivity in the
 *   quarter (ties to the earlier quarter);
 * - fairness ratio = quota / (potential x ramp factor); its spread is the coefficient of variation, and a rep
 *   more than fairnessTolerance from the median is flagged;
 * - quota:OTE = quota / on-target earnings.
 * @module
 */
import type { IsoDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import {
  allocate,
  currencyExponent,
  divideRounded,
  minorUnits,
  minorUnitsFromBigInt,
  parseRatio,
  sumMoney,
  type CurrencyCode,
  type MinorUnits,
} from '../domain/money.js';
import {
  productivity,
  type QuotaMethod,
  type QuotaModel,
  type TopDownBasis,
} from '../domain/planning-config.js';
import { median } from '../analytics/aggregate.js';
import { wholeMonths } from './capacity.js';
import { spreadOf } from './spread.js';

export interface QuotaRep {
  readonly id: string;
  readonly team: string | null;
  readonly hireDate: IsoDate | null;
  /** Potential of the rep's territory (sum over its accounts), corporate minor units. */
  readonly territoryPotential: MinorUnits;
  /** Bookings of the last fiscal year; null: none (a new hire). */
  readonly priorYearBookings: MinorUnits | null;
  /** Bookings of the 12 months before the plan; null: none. */
  readonly trailing12Bookings: MinorUnits | null;
  /** On-target earnings; null where unknown. */
  readonly ote: MinorUnits | null;
}

export interface QuotaInput {
  /** The company target, corporate minor units (> 0). */
  readonly target: MinorUnits;
  /** The corporate currency: quotas are whole units of it. */
  readonly currency: CurrencyCode;
  readonly planStart: IsoDate;
  readonly reps: readonly QuotaRep[];
  readonly model: QuotaModel;
  /** The capacity model's ramp profile, for new hires' ramped quotas. */
  readonly rampProfile: readonly number[];
  /** Overrides the model's method. */
  readonly method?: QuotaMethod;
}

export type Quarters = readonly [MinorUnits, MinorUnits, MinorUnits, MinorUnits];

export interface RepQuota {
  readonly id: string;
  readonly team: string | null;
  readonly quota: MinorUnits;
  readonly quarters: Quarters;
  /** Share of the assigned total. */
  readonly share: number;
  readonly rampFactor: number;
  readonly territoryPotential: MinorUnits;
  /** The rep's bottom-up figure (before scaling to the assigned total), in whole units. */
  readonly bottomUp: MinorUnits;
  /** quota / (potential x ramp factor); null without potential. */
  readonly quotaToPotential: number | null;
  readonly quotaToOte: number | null;
  /** More than the fairness tolerance away from the median quota/potential. */
  readonly unfair: boolean;
  /** How the quota was set, in words, e.g. "12.5% of assigned, by potential, ramped 58%". */
  readonly basis: string;
}

export interface TeamQuota {
  readonly team: string;
  readonly reps: number;
  readonly quota: MinorUnits;
  readonly quarters: Quarters;
}

export interface Fairness {
  readonly median: number | null;
  readonly mean: number | null;
  /** Standard deviation / mean of quota/potential: the spread. */
  readonly coefficientOfVariation: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly flagged: readonly string[];
}

export interface QuotaPlan {
  readonly target: MinorUnits;
  readonly overAssignment: number;
  /** target + buffer: what the quotas sum to. */
  readonly assigned: MinorUnits;
  readonly method: QuotaMethod;
  readonly reps: readonly RepQuota[];
  readonly teams: readonly TeamQuota[];
  /** The sum of the reps' bottom-up figures, and assigned minus it (positive: quotas ask more than it). */
  readonly bottomUpTotal: MinorUnits;
  readonly bottomUpGap: MinorUnits;
  readonly fairness: Fairness;
}

/** Minor units in one whole unit of `currency`: 100 for USD, 1 for JPY. */
export function wholeUnit(currency: CurrencyCode): number {
  return 10 ** currencyExponent(currency);
}

/** numerator / denominator minor units, rounded once (the one rule) to a whole `unit`. */
function inWholeUnits(numerator: bigint, denominator: bigint, unit: number): MinorUnits {
  return minorUnitsFromBigInt(divideRounded(numerator, denominator * BigInt(unit)) * BigInt(unit));
}

/** target x (1 + buffer), rounded once to a whole unit of `currency`: the total the quotas sum to. */
export function assignedTotal(
  target: MinorUnits,
  overAssignment: number,
  currency: CurrencyCode,
): MinorUnits {
  const buffer = parseRatio(overAssignment);
  return inWholeUnits(
    BigInt(target) * (buffer.denominator + buffer.numerator),
    buffer.denominator,
    wholeUnit(currency),
  );
}

/**
 * Splits `amount` (a whole number of `unit`s) in whole units by `weights`, largest remainder first; on equal
 * remainders the unit goes to the part that comes first in `tieOrder` (indexes; default: input order). All
 * zeros when every weight is 0.
 */
function splitWhole(
  amount: MinorUnits,
  weights: readonly number[],
  unit: number,
  tieOrder: readonly number[] = weights.map((_, index) => index),
): MinorUnits[] {
  if (!weights.some((weight) => weight > 0)) return weights.map(() => minorUnits(0));
  const units = allocate(
    minorUnits(amount / unit),
    tieOrder.map((index) => weights[index]!),
  );
  const parts: MinorUnits[] = weights.map(() => minorUnits(0));
  tieOrder.forEach((index, position) => (parts[index] = minorUnits(units[position]! * unit)));
  return parts;
}

/** Mean productivity over plan months [from, to) of a rep with `tenure` months at the plan's start. */
function meanProductivity(tenure: number, from: number, to: number, rampProfile: readonly number[]): number {
  let sum = 0;
  for (let month = from; month < to; month++) sum += productivity(tenure + month, rampProfile);
  return sum / (to - from);
}

const BASIS_HISTORY: Readonly<Partial<Record<TopDownBasis, 'priorYearBookings' | 'trailing12Bookings'>>> = {
  'prior-year': 'priorYearBookings',
  'trailing-12': 'trailing12Bookings',
};

/** Raw top-down weights by basis; reps without the basis's history take the mean of those with it. */
function basisWeights(reps: readonly QuotaRep[], basis: TopDownBasis): number[] {
  if (basis === 'even') return reps.map(() => 1);
  if (basis === 'potential') return reps.map((rep) => rep.territoryPotential);
  const field = BASIS_HISTORY[basis]!;
  const known = reps.map((rep) => rep[field]).filter((value): value is MinorUnits => value !== null);
  const mean = known.length > 0 ? known.reduce((sum, value) => sum + value, 0) / known.length : 0;
  if (!(mean > 0)) {
    throw new InputError({
      message: `no rep has ${basis === 'prior-year' ? 'prior-year' : 'trailing-12-month'} bookings to split the target by`,
      fix: "import last year's won deals, or use the even or potential basis",
    });
  }
  return reps.map((rep) => rep[field] ?? mean);
}

function shares(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => (total > 0 ? weight / total : 0));
}

function fairnessOf(ratios: readonly (number | null)[], ids: readonly string[], tolerance: number): Fairness {
  const known = ratios.filter((ratio): ratio is number => ratio !== null);
  const middle = median(known);
  const { mean, coefficientOfVariation } = spreadOf(known);
  return {
    median: middle,
    mean,
    coefficientOfVariation,
    min: known.length > 0 ? Math.min(...known) : null,
    max: known.length > 0 ? Math.max(...known) : null,
    flagged: ids.filter((_, index) => {
      const ratio = ratios[index];
      return (
        ratio !== null &&
        ratio !== undefined &&
        middle !== null &&
        middle > 0 &&
        Math.abs(ratio / middle - 1) > tolerance
      );
    }),
  };
}

const METHOD_WORDS: Readonly<Record<QuotaMethod, string>> = {
  even: 'split evenly',
  'prior-year': 'by prior-year bookings',
  'trailing-12': 'by trailing-12-month bookings',
  potential: 'by territory potential',
  'bottom-up': 'bottom-up (potential x penetration, history)',
  blend: 'blend',
};

/** The quota plan of a target (see the module's definitions). */
export function allocateQuotas(input: QuotaInput): QuotaPlan {
  const { model, reps } = input;
  const method = input.method ?? model.method;
  const problems = [];
  if (!(input.target > 0))
    problems.push({
      message: `the target must be greater than 0 (got ${input.target})`,
      fix: 'pass a positive --target',
    });
  if (reps.length === 0)
    problems.push({
      message: 'there are no reps to give quotas to',
      fix: 'give the plan a rep file with quota-carrying reps',
    });
  if (problems.length > 0) throw new InputError(problems);

  const unit = wholeUnit(input.currency);
  const assigned = assignedTotal(input.target, model.overAssignment, input.currency);
  const tenures = reps.map((rep) =>
    rep.hireDate === null ? 1200 : wholeMonths(rep.hireDate, input.planStart),
  );
  const ramp = tenures.map((tenure) => meanProductivity(tenure, 0, 12, input.rampProfile));
  const penetration = parseRatio(model.expectedPenetration);
  const bottomUp = reps.map((rep, index) => {
    // ramp x (potential x penetration [+ trailing 12]) [/ 2], exact until the one rounding to a whole unit.
    const rampRatio = parseRatio(ramp[index]!);
    const byPotential = BigInt(rep.territoryPotential) * penetration.numerator;
    const [figure, halves] =
      rep.trailing12Bookings === null
        ? [byPotential, 1n]
        : [byPotential + BigInt(rep.trailing12Bookings) * penetration.denominator, 2n];
    return inWholeUnits(
      figure * rampRatio.numerator,
      halves * penetration.denominator * rampRatio.denominator,
      unit,
    );
  });
  const basis: TopDownBasis = method === 'bottom-up' || method === 'blend' ? model.topDownBasis : method;
  const topDown =
    method === 'bottom-up' ? null : basisWeights(reps, basis).map((weight, index) => weight * ramp[index]!);
  let weights: number[];
  if (method === 'bottom-up') weights = shares(bottomUp);
  else if (method === 'blend') {
    const top = shares(topDown!);
    const bottom = shares(bottomUp);
    weights = top.map(
      (share, index) => model.blendTopDownWeight * share + (1 - model.blendTopDownWeight) * bottom[index]!,
    );
  } else weights = shares(topDown!);
  if (!weights.some((weight) => weight > 0)) {
    throw new InputError({
      message: `every rep's weight ${METHOD_WORDS[method]} is 0, so the target cannot be split`,
      fix: 'check territory potentials and bookings, or use the even method',
    });
  }
  const byId = reps
    .map((_, index) => index)
    .sort((a, b) => (reps[a]!.id < reps[b]!.id ? -1 : reps[a]!.id > reps[b]!.id ? 1 : a - b));
  const quotas = splitWhole(assigned, weights, unit, byId);
  const quarters = reps.map((_, index): Quarters => {
    const quarterWeights = model.seasonality.map(
      (season, quarter) =>
        season * meanProductivity(tenures[index]!, quarter * 3, quarter * 3 + 3, input.rampProfile),
    );
    const [q1, q2, q3, q4] = splitWhole(quotas[index]!, quarterWeights, unit);
    return [q1!, q2!, q3!, q4!];
  });
  const ratios = reps.map((rep, index) =>
    rep.territoryPotential > 0 && ramp[index]! > 0
      ? quotas[index]! / (rep.territoryPotential * ramp[index]!)
      : null,
  );
  const fairness = fairnessOf(
    ratios,
    reps.map((rep) => rep.id),
    model.fairnessTolerance,
  );
  const flagged = new Set(fairness.flagged);
  const methodWords =
    method === 'blend'
      ? `blend of ${Math.round(model.blendTopDownWeight * 100)}% ${METHOD_WORDS[basis]} and bottom-up`
      : METHOD_WORDS[method];
  const repQuotas = reps.map((rep, index): RepQuota => {
    const share = quotas[index]! / assigned;
    const ramped = ramp[index]! < 1 ? `, ramped ${Math.round(ramp[index]! * 100)}%` : '';
    return {
      id: rep.id,
      team: rep.team,
      quota: quotas[index]!,
      quarters: quarters[index]!,
      share,
      rampFactor: ramp[index]!,
      territoryPotential: rep.territoryPotential,
      bottomUp: bottomUp[index]!,
      quotaToPotential: ratios[index]!,
      quotaToOte: rep.ote !== null && rep.ote > 0 ? quotas[index]! / rep.ote : null,
      unfair: flagged.has(rep.id),
      basis: `${(share * 100).toFixed(1)}% of assigned, ${methodWords}${ramped}`,
    };
  });
  const bottomUpTotal = sumMoney(bottomUp);
  return {
    target: input.target,
    overAssignment: model.overAssignment,
    assigned,
    method,
    reps: repQuotas,
    teams: rollUpTeams(repQuotas),
    bottomUpTotal,
    bottomUpGap: minorUnits(assigned - bottomUpTotal),
    fairness,
  };
}

/** Sums rep quotas per team (reps without a team under "(no team)"), in order of first appearance. */
export function rollUpTeams(reps: readonly Pick<RepQuota, 'team' | 'quota' | 'quarters'>[]): TeamQuota[] {
  const teams = new Map<string, { reps: number; quota: number; quarters: number[] }>();
  for (const rep of reps) {
    const name = rep.team ?? '(no team)';
    const team = teams.get(name) ?? { reps: 0, quota: 0, quarters: [0, 0, 0, 0] };
    team.reps += 1;
    team.quota = sumMoney([minorUnits(team.quota), rep.quota]);
    team.quarters = team.quarters.map((amount, quarter) => amount + rep.quarters[quarter]!);
    teams.set(name, team);
  }
  return [...teams].map(([team, totals]) => ({
    team,
    reps: totals.reps,
    quota: minorUnits(totals.quota),
    quarters: totals.quarters.map(minorUnits) as unknown as Quarters,
  }));
}
