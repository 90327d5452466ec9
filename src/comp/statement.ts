/**
 * Statement lines and statements: every amount a payee is paid is one line carrying its trace (the deals, the
 * rule, the rate or tier, and the formula with its numbers). A statement's total is the sum of its lines.
 * @module
 */
import { sumMoney, type CurrencyCode, type MinorUnits } from '../domain/money.js';

/** The rounding rule, stated on every statement. */
export const ROUNDING_RULE =
  'Each line is computed exactly and rounded once to a whole minor unit, half away from zero; totals are sums of lines.';

export type LineKind =
  'commission' | 'spif' | 'override' | 'clawback' | 'trueUp' | 'drawTopUp' | 'drawRecovery' | 'adjustment';

export interface LineTrace {
  /** Ids of the deals the line is computed from, sorted. */
  readonly deals: readonly string[];
  /** The plan rule, e.g. `bookings: retroactive tiers` or `SPIF Q1 new logos`. */
  readonly rule: string;
  /** The rate or tier applied, as shown (`tier 2 (100%-150%)`, `8%`), or null when none applies. */
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

export interface Statement {
  readonly payee: string;
  readonly role: string;
  readonly period: string;
  readonly currency: CurrencyCode;
  readonly lines: readonly StatementLine[];
  /** Sum of the lines: the payout of the period. */
  readonly total: MinorUnits;
  /** Recoverable draw still to recover after this period. */
  readonly drawBalance: MinorUnits;
  readonly rounding: string;
}

export function lineTotal(lines: readonly StatementLine[]): MinorUnits {
  return sumMoney(lines.map((line) => line.amount));
}
