/**
 * The demo's capacity plan: how many opportunities each quota-carrying rep opens in each month (by role, segment,
 * ramp and skill), and from the same expectations the quotas (per rep and team, per fiscal quarter) and the
 * sales and marketing costs (per fiscal month). Quotas are set the way a sales-ops team sets them, from the
 * capacity of a typical rep in the seat, so that actual attainment spreads with skill and luck.
 * @module
 */
import type { DayNumber } from '../domain/dates.js';
import type { Cost, Quota, RepRole } from '../domain/entities.js';
import { minorUnits } from '../domain/money.js';
import { productivity } from '../domain/planning-config.js';
import { carriesQuota, dealExpectation, rampVolume, rampWin, roleVolume } from './deal-model.js';
import type { DemoPlan, ResolvedPeriod } from './demo-options.js';
import { isActive, ORGANIZATION_TEAM, type Roster } from './organization.js';
import type { Random } from './random.js';

/** Median quota attainment the quotas aim at. */
const TARGET_MEDIAN_ATTAINMENT = 0.8;
/** Log-scale spread of quota-setting error (some territories are harder than the plan assumed). */
const QUOTA_NOISE = 0.08;
/** Variance of log(skillVolume * skillWin) in organization.ts: 0.37^2 + 0.16^2. */
const SKILL_LOG_VARIANCE = 0.1625;
/** Managers' team quotas are lower than the sum of their reps' (over-assignment), the VP's lower still. */
const TEAM_OVER_ASSIGNMENT = 1.1;
const ORGANIZATION_OVER_ASSIGNMENT = 1.15;

/** Fully loaded monthly cost of a person in the role, in major units. */
const MONTHLY_COST: Readonly<Record<RepRole, number>> = {
  vp: 30_000,
  manager: 20_000,
  ae: 16_000,
  am: 13_000,
  isr: 9_000,
  sdr: 7_500,
  se: 14_000,
  other: 8_000,
};
const COMMISSION_RATE = 0.1;
/** Marketing spend per unit of new-business value the pipeline created in the month will win. */
const MARKETING_RATE = 0.3;

export interface Capacity {
  /** Calendar months of the history window, clipped to it. */
  readonly months: readonly { startDay: DayNumber; endDay: DayNumber }[];
  /** Per month, running totals over reps of each rep's weight in that month (month-major, `reps` per month). */
  readonly cumulative: Float64Array;
  /** Opportunities created in each month. */
  readonly slots: Int32Array;
  /** Expected opportunities per unit of weight (one ramped rep of volume 1 for one day, typical skill). */
  readonly opportunitiesPerWeight: number;
}

function calendarMonths(from: DayNumber, to: DayNumber): { startDay: DayNumber; endDay: DayNumber }[] {
  const months: { startDay: DayNumber; endDay: DayNumber }[] = [];
  let start = from;
  while (start <= to) {
    const date = new Date(start * 86_400_000);
    const nextMonth = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 86_400_000;
    months.push({ startDay: start, endDay: Math.min(nextMonth - 1, to) });
    start = nextMonth;
  }
  return months;
}

/** Splits `total` in proportion to weights by the largest-remainder method (ties to the earlier entry). */
export function apportion(total: number, weights: Float64Array): Int32Array {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  const counts = new Int32Array(weights.length);
  if (sum <= 0) return counts;
  const remainders: { index: number; remainder: number }[] = [];
  let assigned = 0;
  weights.forEach((weight, index) => {
    const exact = (total * weight) / sum;
    counts[index] = Math.floor(exact);
    assigned += counts[index];
    remainders.push({ index, remainder: exact - Math.floor(exact) });
  });
  remainders.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let i = 0; assigned < total; i++, assigned++) counts[remainders[i]!.index]! += 1;
  return counts;
}

/** Base deal volume per rep (zero for roles that own no pipeline). */
function volumes(plan: DemoPlan, roster: Roster): Float64Array {
  return Float64Array.from(roster.role, (role, rep) => {
    const segment = roster.segment[rep]!;
    return segment >= 0 ? roleVolume(role, plan.segments[segment]!) : 0;
  });
}

export function buildCapacity(plan: DemoPlan, roster: Roster): Capacity {
  const { historyStartDay, asOfDay } = plan;
  const months = calendarMonths(historyStartDay, asOfDay);
  const monthOfDay = new Int32Array(asOfDay - historyStartDay + 1);
  months.forEach((month, m) =>
    monthOfDay.fill(m, month.startDay - historyStartDay, month.endDay - historyStartDay + 1),
  );

  const reps = roster.count;
  const volume = volumes(plan, roster);
  const cumulative = new Float64Array(months.length * reps);
  for (let rep = 0; rep < reps; rep++) {
    if (volume[rep] === 0) continue;
    const hire = roster.hireDay[rep]!;
    const scale = volume[rep]! * roster.skillVolume[rep]!;
    const last = Math.min(roster.endDay[rep]!, asOfDay);
    for (let day = Math.max(hire, historyStartDay); day <= last; day++) {
      cumulative[monthOfDay[day - historyStartDay]! * reps + rep]! += scale * rampVolume(day - hire);
    }
  }
  const monthWeight = new Float64Array(months.length);
  let totalWeight = 0;
  for (let m = 0; m < months.length; m++) {
    let running = 0;
    for (let rep = 0; rep < reps; rep++) {
      running += cumulative[m * reps + rep]!;
      cumulative[m * reps + rep] = running;
    }
    monthWeight[m] = running;
    totalWeight += running;
  }
  return {
    months,
    cumulative,
    slots: apportion(plan.opportunities, monthWeight),
    opportunitiesPerWeight: plan.opportunities / totalWeight,
  };
}

/**
 * Median of a rep-quarter's bookings relative to their mean, for a typical seat expecting `wins` wins: the
 * compound-Poisson spread of lumpy deal sizes (Fenton-Wilkinson lognormal fit) plus the spread of rep skill.
 */
function medianToMean(wins: number, amountSigma: number): number {
  const dealVariance = Math.log(1 + Math.exp(amountSigma * amountSigma) / Math.max(wins, 1.5));
  return Math.exp(-(dealVariance + SKILL_LOG_VARIANCE) / 2);
}

/** The quarters that get quotas: from the end of the warm-up through the quarter after asOf. */
function quotaQuarters(plan: DemoPlan): ResolvedPeriod[] {
  const past = plan.quarters.filter(
    (quarter) => quarter.startDay >= plan.quotaStartDay && quarter.startDay <= plan.asOfDay,
  );
  const next = plan.quarters.find((quarter) => quarter.startDay > plan.asOfDay);
  return next && next.startDay >= plan.quotaStartDay ? [...past, next] : past;
}

const DAYS_PER_MONTH = 365.25 / 12;

/** The tenure month (0: the first) of a day `days` after the hire date, a month being a twelfth of a year. */
export function tenureMonth(days: number): number {
  return Math.floor(days / DAYS_PER_MONTH);
}

const roundToThousand = (value: number): number => Math.round(value / 1000) * 1000;

export interface Targets {
  readonly quotas: Quota[];
  readonly costs: Cost[];
}

/** Quotas per rep, team and the organisation for each quota quarter; costs per fiscal month up to asOf. */
export function buildTargets(plan: DemoPlan, roster: Roster, capacity: Capacity, random: Random): Targets {
  const { historyStartDay, asOfDay, minorPerMajor } = plan;
  const quarters = quotaQuarters(plan);
  const lastDay = Math.max(asOfDay, ...quarters.map((quarter) => quarter.endDay));
  const span = lastDay - historyStartDay + 1;
  const quarterOfDay = new Int32Array(span).fill(-1);
  quarters.forEach((quarter, q) =>
    quarterOfDay.fill(
      q,
      Math.max(0, quarter.startDay - historyStartDay),
      quarter.endDay - historyStartDay + 1,
    ),
  );
  const bookingsByDay = new Float64Array(span);
  const newPipelineValueByDay = new Float64Array(span);
  const volume = volumes(plan, roster);
  const rate = capacity.opportunitiesPerWeight;

  const quotaByRep: Float64Array[] = [];
  for (let rep = 0; rep < roster.count; rep++) {
    const repQuotas = new Float64Array(quarters.length);
    quotaByRep.push(repQuotas);
    const role = roster.role[rep]!;
    if (!carriesQuota(role) || volume[rep] === 0) continue;
    const expectation = dealExpectation(role, plan.segments[roster.segment[rep]!]!);
    const lag = Math.round(expectation.cycleDays);
    const hire = roster.hireDay[rep]!;
    const skill = roster.skillVolume[rep]! * roster.skillWin[rep]!;
    const expectedValue = new Float64Array(quarters.length);
    const expectedWins = new Float64Array(quarters.length);
    for (let day = Math.max(hire, historyStartDay); day <= lastDay; day++) {
      if (!isActive(roster, rep, day)) continue;
      const offset = day - historyStartDay;
      if (day <= asOfDay && role !== 'am') {
        // Value that today's new pipeline will eventually win: what marketing spends against.
        const created =
          rate * volume[rep]! * rampVolume(day - hire) * expectation.winRate * rampWin(day - hire);
        newPipelineValueByDay[offset]! += created * expectation.wonAmount * skill;
      }
      const q = quarterOfDay[offset]!;
      if (q >= 0) {
        // The quota: what a ramped rep in the seat wins in a day, scaled by the ramp profile for the rep's
        // tenure month, as sales ops sets a new hire's quota (and `plan quotas` does), not the near-nothing a new
        // hire's own deals close in their first cycle.
        const ramped =
          rate * volume[rep]! * expectation.winRate * productivity(tenureMonth(day - hire), plan.rampProfile);
        expectedValue[q]! += ramped * expectation.wonAmount;
        expectedWins[q]! += ramped;
      }
      // Deals closing today were opened about one median cycle ago.
      const opened = day - lag;
      if (day > asOfDay || opened < Math.max(hire, historyStartDay)) continue;
      const wins =
        rate * volume[rep]! * rampVolume(opened - hire) * expectation.winRate * rampWin(opened - hire);
      bookingsByDay[offset]! += wins * expectation.wonAmount * skill;
    }
    for (let q = 0; q < quarters.length; q++) {
      const typical = expectedValue[q]! * medianToMean(expectedWins[q]!, expectation.amountSigma);
      repQuotas[q] = roundToThousand((typical / TARGET_MEDIAN_ATTAINMENT) * random.lognormal(1, QUOTA_NOISE));
    }
  }

  const quotas: Quota[] = [];
  const push = (ownerKind: Quota['ownerKind'], ownerId: string, period: string, amount: number): void => {
    if (amount >= 1000)
      quotas.push({ ownerKind, ownerId, period, amount: minorUnits(amount * minorPerMajor) });
  };
  quarters.forEach((quarter, q) => {
    const teamTotals = new Float64Array(roster.teams.length);
    let organizationTotal = 0;
    for (let rep = 0; rep < roster.count; rep++) {
      const amount = quotaByRep[rep]![q]!;
      push('rep', roster.ids[rep]!, quarter.period, amount);
      if (roster.team[rep]! >= 0) teamTotals[roster.team[rep]!]! += amount;
      organizationTotal += amount;
    }
    roster.teams.forEach((team, t) =>
      push('team', team.name, quarter.period, roundToThousand(teamTotals[t]! / TEAM_OVER_ASSIGNMENT)),
    );
    push(
      'team',
      ORGANIZATION_TEAM,
      quarter.period,
      roundToThousand(organizationTotal / ORGANIZATION_OVER_ASSIGNMENT),
    );
  });

  const costs: Cost[] = [];
  for (const month of plan.months) {
    const from = Math.max(month.startDay, historyStartDay);
    const to = Math.min(month.endDay, asOfDay);
    if (from > to) continue;
    const fullLength = month.endDay - month.startDay + 1;
    let headcount = 0;
    for (let rep = 0; rep < roster.count; rep++) {
      const activeDays = Math.min(to, roster.endDay[rep]!) - Math.max(from, roster.hireDay[rep]!) + 1;
      if (activeDays > 0) headcount += (MONTHLY_COST[roster.role[rep]!] * activeDays) / fullLength;
    }
    let bookings = 0;
    let newPipelineValue = 0;
    for (let day = from; day <= to; day++) {
      bookings += bookingsByDay[day - historyStartDay]!;
      newPipelineValue += newPipelineValueByDay[day - historyStartDay]!;
    }
    const sales = Math.round(headcount + COMMISSION_RATE * bookings);
    const marketing = Math.round(MARKETING_RATE * newPipelineValue * random.lognormal(1, 0.12));
    costs.push({ period: month.period, category: 'sales', amount: minorUnits(sales * minorPerMajor) });
    costs.push({
      period: month.period,
      category: 'marketing',
      amount: minorUnits(marketing * minorPerMajor),
    });
  }
  return { quotas, costs };
}
