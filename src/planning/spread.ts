/**
 * The spread of a set of ratios (rep loads over their shares, quotas over potential): mean, population standard
 * deviation and coefficient of variation, defined once for the territory balance and the quota fairness check.
 * @module
 */

export interface Spread {
  readonly mean: number | null;
  /** Population standard deviation / mean; null without values or with a mean of 0. */
  readonly coefficientOfVariation: number | null;
}

export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: null, coefficientOfVariation: null };
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, coefficientOfVariation: mean !== 0 ? Math.sqrt(variance) / mean : null };
}
