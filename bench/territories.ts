/**
 * Benchmark: territory balancing (src/planning/territories.ts) on a generated book, the two targets of issue 6,
 * and HiGHS beside the heuristic on a small book.
 *
 *   npx tsx bench/territories.ts [--accounts 100000] [--reps 200] [--added 20] [--small 40x4] [--seconds 20] [--tiered]
 *
 * (a) `accounts` accounts to `reps` reps, 40% of them retained customers or pinned named accounts, the rest new
 *     prospects: every rep's workload within +-10% and potential within 1% of its share; target under 2 s.
 * (b) the same book re-balanced after adding `added` reps (every account now owned, customers still retained):
 *     accounts moved against a lower bound (movesLowerBound: the potential and workload that must reach the new
 *     reps, carried by the fewest movable accounts); target within 1.25x of it.
 * (c) a small book (`small`: accounts x reps, 20% retained, potentials log-normal with sigma 0.5) re-balanced
 *     after adding a rep, by the heuristic and by the exact MILP (src/planning/territories-exact.ts, fewest moves
 *     within the band) with a time limit, printed side by side.
 *
 * Potentials are log-normal (median $40k, sigma 1.2); workload is the account count (each account 1), or with
 * `--tiered` 3 / 2 / 1 for the top 10% / next 30% / rest by potential; every draw is seeded.
 * @module
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Random } from '../src/demo/random.js';
import { InputError } from '../src/domain/errors.js';
import { minorUnits } from '../src/domain/money.js';
import {
  balanceTerritories,
  movesLowerBound,
  type Pin,
  type TerritoryAccount,
  type TerritoryAssignment,
  type TerritoryProblem,
  type TerritoryRep,
} from '../src/planning/territories.js';
import { loadHighs, solveTerritoriesExact } from '../src/planning/territories-exact.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    reps: { type: 'string', default: '200' },
    added: { type: 'string', default: '20' },
    small: { type: 'string', default: '40x4' },
    seconds: { type: 'string', default: '20' },
    tiered: { type: 'boolean', default: false },
  },
});

const TOLERANCE = { potentialTolerance: 0.01, workloadTolerance: 0.1 };

function repsOf(count: number, offset = 0): TerritoryRep[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `R${offset + index + 1}`,
    role: 'ae',
    capacity: 1,
    maxAccounts: null,
  }));
}

/** A book: `fixedShare` of accounts are customers of a random rep or pinned; the rest unowned prospects. */
function generateBook(count: number, reps: number, fixedShare: number, seed: number, sigma = 1.2) {
  const random = new Random(seed);
  const potentials = Array.from({ length: count }, () => Math.round(random.lognormal(40_000, sigma)) * 100);
  const ranked = [...potentials].sort((a, b) => b - a);
  const tier1 = ranked[Math.floor(count * 0.1)]!;
  const tier2 = ranked[Math.floor(count * 0.4)]!;
  const pins: Pin[] = [];
  const accounts = potentials.map((potential, index): TerritoryAccount => {
    const fixed = random.chance(fixedShare);
    const owner = fixed ? random.int(0, reps - 1) : -1;
    // One in ten fixed accounts is a pinned named account, the rest retained customers.
    if (fixed && random.chance(0.1)) pins.push({ account: index, rep: owner });
    return {
      id: `A${index + 1}`,
      potential: minorUnits(potential),
      workload: !values.tiered ? 1 : potential >= tier1 ? 3 : potential >= tier2 ? 2 : 1,
      currentOwner: owner >= 0 ? `R${owner + 1}` : null,
      customer: fixed,
    };
  });
  return { accounts, pins };
}

function summary(result: TerritoryAssignment): string {
  const percent = (value: number) => `${(value * 100).toFixed(3)}%`;
  return (
    `potential max dev ${percent(result.potential.maxDeviation)} (cv ${percent(result.potential.coefficientOfVariation)}), ` +
    `workload max dev ${percent(result.workload.maxDeviation)} (cv ${percent(result.workload.coefficientOfVariation)}), ` +
    `within tolerance: ${result.withinTolerance}`
  );
}

function timed<T>(run: () => T): { result: T; seconds: number } {
  const start = performance.now();
  const result = run();
  return { result, seconds: (performance.now() - start) / 1000 };
}

function check(label: string, ok: boolean): string {
  return `${label}: ${ok ? 'met' : 'MISSED'}`;
}

const accountCount = Number(values.accounts);
const repCount = Number(values.reps);
const added = Number(values.added);

// (a) A fresh plan with 40% retained or pinned.
const book = generateBook(accountCount, repCount, 0.4, 2027);
const problemA: TerritoryProblem = {
  accounts: book.accounts,
  reps: repsOf(repCount),
  pins: book.pins,
  allowCustomerMoves: false,
  ...TOLERANCE,
};
const a = timed(() => balanceTerritories(problemA));
console.log(
  `(a) ${accountCount.toLocaleString('en-US')} accounts to ${repCount} reps, 40% retained or pinned`,
);
console.log(`    ${a.seconds.toFixed(2)} s; ${summary(a.result)}`);
console.log(
  `    ${check('target (within tolerance, under 2 s)', a.result.withinTolerance && a.seconds < 2)}`,
);

// (b) Re-balance after adding reps: every account is now owned by its rep of (a).
const reps = [...repsOf(repCount), ...repsOf(added, repCount)];
const owned = book.accounts.map((account, index) => ({
  ...account,
  currentOwner: `R${a.result.assignment[index]! + 1}`,
}));
const problemB: TerritoryProblem = { ...problemA, accounts: owned, reps };
const lowerBound = movesLowerBound(problemB, a.result.assignment);
const b = timed(() => balanceTerritories(problemB));
const ratio = b.result.moves.length / lowerBound;
console.log(`(b) re-balance after adding ${added} reps`);
console.log(`    ${b.seconds.toFixed(2)} s; ${summary(b.result)}`);
console.log(
  `    moved ${b.result.moves.length.toLocaleString('en-US')} accounts (customers ${b.result.customersMoved}); ` +
    `lower bound ${lowerBound.toLocaleString('en-US')}; ratio ${ratio.toFixed(3)}`,
);
console.log(
  `    ${check('target (within tolerance, moves within 1.25x of the bound)', b.result.withinTolerance && ratio <= 1.25)}`,
);

// (c) A small book, heuristic and HiGHS side by side.
const [smallAccounts, smallReps] = (values.small ?? '40x4').split('x').map(Number) as [number, number];
const small = generateBook(smallAccounts, smallReps, 0.2, 7, 0.5);
const smallFirst = balanceTerritories({
  accounts: small.accounts,
  reps: repsOf(smallReps),
  pins: small.pins,
  allowCustomerMoves: false,
  ...TOLERANCE,
});
const smallProblem: TerritoryProblem = {
  accounts: small.accounts.map((account, index) => ({
    ...account,
    currentOwner: `R${smallFirst.assignment[index]! + 1}`,
  })),
  reps: repsOf(smallReps + 1),
  pins: small.pins,
  allowCustomerMoves: false,
  potentialTolerance: 0.1,
  workloadTolerance: 0.25,
};
const heuristic = timed(() => balanceTerritories(smallProblem));
const highs = await loadHighs();
const exact = timed(() => {
  try {
    return solveTerritoriesExact(smallProblem, highs, { timeLimitSeconds: Number(values.seconds) });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
});
console.log(`(c) ${smallAccounts} accounts, ${smallReps} reps + 1 added (potential +-10%, workload +-25%)`);
console.log(
  `    heuristic: ${heuristic.seconds.toFixed(3)} s, ${heuristic.result.moves.length} moves; ${summary(heuristic.result)}`,
);
const solved = exact.result;
console.log(
  solved instanceof InputError
    ? `    HiGHS:     ${exact.seconds.toFixed(3)} s, proved no assignment meets the tolerances`
    : `    HiGHS:     ${exact.seconds.toFixed(3)} s, status ${solved.status}${solved.provenOptimal ? ' (proven optimal)' : ''}` +
        (solved.assignment ? `, ${solved.assignment.moves.length} moves; ${summary(solved.assignment)}` : ''),
);
