/**
 * The compensation plan model: roles (OTE, base/variable split, measures, manager override), measures with
 * quotas and rate tables (flat, retroactive or marginal tiers, accelerators, decelerators, thresholds, caps),
 * SPIFs, draws, clawbacks and the year-to-date true-up. Validation is pure and collects every problem at the path
 * of the field it is about, with the fix, so a plan file reports all its mistakes at once and nothing is computed
 * from a plan that has one. Rates are exact decimal strings; amounts are major units of the plan currency.
 * @module
 */
import { z } from 'zod';
import { describeZodIssue, type ConfigIssue } from '../domain/workspace-config.js';
import { currencySchema } from '../domain/entities.js';
import { parseDecimalToMinor, type CurrencyCode, type MinorUnits, type Ratio } from '../domain/money.js';
import { type PayoutTiming } from './payout-timing.js';
import { compare, decimal, formatRatio, ONE, plus, ZERO } from './exact.js';

export const MEASURE_METRICS = ['bookings', 'arr', 'newLogos', 'renewals'] as const;
/** What a measure counts: bookings (new and expansion amount), ARR, new logos (a count), renewals (amount). */
export type MeasureMetric = (typeof MEASURE_METRICS)[number];
export type TierMethod = 'flat' | 'retroactive' | 'marginal';
export type PlanPeriodKind = 'month' | 'quarter';

/**
 * One band of attainment (fractions of quota; `to` null: no upper bound). A retroactive tier holds the attainments
 * `(from, to]`: it is reached when attainment exceeds its `from` (the first tier also holds 0), so at exactly 100%
 * a rep is paid by the tier ending at 1, not the accelerator starting there. Marginal tiers pay each band's
 * volume at its own rate, which no boundary rule changes.
 */
export interface Tier {
  /** An optional name (`accelerator`), shown on statements and usable in `comp whatif --set` paths. */
  readonly name: string | null;
  readonly from: Ratio;
  readonly to: Ratio | null;
  /** Either the band's own rate, or a multiplier of the measure's base rate. */
  readonly pay:
    | { readonly kind: 'rate'; readonly rate: Ratio }
    | { readonly kind: 'multiplier'; readonly multiplier: Ratio };
}

export interface Measure {
  readonly name: string;
  readonly metric: MeasureMetric;
  /** Share of the role's variable pay, for measures paid at the target rate. */
  readonly weight: Ratio;
  /** Default quota per plan period (minor units, or a count for new logos); per-payee quotas in the input win. */
  readonly quota: number | null;
  /**
   * Base rate per unit of volume: a fraction of the amount for money measures, minor units per logo for counts;
   * `target`: the base commission rate, variable pay x weight / periods per year / quota.
   */
  readonly rate: Ratio | 'target';
  readonly method: TierMethod;
  readonly tiers: readonly Tier[];
  /** No pay below this attainment. */
  readonly threshold: Ratio | null;
  /** Volume above this attainment earns nothing. */
  readonly capAttainment: Ratio | null;
  /** Earnings of the measure in one period never exceed this (minor units). */
  readonly capAmount: MinorUnits | null;
}

export interface Role {
  readonly name: string;
  /** On-target earnings per year (minor units); null for roles paid on rates alone. */
  readonly ote: MinorUnits | null;
  /** Share of OTE paid as base salary; the rest is variable pay. */
  readonly baseShare: Ratio;
  readonly measures: readonly string[];
  /** A manager's override on the credits of their direct reports. */
  readonly override: { readonly rate: Ratio; readonly measures: readonly string[] } | null;
}

export interface Spif {
  readonly name: string;
  readonly measure: string;
  /** Deal types that qualify; empty: every type. */
  readonly dealTypes: readonly string[];
  readonly minAmount: MinorUnits;
  /** First and last plan period (names such as FY2027-M01) in which deals qualify; null: open. */
  readonly from: string | null;
  readonly through: string | null;
  readonly pay:
    | { readonly kind: 'amount'; readonly amount: MinorUnits }
    | { readonly kind: 'rate'; readonly rate: Ratio };
}

export interface Draw {
  readonly role: string;
  /** Guaranteed pay per period. */
  readonly amount: MinorUnits;
  /** Recoverable: the shortfall paid becomes a balance recovered from later earnings above the draw. */
  readonly recoverable: boolean;
  readonly from: string | null;
  readonly through: string | null;
  /**
   * Balances of a recoverable draw owed before the first period run, by payee (minor units): used where no
   * closed run of the year before left one (a plan's first year, a payee moving in with a balance).
   */
  readonly openingBalances: Readonly<Record<string, MinorUnits>>;
}

export interface Clawback {
  /** A deal cancelled within this many days of booking is clawed back. */
  readonly withinDays: number;
  /** Whether the cancelled deal is taken out of the attainment of its booking period (tiers may drop). */
  readonly reducesAttainment: boolean;
}

export interface CompPlan {
  readonly version: 1;
  readonly name: string;
  readonly currency: CurrencyCode;
  readonly period: PlanPeriodKind;
  readonly roles: readonly Role[];
  readonly measures: readonly Measure[];
  readonly spifs: readonly Spif[];
  readonly draws: readonly Draw[];
  readonly clawback: Clawback | null;
  /** Pay, each period, year-to-date earnings on cumulative attainment less what was paid (never negative). */
  readonly trueUp: boolean;
  /** When a deal is paid: in the period of its booking, or of its invoice. */
  readonly payout: PayoutTiming;
}

type Path = (string | number)[];
type Report = (path: Path, message: string, fix?: string) => void;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const decimalText = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .refine((text) => DECIMAL_TEXT.test(text), { message: 'must be a decimal number such as "0.08"' });
const periodName = z
  .string()
  .regex(/^FY\d{4}-(M(0[1-9]|1[0-2])|Q[1-4])$/, 'must be a period name such as FY2027-M01');
const name = z.string().trim().min(1, 'must not be empty');

const tierSchema = z
  .strictObject({
    name: name.optional(),
    from: decimalText,
    to: decimalText.optional(),
    rate: decimalText.optional(),
    multiplier: decimalText.optional(),
  })
  .refine((tier) => (tier.rate === undefined) !== (tier.multiplier === undefined), {
    message: 'needs exactly one of rate or multiplier',
    params: {
      fix: 'write rate: "0.12" for the band\'s own rate, or multiplier: "1.5" for a multiple of the base rate',
    },
  });

const measureSchema = z.strictObject({
  name,
  metric: z.enum(MEASURE_METRICS),
  weight: decimalText.default('1'),
  quota: decimalText.optional(),
  rate: z.union([z.literal('target'), decimalText]),
  method: z.enum(['flat', 'retroactive', 'marginal']).default('flat'),
  tiers: z.array(tierSchema).default([]),
  threshold: decimalText.optional(),
  cap: z.strictObject({ attainment: decimalText.optional(), amount: decimalText.optional() }).optional(),
});

const roleSchema = z.strictObject({
  name,
  ote: decimalText.optional(),
  baseShare: decimalText.default('0'),
  measures: z.array(z.string()).min(1, 'needs at least one measure'),
  override: z.strictObject({ rate: decimalText, measures: z.array(z.string()).min(1) }).optional(),
});

const spifSchema = z.strictObject({
  name,
  measure: z.string(),
  dealTypes: z.array(z.string()).default([]),
  minAmount: decimalText.default('0'),
  from: periodName.optional(),
  through: periodName.optional(),
  pay: z.union([z.strictObject({ amount: decimalText }), z.strictObject({ rate: decimalText })], {
    error: 'must be { amount: "500.00" } or { rate: "0.02" }',
  }),
});

const drawSchema = z.strictObject({
  role: z.string(),
  amount: decimalText,
  recoverable: z.boolean(),
  from: periodName.optional(),
  through: periodName.optional(),
  openingBalances: z.record(z.string(), decimalText).default({}),
});

export const compPlanSchema = z.strictObject({
  version: z.literal(1),
  name,
  currency: currencySchema,
  period: z.enum(['month', 'quarter']).default('month'),
  roles: z.array(roleSchema).min(1, 'needs at least one role'),
  measures: z.array(measureSchema).min(1, 'needs at least one measure'),
  spifs: z.array(spifSchema).default([]),
  draws: z.array(drawSchema).default([]),
  clawback: z
    .strictObject({ withinDays: z.number().int().nonnegative(), reducesAttainment: z.boolean() })
    .optional(),
  trueUp: z.boolean().default(false),
  payout: z
    .strictObject({
      on: z.enum(['booking', 'invoice']),
      invoiceLagDays: z.number().int().nonnegative().default(0),
    })
    .default({ on: 'booking', invoiceLagDays: 0 }),
});

type RawPlan = z.output<typeof compPlanSchema>;
type RawTier = z.output<typeof tierSchema>;
type RawMeasure = z.output<typeof measureSchema>;

function checkNonNegative(text: string | undefined, path: Path, report: Report, what = 'rate'): void {
  if (text !== undefined && text.startsWith('-')) {
    report(
      path,
      `a ${what} must not be negative (got ${text})`,
      'write a rate of 0 or more; a clawback is a plan rule, not a negative rate',
    );
  }
}

/** OTE, quotas, base rates and weights: a zero or negative one pays nothing or divides by nothing. */
function checkPositive(
  text: string | undefined,
  path: Path,
  report: Report,
  what: string,
  fix: string,
): void {
  if (text !== undefined && compare(decimal(text), ZERO) <= 0) {
    report(path, `${what} must be positive (got ${text})`, fix);
  }
}

/** Tiers must start at 0, follow each other without gap or overlap, and only the last may be open-ended. */
function checkTiers(tiers: readonly RawTier[], path: Path, report: Report): void {
  tiers.forEach((tier, index) => {
    const at = [...path, index];
    checkNonNegative(tier.rate, [...at, 'rate'], report);
    checkNonNegative(tier.multiplier, [...at, 'multiplier'], report, 'multiplier');
    checkNonNegative(tier.from, [...at, 'from'], report, 'tier bound');
    if (tier.to !== undefined && compare(decimal(tier.to), decimal(tier.from)) <= 0) {
      report(
        [...at, 'to'],
        `the tier ends at ${tier.to}, not after it starts at ${tier.from}`,
        'make to greater than from',
      );
    }
    if (tier.to === undefined && index < tiers.length - 1) {
      report(
        at,
        'only the last tier may be open-ended',
        `add to: (where tier ${index + 2} starts) to this tier`,
      );
    }
  });
  const first = tiers[0];
  if (first && compare(decimal(first.from), ZERO) !== 0) {
    report(
      [...path, 0, 'from'],
      `the first tier starts at ${first.from}, leaving attainment below it unpaid by any tier`,
      'start the first tier at from: "0" (use threshold: for no pay below a level)',
    );
  }
  for (let index = 1; index < tiers.length; index += 1) {
    const previousEnd = tiers[index - 1]?.to;
    const start = tiers[index]?.from;
    if (previousEnd === undefined || start === undefined) continue;
    const order = compare(decimal(start), decimal(previousEnd));
    if (order < 0) {
      report(
        [...path, index, 'from'],
        `tier ${index + 1} starts at ${start}, overlapping tier ${index} which ends at ${previousEnd}`,
        `start tier ${index + 1} at from: "${previousEnd}"`,
      );
    } else if (order > 0) {
      report(
        [...path, index, 'from'],
        `tier ${index + 1} starts at ${start}, leaving a gap after tier ${index} which ends at ${previousEnd}`,
        `start tier ${index + 1} at from: "${previousEnd}"`,
      );
    }
  }
}

function checkMeasure(measure: RawMeasure, path: Path, report: Report): void {
  if (measure.rate !== 'target') {
    checkPositive(
      measure.rate,
      [...path, 'rate'],
      report,
      'the rate',
      'write the rate paid per unit of volume, e.g. "0.08" (8%); remove a measure that pays nothing',
    );
  }
  checkPositive(
    measure.weight,
    [...path, 'weight'],
    report,
    'the weight',
    'write the share of variable pay, e.g. "0.6"',
  );
  checkPositive(
    measure.quota,
    [...path, 'quota'],
    report,
    'the quota',
    'write the quota per plan period, e.g. "100000.00" (omit it for a flat measure without one)',
  );
  if (measure.method === 'flat' && measure.tiers.length > 0) {
    report(
      [...path, 'method'],
      'a flat measure has no tiers',
      'write method: retroactive or method: marginal, or remove the tiers',
    );
  }
  if (measure.method !== 'flat' && measure.tiers.length === 0) {
    const example = 'add tiers: [{ from: "0", to: "1", multiplier: "1" }, { from: "1", multiplier: "1.5" }]';
    report(
      [...path, 'tiers'],
      `a ${measure.method} measure needs tiers`,
      measure.method === 'retroactive'
        ? `${example}; a tier is reached above its from, so at exactly 100% of quota the first one pays`
        : example,
    );
  }
  checkTiers(measure.tiers, [...path, 'tiers'], report);
  if (measure.metric === 'newLogos' && measure.quota !== undefined && !/^\d+$/.test(measure.quota)) {
    report(
      [...path, 'quota'],
      'a new-logo quota is a whole number of logos',
      'write a whole number such as 3',
    );
  }
}

function checkReferences(plan: RawPlan, report: Report): void {
  const measures = new Map(plan.measures.map((measure) => [measure.name, measure]));
  const roles = new Set(plan.roles.map((role) => role.name));
  const known = [...measures.keys()].join(', ');
  plan.roles.forEach((role, index) => {
    const missing = (names: readonly string[], path: Path) =>
      names.forEach((measure, at) => {
        if (!measures.has(measure))
          report([...path, at], `no measure is named ${measure}`, `use one of ${known}`);
      });
    missing(role.measures, ['roles', index, 'measures']);
    if (role.override) missing(role.override.measures, ['roles', index, 'override', 'measures']);
    checkPositive(
      role.ote,
      ['roles', index, 'ote'],
      report,
      'the OTE',
      'write the on-target earnings per year, e.g. "180000.00" (omit it for a role paid on rates alone)',
    );
    checkPositive(
      role.override?.rate,
      ['roles', index, 'override', 'rate'],
      report,
      'the override rate',
      'write the rate on the reports\' credits, e.g. "0.01" (remove the override to pay none)',
    );
    const targeted = role.measures
      .map((measure) => measures.get(measure))
      .filter((measure) => measure?.rate === 'target');
    if (targeted.length > 0 && role.ote === undefined) {
      report(
        ['roles', index],
        `role ${role.name} has measures paid at the target rate but no OTE`,
        'add ote: (on-target earnings per year) and baseShare:',
      );
    }
    if (targeted.length > 0) {
      const total = targeted.reduce((sum, measure) => plus(sum, decimal(measure?.weight ?? '0')), ZERO);
      if (compare(total, ONE) !== 0) {
        report(
          ['roles', index, 'measures'],
          `the weights of role ${role.name}'s target-rate measures total ${formatRatio(total)}, not 1`,
          'make the weights add up to 1 (100% of variable pay)',
        );
      }
    }
    if (compare(decimal(role.baseShare), ZERO) < 0 || compare(decimal(role.baseShare), ONE) > 0) {
      report(
        ['roles', index, 'baseShare'],
        `baseShare must be between 0 and 1 (got ${role.baseShare})`,
        'write the share of OTE paid as base salary, e.g. "0.5"',
      );
    }
  });
  plan.spifs.forEach((spif, index) => {
    if (!measures.has(spif.measure))
      report(['spifs', index, 'measure'], `no measure is named ${spif.measure}`, `use one of ${known}`);
    if ('rate' in spif.pay) checkNonNegative(spif.pay.rate, ['spifs', index, 'pay', 'rate'], report);
    if ('amount' in spif.pay)
      checkNonNegative(spif.pay.amount, ['spifs', index, 'pay', 'amount'], report, 'SPIF amount');
  });
  plan.draws.forEach((draw, index) => {
    if (!roles.has(draw.role))
      report(
        ['draws', index, 'role'],
        `no role is named ${draw.role}`,
        `use one of ${[...roles].join(', ')}`,
      );
    checkNonNegative(draw.amount, ['draws', index, 'amount'], report, 'draw');
    for (const [payee, balance] of Object.entries(draw.openingBalances)) {
      const path = ['draws', index, 'openingBalances', payee];
      if (!draw.recoverable) {
        report(
          path,
          `an opening balance is only recovered from a recoverable draw, and this draw is not recoverable`,
          'write recoverable: true, or remove openingBalances',
        );
      }
      checkNonNegative(balance, path, report, 'draw balance');
    }
  });
  const seen = new Set<string>();
  plan.measures.forEach((measure, index) => {
    if (seen.has(measure.name))
      report(
        ['measures', index, 'name'],
        `measure ${measure.name} is defined twice`,
        'give each measure its own name',
      );
    seen.add(measure.name);
  });
}

function reporter(context: z.RefinementCtx): Report {
  return (path, message, fix) =>
    context.addIssue({ code: 'custom', path, message, ...(fix ? { params: { fix } } : {}) });
}

const checkedSchema = compPlanSchema.superRefine((plan, context) => {
  const report = reporter(context);
  plan.measures.forEach((measure, index) => checkMeasure(measure, ['measures', index], report));
  checkReferences(plan, report);
});

function build(raw: RawPlan): CompPlan {
  const currency = raw.currency;
  const money = (text: string): MinorUnits => parseDecimalToMinor(text, currency, { round: true });
  const optional = (text: string | undefined): Ratio | null => (text === undefined ? null : decimal(text));
  return {
    version: 1,
    name: raw.name,
    currency,
    period: raw.period,
    roles: raw.roles.map((role) => ({
      name: role.name,
      ote: role.ote === undefined ? null : money(role.ote),
      baseShare: decimal(role.baseShare),
      measures: role.measures,
      override: role.override
        ? { rate: decimal(role.override.rate), measures: role.override.measures }
        : null,
    })),
    measures: raw.measures.map((measure) => {
      const counted = measure.metric === 'newLogos';
      // Count measures pay money per logo: their rates are read as amounts of money, held in minor units.
      const perUnit = (text: string): Ratio => (counted ? decimal(String(money(text))) : decimal(text));
      return {
        name: measure.name,
        metric: measure.metric,
        weight: decimal(measure.weight),
        quota: measure.quota === undefined ? null : counted ? Number(measure.quota) : money(measure.quota),
        rate: measure.rate === 'target' ? 'target' : perUnit(measure.rate),
        method: measure.method,
        tiers: measure.tiers.map((tier) => ({
          name: tier.name ?? null,
          from: decimal(tier.from),
          to: optional(tier.to),
          pay:
            tier.rate !== undefined
              ? { kind: 'rate' as const, rate: perUnit(tier.rate) }
              : { kind: 'multiplier' as const, multiplier: decimal(tier.multiplier ?? '1') },
        })),
        threshold: optional(measure.threshold),
        capAttainment: optional(measure.cap?.attainment),
        capAmount: measure.cap?.amount === undefined ? null : money(measure.cap.amount),
      };
    }),
    spifs: raw.spifs.map((spif) => ({
      name: spif.name,
      measure: spif.measure,
      dealTypes: spif.dealTypes,
      minAmount: money(spif.minAmount),
      from: spif.from ?? null,
      through: spif.through ?? null,
      pay:
        'amount' in spif.pay
          ? { kind: 'amount' as const, amount: money(spif.pay.amount) }
          : { kind: 'rate' as const, rate: decimal(spif.pay.rate) },
    })),
    draws: raw.draws.map((draw) => ({
      role: draw.role,
      amount: money(draw.amount),
      recoverable: draw.recoverable,
      from: draw.from ?? null,
      through: draw.through ?? null,
      openingBalances: Object.fromEntries(
        Object.entries(draw.openingBalances).map(([payee, balance]) => [payee, money(balance)]),
      ),
    })),
    clawback: raw.clawback ?? null,
    trueUp: raw.trueUp,
    payout: raw.payout,
  };
}

export type PlanValidation =
  | { readonly ok: true; readonly plan: CompPlan }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Validates plain data (a parsed plan file) into a plan, or every problem with its path and fix. */
export function validateCompPlan(input: unknown): PlanValidation {
  const result = checkedSchema.safeParse(input);
  if (result.success) return { ok: true, plan: build(result.data) };
  return {
    ok: false,
    issues: result.error.issues.flatMap((issue) =>
      describeZodIssue(compPlanSchema, issue, input, 'docs/compensation.md'),
    ),
  };
}
