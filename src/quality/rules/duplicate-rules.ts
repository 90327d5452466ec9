/**
 * Duplicate rules: accounts that look like an earlier account, and deals entered twice. Both group records
 * and count every record of a group but its first (the lowest store id), which is the one to keep.
 * @module
 */
import { NO_INDEX, textAt } from '../../dataset/dataset.js';
import { namesWithinOneEdit, normalizeCompanyName } from '../company-names.js';
import { accountFinding, opportunityFinding, type AuditInput, type QualityRule } from '../rule.js';
import { dayText } from './describe.js';

/** Normal forms shorter than this are compared for equality only: one edit apart, short names differ. */
export const FUZZY_MINIMUM_LENGTH = 8;

/** Union-find over n items, with path halving. */
class DisjointSets {
  private readonly parent: Int32Array;
  constructor(count: number) {
    this.parent = Int32Array.from({ length: count }, (_, index) => index);
  }
  find(item: number): number {
    let at = item;
    while (this.parent[at] !== at) {
      this.parent[at] = this.parent[this.parent[at]!]!;
      at = this.parent[at]!;
    }
    return at;
  }
  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }
}

/** For each existing account, the earlier account it duplicates (or -1), by name. */
function accountDuplicates(input: AuditInput): { firstOf: Int32Array; nameKey: string[] } {
  const { name, count } = input.dataset.accounts;
  const keyIndex = new Map<string, number>();
  const keys: string[] = [];
  const keyOf = new Int32Array(count).fill(-1);
  const nameKey = new Array<string>(count).fill('');
  for (let row = 0; row < count; row++) {
    if (input.accountExists[row] !== 1) continue;
    const key = normalizeCompanyName(textAt(name, row));
    if (key === '') continue;
    let index = keyIndex.get(key);
    if (index === undefined) {
      index = keys.length;
      keys.push(key);
      keyIndex.set(key, index);
    }
    keyOf[row] = index;
    nameKey[row] = key;
  }
  const sets = new DisjointSets(keys.length);
  const long = keys.flatMap((key, index) => (key.length >= FUZZY_MINIMUM_LENGTH ? [index] : []));
  for (const [i, j] of namesWithinOneEdit(long.map((index) => keys[index]!))) sets.union(long[i]!, long[j]!);

  const firstOfGroup = new Int32Array(keys.length).fill(-1);
  const firstOf = new Int32Array(count).fill(-1);
  for (let row = 0; row < count; row++) {
    if (keyOf[row] === -1) continue;
    const group = sets.find(keyOf[row]!);
    if (firstOfGroup[group] === -1) firstOfGroup[group] = row;
    else firstOf[row] = firstOfGroup[group]!;
  }
  return { firstOf, nameKey };
}

export const duplicateAccount: QualityRule = {
  id: 'duplicate-account',
  title: 'Duplicate account',
  severity: 'warning',
  description: () =>
    "An account whose name matches an earlier account's. Names match when their normal forms are equal " +
    '(accents, case, punctuation and spaces ignored, a leading "The" and trailing legal forms such as Inc, ' +
    `LLC, Ltd, GmbH dropped), or when both are at least ${FUZZY_MINIMUM_LENGTH} characters long and one edit ` +
    'apart (a letter inserted, deleted or replaced, or two adjacent letters swapped: Damerau distance 1). ' +
    'Matching accounts form a group; the first (lowest store id) is kept and the others are counted, with ' +
    'the open deals on them. Accounts have no website or domain in the data model, so domains are not compared.',
  fix: 'Merge the duplicate into the first account (move its deals, activities and contacts), then delete it.',
  check(input) {
    const { firstOf, nameKey } = accountDuplicates(input);
    const rows: number[] = [];
    for (let row = 0; row < firstOf.length; row++) if (firstOf[row] !== -1) rows.push(row);
    const { accountIndex } = input.dataset.opportunities;
    const valueDeals: number[] = [];
    for (let deal = 0; deal < input.open.length; deal++) {
      const account = accountIndex[deal]!;
      if (input.open[deal] === 1 && account !== NO_INDEX && firstOf[account] !== -1) valueDeals.push(deal);
    }
    const { crmId, name } = input.dataset.accounts;
    return accountFinding(input, rows, Int32Array.from(valueDeals), (row) => {
      const first = firstOf[row]!;
      const how = nameKey[first] === nameKey[row] ? 'same name as' : 'similar name to';
      return `${how} ${textAt(crmId, first)} "${textAt(name, first)}"`;
    });
  },
};

/** One FNV-1a step of {@link dealHash}, with a shift. */
function mix(hash: number, part: number): number {
  const next = Math.imul(hash ^ part, 0x01000193);
  return next ^ (next >>> 15);
}

/** A 32-bit hash of the fields a duplicate deal repeats but its name. */
function dealHash(account: number, currency: number, amount: number, close: number): number {
  let hash = mix(0x811c9dc5, account);
  hash = mix(hash, currency);
  hash = mix(hash, amount >>> 0);
  hash = mix(hash, Math.floor(amount / 4_294_967_296) | 0);
  hash = mix(hash, close);
  // Murmur3's finaliser: every input bit reaches the low bits the table's slot is taken from.
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * Existing rows ordered by the hash of their numbers (radix sort, four passes of 8 bits: stable, so rows
 * ascend within a hash), and each one's hash in that order.
 */
function rowsByHash(input: AuditInput): { rows: Int32Array; hashes: Uint32Array } {
  const count = input.open.length;
  const { accountIndex, currencyCode } = input.dataset.opportunities;
  const { exists, amount, closeDay } = input.state;
  let existing = 0;
  for (let row = 0; row < count; row++) existing += exists[row] === 1 ? 1 : 0;
  let rows = new Int32Array(existing);
  let hashes = new Uint32Array(existing);
  let at = 0;
  for (let row = 0; row < count; row++) {
    if (exists[row] !== 1) continue;
    rows[at] = row;
    hashes[at++] = dealHash(accountIndex[row]!, currencyCode[row]!, amount[row]!, closeDay[row]!);
  }
  let nextRows = new Int32Array(existing);
  let nextHashes = new Uint32Array(existing);
  const starts = new Int32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    starts.fill(0);
    for (let i = 0; i < existing; i++) starts[(hashes[i]! >>> shift) & 255]!++;
    let sum = 0;
    for (let digit = 0; digit < 256; digit++) {
      const size = starts[digit]!;
      starts[digit] = sum;
      sum += size;
    }
    for (let i = 0; i < existing; i++) {
      const to = starts[(hashes[i]! >>> shift) & 255]!++;
      nextRows[to] = rows[i]!;
      nextHashes[to] = hashes[i]!;
    }
    [rows, nextRows] = [nextRows, rows];
    [hashes, nextHashes] = [nextHashes, hashes];
  }
  return { rows, hashes };
}

/** The key two deals must share to be the same deal: their numbers, and their names in normal form. */
function dealKey(input: AuditInput, row: number): string {
  const { accountIndex, currencyCode, name } = input.dataset.opportunities;
  const { amount, closeDay } = input.state;
  return [
    accountIndex[row],
    currencyCode[row],
    amount[row],
    closeDay[row],
    normalizeCompanyName(textAt(name, row)),
  ].join('|');
}

/**
 * For each existing deal, the earlier deal it duplicates (or -1): deals are ordered by the hash of their numbers
 * (account, currency, amount, close date), and only runs of equal hashes have their names normalised and their
 * whole keys compared.
 */
function dealDuplicates(input: AuditInput): Int32Array {
  const { rows, hashes } = rowsByHash(input);
  const firstOf = new Int32Array(input.open.length).fill(-1);
  let start = 0;
  while (start < rows.length) {
    let end = start + 1;
    while (end < rows.length && hashes[end] === hashes[start]) end++;
    if (end - start > 1) {
      // Rows ascend within a run, so the first row of each exact key is the one kept.
      const firstByKey = new Map<string, number>();
      for (let at = start; at < end; at++) {
        const row = rows[at]!;
        const key = dealKey(input, row);
        const first = firstByKey.get(key);
        if (first === undefined) firstByKey.set(key, row);
        else firstOf[row] = first;
      }
    }
    start = end;
  }
  return firstOf;
}

/**
 * The open deals that duplicate an earlier deal (ascending), each found as {@link dealDuplicates} finds it: the
 * open deals' hashes are kept (in a map, behind a bit filter), one pass over every existing deal gathers, in
 * ascending order, the deals sharing one of them, and only hashes met more than once have their deals' names
 * normalised and whole keys compared, so the first of each whole key among them is the first among all deals.
 * No sort of every deal: for a scoped audit's few open deals, a fraction of the whole rule.
 */
function openDealDuplicates(input: AuditInput): Int32Array {
  const count = input.open.length;
  const { accountIndex, currencyCode } = input.dataset.opportunities;
  const { exists, amount, closeDay } = input.state;
  const { open } = input;
  // 30 bits of the hash: small integers to the map (equal keys still share them).
  const hashOf = (row: number): number =>
    dealHash(accountIndex[row]!, currencyCode[row]!, amount[row]!, closeDay[row]!) & 0x3fffffff;
  // Per open deal's hash: the existing deals that have it, counted by the pass below.
  const dealsWith = new Map<number, number>();
  for (let row = 0; row < count; row++) if (open[row] === 1) dealsWith.set(hashOf(row), 0);
  if (dealsWith.size === 0) return new Int32Array(0);
  // About 32 filter bits per hash: some 3% of the other deals get past it to the map.
  const bits = Math.max(10, Math.ceil(Math.log2(dealsWith.size * 32 + 1)));
  const filter = new Uint32Array(2 ** (bits - 5));
  const mask = 2 ** bits - 1;
  for (const hash of dealsWith.keys()) filter[(hash & mask) >>> 5]! |= 1 << (hash & 31);
  const rows: number[] = [];
  const hashes: number[] = [];
  for (let row = 0; row < count; row++) {
    if (exists[row] !== 1) continue;
    const hash = hashOf(row);
    if ((filter[(hash & mask) >>> 5]! & (1 << (hash & 31))) === 0) continue;
    const seen = dealsWith.get(hash);
    if (seen === undefined) continue;
    dealsWith.set(hash, seen + 1);
    rows.push(row);
    hashes.push(hash);
  }
  const duplicates: number[] = [];
  const firstByKey = new Map<string, number>();
  for (let at = 0; at < rows.length; at++) {
    if (dealsWith.get(hashes[at]!)! < 2) continue;
    const row = rows[at]!;
    const key = dealKey(input, row);
    if (!firstByKey.has(key)) firstByKey.set(key, row);
    else if (open[row] === 1) duplicates.push(row);
  }
  return Int32Array.from(duplicates);
}

export const duplicateOpportunity: QualityRule = {
  id: 'duplicate-opportunity',
  title: 'Duplicate deal',
  severity: 'error',
  description: () =>
    'A deal with the same account, name (compared in the normal form used for accounts), currency, amount ' +
    'and close date as an earlier deal (lower store id), as of the as-of date: the same deal entered twice, ' +
    'and counted twice in the pipeline.',
  fix: 'Delete the copy; keep the deal that has the history and the activities.',
  check(input) {
    const firstOf = dealDuplicates(input);
    const rows: number[] = [];
    for (let row = 0; row < firstOf.length; row++) if (firstOf[row] !== -1) rows.push(row);
    const { crmId } = input.dataset.opportunities;
    return opportunityFinding(
      input,
      rows,
      (row) => `same as ${textAt(crmId, firstOf[row]!)} (closing ${dayText(input.state.closeDay[row]!)})`,
    );
  },
  valueDeals: openDealDuplicates,
};
