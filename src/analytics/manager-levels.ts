/**
 * Where each manager sits in the rep hierarchy, so that output split `--by manager` can show its roll-up: a
 * manager's row covers their reports' rows, so rows of managers at different levels overlap and do not add up.
 * @module
 */
import { createKeyspace, type KeyspaceOptions, type KeyspaceSource } from './dimensions.js';

export interface ManagerPlace {
  /** Managers above this one: 0 at the top of the hierarchy. */
  readonly level: number;
  /** Rank in the hierarchy read top down, each manager before their reporting managers (by name). */
  readonly order: number;
}

const COLLATOR = new Intl.Collator('en');

/**
 * Each manager's place, keyed by the label their `--by manager` row carries. Reps who manage no one have no
 * row of their own and no place; nor has `(no manager)`. A cycle in bad data (A manages B manages A) is cut at
 * the first rep met twice, as the roll-up cuts it.
 */
export function managerPlaces(
  dataset: KeyspaceSource,
  options: KeyspaceOptions,
): ReadonlyMap<string, ManagerPlace> {
  const keyspace = createKeyspace(dataset, ['manager'], options);
  const label = (rep: number) => keyspace.labels(keyspace.encode([rep + 1])).manager ?? '';
  const { managerIndex, count } = dataset.reps;
  const isRep = (index: number) => index >= 0 && index < count;
  const manages = new Uint8Array(count);
  for (let rep = 0; rep < count; rep++) {
    const manager = managerIndex[rep] ?? -1;
    if (isRep(manager)) manages[manager] = 1;
  }
  // Each manager's chain of labels from the top down to them; read in order, the chains are the hierarchy.
  const chains: string[][] = [];
  for (let rep = 0; rep < count; rep++) {
    if (!manages[rep]) continue;
    const chain: string[] = [];
    const seen = new Set<number>();
    for (let current = rep; isRep(current) && !seen.has(current); current = managerIndex[current] ?? -1) {
      seen.add(current);
      chain.unshift(label(current));
    }
    chains.push(chain);
  }
  chains.sort((a, b) => {
    for (let index = 0; index < Math.min(a.length, b.length); index++) {
      const difference = COLLATOR.compare(a[index] ?? '', b[index] ?? '');
      if (difference !== 0) return difference;
    }
    return a.length - b.length;
  });
  return new Map(
    chains.map((chain, order) => [chain[chain.length - 1] ?? '', { level: chain.length - 1, order }]),
  );
}
