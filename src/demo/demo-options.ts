/**
 * What the demo generator is asked for ({@link DemoOptions}), checked once and resolved into day numbers and
 * stage indices. Every mistake a user can make (`--reps 2`, `--opportunities 0`, a bad `--as-of`) becomes one
 * InputError listing each problem with its fix.
 * @module
 */
import { addDays, parseIsoDate, toDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import { periodSchema } from '../domain/entities.js';
import { InputError, type Problem } from '../domain/errors.js';
import type { FiscalCalendar, FiscalPeriod } from '../domain/fiscal-calendar.js';
import { DEFAULT_RAMP_PROFILE } from '../domain/planning-config.js';
import { currencyExponent, isCurrencyCode } from '../domain/money.js';
import { stageModelProblems, type Stage } from '../domain/stage-model.js';
import { DEFAULT_SEGMENTS, segmentProfiles, type SegmentProfile } from './segment-profiles.js';

/** A fiscal quarter or month, as the fiscal calendar gives it. */
export interface DemoPeriod {
  readonly period: string;
  readonly start: IsoDate;
  /** Last day, inclusive. */
  readonly end: IsoDate;
}

export interface DemoOptions {
  /** Any whole number; the same seed and options give byte-identical output. */
  readonly seed: number;
  /** People on the sales team on `asOf` (VP, managers and individual contributors); leavers come on top. */
  readonly reps: number;
  readonly opportunities: number;
  /** The day the "export" is taken: history before it, open pipeline closing after it. */
  readonly asOf: IsoDate;
  /** The workspace's stage model, in process order. */
  readonly stages: readonly Stage[];
  /** Corporate currency: every amount is in it. */
  readonly currency: string;
  /** Fiscal quarters covering at least {@link demoDateRange} (quotas are per quarter). */
  readonly fiscalQuarters: readonly DemoPeriod[];
  /** Fiscal months covering at least {@link demoDateRange} (costs are per month). */
  readonly fiscalMonths: readonly DemoPeriod[];
  /** Segment names, largest deals first (default Enterprise, Mid-Market, SMB). */
  readonly segments?: readonly string[];
  /**
   * The workspace's ramp profile (planning.capacity.rampProfile; default the configuration's default): a new
   * hire's quota is a ramped rep's times the profile's share for each tenure month, as `plan quotas` sets it.
   */
  readonly rampProfile?: readonly number[];
  /** Opportunities per yielded batch after the first (default 50,000). Output does not depend on it. */
  readonly chunkSize?: number;
  /**
   * Plant data-quality defects in known numbers (src/demo/defects.ts) for `salesops audit` to find. Default
   * false: a clean CRM. Either way the records defects are not planted on are the same.
   */
  readonly defects?: boolean;
}

/** Opportunities are created over this many days before `asOf`. */
export const HISTORY_DAYS = 1095;
/** Quotas start with the first quarter this many days into the history, once pipeline has built up. */
const QUOTA_WARM_UP_DAYS = 240;
const DEFAULT_CHUNK_SIZE = 50_000;
const MAX_REPS = 100_000;
/** Ten times the bench's workspace; the generator counts deals in 32-bit arrays. */
const MAX_OPPORTUNITIES = 10_000_000;
const MAX_SEGMENTS = 8;

/**
 * The dates the generator's records span: opportunities are created from `from` on, and quotas reach into the
 * quarter after `asOf`. Pass fiscal quarters and months that overlap `from..to`.
 */
export function demoDateRange(asOf: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: addDays(asOf, -HISTORY_DAYS), to: addDays(asOf, 190) };
}

/** The fiscal quarters and months a demo as of `asOf` needs, taken from the workspace's fiscal calendar. */
export function demoFiscalPeriods(
  calendar: FiscalCalendar,
  asOf: IsoDate,
): { fiscalQuarters: DemoPeriod[]; fiscalMonths: DemoPeriod[] } {
  const { from, to } = demoDateRange(asOf);
  const asDemoPeriod = (period: FiscalPeriod): DemoPeriod => ({
    period: period.name,
    start: period.start,
    end: period.end,
  });
  return {
    fiscalQuarters: calendar.periodsOverlapping(from, to, 'quarter').map(asDemoPeriod),
    fiscalMonths: calendar.periodsOverlapping(from, to, 'month').map(asDemoPeriod),
  };
}

export interface ResolvedPeriod {
  readonly period: string;
  readonly startDay: DayNumber;
  readonly endDay: DayNumber;
}

/** The options after validation, in the generator's terms. */
export interface DemoPlan {
  readonly seed: number;
  readonly reps: number;
  readonly opportunities: number;
  readonly chunkSize: number;
  readonly defects: boolean;
  readonly asOfDay: DayNumber;
  /** First day an opportunity can be created. */
  readonly historyStartDay: DayNumber;
  /** Quarters starting before this day get no quota. */
  readonly quotaStartDay: DayNumber;
  readonly stages: readonly Stage[];
  /** Indices into `stages` of the open stages, in process order. */
  readonly openStages: readonly number[];
  readonly wonStage: number;
  readonly lostStage: number;
  readonly currency: string;
  /** Minor units per major unit of the currency (100 for USD, 1 for JPY). */
  readonly minorPerMajor: number;
  readonly quarters: readonly ResolvedPeriod[];
  readonly months: readonly ResolvedPeriod[];
  readonly segments: readonly SegmentProfile[];
  readonly rampProfile: readonly number[];
}

/** A whole-number option (named as the CLI flag where there is one) outside its range; null when fine. */
function wholeNumberProblem(
  flag: string,
  value: number,
  range: { min?: number; max?: number },
  example: number,
): Problem | null {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return null;
  const bound =
    range.min === undefined ? '' : range.max === undefined ? ` >= ${min}` : ` from ${min} to ${max}`;
  return {
    message: `${flag} must be a whole number${bound} (got ${String(value)})`,
    fix: `pass ${flag} ${example}, for example`,
  };
}

function periodProblems(list: readonly DemoPeriod[], field: string): Problem[] {
  const problems: Problem[] = [];
  list.forEach((entry, index) => {
    const at = { field: `${field}[${index}]` };
    if (!periodSchema.safeParse(entry.period).success) {
      problems.push({
        message: `${JSON.stringify(entry.period)} is not a fiscal period name`,
        location: at,
        fix: 'name periods as the fiscal calendar does, e.g. FY2027-Q1 or FY2027-M01',
      });
    }
    const start = parseIsoDate(entry.start);
    const end = parseIsoDate(entry.end);
    if (start === null || end === null || start > end) {
      problems.push({
        message: `the period ${JSON.stringify(entry.period)} needs start <= end as YYYY-MM-DD (got ${entry.start}..${entry.end})`,
        location: at,
        fix: 'take the periods from the fiscal calendar',
      });
    }
  });
  return problems;
}

function segmentProblems(segments: readonly string[]): Problem[] {
  const unique = new Set(segments.map((name) => name.trim().toLowerCase()));
  if (
    segments.length >= 1 &&
    segments.length <= MAX_SEGMENTS &&
    unique.size === segments.length &&
    !unique.has('')
  ) {
    return [];
  }
  return [
    {
      message: `segments must be 1 to ${MAX_SEGMENTS} different non-empty names (got ${JSON.stringify(segments)})`,
      location: { field: 'segments' },
      fix: `list the segments largest deals first, e.g. ${DEFAULT_SEGMENTS.join(', ')}`,
    },
  ];
}

function optionProblems(options: DemoOptions): Problem[] {
  const problems: Problem[] = [];
  const numbers = [
    wholeNumberProblem('--seed', options.seed, {}, 7),
    wholeNumberProblem('--reps', options.reps, { min: 3, max: MAX_REPS }, 120),
    wholeNumberProblem('--opportunities', options.opportunities, { min: 1, max: MAX_OPPORTUNITIES }, 50_000),
  ];
  if (options.chunkSize !== undefined) {
    numbers.push(wholeNumberProblem('chunkSize', options.chunkSize, { min: 1 }, 50_000));
  }
  for (const problem of numbers) if (problem) problems.push(problem);
  if (parseIsoDate(options.asOf) === null) {
    problems.push({
      message: `--as-of must be a date YYYY-MM-DD (got ${JSON.stringify(options.asOf)})`,
      fix: 'pass --as-of 2026-06-30, for example, or leave it out for today',
    });
  }
  if (!isCurrencyCode(options.currency)) {
    problems.push({
      message: `the currency must be an ISO 4217 code (got ${JSON.stringify(options.currency)})`,
      location: { field: 'currency' },
      fix: 'write three capital letters, such as USD or EUR, in salesops.yaml',
    });
  }
  for (const stage of stageModelProblems(options.stages)) {
    problems.push({
      message: stage.message,
      location: { field: stage.index === undefined ? 'stages' : `stages[${stage.index}]` },
      ...(stage.fix ? { fix: stage.fix } : {}),
    });
  }
  problems.push(...periodProblems(options.fiscalQuarters, 'fiscalQuarters'));
  problems.push(...periodProblems(options.fiscalMonths, 'fiscalMonths'));
  problems.push(...segmentProblems(options.segments ?? DEFAULT_SEGMENTS));
  return problems;
}

const byStart = (a: ResolvedPeriod, b: ResolvedPeriod): number => a.startDay - b.startDay;

function resolvePeriods(list: readonly DemoPeriod[]): ResolvedPeriod[] {
  return list
    .map((entry) => ({
      period: entry.period,
      startDay: toDayNumber(entry.start),
      endDay: toDayNumber(entry.end),
    }))
    .sort(byStart);
}

/** Validates the options; throws one InputError listing every problem. */
export function resolveDemoOptions(options: DemoOptions): DemoPlan {
  const problems = optionProblems(options);
  if (problems.length > 0) throw new InputError(problems);

  const asOfDay = toDayNumber(options.asOf);
  const historyStartDay = asOfDay - HISTORY_DAYS;
  const stages = options.stages;
  const openStages = stages.flatMap((stage, index) => (stage.outcome === 'open' ? [index] : []));
  return {
    seed: options.seed,
    reps: options.reps,
    opportunities: options.opportunities,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    defects: options.defects ?? false,
    asOfDay,
    historyStartDay,
    quotaStartDay: historyStartDay + QUOTA_WARM_UP_DAYS,
    stages,
    openStages,
    wonStage: stages.findIndex((stage) => stage.outcome === 'won'),
    lostStage: stages.findIndex((stage) => stage.outcome === 'lost'),
    currency: options.currency,
    minorPerMajor: 10 ** currencyExponent(options.currency),
    quarters: resolvePeriods(options.fiscalQuarters),
    months: resolvePeriods(options.fiscalMonths),
    segments: segmentProfiles(options.segments ?? DEFAULT_SEGMENTS),
    rampProfile: options.rampProfile ?? DEFAULT_RAMP_PROFILE,
  };
}
