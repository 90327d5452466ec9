/**
 * Typed arrays lent to one metric evaluation and taken back when it ends, so that the next evaluation on the
 * same dataset reuses them instead of allocating its own.
 *
 * Why: an evaluation over a million deals needs some 40 MB of per-deal columns (the as-of state, period rows,
 * masks, group assignments). Allocated afresh each time, they are freshly mapped, zeroed pages, and external
 * memory whose growth starts garbage collections; repeated evaluations (the KPI set, a server answering
 * questions) spent more time in page faults and collections than in computing. Lent from here, a repeated
 * evaluation allocates nothing of that size.
 *
 * The arrays are views of buffers whose capacity is rounded up to a power of two, so that requests of nearby
 * lengths (the deals of one period, then of another) share buffers and the pool holds a few sizes only.
 * Nothing lent may outlive the evaluation: results hold numbers, never these arrays.
 * @module
 */

export interface ScratchArrays {
  readonly uint8: Uint8Array;
  readonly uint16: Uint16Array;
  readonly int32: Int32Array;
  readonly float64: Float64Array;
}
export type ScratchKind = keyof ScratchArrays;
type Lent = ScratchArrays[ScratchKind];

const MAKE: { readonly [K in ScratchKind]: (length: number) => ScratchArrays[K] } = {
  uint8: (length) => new Uint8Array(length),
  uint16: (length) => new Uint16Array(length),
  int32: (length) => new Int32Array(length),
  float64: (length) => new Float64Array(length),
};

/** Below this many elements an array is allocated as usual: small arrays cost the collector nothing. */
const POOLED_FROM = 4096;

export class ColumnScratch {
  /** Free buffers by kind and capacity. */
  private readonly free = new Map<string, Lent[]>();
  /** Buffers lent since the last {@link reclaim}, with their pool key. */
  private readonly lent: { readonly key: string; readonly buffer: Lent }[] = [];

  /**
   * An array of `length` elements, lent until {@link reclaim}. Every element is `fill`; with `fill` null the
   * contents are unspecified and the caller writes every element before reading it.
   */
  take<K extends ScratchKind>(kind: K, length: number, fill: number | null = 0): ScratchArrays[K] {
    if (length < POOLED_FROM) {
      const array = MAKE[kind](length);
      if (fill !== null && fill !== 0) array.fill(fill);
      return array;
    }
    const capacity = 2 ** Math.ceil(Math.log2(length));
    const key = `${kind}:${capacity}`;
    const buffer = (this.free.get(key)?.pop() as ScratchArrays[K] | undefined) ?? MAKE[kind](capacity);
    this.lent.push({ key, buffer });
    const array = buffer.subarray(0, length) as ScratchArrays[K];
    if (fill !== null) array.fill(fill);
    return array;
  }

  /** Takes back every array lent: their contents may be overwritten by the next {@link take}. */
  reclaim(): void {
    for (const { key, buffer } of this.lent.splice(0)) {
      const list = this.free.get(key);
      if (list) list.push(buffer);
      else this.free.set(key, [buffer]);
    }
  }
}

/** Per owner (a dataset), its scratch and whether an evaluation is using it. */
const SCRATCH = new WeakMap<object, { readonly scratch: ColumnScratch; busy: boolean }>();

/**
 * Runs `use` with the scratch of `owner` (made on first use) and reclaims everything it lent when `use`
 * returns. A nested call for the same owner, while its scratch is in use, gets a scratch of its own.
 */
export function withScratch<T>(owner: object, use: (scratch: ColumnScratch) => T): T {
  let entry = SCRATCH.get(owner);
  if (!entry) {
    entry = { scratch: new ColumnScratch(), busy: false };
    SCRATCH.set(owner, entry);
  }
  if (entry.busy) return use(new ColumnScratch());
  entry.busy = true;
  try {
    return use(entry.scratch);
  } finally {
    entry.scratch.reclaim();
    entry.busy = false;
  }
}
