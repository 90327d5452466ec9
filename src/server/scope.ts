/**
 * Row scoping: which reps' data a user may see, and the dataset cut down to it. Metrics and the pipeline analyses
 * compute on the cut dataset (in the route worker: the cut of a large scope takes seconds), the opportunities are
 * the full dataset's filtered to the scope's reps, a statement is the scope's payee's only, and a forecast reports
 * on the scope's reps only (its models learn from the whole dataset), so no figure of a deal, lead, activity or
 * quota outside the scope can reach a response, totals and roll-ups included.
 * @module
 */
import {
  type ColumnKind,
  DATASET_TABLES,
  type Dataset,
  type DatasetTable,
  NO_INDEX,
  repRow,
  type TableColumns,
  textAt,
  textColumn,
  type TextColumn,
} from '../dataset/dataset.js';
import type { ApiUser } from './users.js';

/** Every row (admin, revops, finance), or the rows of these reps (by row index into `dataset.reps`). */
export type Scope = { readonly all: true } | { readonly all: false; readonly reps: ReadonlySet<number> };

export const ALL: Scope = { all: true };

/** The rep at `top` and everyone reporting to them, directly or not. */
export function subtree(dataset: Dataset, top: number): Set<number> {
  const { managerIndex, count } = dataset.reps;
  const reports = new Map<number, number[]>();
  for (let rep = 0; rep < count; rep++) {
    const manager = managerIndex[rep] ?? NO_INDEX;
    if (manager === NO_INDEX) continue;
    const team = reports.get(manager);
    if (team) team.push(rep);
    else reports.set(manager, [rep]);
  }
  const members = new Set<number>();
  const queue = top >= 0 && top < count ? [top] : [];
  // `members` guards against a cycle in a CRM's manager field.
  for (let rep = queue.pop(); rep !== undefined; rep = queue.pop()) {
    if (members.has(rep)) continue;
    members.add(rep);
    queue.push(...(reports.get(rep) ?? []));
  }
  return members;
}

/**
 * What a user's role lets them see of pipeline, forecasts and pay: a manager their subtree of the manager
 * hierarchy, a rep themself; a rep id missing from the data (a rep since removed) sees nothing.
 */
export function scopeOf(user: ApiUser, dataset: Dataset): Scope {
  if (user.role === 'manager' || user.role === 'rep') {
    const row = user.rep === null ? -1 : repRow(dataset, user.rep);
    if (row < 0) return { all: false, reps: new Set() };
    return { all: false, reps: user.role === 'manager' ? subtree(dataset, row) : new Set([row]) };
  }
  return ALL;
}

export function inScope(scope: Scope, rep: number): boolean {
  return scope.all || scope.reps.has(rep);
}

type Columns = Record<string, unknown> & { readonly count: number };

/** The rows `keep` (ascending indices) of a table, every field of it, in that order. */
function pickRows<T extends DatasetTable>(
  name: T,
  table: TableColumns<T>,
  keep: Int32Array,
): TableColumns<T> {
  const source = table as unknown as Columns;
  const picked: Record<string, unknown> = { count: keep.length };
  const fields: Readonly<Record<string, { readonly kind: ColumnKind }>> = DATASET_TABLES[name].fields;
  for (const [field, spec] of Object.entries(fields)) {
    const column = source[field];
    if (spec.kind === 'string') {
      const text = column as TextColumn;
      picked[field] = textColumn(Array.from(keep, (row) => textAt(text, row)));
    } else {
      const array = column as Int32Array;
      const out = new (array.constructor as new (length: number) => Int32Array)(keep.length);
      for (let i = 0; i < keep.length; i++) out[i] = array[keep[i]!]!;
      picked[field] = out;
    }
  }
  return picked as unknown as TableColumns<T>;
}

/** The indices of the rows for which `test` holds, ascending. */
function rowsWhere(count: number, test: (row: number) => boolean): Int32Array {
  const rows: number[] = [];
  for (let row = 0; row < count; row++) if (test(row)) rows.push(row);
  return Int32Array.from(rows);
}

/** Old row index to new (NO_INDEX for rows dropped), for a table cut to `keep`. */
function renumbering(count: number, keep: Int32Array): Int32Array {
  const map = new Int32Array(count).fill(NO_INDEX);
  keep.forEach((row, index) => (map[row] = index));
  return map;
}

function remap(column: Int32Array, map: Int32Array): void {
  for (let i = 0; i < column.length; i++) {
    const old = column[i]!;
    if (old !== NO_INDEX) column[i] = map[old] ?? NO_INDEX;
  }
}

/**
 * The dataset cut to a scope: the opportunities the scope's reps own now (with their whole history), their
 * activities, their leads and their rep quotas. Team quotas and costs are company figures and are left out. Reps,
 * accounts and territories stay whole: names and the hierarchy, which roll-ups by manager and the comp engine's
 * payees read, are not pipeline. References between the cut tables are renumbered; a reference to a row left
 * out (an activity of the rep's on a colleague's deal) becomes absent.
 */
export function scopeDataset(dataset: Dataset, scope: Scope): Dataset {
  if (scope.all) return dataset;
  const { opportunities, history, historyStart, activities, leads, quotas, costs } = dataset;
  const mine = (rep: number) => scope.reps.has(rep);

  const opportunityRows = rowsWhere(opportunities.count, (row) => mine(opportunities.ownerIndex[row]!));
  const opportunityMap = renumbering(opportunities.count, opportunityRows);
  const historyRows: number[] = [];
  const starts = new Int32Array(opportunityRows.length + 1);
  opportunityRows.forEach((row, index) => {
    for (let change = historyStart[row]!; change < historyStart[row + 1]!; change++) historyRows.push(change);
    starts[index + 1] = historyRows.length;
  });

  const leadRows = rowsWhere(leads.count, (row) => mine(leads.ownerIndex[row]!));
  const scopedLeads = pickRows('leads', leads, leadRows);
  remap(scopedLeads.convertedOpportunityIndex, opportunityMap);

  const scopedActivities = pickRows(
    'activities',
    activities,
    rowsWhere(activities.count, (row) => mine(activities.repIndex[row]!)),
  );
  remap(scopedActivities.opportunityIndex, opportunityMap);
  remap(scopedActivities.leadIndex, renumbering(leads.count, leadRows));

  return {
    ...dataset,
    opportunities: pickRows('opportunities', opportunities, opportunityRows),
    history: pickRows('history', history, Int32Array.from(historyRows)),
    historyStart: starts,
    activities: scopedActivities,
    leads: scopedLeads,
    quotas: pickRows(
      'quotas',
      quotas,
      rowsWhere(
        quotas.count,
        (row) => textAt(quotas.ownerKind, row) === 'rep' && mine(quotas.repIndex[row]!),
      ),
    ),
    costs: pickRows('costs', costs, new Int32Array(0)),
  };
}
