/**
 * The payout engine: for every payee and plan period of a fiscal year up to a given period, crediting ->
 * attainment -> earnings -> statement lines -> payout, in this order per period: commission per measure, SPIFs,
 * manager overrides, clawbacks, adjustments of closed periods, the year-to-date true-up, then the draw. Pure and
 * deterministic: plain data in (deals, payees, quotas, stored statements of closed periods), statements out.
 * A closed period is never recomputed in place: its stored statement stands, and any difference a recomputation
 * finds becomes adjustment lines in the next open period.
 * @module
 */
import { toDayNumber, type IsoDate } from '../domain/dates.js';
import { InputError, type Problem } from '../domain/errors.js';
import { type FiscalCalendar, type FiscalPeriod } from '../domain/fiscal-calendar.js';
import { multiplyByRatio, sumMoney, type MinorUnits, type Ratio } from '../domain/money.js';
import { adjustmentLines } from './adjustments.js';
import {
  columnarCrediting,
  creditsIn as tableCredits,
  dealAt,
  dealIdsOf,
  NO_CREDITS,
  REVENUE,
  revenueCreditsOf,
  volumeAt,
  volumeOf,
  type Crediting,
  type CreditTable,
  typeCode,
} from './credit-table.js';
import { type CompDeal } from './crediting.js';
import { dividedBy, formatPercent, minus, money, ONE, ratio, times } from './exact.js';
import { creditedOn, type PayoutTiming } from './payout-timing.js';
import { type CompPlan, type Measure, type Role, type Spif } from './plan.js';
import { measureEarnings, showVolume } from './rate-table.js';
import {
  lineTotal,
  ROUNDING_RULE,
  type LineKind,
  type MeasureAttainment,
  type Statement,
  type StatementLine,
} from './statement.js';

export interface Payee {
  readonly id: string;
  /** The plan role the payee is paid under. */
  readonly role: string;
  /** Manager, for overrides on team results. */
  readonly managerId?: string | null;
  /** First and last day the payee is eligible (hire, plan start; leaving): deals booked outside earn them nothing. */
  readonly eligibleFrom?: IsoDate;
  readonly eligibleThrough?: IsoDate;
}

/** A payee paid under another plan of the same run. */
export interface OtherPayee extends Payee {
  /**
   * The payout timing of the plan paying them (default: this plan's). Their credits are placed by it, so that a
   * manager's override here counts a report's deal in the period the report is credited in (an AM paid on invoice
   * counts in the manager's override of the invoice month, not of the booking month).
   */
  readonly payout?: PayoutTiming;
}

/** A payee's quota for a measure in a plan period (minor units, or logos). Wins over the plan's default. */
export interface QuotaEntry {
  readonly payee: string;
  readonly measure: string;
  readonly period: string;
  readonly quota: number;
}

export interface CompInput {
  readonly plan: CompPlan;
  readonly calendar: FiscalCalendar;
  readonly payees: readonly Payee[];
  readonly deals: readonly CompDeal[];
  readonly quotas: readonly QuotaEntry[];
  /**
   * Recoverable draw balances carried in from before the first period (the year before's last closed run), by
   * payee; they win over the plan's `openingBalances`.
   */
  readonly openingDrawBalances?: Readonly<Record<string, MinorUnits>>;
  /** Stored statements of closed periods: kept as they are. */
  readonly closed?: readonly Statement[];
  /**
   * Payees paid under another plan of the same run (an SDR's overlay on an AE's deal, a manager's reps): their
   * credits are not paid here, nor refused as credits of a payee without a plan, but count in the overrides of
   * their managers who are paid here, in the periods their own plan credits them in.
   */
  readonly otherPayees?: readonly OtherPayee[];
}

/** Line kinds that count as paid commission in the year-to-date true-up. */
const PAID_KINDS: ReadonlySet<LineKind> = new Set(['commission', 'clawback', 'trueUp', 'adjustment']);

const PERIODS_PER_YEAR = { month: 12, quarter: 4 } as const;

interface Engine {
  readonly input: CompInput;
  readonly plan: CompPlan;
  readonly roles: ReadonlyMap<string, Role>;
  readonly measures: ReadonlyMap<string, Measure>;
  readonly payees: readonly Payee[];
  /** Direct reports of each manager (ids, sorted), among this plan's payees and the other plans'. */
  readonly team: ReadonlyMap<string, readonly string[]>;
  /** Credits by payee and period, in deal-id order (empty when there are problems). */
  readonly credits: CreditTable;
  readonly quotas: ReadonlyMap<string, number>;
  readonly problems: Problem[];
  /** The plan period of a date (memoised). */
  readonly periodOf: (date: IsoDate) => string;
  /** Whether a period is in a SPIF's or draw's window, by `period|from|through` (memoised). */
  readonly windows: Map<string, boolean>;
}

/** Whether a measure's pay depends on attainment, so that it cannot be paid without a quota. */
function needsQuota(measure: Measure): boolean {
  return (
    measure.rate === 'target' ||
    measure.method !== 'flat' ||
    measure.threshold !== null ||
    measure.capAttainment !== null
  );
}

/** The payee's quota from the input, else the plan's default, else null. */
function statedQuota(engine: Engine, payee: string, measure: Measure, period: string): number | null {
  return engine.quotas.get(`${payee}|${measure.name}|${period}`) ?? measure.quota;
}

/** The payee's quota for the period; 0 for a flat-rate measure without one. A missing needed quota is a problem. */
function quotaOf(engine: Engine, payee: string, measure: Measure, period: string): number {
  const quota = statedQuota(engine, payee, measure, period);
  if (!needsQuota(measure)) return quota ?? 0;
  if (quota !== null && quota > 0) return quota;
  engine.problems.push({
    message: `${payee} has ${quota === null ? 'no quota' : 'a quota of 0'} for ${measure.name} in ${period}, which its ${measure.rate === 'target' ? 'target rate' : 'tiers, threshold or cap'} need`,
    location: { field: 'quotas' },
    fix: `add a quota above 0 for ${payee}, ${measure.name}, ${period}, or a default quota: on measure ${measure.name}`,
  });
  return 0;
}

/** The base rate per unit of volume; `target` is variable pay x weight for `periods` periods / quota. */
function baseRateOf(engine: Engine, role: Role, measure: Measure, quota: number, periods: number): Ratio {
  if (measure.rate !== 'target') return measure.rate;
  if (quota <= 0 || role.ote === null) return ratio(0);
  const variable = times(ratio(role.ote), minus(ONE, role.baseShare));
  const target = times(variable, measure.weight, ratio(periods, PERIODS_PER_YEAR[engine.plan.period]));
  return dividedBy(target, ratio(quota));
}

/** The cancellation date of a deal cancelled within the plan's clawback window, or null. */
function clawedBackOn(plan: CompPlan, deal: CompDeal): IsoDate | null {
  const clawback = plan.clawback;
  if (!clawback || !deal.cancelledOn) return null;
  const days = toDayNumber(deal.cancelledOn) - toDayNumber(deal.bookedOn);
  return days <= clawback.withinDays ? deal.cancelledOn : null;
}

/** The payee's credits (rows of the credit table) in the given plan periods, in period then deal-id order. */
function creditsIn(
  engine: Engine,
  payee: string,
  periods: readonly string[],
  keep?: (credit: number) => boolean,
): Int32Array {
  const credits = tableCredits(engine.credits, payee, periods);
  return keep ? credits.filter(keep) : credits;
}

interface MeasureWindow {
  readonly payee: string;
  readonly role: Role;
  readonly measure: Measure;
  /** Plan period names in the window (one for a period, several for year to date). */
  readonly periods: readonly string[];
  readonly credits: Int32Array;
}

function earningsIn(engine: Engine, window: MeasureWindow) {
  const { measure, role, periods, credits } = window;
  const volume = volumeOf(engine.credits, credits, measure.metric);
  const quota = periods.reduce((sum, period) => sum + quotaOf(engine, window.payee, measure, period), 0);
  const result = measureEarnings({
    measure,
    volume,
    quota,
    baseRate: baseRateOf(engine, role, measure, quota, periods.length),
    capAmount: measure.capAmount === null ? null : ((measure.capAmount * periods.length) as MinorUnits),
    currency: engine.plan.currency,
  });
  const deals = dealIdsOf(engine.credits, credits, measure.metric);
  return { ...result, volume, deals, earned: sumMoney(result.parts.map((part) => part.amount)) };
}

/** Ids sorted and unique, for a trace that joins several lists of them. */
function sortedUnique(ids: readonly string[]): readonly string[] {
  return [...new Set(ids)].sort();
}

/** A statement line; its trace's deal ids come sorted and unique (dealIdsOf gives them so). */
function line(
  payee: string,
  period: string,
  kind: LineKind,
  measure: string | null,
  amount: number,
  trace: StatementLine['trace'],
): StatementLine {
  return {
    payee,
    period,
    kind,
    measure,
    amount: amount as MinorUnits,
    trace,
  };
}

function commissionLines(engine: Engine, payee: Payee, role: Role, period: string): StatementLine[] {
  return role.measures.flatMap((name) => {
    const measure = engine.measures.get(name);
    if (!measure) return [];
    const credits = creditsIn(engine, payee.id, [period]);
    const result = earningsIn(engine, { payee: payee.id, role, measure, periods: [period], credits });
    if (result.volume === 0) return [];
    return result.parts.map((part) =>
      line(payee.id, period, 'commission', measure.name, part.amount, {
        deals: result.deals,
        rule: `${measure.name}: ${measure.method}; ${result.note}`,
        rate: part.rate,
        formula: part.formula,
      }),
    );
  });
}

/** Each measure's volume and quota in the period (commission lines show only measures with volume). */
function attainmentOf(engine: Engine, payee: Payee, role: Role, period: string): MeasureAttainment[] {
  return role.measures.flatMap((name) => {
    const measure = engine.measures.get(name);
    if (!measure) return [];
    const volume = volumeOf(engine.credits, creditsIn(engine, payee.id, [period]), measure.metric);
    const quota = statedQuota(engine, payee.id, measure, period) ?? 0;
    return [{ measure: name, metric: measure.metric, volume, quota }];
  });
}

function inWindow(engine: Engine, period: string, from: string | null, through: string | null): boolean {
  // Asked per payee, period, SPIF and draw: the calendar is read once per window and period.
  const key = `${period}|${from ?? ''}|${through ?? ''}`;
  let inside = engine.windows.get(key);
  if (inside === undefined) {
    const calendar = engine.input.calendar;
    inside =
      (from === null || calendar.periodStart(period) >= calendar.periodStart(from)) &&
      (through === null || calendar.periodEnd(period) <= calendar.periodEnd(through));
    engine.windows.set(key, inside);
  }
  return inside;
}

/** Revenue credits of deals of the SPIF's types and minimum amount that count in its measure. */
function spifCredits(table: CreditTable, credits: Int32Array, spif: Spif, measure: Measure): Int32Array {
  const types = new Set(spif.dealTypes.map(typeCode));
  const out = new Int32Array(credits.length);
  let n = 0;
  for (let i = 0; i < credits.length; i++) {
    const c = credits[i] ?? 0;
    if (
      (table.dealAmount[c] ?? 0) >= spif.minAmount &&
      table.kind[c] === REVENUE &&
      (types.size === 0 || types.has(table.type[c] ?? -1)) &&
      volumeAt(table, c, measure.metric) > 0
    ) {
      out[n++] = c;
    }
  }
  return out.subarray(0, n);
}

function spifLines(engine: Engine, payee: Payee, role: Role, period: string): StatementLine[] {
  const currency = engine.plan.currency;
  const applies = (spif: Spif) =>
    role.measures.includes(spif.measure) && inWindow(engine, period, spif.from, spif.through);
  return engine.plan.spifs.filter(applies).flatMap((spif) => {
    const measure = engine.measures.get(spif.measure);
    if (!measure) return [];
    const table = engine.credits;
    const qualifying = spifCredits(table, creditsIn(engine, payee.id, [period]), spif, measure);
    return Array.from(qualifying, (credit) => {
      const id = table.ids[table.deal[credit] ?? 0] ?? '';
      const volume = volumeAt(table, credit, measure.metric);
      const amount =
        spif.pay.kind === 'amount' ? spif.pay.amount : multiplyByRatio(volume as MinorUnits, spif.pay.rate);
      const formula =
        spif.pay.kind === 'amount'
          ? `lump sum ${money(amount, currency)} for ${id}`
          : `${formatPercent(spif.pay.rate)} x ${showVolume(measure, volume, currency)} = ${money(amount, currency)}`;
      return line(payee.id, period, 'spif', measure.name, amount, {
        deals: [id],
        rule: `SPIF ${spif.name}: ${spif.dealTypes.join('/') || 'any'} deals of ${money(spif.minAmount, currency)} or more`,
        rate: spif.pay.kind === 'amount' ? null : formatPercent(spif.pay.rate),
        formula,
      });
    });
  });
}

/**
 * The credits and volume a manager's override applies to in the period, per override measure: the revenue credits
 * of the direct reports in the period each report is credited in (by the payout timing of the report's plan).
 */
interface OverrideBase {
  readonly measure: Measure;
  readonly credits: Int32Array;
  readonly volume: number;
}

function overrideBases(engine: Engine, payee: Payee, role: Role, period: string): OverrideBase[] {
  const override = role.override;
  if (!override) return [];
  const table = engine.credits;
  const credits = revenueCreditsOf(table, engine.team.get(payee.id) ?? [], period);
  return override.measures.flatMap((name) => {
    const measure = engine.measures.get(name);
    return measure ? [{ measure, credits, volume: volumeOf(table, credits, measure.metric) }] : [];
  });
}

function overrideLines(
  engine: Engine,
  payee: Payee,
  override: Role['override'],
  period: string,
  bases: readonly OverrideBase[],
): StatementLine[] {
  if (!override) return [];
  const currency = engine.plan.currency;
  const team = engine.team.get(payee.id) ?? [];
  return bases.flatMap(({ measure, credits, volume }) => {
    if (volume === 0) return [];
    const amount = multiplyByRatio(volume as MinorUnits, override.rate);
    return [
      line(payee.id, period, 'override', measure.name, amount, {
        deals: dealIdsOf(engine.credits, credits, measure.metric),
        rule: `manager override on ${measure.name} of ${team.join(', ')}`,
        rate: formatPercent(override.rate),
        formula: `${formatPercent(override.rate)} x ${showVolume(measure, volume, currency)} = ${money(amount, currency)}`,
      }),
    ];
  });
}

/** The statement's record of the override's base: absent on roles without an override. */
function overrideCredits(
  engine: Engine,
  payee: Payee,
  override: Role['override'],
  bases: readonly OverrideBase[],
): Pick<Statement, 'overrides'> {
  if (!override) return {};
  const team = engine.team.get(payee.id) ?? [];
  const rate = formatPercent(override.rate);
  return {
    overrides: bases.map(({ measure, volume }) => ({
      measure: measure.name,
      metric: measure.metric,
      team,
      volume,
      rate,
    })),
  };
}

/** Order of cancellations: by date, then deal id, so clawbacks of one booking period telescope. */
function cancelledBefore(engine: Engine, a: CompDeal, b: CompDeal): boolean {
  const dateA = clawedBackOn(engine.plan, a);
  const dateB = clawedBackOn(engine.plan, b);
  if (dateA === null || dateB === null) return false;
  return dateA < dateB || (dateA === dateB && a.id < b.id);
}

function clawbackLines(engine: Engine, payee: Payee, role: Role, period: string): StatementLine[] {
  const clawback = engine.plan.clawback;
  if (!clawback) return [];
  const currency = engine.plan.currency;
  const table = engine.credits;
  const cancelled = table.clawbacks.get(payee.id)?.get(period) ?? [];
  return cancelled.flatMap((credit) => {
    const deal = dealAt(table, credit);
    const booked = engine.periodOf(creditedOn(deal, engine.plan.payout));
    return role.measures.flatMap((name) => {
      const measure = engine.measures.get(name);
      const volume = measure ? volumeAt(table, credit, measure.metric) : 0;
      if (!measure || volume === 0) return [];
      const window = (keep?: (other: number) => boolean): MeasureWindow => ({
        payee: payee.id,
        role,
        measure,
        periods: [booked],
        credits: creditsIn(engine, payee.id, [booked], keep),
      });
      const asPaid = earningsIn(engine, window());
      const head = `${deal.id} booked ${deal.bookedOn}, cancelled ${deal.cancelledOn ?? ''} (within ${clawback.withinDays} days)`;
      let amount: number;
      let formula: string;
      if (clawback.reducesAttainment) {
        const standing = (other: number) => !cancelledBefore(engine, dealAt(table, other), deal);
        const before = earningsIn(engine, window(standing));
        const after = earningsIn(
          engine,
          window((other) => standing(other) && dealAt(table, other).id !== deal.id),
        );
        amount = after.earned - before.earned;
        formula = `${measure.name} of ${booked} without ${deal.id} ${money(after.earned, currency)} - with it ${money(before.earned, currency)} = ${money(amount, currency)}`;
      } else {
        amount = 0 - multiplyByRatio(asPaid.earned, ratio(volume, asPaid.volume));
        formula = `-(${money(asPaid.earned, currency)} earned on ${showVolume(measure, asPaid.volume, currency)} in ${booked}) x ${showVolume(measure, volume, currency)} / ${showVolume(measure, asPaid.volume, currency)} = ${money(amount, currency)}`;
      }
      if (amount === 0) return [];
      return [
        line(payee.id, period, 'clawback', measure.name, amount, {
          deals: [deal.id],
          rule: `clawback: ${head}; attainment ${clawback.reducesAttainment ? 'reduced' : 'kept'}`,
          rate: null,
          formula,
          linkedTo: { deal: deal.id, period: booked },
        }),
      ];
    });
  });
}

function trueUpLine(
  engine: Engine,
  payee: Payee,
  role: Role,
  period: FiscalPeriod,
  ytd: readonly string[],
  paidBefore: number,
  lines: readonly StatementLine[],
): StatementLine[] {
  if (!engine.plan.trueUp) return [];
  const currency = engine.plan.currency;
  const standing = (credit: number) => {
    const on = clawedBackOn(engine.plan, dealAt(engine.credits, credit));
    return on === null || on > period.end;
  };
  const parts = role.measures.flatMap((name) => {
    const measure = engine.measures.get(name);
    if (!measure) return [];
    const credits = creditsIn(engine, payee.id, ytd, standing);
    const result = earningsIn(engine, { payee: payee.id, role, measure, periods: ytd, credits });
    return result.volume === 0 ? [] : [{ name, earned: result.earned, deals: result.deals }];
  });
  const earned = sumMoney(parts.map((part) => part.earned));
  const paid = paidBefore + lineTotal(lines.filter((candidate) => PAID_KINDS.has(candidate.kind)));
  const amount = earned - paid;
  if (amount <= 0) return [];
  const byMeasure = parts.map((part) => `${part.name} ${money(part.earned, currency)}`).join(' + ');
  return [
    line(payee.id, period.name, 'trueUp', null, amount, {
      deals: sortedUnique(parts.flatMap((part) => part.deals)),
      rule: `year-to-date true-up over ${ytd[0] ?? ''}..${period.name} on cumulative attainment`,
      rate: null,
      formula: `YTD earned ${money(earned, currency)} (${byMeasure || 'nothing'}) - YTD paid ${money(paid, currency)} = ${money(amount, currency)}`,
    }),
  ];
}

function drawLines(
  engine: Engine,
  payee: Payee,
  period: string,
  earned: number,
  balance: number,
): { lines: StatementLine[]; balance: number } {
  const currency = engine.plan.currency;
  const draw = engine.plan.draws.find(
    (candidate) =>
      candidate.role === payee.role && inWindow(engine, period, candidate.from, candidate.through),
  );
  const guarantee = draw?.amount ?? 0;
  if (draw && earned < guarantee) {
    const topUp = guarantee - earned;
    const next = draw.recoverable ? balance + topUp : balance;
    const kind = draw.recoverable ? 'recoverable' : 'non-recoverable';
    return {
      balance: next,
      lines: [
        line(payee.id, period, 'drawTopUp', null, topUp, {
          deals: [],
          rule: `${kind} draw of ${money(guarantee, currency)} per period`,
          rate: null,
          formula: `draw ${money(guarantee, currency)} - earned ${money(earned, currency)} = ${money(topUp, currency)}${draw.recoverable ? `; balance ${money(balance, currency)} + ${money(topUp, currency)} = ${money(next, currency)}` : ''}`,
        }),
      ],
    };
  }
  const recovery = Math.min(balance, earned - guarantee);
  if (recovery <= 0) return { lines: [], balance };
  return {
    balance: balance - recovery,
    lines: [
      line(payee.id, period, 'drawRecovery', null, -recovery, {
        deals: [],
        rule: 'recovery of the recoverable draw from earnings above the guarantee',
        rate: null,
        formula: `-min(balance ${money(balance, currency)}, earned ${money(earned, currency)} - guarantee ${money(guarantee, currency)}) = ${money(-recovery, currency)}; balance ${money(balance - recovery, currency)}`,
      }),
    ],
  };
}

/** The engine's indexes; deals placed after `lastDay` cannot affect the periods run and are not credited. */
function buildEngine(input: CompInput, periods: readonly FiscalPeriod[], crediting: Crediting): Engine {
  const { plan, calendar } = input;
  const roles = new Map(plan.roles.map((role) => [role.name, role]));
  const payeesById = new Map(input.payees.map((payee) => [payee.id, payee]));
  const others = new Map((input.otherPayees ?? []).map((payee) => [payee.id, payee]));
  const roleProblems = input.payees.flatMap((payee, index): Problem[] =>
    roles.has(payee.role)
      ? []
      : [
          {
            message: `${payee.id} has role ${payee.role}, which plan ${plan.name} does not define`,
            location: { field: `payees[${index}].role` },
            fix: `give ${payee.id} one of the roles ${[...roles.keys()].join(', ')}, or pay them under another plan`,
          },
        ],
  );
  const periodByDate = new Map<string, string>();
  const periodOf = (date: IsoDate): string => {
    // Many deals share a date; the calendar lookup is memoised per run.
    let period = periodByDate.get(date);
    if (period === undefined) {
      period = calendar.periodContaining(date, plan.period).name;
      periodByDate.set(date, period);
    }
    return period;
  };
  const credited = crediting({
    deals: input.deals,
    payeeOf: (id) => payeesById.get(id) ?? others.get(id),
    planName: plan.name,
    placedOn: placement(plan.payout, payeesById, others),
    lastDay: periods.at(-1)?.end ?? null,
    clawedBackOn: (deal) => clawedBackOn(plan, deal),
    periodOf,
    runPeriods: periods.map((period) => period.name),
    periodStart: (period) => calendar.periodStart(period),
  });
  const problems = [...credited.dealProblems, ...roleProblems];
  if (problems.length === 0) problems.push(...credited.creditProblems);
  return {
    input,
    plan,
    roles,
    measures: new Map(plan.measures.map((measure) => [measure.name, measure])),
    payees: [...input.payees].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    team: teams([...input.payees, ...others.values()]),
    credits: credited.table ?? NO_CREDITS,
    quotas: new Map(
      input.quotas.map((entry) => [`${entry.payee}|${entry.measure}|${entry.period}`, entry.quota]),
    ),
    problems,
    periodOf,
    windows: new Map(),
  };
}

/**
 * How crediting places a payee's credit: by this plan's timing, or by their own plan's for another plan's payee
 * whose timing places deals otherwise. Asked once per credit: a run where everyone shares one timing (the usual
 * case) looks nothing up.
 */
function placement(
  timing: PayoutTiming,
  own: ReadonlyMap<string, Payee>,
  others: ReadonlyMap<string, OtherPayee>,
): (deal: CompDeal, payee: string) => IsoDate {
  const otherTiming = new Map<string, PayoutTiming>();
  for (const [id, payee] of others) {
    const theirs = payee.payout;
    const differs =
      theirs !== undefined &&
      (theirs.on !== timing.on ||
        (theirs.on === 'invoice' && theirs.invoiceLagDays !== timing.invoiceLagDays));
    if (differs && !own.has(id)) otherTiming.set(id, theirs);
  }
  if (otherTiming.size === 0) return (deal) => creditedOn(deal, timing);
  return (deal, payee) => creditedOn(deal, otherTiming.get(payee) ?? timing);
}

function teams(payees: readonly Payee[]): Map<string, string[]> {
  const byManager = new Map<string, string[]>();
  for (const payee of payees) {
    if (!payee.managerId) continue;
    const members = byManager.get(payee.managerId);
    if (members) members.push(payee.id);
    else byManager.set(payee.managerId, [payee.id]);
  }
  for (const members of byManager.values()) members.sort();
  return byManager;
}

/**
 * A payee's recoverable draw balance before the first period run: what the year before left (the caller reads it
 * from the last closed run), else the plan's opening balance for the payee, else 0.
 */
function openingBalance(input: CompInput, payee: Payee): number {
  const carried = input.openingDrawBalances?.[payee.id];
  if (carried !== undefined) return carried;
  const draw = input.plan.draws.find(
    (candidate) => candidate.role === payee.role && candidate.openingBalances[payee.id] !== undefined,
  );
  return draw?.openingBalances[payee.id] ?? 0;
}

function planPeriods(input: CompInput, through: string): FiscalPeriod[] {
  const { calendar, plan } = input;
  const last = calendar.parsePeriod(through);
  if (last.kind !== plan.period) {
    throw new InputError({
      message: `plan ${plan.name} pays per ${plan.period}, so ${through} is not one of its periods`,
      fix: plan.period === 'month' ? 'give a month such as FY2027-M03' : 'give a quarter such as FY2027-Q1',
    });
  }
  const all =
    last.kind === 'month' ? calendar.monthsOf(last.fiscalYear) : calendar.quartersOf(last.fiscalYear);
  return all.filter((period) => period.index <= last.index);
}

/**
 * Statements of every payee for every plan period of the fiscal year up to `through` (e.g. `FY2027-M03`), in
 * period then payee order. Closed periods keep their stored statements. Throws one InputError listing every
 * problem (duplicate deals, splits not totalling 100%, payees without a plan, missing quotas), nothing computed.
 */
export function runCompensation(
  input: CompInput,
  through: string,
  crediting: Crediting = columnarCrediting,
): Statement[] {
  const periods = planPeriods(input, through);
  const engine = buildEngine(input, periods, crediting);
  if (engine.problems.length > 0) throw new InputError(engine.problems);
  const stored = new Map(
    (input.closed ?? []).map((statement) => [`${statement.payee}|${statement.period}`, statement]),
  );
  const statements: Statement[] = [];
  for (const payee of engine.payees) {
    const role = engine.roles.get(payee.role);
    if (!role) continue;
    let balance: number = openingBalance(input, payee);
    let paid = 0;
    let pending: StatementLine[] = [];
    periods.forEach((period, index) => {
      const ytd = periods.slice(0, index + 1).map((each) => each.name);
      const overrides = overrideBases(engine, payee, role, period.name);
      const lines = [
        ...commissionLines(engine, payee, role, period.name),
        ...spifLines(engine, payee, role, period.name),
        ...overrideLines(engine, payee, role.override, period.name, overrides),
        ...clawbackLines(engine, payee, role, period.name),
      ];
      // Adjustments of earlier closed periods land in the next period; in a closed one, its recomputation carries
      // them, so that comparing it with what was stored (with the adjustments it got then) nets them out.
      lines.push(...pending.map((adjustment) => ({ ...adjustment, period: period.name })));
      pending = [];
      const closed = stored.get(`${payee.id}|${period.name}`);
      lines.push(...trueUpLine(engine, payee, role, period, ytd, paid, lines));
      const draw = drawLines(engine, payee, period.name, lineTotal(lines), balance);
      lines.push(...draw.lines);
      const computed: Statement = {
        payee: payee.id,
        role: role.name,
        period: period.name,
        currency: engine.plan.currency,
        lines,
        attainment: attainmentOf(engine, payee, role, period.name),
        ...overrideCredits(engine, payee, role.override, overrides),
        total: lineTotal(lines),
        drawBalance: draw.balance as MinorUnits,
        rounding: ROUNDING_RULE,
      };
      const kept = closed ?? computed;
      if (closed) pending.push(...adjustmentLines(closed, computed, period.name, engine.plan.currency));
      paid += lineTotal(kept.lines.filter((candidate) => PAID_KINDS.has(candidate.kind)));
      balance = kept.drawBalance;
      statements.push(kept);
    });
  }
  if (engine.problems.length > 0) throw new InputError(dedupe(engine.problems));
  return statements.sort((a, b) =>
    a.period === b.period ? (a.payee < b.payee ? -1 : 1) : a.period < b.period ? -1 : 1,
  );
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    if (seen.has(problem.message)) return false;
    seen.add(problem.message);
    return true;
  });
}
