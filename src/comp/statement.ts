/**
 * Statement lines and statements: every amount a payee is paid is one line carrying its trace (the deals, the
 * rule, the rate or tier, and the formula with its numbers). A statement's total is the sum of its lines.
 * @module
 */
import { sumMoney, type CurrencyCode, type MinorUnits } from '../domain/money.js';
import { type MeasureMetric } from './plan.js';

/** The rounding rule as a short code, for one-value-per-field files such as the payroll CSV. */
export const ROUNDING_CODE = 'half-away-from-zero';

/** The rounding rule, stated on every statement. */
export const ROUNDING_RULE =
  'Each line is computed exactly and rounded once to a whole minor unit, half away from zero; totals are sums of lines. ' +
  'Attainment is shown to 0.1% and a rate marked ≈ to 0.0001%, both rounded half away from zero; pay uses the exact values.';

export type LineKind =
  'commission' | 'spif' | 'override' | 'clawback' | 'trueUp' | 'drawTopUp' | 'drawRecovery' | 'adjustment';

export interface LineTrace {
  /** Ids of the deals the line is computed from, sorted. */
  readonly deals: readonly string[];
  /** The plan rule, e.g. `bookings: retroactive tiers` or `SPIF Q1 new logos`. */
  readonly rule: string;
  /** The rate or tier applied, as shown (`tier 2 (above 100% to 150%)`, `8%`), or null when none applies. */
  readonly rate: string | null;
  /** The arithmetic with its numbers: `1.5 x 8% x $40,000.00 = $4,800.00`. */
  readonly formula: string;
  /** For clawbacks and adjustments: the deal or period the line corrects. */
  readonly linkedTo?: { readonly deal?: string; readonly period: string };
}

export interface StatementLine {
  readonly payee: string;
  readonly period: string;
  readonly kind: LineKind;
  readonly measure: string | null;
  readonly amount: MinorUnits;
  readonly trace: LineTrace;
}

/** A measure's credited volume and quota in the period: attainment is volume / quota (no quota: 0). */
export interface MeasureAttainment {
  readonly measure: string;
  readonly metric: MeasureMetric;
  /** Minor units for money measures, a count for new logos. */
  readonly volume: number;
  readonly quota: number;
}

/** A manager override's base in the period: the direct reports' credited volume of a measure, and the rate on it. */
export interface OverrideCredit {
  readonly measure: string;
  readonly metric: MeasureMetric;
  /** The direct reports whose revenue credits count, sorted. */
  readonly team: readonly string[];
  /** The team's credited volume (minor units, or a count for new logos); the override is rate x volume. */
  readonly volume: number;
  /** The override rate as shown, e.g. `1%`. */
  readonly rate: string;
}

export interface Statement {
  readonly payee: string;
  readonly role: string;
  readonly period: string;
  readonly currency: CurrencyCode;
  readonly lines: readonly StatementLine[];
  /** Credits and quota of each of the role's measures in the period, for the statement's header. */
  readonly attainment: readonly MeasureAttainment[];
  /**
   * Team credit of each of the role's override measures, on roles with a manager override (absent on other roles,
   * and on statements stored before it was recorded).
   */
  readonly overrides?: readonly OverrideCredit[];
  /** Sum of the lines: the payout of the period. */
  readonly total: MinorUnits;
  /** Recoverable draw still to recover after this period. */
  readonly drawBalance: MinorUnits;
  readonly rounding: string;
}

export function lineTotal(lines: readonly StatementLine[]): MinorUnits {
  return sumMoney(lines.map((line) => line.amount));
}
