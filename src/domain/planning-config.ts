/**
 * The `planning:` section of `salesops.yaml`: how account potential is estimated, how many accounts a rep of each
 * role covers per tier, the capacity model (ramped quota, ramp, attainment, attrition, backfill and hiring lead
 * time, with best and worst scenarios), quota setting (over-assignment buffer, method, seasonality) and
 * territory balance tolerances. The planning engine (src/planning) reads the parsed form; this module only
 * validates and builds it. Amounts in the file are major units of the corporate currency.
 * @module
 */
import { z } from 'zod';
import type { CurrencyCode, MinorUnits } from './money.js';

/** Where an account's potential comes from. */
export const POTENTIAL_SOURCES = ['imported', 'formula', 'imported-else-formula'] as const;
export type PotentialSource = (typeof POTENTIAL_SOURCES)[number];

/** Potential = employees x seatsPerEmployee x pricePerSeat (the formula), or the CRM's imported figure. */
export interface PotentialModel {
  readonly source: PotentialSource;
  /** Seats an account buys per employee, a fraction (0.1: one seat per ten employees). Null: no formula. */
  readonly seatsPerEmployee: number | null;
  /** Annual price of a seat, corporate minor units. Null: no formula. */
  readonly pricePerSeat: MinorUnits | null;
}

/** One line of the coverage model: reps of `role` for the accounts of `tier`. */
export interface CoverageRatio {
  readonly tier: string;
  readonly role: string;
  /** One rep per this many accounts; null: the tier is covered without a ratio (digital), by `overflowReps`. */
  readonly accountsPerRep: number | null;
  /** Reps of the role added on top of the ratio, e.g. one ISR catching Tier 3 overflow. */
  readonly overflowReps: number;
}

/** The capacity assumptions one scenario changes. */
export interface CapacityAssumptions {
  /** Share of quota a ramped rep is expected to attain, e.g. 0.85. */
  readonly expectedAttainment: number;
  /** Share of reps expected to leave in a year, e.g. 0.2. */
  readonly annualAttrition: number;
}

/** planning.capacity.rampProfile when salesops.yaml sets none: a quarter, half, three quarters, then ramped. */
export const DEFAULT_RAMP_PROFILE: readonly number[] = [0.25, 0.5, 0.75];

/**
 * Productivity (share of a ramped rep) of a rep in tenure month `tenure` (0-based) by the ramp profile: 0 before
 * the start, 1 after the profile. Capacity, quotas and the demo's quotas all read the profile this way.
 */
export function productivity(tenure: number, rampProfile: readonly number[]): number {
  if (tenure < 0) return 0;
  return tenure < rampProfile.length ? rampProfile[tenure]! : 1;
}

export const SCENARIOS = ['base', 'best', 'worst'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface CapacityModel extends CapacityAssumptions {
  /** The annual quota of a fully ramped rep, corporate minor units; null: given per command. */
  readonly rampedQuota: MinorUnits | null;
  /** Productivity (share of a ramped rep) in each month of tenure from the first; full after the last. */
  readonly rampProfile: readonly number[];
  /** Months from a rep leaving to the backfill starting. */
  readonly backfillLagMonths: number;
  /** Months from opening a requisition to the new rep starting. */
  readonly hiringLeadTimeMonths: number;
  /** Roles that carry a quota and count as capacity. */
  readonly quotaRoles: readonly string[];
  /** The base assumptions (this model's own) and those of the best and worst cases. */
  readonly scenarios: Readonly<Record<ScenarioName, CapacityAssumptions>>;
}

export const QUOTA_METHODS = [
  'even',
  'prior-year',
  'trailing-12',
  'potential',
  'bottom-up',
  'blend',
] as const;
export type QuotaMethod = (typeof QUOTA_METHODS)[number];
/** How the top-down target is split among reps (the top-down part of `blend`). */
export type TopDownBasis = Exclude<QuotaMethod, 'bottom-up' | 'blend'>;

export interface QuotaModel {
  /** Quotas assigned sum to target x (1 + overAssignment), e.g. 0.1 for 10% over. */
  readonly overAssignment: number;
  readonly method: QuotaMethod;
  readonly topDownBasis: TopDownBasis;
  /** The top-down share of a blend, in [0, 1]; the rest is bottom-up. */
  readonly blendTopDownWeight: number;
  /** Share of a territory's potential a rep is expected to book in a year (bottom-up). */
  readonly expectedPenetration: number;
  /** Share of the year's quota in each fiscal quarter; sums to 1. */
  readonly seasonality: readonly [number, number, number, number];
  /** A rep whose quota/potential is more than this fraction away from the median is flagged. */
  readonly fairnessTolerance: number;
}

export interface TerritoryModel {
  /** Each rep's potential within this fraction of its (capacity-weighted) share, e.g. 0.01. */
  readonly potentialTolerance: number;
  /** Each rep's workload within this fraction of its share, e.g. 0.1. */
  readonly workloadTolerance: number;
  /** Workload of an account by tier name (accounts of unlisted tiers weigh 1). */
  readonly workloadByTier: Readonly<Record<string, number>>;
  /** Relative capacity of a rep by role (1 = a full book; unlisted roles 1). */
  readonly capacityByRole: Readonly<Record<string, number>>;
  /** The most accounts one rep may hold; null: no limit. */
  readonly maxAccountsPerRep: number | null;
  /** Existing customers may change rep (each move counted and explained). */
  readonly allowCustomerMoves: boolean;
}

/** The parsed `planning:` section. */
export interface PlanningConfig {
  readonly potential: PotentialModel;
  readonly coverage: readonly CoverageRatio[];
  readonly capacity: CapacityModel;
  readonly quotas: QuotaModel;
  readonly territories: TerritoryModel;
}

const fraction = (what: string) =>
  z
    .number()
    .min(0, `must be at least 0 (a fraction: ${what})`)
    .max(1, `must be at most 1 (a fraction: ${what})`);
const months = z.number().int('must be a whole number of months').min(0, 'must not be negative');
const positive = z.number().positive('must be greater than 0');

const assumptionsSchema = z.strictObject({
  expectedAttainment: z.number().gt(0, 'must be greater than 0').max(2, 'must be at most 2').optional(),
  annualAttrition: fraction('0.2 for 20%').optional(),
});

const planningSchemaShape = {
  potential: z
    .strictObject({
      source: z.enum(POTENTIAL_SOURCES).default('imported-else-formula'),
      seatsPerEmployee: positive.optional(),
      pricePerSeat: positive.optional(),
    })
    .superRefine((potential, context) => {
      const formula = potential.seatsPerEmployee !== undefined && potential.pricePerSeat !== undefined;
      const partial = (potential.seatsPerEmployee === undefined) !== (potential.pricePerSeat === undefined);
      if (partial) {
        context.addIssue({
          code: 'custom',
          path: [potential.seatsPerEmployee === undefined ? 'seatsPerEmployee' : 'pricePerSeat'],
          message: 'is needed with the other half of the formula',
          params: { fix: 'give both seatsPerEmployee and pricePerSeat, or neither' },
        });
      } else if (!formula && potential.source === 'formula') {
        context.addIssue({
          code: 'custom',
          path: ['source'],
          message: 'is formula, but the formula is not given',
          params: { fix: 'add seatsPerEmployee and pricePerSeat, or use source: imported' },
        });
      }
    })
    .default({ source: 'imported-else-formula' }),
  coverage: z
    .array(
      z
        .strictObject({
          tier: z.string().trim().min(1, 'must not be empty'),
          role: z.string().trim().min(1, 'must not be empty'),
          accountsPerRep: positive.optional(),
          overflowReps: z.number().min(0, 'must not be negative').default(0),
        })
        .refine((line) => line.accountsPerRep !== undefined || line.overflowReps > 0, {
          message: 'needs accountsPerRep, overflowReps or both',
          params: { fix: 'give accountsPerRep (e.g. 25) or overflowReps (e.g. 1)' },
        }),
    )
    .default([]),
  capacity: z
    .strictObject({
      rampedQuota: positive.optional(),
      expectedAttainment: z
        .number()
        .gt(0, 'must be greater than 0')
        .max(2, 'must be at most 2')
        .default(0.85),
      rampProfile: z
        .array(fraction('0.5 for half a ramped rep'))
        .max(36, 'must cover at most 36 months')
        .default([...DEFAULT_RAMP_PROFILE]),
      annualAttrition: fraction('0.2 for 20%').default(0.2),
      backfillLagMonths: months.default(2),
      hiringLeadTimeMonths: months.default(3),
      quotaRoles: z
        .array(z.string().trim().min(1))
        .min(1, 'must list at least one role')
        .default(['ae', 'am', 'isr']),
      scenarios: z
        .strictObject({ best: assumptionsSchema.optional(), worst: assumptionsSchema.optional() })
        .default({}),
    })
    .prefault({}),
  quotas: z
    .strictObject({
      overAssignment: z
        .number()
        .min(0, 'must not be negative')
        .max(1, 'must be at most 1 (100% over)')
        .default(0.1),
      method: z.enum(QUOTA_METHODS).default('blend'),
      topDownBasis: z.enum(['even', 'prior-year', 'trailing-12', 'potential']).default('potential'),
      blendTopDownWeight: fraction('0.5 for an even blend').default(0.5),
      expectedPenetration: fraction('0.1 for 10%').default(0.1),
      seasonality: z
        .tuple([fraction('0.25'), fraction('0.25'), fraction('0.25'), fraction('0.25')], {
          error: 'must list four quarter shares, e.g. [0.2, 0.25, 0.25, 0.3]',
        })
        .default([0.25, 0.25, 0.25, 0.25])
        .refine((shares) => Math.abs(shares.reduce((sum, share) => sum + share, 0) - 1) < 1e-9, {
          message: 'must sum to 1',
          params: { fix: 'make the four quarter shares add up to 1' },
        }),
      fairnessTolerance: positive.default(0.2),
    })
    .prefault({}),
  territories: z
    .strictObject({
      potentialTolerance: z.number().gt(0, 'must be greater than 0').max(1).default(0.01),
      workloadTolerance: z.number().gt(0, 'must be greater than 0').max(1).default(0.1),
      workloadByTier: z.record(z.string(), positive).default({}),
      capacityByRole: z.record(z.string(), positive).default({}),
      maxAccountsPerRep: z
        .number()
        .int('must be a whole number')
        .positive('must be greater than 0')
        .optional(),
      allowCustomerMoves: z.boolean().default(false),
    })
    .prefault({}),
};

/** The schema of the `planning:` section as written. */
export const planningConfigSchema = z.strictObject(planningSchemaShape).prefault({});

export type RawPlanningConfig = z.output<typeof planningConfigSchema>;

/**
 * Builds the parsed section from input that passed the schema. `toMinor` turns major units of the file into
 * minor units of the corporate currency (the workspace config's one conversion).
 */
export function buildPlanningConfig(
  raw: RawPlanningConfig,
  currency: CurrencyCode,
  toMinor: (amount: number, currency: CurrencyCode) => MinorUnits,
): PlanningConfig {
  const base = {
    expectedAttainment: raw.capacity.expectedAttainment,
    annualAttrition: raw.capacity.annualAttrition,
  };
  const scenario = (name: 'best' | 'worst'): CapacityAssumptions => ({
    ...base,
    ...raw.capacity.scenarios[name],
  });
  return {
    potential: {
      source: raw.potential.source,
      seatsPerEmployee: raw.potential.seatsPerEmployee ?? null,
      pricePerSeat:
        raw.potential.pricePerSeat === undefined ? null : toMinor(raw.potential.pricePerSeat, currency),
    },
    coverage: raw.coverage.map((line) => ({
      tier: line.tier,
      role: line.role,
      accountsPerRep: line.accountsPerRep ?? null,
      overflowReps: line.overflowReps,
    })),
    capacity: {
      ...base,
      rampedQuota:
        raw.capacity.rampedQuota === undefined ? null : toMinor(raw.capacity.rampedQuota, currency),
      rampProfile: raw.capacity.rampProfile,
      backfillLagMonths: raw.capacity.backfillLagMonths,
      hiringLeadTimeMonths: raw.capacity.hiringLeadTimeMonths,
      quotaRoles: raw.capacity.quotaRoles,
      scenarios: { base, best: scenario('best'), worst: scenario('worst') },
    },
    quotas: raw.quotas,
    territories: {
      potentialTolerance: raw.territories.potentialTolerance,
      workloadTolerance: raw.territories.workloadTolerance,
      workloadByTier: raw.territories.workloadByTier,
      capacityByRole: raw.territories.capacityByRole,
      maxAccountsPerRep: raw.territories.maxAccountsPerRep ?? null,
      allowCustomerMoves: raw.territories.allowCustomerMoves,
    },
  };
}
