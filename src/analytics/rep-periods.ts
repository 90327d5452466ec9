/**
 * Rep-periods: one row per rep and window of the analysis period (the period itself, or its fiscal months,
 * quarters or years when a table is split by them), holding what rep metrics divide: quota, bookings, open
 * pipeline, time employed and ramped, weekdays worked and activities logged.
 *
 * Row `rep * windows + window` belongs to rep `rep`. Quotas are apportioned to windows by days: a window takes
 * the share of each quota period it overlaps, so a quarter's quota splits into its months and a year's into its
 * quarters. Where a rep has quotas of several granularities for the same days (a yearly and quarterly ones), the
 * finest is used, so nothing counts twice.
 * @module
 */
import { NO_DAY, NO_INDEX, textAt, type Dataset } from '../dataset/dataset.js';
import type { DayNumber } from '../domain/dates.js';
import { toDayNumber } from '../domain/dates.js';
import type { FiscalCalendar, PeriodKind } from '../domain/fiscal-calendar.js';
import { multiplyByRatio, type MinorUnits } from '../domain/money.js';
import { overlapDays, type PeriodWindow } from './periods.js';
import { median } from './aggregate.js';

/** Days after hire from which a rep counts as ramped (half a year, the usual ramp of a quota-carrying rep). */
export const RAMPED_AFTER_DAYS = 180;

/** Roles that carry a revenue number (SDRs, managers and the VP do not). */
export const SELLER_ROLES: readonly string[] = ['ae', 'am', 'isr'];

export interface RepPeriods {
  readonly windows: readonly PeriodWindow[];
  readonly count: number;
  /** Per row: the rep (index into reps). */
  readonly repIndex: Int32Array;
  /** Per row: the window's first day, for fiscal grouping. */
  readonly startDay: Int32Array;
}

export function repPeriods(repCount: number, windows: readonly PeriodWindow[]): RepPeriods {
  const count = repCount * windows.length;
  const repIndex = new Int32Array(count);
  const startDay = new Int32Array(count);
  for (let rep = 0; rep < repCount; rep++) {
    windows.forEach((window, index) => {
      repIndex[rep * windows.length + index] = rep;
      startDay[rep * windows.length + index] = window.startDay;
    });
  }
  return { windows, count, repIndex, startDay };
}

/** The index of the window holding `day`, or -1. Windows are in order and do not overlap. */
export function windowOf(windows: readonly PeriodWindow[], day: DayNumber): number {
  let low = 0;
  let high = windows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((windows[middle]?.startDay ?? 0) <= day) low = middle + 1;
    else high = middle;
  }
  const index = low - 1;
  return index >= 0 && day <= (windows[index]?.endDay ?? NO_DAY) ? index : -1;
}

const KIND_RANK: Readonly<Record<PeriodKind, number>> = { month: 0, quarter: 1, year: 2 };
/** Above every kind's rank: no quota overlaps. */
const NO_QUOTA_RANK = 3;

/** Each rep-period's quota: rep quotas apportioned by days, the finest granularity where several overlap. */
export function repPeriodQuotas(
  rows: RepPeriods,
  quotas: Dataset['quotas'],
  calendar: FiscalCalendar,
): Float64Array {
  const windowCount = rows.windows.length;
  const spans = new Map<string, { start: DayNumber; end: DayNumber; rank: number }>();
  const spanOf = (name: string) => {
    let span = spans.get(name);
    if (!span) {
      const period = calendar.parsePeriod(name);
      span = { start: toDayNumber(period.start), end: toDayNumber(period.end), rank: KIND_RANK[period.kind] };
      spans.set(name, span);
    }
    return span;
  };
  const repQuota = (row: number) =>
    textAt(quotas.ownerKind, row) === 'rep' &&
    (quotas.repIndex[row] ?? NO_INDEX) >= 0 &&
    !Number.isNaN(quotas.amount[row]);
  // First the finest granularity of quota each rep-period has, then the shares of quotas of that granularity.
  const finest = new Int32Array(rows.count).fill(NO_QUOTA_RANK);
  const forOverlaps = (
    visit: (row: number, target: number, days: number, span: ReturnType<typeof spanOf>) => void,
  ) => {
    for (let row = 0; row < quotas.count; row++) {
      if (!repQuota(row)) continue;
      const span = spanOf(textAt(quotas.period, row));
      const rep = quotas.repIndex[row] ?? NO_INDEX;
      if (rep * windowCount >= rows.count) continue;
      rows.windows.forEach((window, index) => {
        const days = overlapDays(span.start, span.end, window.startDay, window.endDay);
        if (days > 0) visit(row, rep * windowCount + index, days, span);
      });
    }
  };
  forOverlaps((_row, target, _days, span) => {
    finest[target] = Math.min(finest[target] ?? 0, span.rank);
  });
  const quota = new Float64Array(rows.count);
  forOverlaps((row, target, days, span) => {
    if (span.rank !== finest[target]) return;
    const share = { numerator: BigInt(days), denominator: BigInt(span.end - span.start + 1) };
    quota[target]! += multiplyByRatio((quotas.amount[row] ?? 0) as MinorUnits, share);
  });
  return quota;
}

/**
 * Each rep's quota for one period, by rep index (0 for a rep without one): the rep-period quotas
 * ({@link repPeriodQuotas}) of the period as a single window, so a quota overlapping it counts by its share of
 * days, at the finest granularity the rep has.
 */
export function repQuotasIn(
  dataset: Pick<Dataset, 'reps' | 'quotas'>,
  period: PeriodWindow,
  calendar: FiscalCalendar,
): Float64Array {
  const window = { name: period.name, startDay: period.startDay, endDay: period.endDay };
  return repPeriodQuotas(repPeriods(dataset.reps.count, [window]), dataset.quotas, calendar);
}

/**
 * Sums `values` (or counts, without values) of the deals `mask` selects into the rep-period of the deal's
 * owner and the window holding `dayOf`; NaN values are skipped.
 */
export function dealTotalsByRepPeriod(
  rows: RepPeriods,
  owner: Int32Array,
  mask: Uint8Array,
  dayOf: ArrayLike<number>,
  values?: ArrayLike<number>,
): Float64Array {
  const totals = new Float64Array(rows.count);
  const windowCount = rows.windows.length;
  for (let deal = 0; deal < mask.length; deal++) {
    if (mask[deal] !== 1) continue;
    const rep = owner[deal] ?? NO_INDEX;
    const window = windowOf(rows.windows, dayOf[deal] ?? NO_DAY);
    const value = values ? (values[deal] ?? NaN) : 1;
    if (rep < 0 || window < 0 || Number.isNaN(value)) continue;
    totals[rep * windowCount + window]! += value;
  }
  return totals;
}

/** Monday to Friday days in `from..to` (inclusive); 0 when the range is empty. Day 0 (1970-01-01) was a Thursday. */
export function weekdaysBetween(from: DayNumber, to: DayNumber): number {
  if (to < from) return 0;
  const days = to - from + 1;
  let weekdays = Math.floor(days / 7) * 5;
  for (let day = from + Math.floor(days / 7) * 7; day <= to; day++) {
    const weekday = (((day + 4) % 7) + 7) % 7; // 0 Sunday .. 6 Saturday
    if (weekday !== 0 && weekday !== 6) weekdays++;
  }
  return weekdays;
}

/** Time on the team per rep-period, counted up to `throughDay` (the as-of day). */
export interface RepPeriodTime {
  /** Share of the window's elapsed days the rep was employed, as a seller. */
  readonly sellerFte: Float64Array;
  /** Share of the window's elapsed days the rep was employed, as a seller ramped. */
  readonly rampedSellerFte: Float64Array;
  /** Weekdays employed in the elapsed part of the window. */
  readonly weekdays: Float64Array;
}

/**
 * FTE and weekdays of each rep-period. A seller is a rep in one of {@link SELLER_ROLES} or with a quota in the
 * window; ramped from {@link RAMPED_AFTER_DAYS} after hire (a rep without a hire date always counts as ramped).
 */
export function repPeriodTime(
  rows: RepPeriods,
  reps: Dataset['reps'],
  roleLabels: readonly string[],
  quota: Float64Array,
  throughDay: DayNumber,
): RepPeriodTime {
  const time: RepPeriodTime = {
    sellerFte: new Float64Array(rows.count),
    rampedSellerFte: new Float64Array(rows.count),
    weekdays: new Float64Array(rows.count),
  };
  for (let row = 0; row < rows.count; row++) {
    const rep = rows.repIndex[row] ?? 0;
    const window = rows.windows[row % rows.windows.length] as PeriodWindow;
    const last = Math.min(window.endDay, throughDay);
    if (last < window.startDay) continue;
    const hire = reps.hireDay[rep] ?? NO_DAY;
    const end = reps.endDay[rep] ?? NO_DAY;
    const employedFrom = Math.max(window.startDay, hire);
    const employedTo = end === NO_DAY ? last : Math.min(last, end);
    time.weekdays[row] = weekdaysBetween(employedFrom, employedTo);
    const seller = SELLER_ROLES.includes(roleLabels[reps.roleCode[rep] ?? 0] ?? '') || (quota[row] ?? 0) > 0;
    if (!seller) continue;
    const elapsed = last - window.startDay + 1;
    time.sellerFte[row] = Math.max(0, employedTo - employedFrom + 1) / elapsed;
    const rampedFrom = hire === NO_DAY ? employedFrom : Math.max(employedFrom, hire + RAMPED_AFTER_DAYS);
    time.rampedSellerFte[row] = Math.max(0, employedTo - rampedFrom + 1) / elapsed;
  }
  return time;
}

/** Activities of each type per rep-period, counted by the activity's rep and date (dates up to `throughDay`). */
export function repPeriodActivities(
  rows: RepPeriods,
  activities: Dataset['activities'],
  throughDay: DayNumber,
): { readonly byType: Map<number, Float64Array>; readonly all: Float64Array } {
  const byType = new Map<number, Float64Array>();
  const all = new Float64Array(rows.count);
  const windowCount = rows.windows.length;
  for (let activity = 0; activity < activities.count; activity++) {
    const day = activities.day[activity] ?? NO_DAY;
    const rep = activities.repIndex[activity] ?? NO_INDEX;
    if (day > throughDay || rep < 0) continue;
    const window = windowOf(rows.windows, day);
    if (window < 0) continue;
    const row = rep * windowCount + window;
    const type = activities.typeCode[activity] ?? 0;
    let counts = byType.get(type);
    if (!counts) {
      counts = new Float64Array(rows.count);
      byType.set(type, counts);
    }
    counts[row]! += 1;
    all[row]! += 1;
  }
  return { byType, all };
}

/** A ramped rep's yearly quota as a workspace's own quotas set it, and how many reps it was read from. */
export interface ObservedRampedQuota {
  readonly quota: MinorUnits;
  readonly reps: number;
}

/**
 * The median yearly quota of the reps in a quota-carrying role who were ramped when `year` began (hired at least
 * {@link RAMPED_AFTER_DAYS} before it, or with no hire date) and had not left by its end: what a planner means by
 * "a ramped rep's quota" when none is configured. Quotas are apportioned to the year as every rep metric does
 * (the finest granularity by days). Null when no such rep has a quota for the year.
 */
export function observedRampedQuota(
  dataset: Pick<Dataset, 'reps' | 'quotas' | 'labels'>,
  calendar: FiscalCalendar,
  year: PeriodWindow,
  quotaRoles: readonly string[],
): ObservedRampedQuota | null {
  const { reps } = dataset;
  const roles = new Set(quotaRoles.map((role) => role.toLowerCase()));
  const yearly = repQuotasIn(dataset, year, calendar);
  const quotas: number[] = [];
  for (let rep = 0; rep < reps.count; rep++) {
    const role = dataset.labels.role[reps.roleCode[rep] ?? 0] ?? '';
    const hired = reps.hireDay[rep] ?? NO_DAY;
    const left = reps.endDay[rep] ?? NO_DAY;
    const ramped = hired === NO_DAY || hired <= year.startDay - RAMPED_AFTER_DAYS;
    const stayed = left === NO_DAY || left >= year.endDay;
    const quota = yearly[rep] ?? 0;
    if (roles.has(role.toLowerCase()) && ramped && stayed && quota > 0) quotas.push(quota);
  }
  const middle = median(quotas);
  return middle === null ? null : { quota: Math.round(middle) as MinorUnits, reps: quotas.length };
}
