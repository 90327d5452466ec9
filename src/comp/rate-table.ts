/**
 * Earnings of one measure from its volume and quota: threshold, attainment cap, flat rate, retroactive tiers
 * (the tier whose band `(from, to]` holds the attainment pays its rate on all volume) or marginal tiers (each
 * band of volume at its own rate), and an amount cap. Each returned line is rounded once by the one rule; the
 * measure's earnings are their sum.
 * @module
 */
import {
  divideRounded,
  multiplyByRatio,
  sumMoney,
  type CurrencyCode,
  type MinorUnits,
  type Ratio,
} from '../domain/money.js';
import {
  compare,
  floorTimes,
  formatAttainment,
  formatPercent,
  formatRatio,
  money,
  ratio,
  times,
  ZERO,
} from './exact.js';
import { type Measure, type Tier } from './plan.js';

/** One computed part of a measure's earnings, before it becomes a statement line. */
export interface EarningPart {
  readonly amount: MinorUnits;
  readonly rate: string | null;
  readonly formula: string;
}

export interface MeasureContext {
  readonly measure: Measure;
  /** Volume credited in the window (minor units, or logos). */
  readonly volume: number;
  readonly quota: number;
  /** The base rate per unit of volume (already resolved for `rate: target`). */
  readonly baseRate: Ratio;
  /** The amount cap for the window (a period's cap times the periods in it). */
  readonly capAmount: MinorUnits | null;
  readonly currency: CurrencyCode;
}

function counted(measure: Measure): boolean {
  return measure.metric === 'newLogos';
}

/** Volume as shown: `$40,000.00` or `3 logos`. */
export function showVolume(measure: Measure, volume: number, currency: CurrencyCode): string {
  return counted(measure) ? `${volume} logo${volume === 1 ? '' : 's'}` : money(volume, currency);
}

/** A rate as shown: a percentage of money, or money per logo. */
export function showRate(measure: Measure, rate: Ratio, currency: CurrencyCode): string {
  if (!counted(measure)) return formatPercent(rate);
  return rate.denominator === 1n
    ? `${money(Number(rate.numerator), currency)}/logo`
    : `${formatRatio(rate)} minor units/logo`;
}

/**
 * The attainments a tier holds, as a comp plan says them to a rep: `up to 50%`, `above 50% to 100%`,
 * `above 100%` (a tier holds `(from, to]`, the first one 0 too), `any attainment` for a lone open tier.
 */
function tierRange(tier: Tier): string {
  const fromZero = compare(tier.from, ZERO) === 0;
  if (tier.to === null) return fromZero ? 'any attainment' : `above ${formatPercent(tier.from)}`;
  if (fromZero) return `up to ${formatPercent(tier.to)}`;
  return `above ${formatPercent(tier.from)} to ${formatPercent(tier.to)}`;
}

/** `tier 2 (above 50% to 100%, base)`: the tier's number, its range and its name. */
export function tierLabel(tier: Tier, index: number): string {
  return `tier ${index + 1} (${tierRange(tier)}${tier.name ? `, ${tier.name}` : ''})`;
}

function tierRate(tier: Tier, baseRate: Ratio): Ratio {
  return tier.pay.kind === 'rate' ? tier.pay.rate : times(tier.pay.multiplier, baseRate);
}

/** `1.5 x 8% x $40,000.00` or `12% x $40,000.00`. */
function tierProduct(context: MeasureContext, tier: Tier, volume: number): string {
  const { measure, baseRate, currency } = context;
  const rate =
    tier.pay.kind === 'rate'
      ? showRate(measure, tier.pay.rate, currency)
      : `${formatRatio(tier.pay.multiplier)} x ${showRate(measure, baseRate, currency)}`;
  return `${rate} x ${showVolume(measure, volume, currency)}`;
}

/**
 * The tier whose band `(from, to]` holds the attainment: a tier is reached when attainment exceeds its `from`, so a
 * rep at exactly 100% of quota is paid by the tier ending at 100% (on-target pay), not the accelerator starting
 * there; zero attainment is in the first tier, and above the last band is the last tier.
 */
function tierReached(tiers: readonly Tier[], attainment: Ratio): number {
  const index = tiers.findIndex((tier) => tier.to === null || compare(attainment, tier.to) <= 0);
  return index === -1 ? tiers.length - 1 : index;
}

/** Volume at an attainment boundary, `quota x bound`, rounded by the one rule. */
function boundaryVolume(quota: number, bound: Ratio): number {
  return Number(divideRounded(BigInt(quota) * bound.numerator, bound.denominator));
}

function marginalParts(context: MeasureContext, volume: number): EarningPart[] {
  const { measure, quota, baseRate, currency } = context;
  return measure.tiers.flatMap((tier, index) => {
    const start = boundaryVolume(quota, tier.from);
    const end = tier.to === null ? volume : Math.min(volume, boundaryVolume(quota, tier.to));
    const band = Math.max(0, end - start);
    if (band === 0) return [];
    const amount = multiplyByRatio(band as MinorUnits, tierRate(tier, baseRate));
    return [
      {
        amount,
        rate: tierLabel(tier, index),
        formula: `${tierLabel(tier, index)}: ${tierProduct(context, tier, band)} = ${money(amount, currency)}`,
      },
    ];
  });
}

function attainmentNote(context: MeasureContext, attainment: Ratio): string {
  const { measure, volume, quota, currency } = context;
  if (quota === 0) return `no quota: ${showVolume(measure, volume, currency)} credited`;
  return `attainment ${showVolume(measure, volume, currency)} / ${showVolume(measure, quota, currency)} = ${formatAttainment(attainment)}`;
}

/** The attainment of a volume against a quota; only flat measures, which do not use it, go without a quota. */
export function attainmentOf(volume: number, quota: number): Ratio {
  return quota > 0 ? ratio(volume, quota) : ratio(volume > 0 ? 1 : 0);
}

/** The volume paid at the measure's rates: marginal bands, the tier reached, or the flat rate. */
function ratedParts(context: MeasureContext, paidVolume: number): EarningPart[] {
  const { measure, quota, baseRate, currency } = context;
  if (measure.method === 'marginal') return marginalParts(context, paidVolume);
  if (measure.method === 'retroactive') {
    const index = tierReached(measure.tiers, attainmentOf(paidVolume, quota));
    const tier = measure.tiers[index];
    if (!tier) throw new RangeError(`measure ${measure.name} has no tiers`);
    const amount = multiplyByRatio(paidVolume as MinorUnits, tierRate(tier, baseRate));
    const label = tierLabel(tier, index);
    return [
      {
        amount,
        rate: label,
        formula: `${label}: ${tierProduct(context, tier, paidVolume)} = ${money(amount, currency)}`,
      },
    ];
  }
  const amount = multiplyByRatio(paidVolume as MinorUnits, baseRate);
  const rate = showRate(measure, baseRate, currency);
  return [
    {
      amount,
      rate,
      formula: `${rate} x ${showVolume(measure, paidVolume, currency)} = ${money(amount, currency)}`,
    },
  ];
}

/** The parts of a measure's earnings, and a note on attainment and caps for the trace. */
export function measureEarnings(context: MeasureContext): { parts: EarningPart[]; note: string } {
  const { measure, volume, quota, currency } = context;
  const attainment = attainmentOf(volume, quota);
  let note = attainmentNote(context, attainment);
  if (measure.threshold && compare(attainment, measure.threshold) < 0) {
    const formula = `${formatPercent(attainment)} is below the ${formatPercent(measure.threshold)} threshold: no pay = ${money(0, currency)}`;
    return {
      parts: [{ amount: 0 as MinorUnits, rate: `threshold ${formatPercent(measure.threshold)}`, formula }],
      note,
    };
  }
  let paidVolume = volume;
  if (measure.capAttainment) {
    const capVolume = floorTimes(quota, measure.capAttainment);
    if (volume > capVolume) {
      paidVolume = capVolume;
      note += `; volume above ${formatPercent(measure.capAttainment)} of quota is not paid: ${showVolume(measure, capVolume, currency)} counted`;
    }
  }
  const parts = ratedParts(context, paidVolume);
  const earned = sumMoney(parts.map((part) => part.amount));
  if (context.capAmount !== null && earned > context.capAmount) {
    const excess = (context.capAmount - earned) as MinorUnits;
    parts.push({
      amount: excess,
      rate: `cap ${money(context.capAmount, currency)}`,
      formula: `cap ${money(context.capAmount, currency)} - earned ${money(earned, currency)} = ${money(excess, currency)}`,
    });
  }
  return { parts, note };
}
