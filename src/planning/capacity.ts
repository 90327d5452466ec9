/**
 * Capacity planning: how many ramped reps a revenue target takes (top-down), what the current team can carry
 * given its tenure, attrition and backfills (bottom-up), and how many hires close the gap, by month, under the
 * base, best and worst scenarios.
 *
 * Definitions (docs/planning.md):
 * - ramped-rep equivalents needed (rep-years) = target / (ramped quota x expected attainment);
 * - productivity in tenure month t (0 = the first month) = rampProfile[t], 1 after the profile;
 * - monthly attrition m = 1 - (1 - annual attrition)^(1/12), applied to every rep every month as an
 *   expected value (fractional headcount);
 * - the reps leaving in month k are backfilled by new reps starting in month k + 1 + backfill lag;
 * - a month's capacity in ramped-rep equivalents = sum over reps of expected headcount x productivity;
 *   bottom-up rep-years = the sum over the plan's months / 12; capacity (money) = rep-years x ramped quota x
 *   expected attainment, rounded once;
 * - a new hire whose requisition opens in month 0 starts in month hiring lead time; hires needed =
 *   ceil((rep-years needed - bottom-up rep-years) / rep-years one such hire adds, with its own backfills).
 * @module
 */
import { dayParts, toDayNumber, type IsoDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { minorUnits, multiplyByRate, type MinorUnits } from '../domain/money.js';
import type { CapacityAssumptions, CapacityModel, ScenarioName } from '../domain/planning-config.js';
import { productivity, SCENARIOS } from '../domain/planning-config.js';

/** A rep of the team as capacity reads it. */
export interface CapacityRep {
  readonly id: string;
  readonly role: string;
  readonly hireDate: IsoDate | null;
  /** Last day employed; null while employed. */
  readonly endDate: IsoDate | null;
}

export interface CapacityInput {
  /** The revenue target of the plan period, corporate minor units (> 0). */
  readonly target: MinorUnits;
  /** First day of the plan (the fiscal year's first day). */
  readonly planStart: IsoDate;
  /** Months planned; 12 unless given. */
  readonly months?: number;
  readonly reps: readonly CapacityRep[];
  /** The capacity model; `rampedQuota` must be set here or in `rampedQuota`. */
  readonly model: CapacityModel;
  /** Overrides the model's ramped quota (e.g. `plan capacity --quota`). */
  readonly rampedQuota?: MinorUnits;
}

/** One month of a scenario's plan. Headcounts are expected values (attrition makes them fractional). */
export interface CapacityMonth {
  /** 0 = the plan's first month. */
  readonly month: number;
  readonly headcount: number;
  /** Ramped-rep equivalents at work this month. */
  readonly rampedEquivalents: number;
  readonly leavers: number;
  readonly backfillStarts: number;
  readonly newHireStarts: number;
  /** Requisitions to open this month: new hires (month 0) and backfills of this month's leavers. */
  readonly requisitions: number;
}

/** The current team's capacity by tenure band at the plan's start. */
export interface TenureBand {
  readonly band: string;
  readonly reps: number;
  /** Expected rep-years of these reps over the plan (without backfills). */
  readonly repYears: number;
  readonly capacity: MinorUnits;
}

export interface CapacityScenario {
  readonly scenario: ScenarioName;
  readonly assumptions: CapacityAssumptions;
  /** Top-down: target / (ramped quota x attainment), in rep-years. */
  readonly rampedRepsNeeded: number;
  /** Bottom-up: rep-years of the current team with attrition and backfills. */
  readonly currentRepYears: number;
  /** Bottom-up capacity in money: current rep-years x ramped quota x attainment. */
  readonly currentCapacity: MinorUnits;
  /** Target - current capacity (negative: the team covers the target with room). */
  readonly gap: MinorUnits;
  /** Rep-years one hire opened in month 0 adds (0 when the lead time outlasts the plan). */
  readonly repYearsPerHire: number;
  /** Hires needed; null when hiring cannot close the gap within the plan (lead time too long). */
  readonly hiresNeeded: number | null;
  /** Capacity with the hires, in money. */
  readonly plannedCapacity: MinorUnits;
  readonly months: readonly CapacityMonth[];
  readonly tenure: readonly TenureBand[];
}

export interface CapacityPlan {
  readonly target: MinorUnits;
  readonly rampedQuota: MinorUnits;
  /** Current quota-carrying reps at the plan's start. */
  readonly currentReps: number;
  readonly scenarios: readonly CapacityScenario[];
}

/** Monthly attrition equivalent to an annual rate: 1 - (1 - annual)^(1/12). */
export function monthlyAttrition(annual: number): number {
  return 1 - (1 - annual) ** (1 / 12);
}

/** Whole months from `from` to `to` (negative when `to` is earlier): 2026-01-15 to 2026-03-14 is 1. */
export function wholeMonths(from: IsoDate, to: IsoDate): number {
  const a = dayParts(toDayNumber(from));
  const b = dayParts(toDayNumber(to));
  return (b.year - a.year) * 12 + (b.month - a.month) - (b.day < a.day ? 1 : 0);
}

/** A group of reps who started in the same month: their expected headcount by plan month. */
interface Cohort {
  readonly size: number;
  /** Tenure (months) in plan month 0; negative for reps starting later. */
  readonly tenureAtStart: number;
}

interface Simulation {
  readonly months: CapacityMonth[];
  readonly repYears: number;
}

/**
 * Runs cohorts through the plan month by month: each month every cohort loses m of its headcount, and the
 * leavers' backfills join as new cohorts after the lag.
 */
function simulate(
  cohorts: readonly Cohort[],
  months: number,
  model: CapacityModel,
  attrition: number,
  newHireStartMonth: number | null,
  newHires: number,
): Simulation {
  const m = monthlyAttrition(attrition);
  // headcount[c] at the current month; cohort start month = -tenureAtStart.
  const all: { size: number; startMonth: number; kind: 'team' | 'backfill' | 'hire' }[] = cohorts.map(
    (cohort) => ({
      size: cohort.size,
      startMonth: -cohort.tenureAtStart,
      kind: 'team',
    }),
  );
  if (newHireStartMonth !== null && newHires > 0)
    all.push({ size: newHires, startMonth: newHireStartMonth, kind: 'hire' });
  const result: CapacityMonth[] = [];
  let equivalentsTotal = 0;
  for (let month = 0; month < months; month++) {
    let headcount = 0;
    let equivalents = 0;
    let leavers = 0;
    let backfillStarts = 0;
    let newHireStarts = 0;
    for (const cohort of all) {
      if (cohort.startMonth > month) continue;
      if (cohort.startMonth === month) {
        if (cohort.kind === 'backfill') backfillStarts += cohort.size;
        if (cohort.kind === 'hire') newHireStarts += cohort.size;
      }
      headcount += cohort.size;
      equivalents += cohort.size * productivity(month - cohort.startMonth, model.rampProfile);
    }
    // Leavers go at the end of the month, after working it.
    for (const cohort of all) {
      if (cohort.startMonth > month) continue;
      const leaving = cohort.size * m;
      cohort.size -= leaving;
      leavers += leaving;
    }
    const backfillMonth = month + 1 + model.backfillLagMonths;
    if (leavers > 0 && backfillMonth < months)
      all.push({ size: leavers, startMonth: backfillMonth, kind: 'backfill' });
    equivalentsTotal += equivalents;
    result.push({
      month,
      headcount,
      rampedEquivalents: equivalents,
      leavers,
      backfillStarts,
      newHireStarts,
      requisitions: leavers + (month === 0 && newHireStartMonth !== null ? newHires : 0),
    });
  }
  return { months: result, repYears: equivalentsTotal / 12 };
}

const TENURE_BANDS = ['ramping', 'under 1 year', '1-2 years', '2 years and more'] as const;

function tenureBand(tenure: number, rampMonths: number): (typeof TENURE_BANDS)[number] {
  if (tenure < rampMonths) return 'ramping';
  if (tenure < 12) return 'under 1 year';
  return tenure < 24 ? '1-2 years' : '2 years and more';
}

function money(repYears: number, quota: MinorUnits, attainment: number): MinorUnits {
  // One rounding: rep-years x attainment is a plain rate applied to the quota.
  return multiplyByRate(quota, repYears * attainment);
}

/** Checks the input and returns the ramped quota in force. */
function checkInput(input: CapacityInput): MinorUnits {
  const problems = [];
  if (!(input.target > 0)) {
    problems.push({
      message: `the revenue target must be greater than 0 (got ${input.target})`,
      fix: 'pass --target, e.g. --target 24000000',
    });
  }
  const quota = input.rampedQuota ?? input.model.rampedQuota;
  if (quota === null || !(quota > 0)) {
    problems.push({
      message: 'the ramped quota is not known',
      fix: 'set planning.capacity.rampedQuota in salesops.yaml or pass --quota',
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  return quota as MinorUnits;
}

/**
 * The capacity plan of a target: for each scenario (base, best, worst), the top-down need, the current
 * team's bottom-up capacity with attrition and backfills, the hires that close the gap and the months.
 */
export function capacityPlan(input: CapacityInput): CapacityPlan {
  const quota = checkInput(input);
  const months = input.months ?? 12;
  const { model } = input;
  const roles = new Set(model.quotaRoles.map((role) => role.toLowerCase()));
  const startDay = toDayNumber(input.planStart);
  const team = input.reps.filter(
    (rep) =>
      roles.has(rep.role.toLowerCase()) && (rep.endDate === null || toDayNumber(rep.endDate) >= startDay),
  );
  // Reps with no hire date count as ramped long ago; reps hired later join in their month.
  const tenures = team.map((rep) =>
    rep.hireDate === null ? 1200 : wholeMonths(rep.hireDate, input.planStart),
  );
  const cohorts = tenures.map((tenure) => ({ size: 1, tenureAtStart: tenure }));
  const scenarios = SCENARIOS.map((scenario): CapacityScenario => {
    const assumptions = model.scenarios[scenario];
    const needed = input.target / (quota * assumptions.expectedAttainment);
    const current = simulate(cohorts, months, model, assumptions.annualAttrition, null, 0);
    const currentCapacity = money(current.repYears, quota, assumptions.expectedAttainment);
    const startMonth = model.hiringLeadTimeMonths;
    const perHire =
      startMonth < months
        ? simulate([], months, model, assumptions.annualAttrition, startMonth, 1).repYears
        : 0;
    const shortfall = needed - current.repYears;
    // A shortfall within float noise of a whole hire (1e-9 rep-years) is not worth another rep.
    const hires = shortfall <= 1e-9 ? 0 : perHire > 0 ? Math.ceil(shortfall / perHire - 1e-9) : null;
    const planned = hires
      ? simulate(cohorts, months, model, assumptions.annualAttrition, startMonth, hires)
      : current;
    const tenure = TENURE_BANDS.map((band): TenureBand => {
      const inBand = cohorts.filter(
        (cohort) => tenureBand(cohort.tenureAtStart, model.rampProfile.length) === band,
      );
      const repYears = simulate(
        inBand,
        months,
        { ...model, backfillLagMonths: months },
        assumptions.annualAttrition,
        null,
        0,
      ).repYears;
      return {
        band,
        reps: inBand.length,
        repYears,
        capacity: money(repYears, quota, assumptions.expectedAttainment),
      };
    });
    return {
      scenario,
      assumptions,
      rampedRepsNeeded: needed,
      currentRepYears: current.repYears,
      currentCapacity,
      gap: minorUnits(input.target - currentCapacity),
      repYearsPerHire: perHire,
      hiresNeeded: hires,
      plannedCapacity: money(planned.repYears, quota, assumptions.expectedAttainment),
      months: planned.months,
      tenure,
    };
  });
  return { target: input.target, rampedQuota: quota, currentReps: team.length, scenarios };
}
