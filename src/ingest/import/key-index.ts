/**
 * The record index of each key of a file: a `Map` while the keys are few, then a hash table in a typed array with
 * the keys in a list beside it. A `Map` of a million ids cost more than reading their cells (1.5-2 s of the 1M
 * opportunities' profile): the table rebuilt at every doubling, and three slots per entry that every full garbage
 * collection walks. The table's slots are numbers the collector never walks, and the list holds one pointer per
 * key; putting a million ids in it takes 0.6 s against the `Map`'s 1.0 s (measured).
 * @module
 */

/** Slots per key at most before the table doubles (it is at most half full). */
const LOAD = 2;

/**
 * Keys kept in a `Map` up to this many: a `Map` finds a key whose hash V8 has cached (an interned reference, asked
 * again and again) 2.8 times as fast once warm (measured: 1M lookups in 50,000 keys, 89 ms against 252 ms), and
 * costs little while small.
 */
const MAP_KEYS = 1 << 16;

export class KeyIndex {
  /** The keys while few; null once they are in the table. */
  private map: Map<string, number> | null = new Map();
  private readonly keys: string[] = [];
  private readonly indexes: number[] = [];
  /** Two numbers a slot, side by side: 1 + the entry's place in `keys` (0: empty), and the key's hash. */
  private table = new Int32Array(0);

  get size(): number {
    return this.map?.size ?? this.keys.length;
  }

  /** The index of `key`; undefined when it has none. */
  get(key: string): number | undefined {
    if (this.map !== null) return this.map.get(key);
    const hash = hashOf(key);
    const { table } = this;
    const mask = (table.length >>> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = table[2 * slot]!;
      if (entry === 0) return undefined;
      if (table[2 * slot + 1] === hash && this.keys[entry - 1] === key) return this.indexes[entry - 1];
    }
  }

  /** Gives `key` the index `index` when it has none; returns the index it has, or undefined (it had none). */
  setIfNew(key: string, index: number): number | undefined {
    const { map } = this;
    if (map !== null) {
      const first = map.get(key);
      if (first !== undefined) return first;
      map.set(key, index);
      if (map.size > MAP_KEYS) this.toTable(map);
      return undefined;
    }
    const hash = hashOf(key);
    const { table } = this;
    const mask = (table.length >>> 1) - 1;
    let slot = hash & mask;
    for (let entry = table[2 * slot]!; entry !== 0; entry = table[2 * slot]!) {
      if (table[2 * slot + 1] === hash && this.keys[entry - 1] === key) return this.indexes[entry - 1];
      slot = (slot + 1) & mask;
    }
    this.keys.push(key);
    this.indexes.push(index);
    table[2 * slot] = this.keys.length;
    table[2 * slot + 1] = hash;
    if (this.keys.length * 2 * LOAD > table.length) this.grow();
    return undefined;
  }

  /** Moves the map's keys into the table. */
  private toTable(map: Map<string, number>): void {
    this.map = null;
    // A power of two of slots, a quarter full at most: room to grow before the table doubles.
    this.table = new Int32Array(2 << Math.ceil(Math.log2(2 * LOAD * map.size)));
    for (const [key, index] of map) {
      this.keys.push(key);
      this.indexes.push(index);
      placeEntry(this.table, this.keys.length, hashOf(key));
    }
  }

  private grow(): void {
    this.table = doubledTable(this.table);
  }
}

/** FNV-1a over the key's UTF-16 code units, mixed so that keys differing only at their end spread. */
function hashOf(key: string): number {
  let hash = -2128831035;
  for (let at = 0; at < key.length; at++) hash = Math.imul(hash ^ key.charCodeAt(at), 16777619);
  return hash ^ (hash >>> 15);
}

/**
 * Puts an entry (1 + its place in a list of keys) with its key's hash in the first free slot from the hash's, in a
 * table of two numbers a slot (entry, hash) whose slots are a power of two.
 */
export function placeEntry(table: Int32Array, entry: number, hash: number): void {
  const mask = (table.length >>> 1) - 1;
  let slot = hash & mask;
  while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
  table[2 * slot] = entry;
  table[2 * slot + 1] = hash;
}

/** A table of (entry, hash) slots twice as large, holding the same entries ({@link placeEntry}). */
export function doubledTable(old: Int32Array): Int32Array<ArrayBuffer> {
  const table = new Int32Array(old.length * 2);
  for (let at = 0; at < old.length; at += 2) if (old[at] !== 0) placeEntry(table, old[at]!, old[at + 1]!);
  return table;
}
