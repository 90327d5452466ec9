/**
 * From a workspace's dataset to the engine's input, one per plan: the payees (reps whose role a plan pays), the
 * won deals credited to them, and their quotas. Pure: the dataset, configuration and plans come in, plain data
 * goes out; the CLI reads the files.
 *
 * - **Payees** are the reps whose role label (`ae`, `am`, `sdr`, `manager`, ...) is a role of one of the plans;
 *   a rep is eligible from their hire date through their last day, and their manager is their CRM manager.
 * - **Deals** are the opportunities won as of `asOf`, at their amount in the corporate currency (FX of the close
 *   date), booked on their close date. The owner gets 100% revenue credit (the CRM model has no splits); the
 *   rep who owned the lead a deal was converted from (an SDR) gets a 100% overlay credit when a plan pays their
 *   role. A deal that was won and later moved out of won is a cancellation on the day it moved (clawbacks).
 * - **Quotas**: `bookings` and `arr` measures use the rep's quota of the workspace's quota table (a bookings
 *   quota) for the plan period by the rule metrics and forecast use: each quota apportioned by days (a month
 *   takes 31/92 of a 92-day quarter), the finest granularity where several overlap, each share rounded half
 *   away from zero (so a quarter's months may differ from it by a cent).
 *   Where the table has no quota for a rep and period, the measure's `quota:` in the plan is the default (the
 *   engine's rule: quotas in the input win over the plan's), and other measures use the plan's.
 *
 * Refused, with the fix, nothing computed: a credited rep whose role no plan pays, two plans paying one role, a
 * plan in another currency than the workspace, a won deal without an owner or an amount.
 * @module
 */
import { dealFacts, OUTCOME, stageOutcomeByCode, type DealConfig } from '../analytics/deal-facts.js';
import { type PeriodWindow } from '../analytics/periods.js';
import { repPeriodQuotas, repPeriods } from '../analytics/rep-periods.js';
import { NO_DAY, NO_INDEX, textAt, type Dataset } from '../dataset/dataset.js';
import { fromDayNumber, toDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import { InputError, type Problem } from '../domain/errors.js';
import { type FiscalCalendar, type FiscalPeriod } from '../domain/fiscal-calendar.js';
import { type MinorUnits } from '../domain/money.js';
import { type CompDeal, type CompSplit, type DealType } from './crediting.js';
import { type CompInput, type OtherPayee, type Payee, type QuotaEntry } from './engine.js';
import { type CompPlan } from './plan.js';

export type CompWorkspaceConfig = DealConfig & { readonly fiscalCalendar: FiscalCalendar };

/** A plan and where it was read from, for error messages. */
export interface PlanSource {
  readonly plan: CompPlan;
  readonly file: string;
}

/** A payee as statements and payroll show them. */
export interface PayeeInfo {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly plan: string;
}

export interface WorkspaceCompInput {
  /** One engine input per plan, in the order given; `closed` is left for the caller to fill. */
  readonly inputs: readonly CompInput[];
  readonly payees: readonly PayeeInfo[];
  /** Won deals booked from the start of the fiscal year through the period (credited to some payee). */
  readonly deals: readonly CompDeal[];
}

const DEAL_TYPES: ReadonlySet<string> = new Set<DealType>(['new', 'expansion', 'renewal']);

interface PaidRep {
  readonly rep: number;
  readonly plan: number;
}

/** Which plan pays each rep, by role label; a role paid by two plans is a problem. */
function paidReps(dataset: Dataset, plans: readonly PlanSource[], problems: Problem[]): Map<number, PaidRep> {
  const planOfRole = new Map<string, number>();
  plans.forEach(({ plan, file }, index) => {
    for (const role of plan.roles) {
      const earlier = planOfRole.get(role.name);
      if (earlier !== undefined) {
        problems.push({
          message: `role ${role.name} is paid by two plans, ${plans[earlier]?.file ?? ''} and ${file}`,
          location: { file },
          fix: `keep role ${role.name} in one plan only`,
        });
      } else planOfRole.set(role.name, index);
    }
  });
  const paid = new Map<number, PaidRep>();
  const { reps, labels } = dataset;
  for (let rep = 0; rep < reps.count; rep++) {
    const plan = planOfRole.get(labels.role[reps.roleCode[rep] ?? 0] ?? '');
    if (plan !== undefined) paid.set(rep, { rep, plan });
  }
  return paid;
}

function payeeOf(dataset: Dataset, rep: number): Payee {
  const { reps, labels } = dataset;
  const manager = reps.managerIndex[rep] ?? NO_INDEX;
  const hire = reps.hireDay[rep] ?? NO_DAY;
  const end = reps.endDay[rep] ?? NO_DAY;
  return {
    id: textAt(reps.crmId, rep),
    role: labels.role[reps.roleCode[rep] ?? 0] ?? '',
    managerId: manager === NO_INDEX ? null : textAt(reps.crmId, manager),
    ...(hire === NO_DAY ? {} : { eligibleFrom: fromDayNumber(hire) }),
    ...(end === NO_DAY ? {} : { eligibleThrough: fromDayNumber(end) }),
  };
}

/** The rep (index) who owned the lead each opportunity was converted from, or -1. */
function leadOwners(dataset: Dataset): Int32Array {
  const owners = new Int32Array(dataset.opportunities.count).fill(NO_INDEX);
  const { convertedOpportunityIndex, ownerIndex, count } = dataset.leads;
  for (let lead = 0; lead < count; lead++) {
    const opportunity = convertedOpportunityIndex[lead] ?? NO_INDEX;
    if (opportunity !== NO_INDEX) owners[opportunity] = ownerIndex[lead] ?? NO_INDEX;
  }
  return owners;
}

interface Booking {
  readonly amount: number;
  readonly closeDay: DayNumber;
  readonly owner: number;
  readonly cancelledDay: DayNumber | null;
}

/**
 * An opportunity lost as of `asOfDay` that was won before: its last won state, cancelled on the day it left
 * won. Null when it never was won.
 */
function cancelledBooking(
  dataset: Dataset,
  wonStage: Uint8Array,
  i: number,
  asOfDay: DayNumber,
): Booking | null {
  const { history, historyStart } = dataset;
  let won: Booking | null = null;
  let cancelledDay: DayNumber | null = null;
  for (let row = historyStart[i] ?? 0; row < (historyStart[i + 1] ?? 0); row++) {
    const day = history.day[row] ?? NO_DAY;
    if (day > asOfDay) break;
    if (wonStage[history.stageCode[row] ?? 0] === 1) {
      won = {
        amount: history.amount[row] ?? NaN,
        closeDay: history.closeDay[row] ?? day,
        owner: history.ownerIndex[row] ?? NO_INDEX,
        cancelledDay: null,
      };
      cancelledDay = null;
    } else if (won && cancelledDay === null) cancelledDay = day;
  }
  return won && cancelledDay !== null ? { ...won, cancelledDay } : null;
}

/** The won (or won then cancelled) deals booked in `from..to`, with the problems that stop crediting them. */
function wonDeals(
  dataset: Dataset,
  config: CompWorkspaceConfig,
  window: { from: DayNumber; to: DayNumber; asOf: DayNumber },
  paid: ReadonlyMap<number, PaidRep>,
  problems: Problem[],
): CompDeal[] {
  const facts = dealFacts(dataset, config, window.asOf);
  const { opportunities, reps, labels } = dataset;
  const wonStage = stageOutcomeByCode(labels.stage, config.stageModel).map((outcome) =>
    outcome === OUTCOME.won ? 1 : 0,
  );
  const sourcedBy = leadOwners(dataset);
  const deals: CompDeal[] = [];
  for (let i = 0; i < opportunities.count; i++) {
    const outcome = facts.outcome[i];
    let booking: Booking | null = null;
    if (outcome === OUTCOME.won) {
      booking = {
        amount: facts.corporateAmount[i] ?? NaN,
        closeDay: facts.state.closeDay[i] ?? NO_DAY,
        owner: facts.state.ownerIndex[i] ?? NO_INDEX,
        cancelledDay: null,
      };
    } else if (outcome === OUTCOME.lost && dataset.historyStart[i + 1] !== dataset.historyStart[i]) {
      booking = cancelledBooking(dataset, wonStage, i, window.asOf);
      const currency = labels.currency[opportunities.currencyCode[i] ?? 0] ?? '';
      if (booking && currency !== '' && currency !== config.currency && !Number.isNaN(booking.amount)) {
        const on = fromDayNumber(booking.closeDay);
        booking = {
          ...booking,
          amount: config.fxTable.toCorporate(booking.amount as MinorUnits, currency, on),
        };
      }
    }
    if (!booking || booking.closeDay < window.from || booking.closeDay > window.to) continue;
    const id = textAt(opportunities.crmId, i);
    const field = `opportunity ${id}`;
    if (booking.owner === NO_INDEX) {
      problems.push({
        message: `deal ${id} is won but has no owner to credit`,
        location: { field },
        fix: 'give the opportunity an owner in the CRM and import it again',
      });
      continue;
    }
    if (Number.isNaN(booking.amount)) {
      problems.push({
        message: `deal ${id} is won but has no amount`,
        location: { field },
        fix: 'give the opportunity an amount in the CRM and import it again',
      });
      continue;
    }
    const type = labels.opportunity_type[opportunities.typeCode[i] ?? 0] ?? '';
    if (!DEAL_TYPES.has(type)) {
      problems.push({
        message: `deal ${id} has type ${JSON.stringify(type)}, which compensation cannot classify`,
        location: { field },
        fix: 'map the opportunity type to new, expansion or renewal in the import mapping',
      });
      continue;
    }
    const owner = textAt(reps.crmId, booking.owner);
    const sdr = sourcedBy[i] ?? NO_INDEX;
    const splits: CompSplit[] =
      sdr !== NO_INDEX && sdr !== booking.owner && paid.has(sdr)
        ? [
            { payee: owner, share: '1', kind: 'revenue' },
            { payee: textAt(reps.crmId, sdr), share: '1', kind: 'overlay' },
          ]
        : [];
    deals.push({
      id,
      owner,
      amount: booking.amount as MinorUnits,
      bookedOn: fromDayNumber(booking.closeDay),
      type: type as DealType,
      ...(splits.length > 0 ? { splits } : {}),
      ...(booking.cancelledDay === null ? {} : { cancelledOn: fromDayNumber(booking.cancelledDay) }),
    });
  }
  return deals;
}

/** True when one of a rep's quota table periods shares a day with `period`. */
function hasQuotaFor(
  quotas: ReadonlyMap<string, number>,
  period: FiscalPeriod,
  calendar: FiscalCalendar,
): boolean {
  return [...quotas.keys()].some((name) => {
    const quota = calendar.parsePeriod(name);
    return quota.start <= period.end && quota.end >= period.start;
  });
}

/** Quota table rows of each rep: period name -> minor units. */
function repQuotas(dataset: Dataset): Map<number, Map<string, number>> {
  const byRep = new Map<number, Map<string, number>>();
  const { ownerKind, repIndex, period, amount, count } = dataset.quotas;
  for (let row = 0; row < count; row++) {
    const rep = repIndex[row] ?? NO_INDEX;
    if (textAt(ownerKind, row) !== 'rep' || rep === NO_INDEX) continue;
    let periods = byRep.get(rep);
    if (!periods) byRep.set(rep, (periods = new Map<string, number>()));
    periods.set(textAt(period, row), amount[row] ?? 0);
  }
  return byRep;
}

/**
 * Each payee's quota per plan period by the rule metrics and forecast use (analytics rep-periods): quotas
 * apportioned by days, the finest granularity where several overlap, each share rounded half away from zero.
 */
function quotaEntries(
  dataset: Dataset,
  plan: CompPlan,
  reps: readonly number[],
  periods: readonly FiscalPeriod[],
  calendar: FiscalCalendar,
): QuotaEntry[] {
  const measures = plan.measures.filter(
    (measure) => measure.metric === 'bookings' || measure.metric === 'arr',
  );
  if (measures.length === 0) return [];
  const table = repQuotas(dataset);
  const windows: PeriodWindow[] = periods.map((period) => ({
    name: period.name,
    startDay: toDayNumber(period.start),
    endDay: toDayNumber(period.end),
  }));
  const apportioned = repPeriodQuotas(repPeriods(dataset.reps.count, windows), dataset.quotas, calendar);
  return reps.flatMap((rep) => {
    const own = table.get(rep);
    if (!own) return [];
    return periods.flatMap((period, index) => {
      if (!hasQuotaFor(own, period, calendar)) return [];
      const quota = apportioned[rep * windows.length + index] ?? 0;
      const payee = textAt(dataset.reps.crmId, rep);
      return measures.map((measure) => ({ payee, measure: measure.name, period: period.name, quota }));
    });
  });
}

function checkCurrencies(plans: readonly PlanSource[], currency: string, problems: Problem[]): void {
  for (const { plan, file } of plans) {
    if (plan.currency !== currency) {
      problems.push({
        message: `plan ${plan.name} is in ${plan.currency}, but the workspace's deals and quotas are in ${currency}`,
        location: { file, field: 'currency' },
        fix: `write currency: ${currency} and amounts in ${currency}`,
      });
    }
  }
}

/** Credited reps whose role no plan pays: each named once, with the first deal that credits them. */
function unpaidCredits(
  deals: readonly CompDeal[],
  paidIds: ReadonlySet<string>,
  roleOf: (id: string) => string,
): Problem[] {
  const reported = new Set<string>();
  const problems: Problem[] = [];
  for (const deal of deals) {
    const credited = deal.splits ? deal.splits.map((split) => split.payee) : [deal.owner];
    for (const payee of credited) {
      if (paidIds.has(payee) || reported.has(payee)) continue;
      reported.add(payee);
      const role = roleOf(payee) || '(none)';
      problems.push({
        message: `rep ${payee} (role ${role}) is credited on deal ${deal.id} but no plan pays role ${role}`,
        location: { field: `opportunity ${deal.id}` },
        fix: `add a role named ${role} to one of the plans (see examples/comp), or give the rep a role a plan pays`,
      });
    }
  }
  return problems;
}

/**
 * The deals a plan's run needs: those crediting its payees, or their direct reports paid under other plans (for
 * the managers' overrides).
 */
export function dealsOfPlan(
  payees: readonly Payee[],
  others: readonly Payee[],
  deals: readonly CompDeal[],
): CompDeal[] {
  const own = new Set(payees.map((payee) => payee.id));
  const relevant = new Set([
    ...own,
    ...others.filter((payee) => own.has(payee.managerId ?? '')).map((payee) => payee.id),
  ]);
  return deals.filter((deal) =>
    deal.splits ? deal.splits.some((split) => relevant.has(split.payee)) : relevant.has(deal.owner),
  );
}

/**
 * The engine inputs of every plan for the fiscal year up to `through` (a plan period such as FY2027-M03), from
 * the dataset as of `asOf`. Throws one InputError with every problem; nothing is computed from bad data.
 */
export function workspaceCompInput(
  dataset: Dataset,
  config: CompWorkspaceConfig,
  plans: readonly PlanSource[],
  through: string,
  asOf: IsoDate,
): WorkspaceCompInput {
  const calendar = config.fiscalCalendar;
  const problems: Problem[] = [];
  checkCurrencies(plans, config.currency, problems);
  const paid = paidReps(dataset, plans, problems);
  const last = calendar.parsePeriod(through);
  const kinds = new Set(plans.map(({ plan }) => plan.period));
  if (!kinds.has(last.kind as 'month' | 'quarter') || kinds.size > 1) {
    problems.push({
      message: `${through} is not a period of every plan (plans pay per ${[...kinds].join(' and per ')})`,
      location: { field: '--period' },
      fix:
        kinds.has('quarter') && kinds.size === 1
          ? 'give a quarter such as FY2027-Q1'
          : 'give a month such as FY2027-M03, and run plans paid per quarter separately',
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  const year = calendar.period('year', last.fiscalYear);
  const lag = Math.max(
    0,
    ...plans.map(({ plan }) => (plan.payout.on === 'invoice' ? plan.payout.invoiceLagDays : 0)),
  );
  const window = {
    from: toDayNumber(year.start) - lag,
    to: toDayNumber(last.end),
    asOf: toDayNumber(asOf),
  };
  const deals = wonDeals(dataset, config, window, paid, problems);
  const paidIds = new Set([...paid.keys()].map((rep) => textAt(dataset.reps.crmId, rep)));
  const roleIndex = new Map(
    Array.from({ length: dataset.reps.count }, (_, rep) => [textAt(dataset.reps.crmId, rep), rep]),
  );
  problems.push(
    ...unpaidCredits(deals, paidIds, (id) => {
      const rep = roleIndex.get(id);
      return rep === undefined ? '' : (dataset.labels.role[dataset.reps.roleCode[rep] ?? 0] ?? '');
    }),
  );
  if (problems.length > 0) throw new InputError(problems);
  const periods = (
    last.kind === 'month' ? calendar.monthsOf(last.fiscalYear) : calendar.quartersOf(last.fiscalYear)
  ).filter((period) => period.index <= last.index);
  const infos: PayeeInfo[] = [];
  const allPayees = [...paid.values()].map((entry) => ({ ...entry, payee: payeeOf(dataset, entry.rep) }));
  const inputs = plans.map(({ plan }, index): CompInput => {
    // Reps who left before the year or join after the period are not paid in this run.
    const employed = (payee: Payee) =>
      (payee.eligibleFrom ?? last.end) <= last.end && (payee.eligibleThrough ?? year.start) >= year.start;
    const mine = allPayees.filter((entry) => entry.plan === index && employed(entry.payee));
    for (const { rep, payee } of mine) {
      infos.push({ id: payee.id, name: textAt(dataset.reps.name, rep), role: payee.role, plan: plan.name });
    }
    const own = new Set(mine.map((entry) => entry.payee.id));
    const payees = mine.map((entry) => entry.payee);
    // Other plans' payees carry their plan's timing: a manager's override counts their deals when they are credited.
    const others = allPayees
      .filter((entry) => !own.has(entry.payee.id))
      .map((entry): OtherPayee => ({
        ...entry.payee,
        payout: plans[entry.plan]?.plan.payout ?? plan.payout,
      }));
    return {
      plan,
      calendar,
      payees,
      deals: dealsOfPlan(payees, others, deals),
      quotas: quotaEntries(
        dataset,
        plan,
        mine.map((entry) => entry.rep),
        periods,
        calendar,
      ),
      otherPayees: others,
    };
  });
  return { inputs, payees: infos.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), deals };
}
