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

/** A 32-bit hash of the fields a duplicate deal repeats (its name is compared only within a hash bucket). */
function dealHash(account: number, currency: number, amount: number, close: number): number {
  let hash = 0x811c9dc5;
  for (const part of [account, currency, amount >>> 0, Math.floor(amount / 4_294_967_296) | 0, close]) {
    hash = Math.imul(hash ^ part, 0x01000193);
    hash ^= hash >>> 15;
  }
  return hash >>> 0;
}

/** For each existing deal, the earlier deal it duplicates (or -1). */
function dealDuplicates(input: AuditInput): Int32Array {
  const count = input.open.length;
  const { accountIndex, currencyCode, name } = input.dataset.opportunities;
  const { exists, amount, closeDay } = input.state;
  const indexBits = Math.max(1, Math.ceil(Math.log2(count + 1)));
  const hashBits = Math.min(32, 53 - indexBits);
  const scale = 2 ** indexBits;
  const keys: number[] = [];
  for (let row = 0; row < count; row++) {
    if (exists[row] !== 1) continue;
    const hash = dealHash(accountIndex[row]!, currencyCode[row]!, amount[row]!, closeDay[row]!);
    keys.push(Math.floor(hash / 2 ** (32 - hashBits)) * scale + row);
  }
  const sorted = Float64Array.from(keys).sort();
  const firstOf = new Int32Array(count).fill(-1);
  let start = 0;
  while (start < sorted.length) {
    const bucket = Math.floor(sorted[start]! / scale);
    let end = start + 1;
    while (end < sorted.length && Math.floor(sorted[end]! / scale) === bucket) end++;
    if (end - start > 1) {
      // Rows ascend within a bucket, so the first row of each exact key is the one kept.
      const firstByKey = new Map<string, number>();
      for (let at = start; at < end; at++) {
        const row = sorted[at]! - bucket * scale;
        const key = [
          accountIndex[row],
          currencyCode[row],
          amount[row],
          closeDay[row],
          normalizeCompanyName(textAt(name, row)),
        ].join('|');
        const first = firstByKey.get(key);
        if (first === undefined) firstByKey.set(key, row);
        else firstOf[row] = first;
      }
    }
    start = end;
  }
  return firstOf;
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
};
