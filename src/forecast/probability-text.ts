/**
 * A forecast's probabilities in words that claim no certainty it does not have.
 * @module
 */

/**
 * A probability as a percentage the forecast can stand behind: whole percents ("78%"), but where those would read
 * 0% or 100% for a chance that is neither, one decimal ("99.6%", "0.4%"), and where even that would, a bound
 * ("over 99.9%" for 0.9996, "under 0.1%" for 0.0004). Exactly 1 and 0 read "100%" and "0%". Nor does it read as
 * one of `thresholds` it is below (the confidence bands' 70% and 85%): 0.69996 reads "69.9%" ({@link belowThreshold}).
 */
export function chancePercent(probability: number, thresholds: readonly number[] = []): string {
  if (readsAsThreshold(probability, thresholds)) return belowThreshold(probability);
  const whole = Math.round(probability * 100);
  if (probability <= 0 || probability >= 1 || (whole > 0 && whole < 100)) return `${whole}%`;
  const tenths = Math.round(probability * 1000);
  if (tenths === 0) return 'under 0.1%';
  if (tenths === 1000) return 'over 99.9%';
  return `${(tenths / 10).toFixed(1)}%`;
}

/** Whether `fraction` in whole percents would read as one of `thresholds` it is below (79.6% as "80%"). */
export function readsAsThreshold(fraction: number, thresholds: readonly number[]): boolean {
  const shown = Math.round(fraction * 100) / 100;
  return thresholds.some((threshold) => fraction < threshold && shown >= threshold);
}

/** A fraction just below a threshold to one decimal, rounded down: "79.6%". */
export const belowThreshold = (fraction: number): string =>
  `${(Math.floor(fraction * 1000) / 10).toFixed(1)}%`;
