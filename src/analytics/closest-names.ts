/**
 * "Did you mean": the known names closest to a mistyped one, by edit distance, for messages about unknown
 * metric ids and dimensions.
 * @module
 */

/** Levenshtein distance with adjacent transpositions counted as one edit (`wni_rate` is one edit away). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const cost = new Int32Array(rows * columns);
  for (let i = 0; i < rows; i++) cost[i * columns] = i;
  for (let j = 0; j < columns; j++) cost[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (cost[(i - 1) * columns + j] ?? 0) + 1,
        (cost[i * columns + j - 1] ?? 0) + 1,
        (cost[(i - 1) * columns + j - 1] ?? 0) + substitution,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (cost[(i - 2) * columns + j - 2] ?? 0) + 1);
      }
      cost[i * columns + j] = best;
    }
  }
  return cost[rows * columns - 1] ?? 0;
}

/**
 * Up to `limit` names from `known` that `input` was probably meant to be: those within a third of its length
 * in edits (at least 2), or that contain it or are contained in it; closest first, then those starting with it,
 * then the shortest. Case is ignored throughout (`acme` finds `ACME Corp`); names are returned as given.
 */
export function closestNames(input: string, known: readonly string[], limit = 3): string[] {
  const typed = input.toLowerCase();
  const tolerance = Math.max(2, Math.floor(typed.length / 3));
  return known
    .map((name) => {
      const lower = name.toLowerCase();
      const distance = editDistance(typed, lower);
      const overlaps = typed.length >= 3 && (lower.includes(typed) || typed.includes(lower));
      return { name, lower, rank: overlaps ? Math.min(distance, tolerance) : distance };
    })
    .filter((candidate) => candidate.rank <= tolerance)
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        Number(b.lower.startsWith(typed)) - Number(a.lower.startsWith(typed)) ||
        a.name.length - b.name.length ||
        a.name.localeCompare(b.name),
    )
    .slice(0, limit)
    .map((candidate) => candidate.name);
}

/**
 * Up to five people (reps, payees) that `input` probably meant, matched by id or by name, each shown as
 * `id (name)`; `ids` and `names` are parallel.
 */
export function closestPeople(input: string, ids: readonly string[], names: readonly string[]): string[] {
  const label = (index: number) => `${ids[index]} (${names[index]})`;
  const close = [
    ...closestNames(input, ids).map((id) => label(ids.indexOf(id))),
    ...closestNames(input, names).map((name) => label(names.indexOf(name))),
  ];
  return [...new Set(close)].slice(0, 5);
}
