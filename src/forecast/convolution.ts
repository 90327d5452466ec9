/**
 * Convolution of probability vectors on a grid: directly for short vectors, by a radix-2 FFT for long ones.
 * @module
 */

/** Below this product of lengths a direct convolution is cheaper than three FFTs. */
const DIRECT_WORK_LIMIT = 1 << 16;

/** a ⊛ b (length a.length + b.length - 1). FFT round-off (about 1e-16 of the total mass) is clamped at 0. */
export function convolve(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length === 0 || b.length === 0) return new Float64Array(0);
  const length = a.length + b.length - 1;
  if (Math.min(a.length, b.length) <= 32 || a.length * b.length <= DIRECT_WORK_LIMIT) {
    return convolveDirect(a, b, length);
  }
  let size = 1;
  while (size < length) size <<= 1;
  // Two real inputs packed in one complex FFT: z = a + i·b, then A and B are separated by conjugate symmetry.
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re.set(a);
  im.set(b);
  fft(re, im, false);
  const productRe = new Float64Array(size);
  const productIm = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const j = (size - k) & (size - 1);
    const zr = re[k]!;
    const zi = im[k]!;
    const cr = re[j]!;
    const ci = -im[j]!;
    // A = (Z + conj Z[-k]) / 2, B = (Z - conj Z[-k]) / 2i.
    const ar = (zr + cr) / 2;
    const ai = (zi + ci) / 2;
    const br = (zi - ci) / 2;
    const bi = -(zr - cr) / 2;
    productRe[k] = ar * br - ai * bi;
    productIm[k] = ar * bi + ai * br;
  }
  fft(productRe, productIm, true);
  const result = new Float64Array(length);
  for (let k = 0; k < length; k++) result[k] = Math.max(0, productRe[k]! / size);
  return result;
}

function convolveDirect(a: Float64Array, b: Float64Array, length: number): Float64Array {
  const result = new Float64Array(length);
  for (let i = 0; i < a.length; i++) {
    const weight = a[i]!;
    if (weight === 0) continue;
    for (let j = 0; j < b.length; j++) result[i + j]! += weight * b[j]!;
  }
  return result;
}

/** In-place iterative radix-2 FFT (length a power of two); `inverse` flips the sign, without the 1/n scale. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i]!;
      re[i] = re[j]!;
      re[j] = tr;
      const ti = im[i]!;
      im[i] = im[j]!;
      im[j] = ti;
    }
  }
  for (let half = 1; half < n; half <<= 1) {
    const angle = ((inverse ? 1 : -1) * Math.PI) / half;
    const stepRe = Math.cos(angle);
    const stepIm = Math.sin(angle);
    for (let start = 0; start < n; start += half << 1) {
      let wRe = 1;
      let wIm = 0;
      for (let k = 0; k < half; k++) {
        const p = start + k;
        const q = p + half;
        const xr = re[q]! * wRe - im[q]! * wIm;
        const xi = re[q]! * wIm + im[q]! * wRe;
        re[q] = re[p]! - xr;
        im[q] = im[p]! - xi;
        re[p] = re[p]! + xr;
        im[p] = im[p]! + xi;
        const nextRe = wRe * stepRe - wIm * stepIm;
        wIm = wRe * stepIm + wIm * stepRe;
        wRe = nextRe;
      }
    }
  }
}
