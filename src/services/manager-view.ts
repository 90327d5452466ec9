/**
 * A scoped view split by manager (the HTTP API's rep or manager asking `by=manager`): its roll-up starts at the
 * scope's top, so the rows of managers above it are left out; and a scope whose reps manage nobody (a rep, or a
 * manager without reports) gets its own row, labelled as a manager's row is, rather than no row at all (a rep's
 * deals roll up only into the rows of the managers above them, all outside the view).
 * @module
 */
import {
  createKeyspace,
  type DimensionId,
  type KeyspaceOptions,
  type KeyspaceSource,
} from '../analytics/dimensions.js';
import { NO_INDEX } from '../dataset/dataset.js';

/**
 * The parent of each row of a split by manager, by row label: the label of the rep's manager (the row above in
 * the tree), null at the top and for a label that is no rep's (`(no manager)`). Owner and manager rows carry the
 * same label for a rep, so it places a scope's own row too.
 */
export function managerParents(
  dataset: KeyspaceSource,
  options: KeyspaceOptions,
): (label: string) => string | null {
  const keyspace = createKeyspace(dataset, ['owner'], options);
  const label = (rep: number) => keyspace.labels(keyspace.encode([rep + 1])).owner ?? '';
  const { managerIndex, count } = dataset.reps;
  const parents = new Map<string, string | null>();
  for (let rep = 0; rep < count; rep++) {
    const manager = managerIndex[rep] ?? NO_INDEX;
    parents.set(label(rep), manager >= 0 && manager < count ? label(manager) : null);
  }
  return (name) => parents.get(name) ?? null;
}

export interface ManagerView {
  /** Whether the view shows the scope's own row in place of manager rows (its reps manage nobody). */
  readonly ownRow: boolean;
  /** The dimensions to compute with: `owner` in place of `manager` when the view shows the scope's own row. */
  readonly dimensions: readonly DimensionId[];
  /**
   * A row's labels (by dimension) as the view shows them: the owner's label under `manager` for the scope's own
   * row; null for a row outside the view.
   */
  readonly labels: <Row extends Readonly<Record<string, unknown>>>(
    row: Row,
  ) => Record<string, unknown> | null;
}

/** Every row as computed: a company view, or a split without `manager`. */
const WHOLE = (dimensions: readonly DimensionId[]): ManagerView => ({
  ownRow: false,
  dimensions,
  labels: (row) => row,
});

/** `row` with `from` renamed `to`, in its place among the keys. */
function renamed(row: Readonly<Record<string, unknown>>, from: string, to: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key === from ? to : key, value]));
}

/**
 * Whether none of a scope's reps (rows of the reps table) manages anyone: a rep's scope, or a manager's without
 * reports, whose deals roll up by manager only into rows above the scope.
 */
export function managesNobody(reps: KeyspaceSource['reps'], scopeReps: ReadonlySet<number>): boolean {
  for (let rep = 0; rep < reps.count; rep++) {
    const manager = reps.managerIndex[rep] ?? NO_INDEX;
    if (manager >= 0 && manager < reps.count && scopeReps.has(manager)) return false;
  }
  return true;
}

/**
 * The view of `dimensions` for a scope's reps (rows of the reps table; undefined for every rep). Split by both
 * owner and manager, a scope that manages nobody has its owner rows only.
 */
export function managerView(
  dataset: KeyspaceSource,
  dimensions: readonly DimensionId[],
  scopeReps: ReadonlySet<number> | undefined,
  options: KeyspaceOptions,
): ManagerView {
  if (scopeReps === undefined || !dimensions.includes('manager')) return WHOLE(dimensions);
  // Owner and manager rows carry the same label for a rep: their display name.
  const keyspace = createKeyspace(dataset, ['owner'], options);
  const mine = new Set([...scopeReps].map((rep) => keyspace.labels(keyspace.encode([rep + 1])).owner));
  const ownRow = managesNobody(dataset.reps, scopeReps) && !dimensions.includes('owner');
  if (!ownRow) {
    return { ownRow, dimensions, labels: (row) => (mine.has(String(row.manager)) ? row : null) };
  }
  return {
    ownRow,
    dimensions: dimensions.map((dimension) => (dimension === 'manager' ? 'owner' : dimension)),
    labels: (row) => (mine.has(String(row.owner)) ? renamed(row, 'owner', 'manager') : null),
  };
}
