/**
 * A small, fast, seeded pseudo-random source (sfc32) with the distributions the demo generator draws from.
 * Never `Math.random`: the same seed and stream give the same sequence on every machine.
 * @module
 */

const TWO_POW_32 = 4_294_967_296;

/** MurmurHash3's 32-bit finaliser: spreads nearby seeds (1, 2, 3) into unrelated generator states. */
function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state): passes PractRand and BigCrush,
 * and runs on 32-bit integer operations only, which V8 keeps unboxed. `stream` gives independent sequences for
 * one seed, so that, say, the organisation and the opportunities draw from separate streams.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;
  /** Box-Muller yields normals in pairs; the second is kept for the next call. */
  private spareNormal = 0;
  private hasSpareNormal = false;

  /** `seed` is any safe integer; `stream` any small whole number. */
  constructor(seed: number, stream = 0) {
    const low = seed % TWO_POW_32;
    const high = Math.floor(seed / TWO_POW_32);
    this.a = mix32(low ^ 0x9e3779b9);
    this.b = mix32(high + 0x7f4a7c15);
    this.c = mix32(Math.imul(stream + 1, 0x632be5ab) ^ low);
    // Discard the first outputs, as sfc32's author recommends, so the state is well mixed.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A whole number from min to max, both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (mean 0, standard deviation 1), by Box-Muller. */
  normal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    const u = 1 - this.next(); // in (0, 1], so the logarithm is finite
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpareNormal = true;
    return radius * Math.cos(angle);
  }

  /** Lognormal with the given median and log-scale standard deviation. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Poisson count with mean lambda: Knuth's product method below 30, a rounded normal above. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  /** One element, uniformly. The list must not be empty. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /**
   * An index drawn in proportion to weights given as running totals (`cumulative[i]` = weight of entries
   * `start..i`), searching `start..end-1`. The total must be positive; zero-weight entries are never drawn.
   */
  weightedIndex(cumulative: ArrayLike<number>, start = 0, end = cumulative.length): number {
    const target = this.next() * (cumulative[end - 1] as number);
    let low = start;
    let high = end - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Shuffles in place (Fisher-Yates). */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
    return items;
  }
}

/** Running totals of weights, for {@link Random.weightedIndex}. */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((weight, index) => {
    total += weight;
    cumulative[index] = total;
  });
  return cumulative;
}
