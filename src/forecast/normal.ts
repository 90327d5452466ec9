/**
 * The standard normal distribution: its CDF and quantile function, accurate to about 1e-7 (forecast
 * probabilities are shown to a tenth of a percent).
 * @module
 */

/** Φ(z): the standard normal CDF, via the complementary error function (fractional error < 1.2e-7). */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Φ⁻¹(q): P. J. Acklam's rational approximation (relative error < 1.2e-9); q outside (0, 1) gives ±Infinity. */
export function normalQuantile(q: number): number {
  if (q <= 0) return -Infinity;
  if (q >= 1) return Infinity;
  const low = 0.02425;
  let x: number;
  if (q < low) {
    const r = Math.sqrt(-2 * Math.log(q));
    x = tail(r);
  } else if (q > 1 - low) {
    const r = Math.sqrt(-2 * Math.log(1 - q));
    x = -tail(r);
  } else {
    const r = q - 0.5;
    const s = r * r;
    x =
      ((((((-39.69683028665376 * s + 220.9460984245205) * s - 275.928510446969) * s + 138.357751867269) * s -
        30.66479806614716) *
        s +
        2.506628277459239) *
        r) /
      (((((-54.47609879822406 * s + 161.5858368580409) * s - 155.6989798598866) * s + 66.80131188771972) * s -
        13.28068155288572) *
        s +
        1);
  }
  return x;
}

function tail(r: number): number {
  return (
    (((((-0.007784894002430293 * r - 0.3223964580411365) * r - 2.400758277161838) * r - 2.549732539343734) *
      r +
      4.374664141464968) *
      r +
      2.938163982698783) /
    ((((0.007784695709041462 * r + 0.3224671290700398) * r + 2.445134137142996) * r + 3.754408661907416) * r +
      1)
  );
}

/** erfc(x) by the Chebyshev fit of Numerical Recipes (fractional error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const value =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? value : 2 - value;
}
