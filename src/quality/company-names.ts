/**
 * Matching the names of records that may be the same company (or the same deal entered twice): a normal form
 * that ignores what CRMs vary in (case, accents, punctuation, spacing, legal-form words), and near-duplicate
 * search between normal forms that finds every pair one edit apart in n log n time.
 * @module
 */

/**
 * Legal-form words dropped from the end of a name: `Acme, Inc.`, `ACME LLC` and `Acme GmbH` are one company.
 * Only trailing words are dropped, and never the only word, so `Co-op Bank` and `AG Growers` keep theirs.
 */
const LEGAL_FORMS: ReadonlySet<string> = new Set([
  'ab',
  'ag',
  'aps',
  'as',
  'bv',
  'co',
  'company',
  'corp',
  'corporation',
  'gmbh',
  'inc',
  'incorporated',
  'kg',
  'kk',
  'limited',
  'llc',
  'llp',
  'lp',
  'ltd',
  'nv',
  'oy',
  'oyj',
  'plc',
  'pte',
  'pty',
  'sa',
  'sarl',
  'sas',
  'spa',
  'srl',
]);

const NON_ASCII = /[^ -~]/;

/**
 * The normal form names are compared in: accents removed, lower case, `&` read as `and`, dots and apostrophes
 * dropped (`A.C.M.E.` is `acme`), other punctuation a word break, a leading `the` and trailing legal-form
 * words ({@link LEGAL_FORMS}) dropped, and the words joined without spaces (`Blue Harbor` = `BlueHarbor`).
 * Empty when nothing is left.
 */
export function normalizeCompanyName(name: string): string {
  // Accents come off by decomposing letters and dropping the marks; plain ASCII (most names) has none.
  const unaccented = NON_ASCII.test(name) ? name.normalize('NFKD').replace(/\p{M}/gu, '') : name;
  const words = unaccented
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  if (words.length > 1 && words[0] === 'the') words.shift();
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  return words.join('');
}

/**
 * True when `a` becomes `b` by at most one edit: inserting, deleting or replacing one character, or swapping
 * two adjacent ones (optimal string alignment distance <= 1). Linear time.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const lengthA = a.length;
  const lengthB = b.length;
  if (Math.abs(lengthA - lengthB) > 1) return false;
  let i = 0;
  while (i < lengthA && i < lengthB && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (lengthA === lengthB) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return lengthA > lengthB ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Odd multiplier of the polynomial hash, computed modulo 2^32 with Math.imul. */
const BASE = 0x01000193;

/**
 * Pairs of names one edit apart ({@link withinOneEdit}), as index pairs `[i, j]` with `i < j`, each once, in
 * ascending order. Names should be distinct; equal names are a separate (exact) match.
 *
 * Symmetric-deletion search: every name is keyed by its own hash and the hash of each string made by deleting
 * one of its characters. Two names one edit apart always share a key (an insertion: the shorter name is a
 * deletion of the longer; a replacement or an adjacent swap: deleting the changed position, or either of the
 * swapped ones, gives the same string). Keys are sorted by hash (a radix sort), and only names
 * sharing a key are compared, exactly, which also discards hash collisions: linear in the total length of the
 * names, where comparing all pairs would be quadratic in their number.
 */
export function namesWithinOneEdit(names: readonly string[]): [number, number][] {
  let keyCount = 0;
  let longest = 0;
  for (const name of names) {
    keyCount += name.length + 1;
    longest = Math.max(longest, name.length);
  }
  const hashOf = new Int32Array(keyCount);
  const nameOf = new Int32Array(keyCount);
  const hasher = new DeletionHasher(longest);
  let filled = 0;
  names.forEach((name, index) => {
    const count = hasher.of(name);
    for (let k = 0; k < count; k++) {
      hashOf[filled] = hasher.values[k]!;
      nameOf[filled++] = index;
    }
  });

  const sorted = sortByHash(hashOf, nameOf);
  const pairs: [number, number][] = [];
  let start = 0;
  while (start < keyCount) {
    const hash = sorted.hashes[start];
    let end = start + 1;
    while (end < keyCount && sorted.hashes[end] === hash) end++;
    for (let x = start; x < end; x++) {
      const i = sorted.names[x]!;
      for (let y = x + 1; y < end; y++) {
        const j = sorted.names[y]!;
        // i === j is one name deleting either of two equal letters.
        if (i !== j && withinOneEdit(names[i]!, names[j]!)) pairs.push([i, j]);
      }
    }
    start = end;
  }
  // A pair can share more than one key (e.g. a swap of two letters shares two deletions).
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return pairs.filter((pair, k) => k === 0 || pair[0] !== pairs[k - 1]![0] || pair[1] !== pairs[k - 1]![1]);
}

/**
 * The keys sorted by hash, carrying the name each came from: a stable radix sort on two 16-bit digits, which
 * keeps the names of one hash ascending and touches memory in order, unlike a sort with a comparator.
 */
function sortByHash(hashes: Int32Array, names: Int32Array): { hashes: Int32Array; names: Int32Array } {
  let fromHashes: Int32Array = hashes;
  let fromNames: Int32Array = names;
  let toHashes: Int32Array = new Int32Array(hashes.length);
  let toNames: Int32Array = new Int32Array(hashes.length);
  const starts = new Int32Array(0x10001);
  for (const shift of [0, 16]) {
    starts.fill(0);
    for (const hash of fromHashes) {
      const digit = ((hash >>> shift) & 0xffff) + 1;
      starts[digit] = starts[digit]! + 1;
    }
    for (let digit = 1; digit <= 0x10000; digit++) starts[digit] = starts[digit]! + starts[digit - 1]!;
    for (let k = 0; k < fromHashes.length; k++) {
      const digit = (fromHashes[k]! >>> shift) & 0xffff;
      const at = starts[digit]!;
      starts[digit] = at + 1;
      toHashes[at] = fromHashes[k]!;
      toNames[at] = fromNames[k]!;
    }
    [fromHashes, toHashes] = [toHashes, fromHashes];
    [fromNames, toNames] = [toNames, fromNames];
  }
  return { hashes: fromHashes, names: fromNames };
}

/**
 * Polynomial hashes (modulo 2^32) of a name and of every string made by deleting one of its characters, from
 * prefix and suffix hashes in linear time, in reused buffers. A string of length L hashes as
 * sum(code[k] * BASE^(L-1-k)), so a deletion of a longer name hashes like the shorter name it equals.
 * Collisions only cost a comparison: candidates are checked exactly.
 */
class DeletionHasher {
  /** The hashes of the last name: its own, then one per deleted position. */
  readonly values: Int32Array;
  private readonly power: Int32Array;
  private readonly prefix: Int32Array;
  private readonly suffix: Int32Array;

  constructor(longest: number) {
    this.values = new Int32Array(longest + 1);
    this.power = new Int32Array(longest + 1);
    this.prefix = new Int32Array(longest + 1);
    this.suffix = new Int32Array(longest + 1);
    this.power[0] = 1;
    for (let k = 1; k <= longest; k++) this.power[k] = Math.imul(this.power[k - 1]!, BASE);
  }

  /** Fills `values` for the name and returns how many it holds (length + 1). */
  of(name: string): number {
    const { power, prefix, suffix, values } = this;
    const length = name.length;
    // prefix[i]: hash of name[0, i); suffix[i]: hash of name[i, length).
    prefix[0] = 0;
    for (let k = 0; k < length; k++) prefix[k + 1] = (Math.imul(prefix[k]!, BASE) + name.charCodeAt(k)) | 0;
    suffix[length] = 0;
    for (let k = length - 1; k >= 0; k--) {
      suffix[k] = (Math.imul(name.charCodeAt(k), power[length - 1 - k]!) + suffix[k + 1]!) | 0;
    }
    values[0] = prefix[length]!;
    for (let i = 0; i < length; i++) {
      values[i + 1] = (Math.imul(prefix[i]!, power[length - 1 - i]!) + suffix[i + 1]!) | 0;
    }
    return length + 1;
  }
}
