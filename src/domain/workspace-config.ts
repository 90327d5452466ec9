/**
 * The workspace configuration (`salesops.yaml`): company, corporate currency and dated FX rates, fiscal year,
 * stage model, BANT qualification requirements, segmentation rules, account tiers and database settings.
 * Validation here is pure and collects every problem with the path of the field it is about; the file loader
 * (src/workspace/config-file.ts) turns paths into file:line:column.
 *
 * Amounts in the file (revenue bounds, potential thresholds) are in major units of the corporate currency
 * (`50000000` is $50M when the currency is USD); the parsed config holds integer minor units.
 * @module
 */
import { z } from 'zod';
import type { IsoDate } from './dates.js';
import { FORECAST_CATEGORIES, type ForecastCategory } from './entities.js';
import { InputError, type Problem } from './errors.js';
import { createFiscalCalendar, type FiscalCalendar, type FiscalYearNaming } from './fiscal-calendar.js';
import { createFxTable, fxRateProblems, type FxTable } from './fx.js';
import {
  isCurrencyCode,
  parseDecimalToMinor,
  type CurrencyCode,
  type DecimalString,
  type MinorUnits,
} from './money.js';
import { buildPlanningConfig, planningConfigSchema, type PlanningConfig } from './planning-config.js';
import {
  createStageModel,
  DEFAULT_STAGES,
  normalizeStageName,
  stageModelProblems,
  type Stage,
  type StageModel,
  type StageOutcome,
} from './stage-model.js';

export const BANT_FIELDS = ['budget', 'authority', 'need', 'timeline'] as const;
export type BantField = (typeof BANT_FIELDS)[number];

/** A dated FX rate as parsed: `rate` units of `currency` per 1 unit of the corporate currency from `from` on. */
export interface FxRate {
  readonly currency: CurrencyCode;
  readonly from: IsoDate;
  readonly rate: DecimalString;
}

/** A BANT element that must be confirmed on a deal from a stage on. */
export interface QualificationRequirement {
  readonly field: BantField;
  readonly label: string;
  /** Name of the first stage (as written in `stages`) at which the element is required. */
  readonly requiredFromStage: string;
}

/** Inclusive bounds; a missing bound is open. */
export interface Bounds<T extends number> {
  readonly min?: T;
  readonly max?: T;
}

/** A segment and the conditions an account must meet to fall in it (all given conditions must hold). */
export interface SegmentRule {
  readonly name: string;
  readonly employees?: Bounds<number>;
  /** Annual revenue bounds in minor units of the corporate currency. */
  readonly annualRevenue?: Bounds<MinorUnits>;
  /** Region labels, matched ignoring case. */
  readonly regions?: readonly string[];
}

/**
 * Segmentation: rules tried in order, the first whose conditions all hold wins; an account that matches none
 * (or lacks the data a rule needs) goes to `fallback`.
 */
export interface Segmentation {
  readonly rules: readonly SegmentRule[];
  readonly fallback: string;
}

/**
 * How a tier picks its accounts, applied from the first tier down: `share` takes that fraction of all accounts,
 * ranked by potential (highest first), among those not in a tier above; `minPotential` takes the accounts whose
 * potential (minor units) is at least the threshold; `rest` (the last tier) takes every remaining account.
 */
export type TierRule =
  | { readonly kind: 'share'; readonly share: number }
  | { readonly kind: 'minPotential'; readonly minPotential: MinorUnits }
  | { readonly kind: 'rest' };

export interface TierDefinition {
  readonly name: string;
  readonly label: string | null;
  /** How accounts of this tier are covered, e.g. "High-touch, AM assigned". */
  readonly strategy: string;
  readonly rule: TierRule;
}

/**
 * What customer lifetime value (LTV) is computed from: LTV = annual revenue per customer x gross margin x
 * lifetime in years. Revenue per customer is measured (the mean first deal of the period's new customers)
 * unless given here.
 */
export interface LtvInputs {
  /** Share of revenue kept after the cost of serving it, in (0, 1]. */
  readonly grossMargin: number;
  /** Expected customer lifetime: `lifetimeYears` as given, or 1 / `annualChurn`. */
  readonly lifetimeYears: number;
  /** Annual revenue per customer in corporate minor units; null: measured from the period's new customers. */
  readonly revenuePerCustomer: MinorUnits | null;
}

/** The parsed, defaulted workspace configuration, with the domain objects it defines already built. */
export interface WorkspaceConfig {
  /** Company name, for report headers. */
  readonly company: string;
  /** Corporate currency: reports are in it, FX rates are given per 1 unit of it. */
  readonly currency: CurrencyCode;
  readonly fx: readonly FxRate[];
  readonly fiscalYear: { readonly startMonth: number; readonly namedBy: FiscalYearNaming };
  readonly stages: readonly Stage[];
  readonly qualification: readonly QualificationRequirement[];
  /** Null: keep the segment labels the CRM gives. */
  readonly segments: Segmentation | null;
  /** Empty: keep the tier labels the CRM gives. */
  readonly tiers: readonly TierDefinition[];
  readonly database: { readonly postgresSchema: string };
  /** Null: no LTV inputs, so LTV and LTV:CAC cannot be computed. */
  readonly ltv: LtvInputs | null;
  /** Territory, quota and capacity planning assumptions (src/domain/planning-config.ts). */
  readonly planning: PlanningConfig;
  readonly stageModel: StageModel;
  readonly fiscalCalendar: FiscalCalendar;
  readonly fxTable: FxTable;
}

/** One problem in a config, at the path of the field it is about (e.g. `['stages', 3, 'probability']`). */
export interface ConfigIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly fix?: string;
}

export type ConfigValidation =
  | { readonly ok: true; readonly config: WorkspaceConfig }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

const DEFAULT_CATEGORY: Readonly<Record<StageOutcome, ForecastCategory>> = {
  open: 'pipeline',
  won: 'closed',
  lost: 'omitted',
};

const name = z.string().trim().min(1, 'must not be empty');

const stageSchema = z
  .strictObject({
    name: z.string(),
    probability: z.number(),
    outcome: z.enum(['open', 'won', 'lost']).default('open'),
    forecastCategory: z.enum(FORECAST_CATEGORIES).optional(),
  })
  .transform((stage): Stage => ({
    name: stage.name,
    probability: stage.probability,
    forecastCategory: stage.forecastCategory ?? DEFAULT_CATEGORY[stage.outcome],
    outcome: stage.outcome,
  }));

const fxRateSchema = z.strictObject({
  currency: z.string(),
  from: z.string(),
  rate: z.union([z.string(), z.number()], { error: 'must be a decimal number such as "0.92"' }),
});

const qualificationSchema = z.strictObject({
  field: z.enum(BANT_FIELDS),
  label: name.optional(),
  requiredFromStage: z.string(),
});

function rangeSchema(bound: z.ZodNumber) {
  return z
    .strictObject({ min: bound.optional(), max: bound.optional() })
    .refine((range) => range.min !== undefined || range.max !== undefined, {
      message: 'needs min, max or both',
    })
    .refine((range) => range.min === undefined || range.max === undefined || range.min <= range.max, {
      message: 'min must not be greater than max',
    });
}

type Path = (string | number)[];
type Report = (path: Path, message: string, fix?: string) => void;

/** A report function that adds custom issues (with their fix) at paths relative to the checked value. */
function reporter(context: z.RefinementCtx): Report {
  return (path, message, fix) =>
    context.addIssue({ code: 'custom', path, message, ...(fix ? { params: { fix } } : {}) });
}

function checkStages(stages: readonly Stage[], report: Report): void {
  for (const problem of stageModelProblems(stages)) {
    const path: Path = [];
    if (problem.index !== undefined) path.push(problem.index);
    if (problem.key !== undefined) path.push(problem.key);
    report(path, problem.message, problem.fix);
  }
}

/** Reports names that repeat (ignoring case) at `[index, 'name']`. */
function checkUniqueNames(items: readonly { name: string }[], report: Report): void {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const key = item.name.toLowerCase();
    const earlier = firstIndex.get(key);
    if (earlier === undefined) firstIndex.set(key, index);
    else {
      const first = JSON.stringify(items[earlier]?.name);
      report(
        [index, 'name'],
        `repeats the name ${first} of an earlier entry (ignoring case)`,
        'rename one of them',
      );
    }
  });
}

const segmentRuleSchema = z.strictObject({
  name,
  employees: rangeSchema(
    z.number().int('must be a whole number').nonnegative('must not be negative'),
  ).optional(),
  annualRevenue: rangeSchema(z.number().nonnegative('must not be negative')).optional(),
  regions: z.array(name).min(1, 'must list at least one region').optional(),
});

const segmentsSchema = z
  .strictObject({ rules: z.array(segmentRuleSchema), fallback: name })
  .superRefine((segments, context) => {
    const report = reporter(context);
    checkUniqueNames(segments.rules, (path, ...rest) => report(['rules', ...path], ...rest));
    segments.rules.forEach((rule, index) => {
      if (!rule.employees && !rule.annualRevenue && !rule.regions) {
        report(
          ['rules', index],
          'has no condition',
          'give employees, annualRevenue or regions; accounts that match no rule go to fallback',
        );
      }
    });
  });

const tierSchema = z.strictObject({
  name,
  label: name.optional(),
  strategy: z.string().default(''),
  share: z.number().gt(0, 'must be greater than 0').lt(1, 'must be less than 1').optional(),
  minPotential: z.number().positive('must be greater than 0').optional(),
});
type RawTier = z.output<typeof tierSchema>;

/**
 * Tiers above the last have one rule each, all of one kind (share or minPotential); the last has none. Shares
 * leave some accounts for the last tier; thresholds go down.
 */
function checkTiers(tiers: readonly RawTier[], report: Report): void {
  checkUniqueNames(tiers, report);
  const firstKind = tiers[0]?.share !== undefined ? 'share' : 'minPotential';
  let shareTotal = 0;
  tiers.forEach((tier, index) => {
    const given = (['share', 'minPotential'] as const).filter((rule) => tier[rule] !== undefined);
    if (index === tiers.length - 1) {
      for (const rule of given) {
        report([index, rule], 'the last tier takes every remaining account, so it has no rule', 'remove it');
      }
      return;
    }
    if (given.length !== 1) {
      report([index], 'needs one rule: share or minPotential', 'give share (e.g. 0.1) or minPotential');
    } else if (given[0] !== firstKind) {
      report(
        [index, given[0] as string],
        `is a different kind of rule from the first tier's ${firstKind}`,
        `use ${firstKind}`,
      );
    }
    const threshold = tier.minPotential;
    const above = tiers[index - 1]?.minPotential;
    if (threshold !== undefined && above !== undefined && threshold >= above) {
      report(
        [index, 'minPotential'],
        `must be below the tier above's minPotential ${above} (got ${threshold})`,
        'order tiers from the highest threshold down',
      );
    }
    shareTotal += tier.share ?? 0;
  });
  // Rounded so that float sums such as 0.7 + 0.3 = 0.9999999999999999 count as the 1 the user wrote.
  const total = Math.round(shareTotal * 1e9) / 1e9;
  if (total >= 1) {
    report(
      [],
      `the shares add up to ${total}, leaving no accounts for the last tier`,
      'make them sum below 1',
    );
  }
}

const ltvSchema = z
  .strictObject({
    grossMargin: z
      .number()
      .gt(0, 'must be greater than 0')
      .max(1, 'must be at most 1 (a fraction: 0.8 for 80%)'),
    annualChurn: z
      .number()
      .gt(0, 'must be greater than 0')
      .max(1, 'must be at most 1 (a fraction: 0.15 for 15%)')
      .optional(),
    lifetimeYears: z.number().positive('must be greater than 0').optional(),
    revenuePerCustomer: z.number().positive('must be greater than 0').optional(),
  })
  .superRefine((ltv, context) => {
    const given = (['annualChurn', 'lifetimeYears'] as const).filter((key) => ltv[key] !== undefined);
    if (given.length !== 1) {
      reporter(context)(
        [],
        given.length === 0
          ? 'needs annualChurn or lifetimeYears'
          : 'gives both annualChurn and lifetimeYears',
        'give one: annualChurn (e.g. 0.15 for 15% of customers lost a year) or lifetimeYears (e.g. 6)',
      );
    }
  });

/** The corporate currency, reported once at its key (the amounts in it are not checked while it is wrong). */
function checkCurrency(code: string, report: Report): void {
  if (isCurrencyCode(code)) return;
  report(
    [],
    `must be an ISO 4217 code such as USD (got ${JSON.stringify(code)})`,
    'write three capital letters, such as USD, EUR or JPY',
  );
}

/** The schema of `salesops.yaml` as written (input form); {@link validateWorkspaceConfig} adds cross-checks. */
export const workspaceConfigSchema = z.strictObject({
  company: name,
  currency: z.string().superRefine((code, context) => checkCurrency(code, reporter(context))),
  fx: z.array(fxRateSchema).default([]),
  fiscalYear: z
    .strictObject({
      startMonth: z
        .number()
        .int('must be a whole number from 1 to 12')
        .min(1, 'must be from 1 (January) to 12 (December)')
        .max(12, 'must be from 1 (January) to 12 (December)'),
      namedBy: z.enum(['start', 'end']).default('end'),
    })
    .default({ startMonth: 1, namedBy: 'end' }),
  stages: z
    .array(stageSchema)
    .superRefine((stages, context) => checkStages(stages, reporter(context)))
    .default(() => DEFAULT_STAGES.map((stage) => ({ ...stage }))),
  qualification: z.array(qualificationSchema).default([]),
  segments: segmentsSchema.optional(),
  tiers: z
    .array(tierSchema)
    .superRefine((tiers, context) => checkTiers(tiers, reporter(context)))
    .default([]),
  database: z
    .strictObject({
      postgresSchema: z
        .string()
        .regex(
          /^[a-z_][a-z0-9_]{0,62}$/,
          'must be a lower-case SQL name (letters, digits, _), at most 63 long',
        )
        .default('salesops'),
    })
    .default({ postgresSchema: 'salesops' }),
  ltv: ltvSchema.optional(),
  planning: planningConfigSchema,
});

type RawConfig = z.output<typeof workspaceConfigSchema>;

/** Major units from the file as minor units of the corporate currency. */
function toMinor(amount: number, currency: CurrencyCode): MinorUnits {
  return parseDecimalToMinor(String(amount), currency);
}

function checkAmount(amount: number | undefined, currency: CurrencyCode, path: Path, report: Report): void {
  // An amount is read in the currency's minor units: with no valid currency there is nothing to check it by.
  if (amount === undefined || !isCurrencyCode(currency)) return;
  try {
    toMinor(amount, currency);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const problem = error.problems[0];
    report(path, problem?.message ?? error.message, problem?.fix);
  }
}

function checkQualification(raw: RawConfig, report: Report): void {
  const stageNames = new Set(raw.stages.map((stage) => normalizeStageName(stage.name)));
  const seen = new Set<BantField>();
  raw.qualification.forEach((requirement, index) => {
    if (seen.has(requirement.field)) {
      report(['qualification', index, 'field'], `lists ${requirement.field} a second time`, 'keep one entry');
    }
    seen.add(requirement.field);
    if (!stageNames.has(normalizeStageName(requirement.requiredFromStage))) {
      report(
        ['qualification', index, 'requiredFromStage'],
        `is not a stage of this workspace (got ${JSON.stringify(requirement.requiredFromStage)})`,
        `use one of: ${raw.stages.map((stage) => stage.name).join(', ')}`,
      );
    }
  });
}

/** Coverage lines name tiers of this workspace (when it defines its tiers). */
function checkCoverageTiers(raw: RawConfig, report: Report): void {
  if (raw.tiers.length === 0) return;
  const tierNames = new Set(raw.tiers.map((tier) => tier.name.toLowerCase()));
  raw.planning.coverage.forEach((line, index) => {
    if (!tierNames.has(line.tier.toLowerCase())) {
      report(
        ['planning', 'coverage', index, 'tier'],
        `is not a tier of this workspace (got ${JSON.stringify(line.tier)})`,
        `use one of: ${raw.tiers.map((tier) => tier.name).join(', ')}`,
      );
    }
  });
}

/** Checks that need more than one section: FX rates against the currency, stage references, amounts. */
function crossCheck(raw: RawConfig, report: Report): void {
  for (const problem of fxRateProblems(raw.currency, raw.fx)) {
    const path: Path = ['fx', problem.index];
    if (problem.key !== undefined) path.push(problem.key);
    report(path, problem.message, problem.fix);
  }
  checkQualification(raw, report);
  raw.segments?.rules.forEach((rule, index) => {
    for (const bound of ['min', 'max'] as const) {
      const path = ['segments', 'rules', index, 'annualRevenue', bound];
      checkAmount(rule.annualRevenue?.[bound], raw.currency, path, report);
    }
  });
  raw.tiers.forEach((tier, index) => {
    checkAmount(tier.minPotential, raw.currency, ['tiers', index, 'minPotential'], report);
  });
  checkAmount(raw.ltv?.revenuePerCustomer, raw.currency, ['ltv', 'revenuePerCustomer'], report);
  checkCoverageTiers(raw, report);
  checkAmount(
    raw.planning.potential.pricePerSeat,
    raw.currency,
    ['planning', 'potential', 'pricePerSeat'],
    report,
  );
  checkAmount(
    raw.planning.capacity.rampedQuota,
    raw.currency,
    ['planning', 'capacity', 'rampedQuota'],
    report,
  );
}

function rangeToMinor(range: Bounds<number>, currency: CurrencyCode): Bounds<MinorUnits> {
  return {
    ...(range.min !== undefined ? { min: toMinor(range.min, currency) } : {}),
    ...(range.max !== undefined ? { max: toMinor(range.max, currency) } : {}),
  };
}

function tierRule(tier: RawTier, currency: CurrencyCode): TierRule {
  if (tier.share !== undefined) return { kind: 'share', share: tier.share };
  if (tier.minPotential !== undefined) {
    return { kind: 'minPotential', minPotential: toMinor(tier.minPotential, currency) };
  }
  return { kind: 'rest' };
}

/** Builds the parsed config from input that passed every check. */
function build(raw: RawConfig): WorkspaceConfig {
  const stageByName = new Map(raw.stages.map((stage) => [normalizeStageName(stage.name), stage.name]));
  return {
    company: raw.company,
    currency: raw.currency,
    fx: raw.fx.map((entry) => ({
      currency: entry.currency,
      from: entry.from as IsoDate,
      rate: String(entry.rate),
    })),
    fiscalYear: raw.fiscalYear,
    stages: raw.stages,
    qualification: raw.qualification.map((requirement) => ({
      field: requirement.field,
      label: requirement.label ?? requirement.field[0]?.toUpperCase() + requirement.field.slice(1),
      requiredFromStage:
        stageByName.get(normalizeStageName(requirement.requiredFromStage)) ?? requirement.requiredFromStage,
    })),
    segments: raw.segments
      ? {
          fallback: raw.segments.fallback,
          rules: raw.segments.rules.map((rule) => ({
            name: rule.name,
            ...(rule.employees ? { employees: rule.employees } : {}),
            ...(rule.annualRevenue ? { annualRevenue: rangeToMinor(rule.annualRevenue, raw.currency) } : {}),
            ...(rule.regions ? { regions: rule.regions } : {}),
          })),
        }
      : null,
    tiers: raw.tiers.map((tier) => ({
      name: tier.name,
      label: tier.label ?? null,
      strategy: tier.strategy,
      rule: tierRule(tier, raw.currency),
    })),
    database: raw.database,
    ltv: raw.ltv
      ? {
          grossMargin: raw.ltv.grossMargin,
          lifetimeYears: raw.ltv.lifetimeYears ?? 1 / (raw.ltv.annualChurn as number),
          revenuePerCustomer:
            raw.ltv.revenuePerCustomer === undefined
              ? null
              : toMinor(raw.ltv.revenuePerCustomer, raw.currency),
        }
      : null,
    planning: buildPlanningConfig(raw.planning, raw.currency, toMinor),
    stageModel: createStageModel(raw.stages),
    fiscalCalendar: createFiscalCalendar(raw.fiscalYear),
    fxTable: createFxTable(raw.currency, raw.fx),
  };
}

const checkedSchema = workspaceConfigSchema.superRefine((raw, context) => crossCheck(raw, reporter(context)));

/** Formats a config path as written in messages: `stages[3].probability`. */
export function formatConfigPath(path: readonly (string | number)[]): string {
  return path
    .map((segment, position) =>
      typeof segment === 'number' ? `[${segment}]` : position === 0 ? segment : `.${segment}`,
    )
    .join('');
}

function valueAt(input: unknown, path: readonly (string | number)[]): { found: boolean; value: unknown } {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !(segment in value)) return { found: false, value };
    value = (value as Record<string | number, unknown>)[segment];
  }
  return { found: true, value };
}

/** A short description of a value as the user wrote it. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  const text = typeof value === 'bigint' ? String(value) : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  array: 'a list (lines starting with "- ")',
};

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodOptional)
    return unwrap(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodPipe) return unwrap(schema.in as z.ZodType);
  return schema;
}

/** The keys `root` allows in the mapping at `path`. */
function allowedKeysAt(root: z.ZodType, path: readonly (string | number)[]): string[] {
  let schema: z.ZodType | undefined = unwrap(root);
  for (const segment of path) {
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[segment];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else return [];
    if (!schema) return [];
    schema = unwrap(schema);
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The option a mistyped word was probably meant to be: same letters in another case, or two edits away. */
function closest(word: string, options: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return (
    options.find((option) => option.toLowerCase() === lower) ??
    options.find((option) => editDistance(option.toLowerCase(), lower) <= 2)
  );
}

function unknownKeyIssues(
  root: z.ZodType,
  path: (string | number)[],
  keys: readonly string[],
): ConfigIssue[] {
  const allowed = allowedKeysAt(root, path);
  return keys.map((key) => {
    const guess = closest(key, allowed);
    const list = `the keys allowed here are ${allowed.join(', ')}`;
    return {
      path: [...path, key],
      message: 'unknown key',
      fix: guess ? `did you mean ${guess}? (${list})` : `remove it; ${list}`,
    };
  });
}

/**
 * Turns a zod issue of `root` (the schema `input` was checked against) into issues in salesops' words, with the
 * value that was found: unknown keys with the likely intended key, missing keys, wrong types and choices. Shared by
 * every YAML file salesops reads (this config, import mapping files); `reference` is where a missing key is
 * explained.
 */
export function describeZodIssue(
  root: z.ZodType,
  issue: z.core.$ZodIssue,
  input: unknown,
  reference = 'the default salesops.yaml',
): ConfigIssue[] {
  const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  const { found, value } = valueAt(input, path);
  const got = found ? ` (got ${describeValue(value)})` : '';
  if (issue.code === 'unrecognized_keys') return unknownKeyIssues(root, path, issue.keys);
  if (!found && issue.code !== 'custom') {
    return [{ path, message: 'is required', fix: `add ${String(path.at(-1))}: (see ${reference})` }];
  }
  switch (issue.code) {
    case 'invalid_type':
      return [
        {
          path,
          message: `must be ${EXPECTED[issue.expected] ?? issue.expected}${got}`,
          ...(typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
            ? { fix: 'remove the quotes around the number' }
            : {}),
        },
      ];
    case 'invalid_value': {
      const options = issue.values.map(String);
      const guess = typeof value === 'string' ? closest(value, options) : undefined;
      return [
        {
          path,
          message: `must be one of ${options.join(', ')}${got}`,
          ...(guess ? { fix: `did you mean ${guess}?` } : {}),
        },
      ];
    }
    case 'custom': {
      const fix: unknown = issue.params?.fix;
      return [{ path, message: issue.message, ...(typeof fix === 'string' ? { fix } : {}) }];
    }
    default:
      return [{ path, message: `${issue.message}${got}` }];
  }
}

/**
 * Validates a config object (as read from YAML) and builds the parsed config, or lists every problem with the
 * path of the field it is about.
 */
export function validateWorkspaceConfig(input: unknown): ConfigValidation {
  const result = checkedSchema.safeParse(input);
  if (result.success) return { ok: true, config: build(result.data) };
  return {
    ok: false,
    issues: result.error.issues.flatMap((issue) => describeZodIssue(workspaceConfigSchema, issue, input)),
  };
}

/** Like {@link validateWorkspaceConfig}, but throws one InputError listing every problem. */
export function parseWorkspaceConfig(input: unknown): WorkspaceConfig {
  const result = validateWorkspaceConfig(input);
  if (result.ok) return result.config;
  throw new InputError(
    result.issues.map((issue): Problem => ({
      message: issue.message,
      location: { field: formatConfigPath(issue.path) },
      ...(issue.fix ? { fix: issue.fix } : {}),
    })),
  );
}

/** The distinct segment names of a segmentation, in rule order, the fallback last unless a rule has its name. */
export function segmentNames(segmentation: Segmentation): string[] {
  return [...new Set([...segmentation.rules.map((rule) => rule.name), segmentation.fallback])];
}
