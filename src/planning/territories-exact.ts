/**
 * The exact territory model, for small books that need a proof: a mixed-integer program solved by HiGHS (the
 * `highs` package, WebAssembly), with a time limit.
 *
 * Model: a binary x[a, r] for every movable account a and eligible rep r with
 * - every movable account on exactly one rep: sum_r x[a, r] = 1;
 * - every rep inside the band: (1 - tolerance) x share <= fixed load + sum_a load[a] x[a, r] <= (1 + tolerance)
 *   x share, for potential and for workload (each row divided by the rep's share, so coefficients are ~1/n);
 * - every rep under its cap: fixed accounts + sum_a x[a, r] <= maxAccounts;
 * - objective: the fewest accounts moved away from home, i.e. maximise sum x[a, home(a)].
 * Pins and retained customers are constants (src/planning/territories.ts `placeFixed`, with its InputErrors).
 * Pure balancing without homes has a zero objective: the solver then only proves the band feasible, which is
 * what HiGHS does well; it cannot prove perfect balance on more than a handful of accounts (docs/planning.md).
 * @module
 */
import type { LegacyHighs } from 'highs';
import { InputError } from '../domain/errors.js';
import {
  describeAssignment,
  placeFixed,
  type TerritoryAssignment,
  type TerritoryProblem,
} from './territories.js';

export type ExactStatus = 'optimal' | 'feasible' | 'infeasible' | 'no-solution';

export interface ExactResult {
  /** optimal: proven; feasible: the time limit stopped the solver with an incumbent; no-solution: it found none. */
  readonly status: ExactStatus;
  readonly provenOptimal: boolean;
  /** HiGHS' own status text. */
  readonly solverStatus: string;
  /** The best assignment found; null when none. */
  readonly assignment: TerritoryAssignment | null;
  readonly variables: number;
  readonly constraints: number;
}

export interface ExactOptions {
  readonly timeLimitSeconds: number;
}

/** Loads the HiGHS solver (WebAssembly); once per process is enough. */
export async function loadHighs(): Promise<LegacyHighs> {
  // The package's types describe it as CommonJS, while Node loads its ES module build: take the loader from
  // whichever shape arrives.
  const module: unknown = await import('highs');
  const exported = (module as { default: unknown }).default;
  const loader = (
    typeof exported === 'function' ? exported : (exported as { default: unknown }).default
  ) as () => Promise<LegacyHighs>;
  return loader();
}

/** Terms of a linear expression, written a few per line (the LP format's lines stay short). */
function terms(parts: readonly string[]): string {
  const lines: string[] = [];
  for (let start = 0; start < parts.length; start += 8) lines.push(parts.slice(start, start + 8).join(' '));
  return lines.join('\n   ');
}

const coefficient = (value: number) =>
  value >= 0 ? `+ ${value.toPrecision(15)}` : `- ${(-value).toPrecision(15)}`;

/** Builds the model in CPLEX LP format; returns it with the variable list. */
export function territoryModel(problem: TerritoryProblem): {
  readonly lp: string;
  readonly variables: readonly { name: string; account: number; rep: number }[];
  readonly constraints: number;
  readonly fixed: Int32Array;
} {
  const fixed = placeFixed(problem);
  const { accounts, reps } = problem;
  const capacity = reps.reduce((sum, rep) => sum + rep.capacity, 0);
  const totalPotential = accounts.reduce((sum, account) => sum + account.potential, 0);
  const totalWorkload = accounts.reduce((sum, account) => sum + account.workload, 0);
  const fixedPotential = reps.map(() => 0);
  const fixedWorkload = reps.map(() => 0);
  const fixedCount = reps.map(() => 0);
  const isFixed = (account: number) => fixed.fixed[account] === 1;
  accounts.forEach((account, index) => {
    if (!isFixed(index)) return;
    const rep = fixed.assignment[index]!;
    fixedPotential[rep]! += account.potential;
    fixedWorkload[rep]! += account.workload;
    fixedCount[rep]!++;
  });
  const variables: { name: string; account: number; rep: number }[] = [];
  const byRep: number[][] = reps.map(() => []);
  const rows: string[] = [];
  const objective: string[] = [];
  const noRep: string[] = [];
  accounts.forEach((account, index) => {
    if (isFixed(index)) return;
    const own: string[] = [];
    reps.forEach((_, rep) => {
      if (problem.eligible && !problem.eligible(index, rep)) return;
      const name = `x${index}_${rep}`;
      byRep[rep]!.push(variables.length);
      variables.push({ name, account: index, rep });
      own.push(`+ ${name}`);
      if (fixed.home[index] === rep) objective.push(`- ${name}`);
    });
    if (own.length === 0) noRep.push(account.id);
    rows.push(` a${index}: ${terms(own)} = 1`);
  });
  if (noRep.length > 0) {
    throw new InputError(
      noRep.slice(0, 5).map((id) => ({
        message: `account ${id} has no eligible rep`,
        fix: 'change the assignment rules so some rep may take it, or pin it to a rep',
      })),
    );
  }
  reps.forEach((rep, r) => {
    const potentialShare = (totalPotential * rep.capacity) / capacity || 1;
    const workloadShare = (totalWorkload * rep.capacity) / capacity || 1;
    const mine = byRep[r]!.map((v) => variables[v]!);
    const potentialTerms = mine.map(
      (v) => `${coefficient(accounts[v.account]!.potential / potentialShare)} ${v.name}`,
    );
    const workloadTerms = mine.map(
      (v) => `${coefficient(accounts[v.account]!.workload / workloadShare)} ${v.name}`,
    );
    const band = (share: number, fixedLoad: number, tolerance: number) => ({
      low: 1 - tolerance - fixedLoad / share,
      high: 1 + tolerance - fixedLoad / share,
    });
    const p = band(potentialShare, fixedPotential[r]!, problem.potentialTolerance);
    const w = band(workloadShare, fixedWorkload[r]!, problem.workloadTolerance);
    const lhs = (parts: string[]) => (parts.length > 0 ? terms(parts) : '0 x_none');
    rows.push(` pl${r}: ${lhs(potentialTerms)} >= ${p.low.toPrecision(15)}`);
    rows.push(` pu${r}: ${lhs(potentialTerms)} <= ${p.high.toPrecision(15)}`);
    rows.push(` wl${r}: ${lhs(workloadTerms)} >= ${w.low.toPrecision(15)}`);
    rows.push(` wu${r}: ${lhs(workloadTerms)} <= ${w.high.toPrecision(15)}`);
    if (rep.maxAccounts !== null) {
      rows.push(` c${r}: ${lhs(mine.map((v) => `+ ${v.name}`))} <= ${rep.maxAccounts - fixedCount[r]!}`);
    }
  });
  const lp = [
    'Minimize',
    ` moves: ${objective.length > 0 ? terms(objective) : '0 x_none'}`,
    'Subject To',
    ...rows,
    'Bounds',
    ' x_none = 0',
    'Binary',
    ...variables.map((v) => ` ${v.name}`),
    'End',
  ].join('\n');
  return { lp, variables, constraints: rows.length, fixed: fixed.assignment };
}

/** How far from 0 or 1 a binary's value may be and still count as that integer (HiGHS' own default tolerance). */
const INTEGRALITY = 1e-6;

/**
 * The assignment in the solver's columns, or null when they hold no integer solution: every movable account on
 * exactly one rep. A time-limited solve that found no incumbent reports "Time limit reached" with every column
 * at zero; reading that as an assignment would leave accounts on no rep.
 */
export function incumbentAssignment(
  model: Pick<ReturnType<typeof territoryModel>, 'variables' | 'fixed'>,
  columns: Readonly<Record<string, { Primal?: number }>>,
): Int32Array | null {
  const assignment = Int32Array.from(model.fixed);
  const placed = new Map<number, number>();
  for (const v of model.variables) {
    const value = columns[v.name]?.Primal;
    if (value === undefined) return null;
    if (Math.abs(value) <= INTEGRALITY) {
      placed.set(v.account, placed.get(v.account) ?? 0);
      continue;
    }
    if (Math.abs(value - 1) > INTEGRALITY) return null;
    placed.set(v.account, (placed.get(v.account) ?? 0) + 1);
    assignment[v.account] = v.rep;
  }
  for (const count of placed.values()) if (count !== 1) return null;
  return assignment;
}

/**
 * Solves the territory problem exactly (fewest moves within the band) with HiGHS and a time limit. An infeasible
 * band (no assignment meets the tolerances under the pins, retained customers, rules and caps) is an InputError
 * saying which tolerances to relax.
 */
export function solveTerritoriesExact(
  problem: TerritoryProblem,
  solver: LegacyHighs,
  options: ExactOptions,
): ExactResult {
  const model = territoryModel(problem);
  const solution = solver.solve(model.lp, {
    time_limit: options.timeLimitSeconds,
    output_flag: false,
  });
  const base = {
    solverStatus: solution.Status,
    variables: model.variables.length,
    constraints: model.constraints,
  };
  if (solution.Status === 'Infeasible') {
    throw new InputError({
      message: `no assignment keeps every rep's potential within ${problem.potentialTolerance * 100}% and workload within ${problem.workloadTolerance * 100}% of its share under these pins, retained customers, rules and caps`,
      fix: 'relax the tolerances (planning.territories), allow customer moves, or unpin accounts',
    });
  }
  const assignment =
    solution.Status === 'Optimal' || solution.Status === 'Time limit reached'
      ? incumbentAssignment(model, solution.Columns)
      : null;
  if (!assignment) return { ...base, status: 'no-solution', provenOptimal: false, assignment: null };
  const optimal = solution.Status === 'Optimal';
  return {
    ...base,
    status: optimal ? 'optimal' : 'feasible',
    provenOptimal: optimal,
    assignment: describeAssignment(problem, assignment),
  };
}
