/**
 * Territory balancing: assigns accounts to reps so that each rep's potential and workload are within a
 * tolerance of its share (its capacity over the team's), with little disruption, subject to pins (named
 * accounts), retained customers, an eligibility predicate per (account, rep), and a maximum of accounts per rep.
 *
 * The heuristic, for every size (docs/planning.md):
 * 1. Fixed: pinned accounts go to their rep; existing customers stay with their owner unless customer moves
 *    are allowed. Other owned accounts start with their owner when it is in the plan, eligible and has room
 *    (their "home"); moving an account away from home is a move, counted and explained.
 * 2. Greedy: the remaining accounts, largest potential first, each to the eligible rep with room whose squared
 *    normalised deviation (potential / share - 1 over its tolerance, squared, plus workload likewise) grows least.
 * 3. Repair: while a rep is outside the band, the worst one trades with the reps most opposite to it in the
 *    measures it is out of band in: of their movable accounts, the one whose potential per workload best
 *    matches what the receiver lacks (or the donor has too much of) moves, as long as it takes neither rep past
 *    the far edge of its band; accounts already away from home are preferred to accounts at home.
 * 4. Polish: moves and swaps of accounts already away from home (or without one) that reduce the squared
 *    deviation from the share, so balance improves at no disruption.
 * Infeasible input (an account pinned to two reps, more pinned or retained accounts than a rep's cap, more
 * accounts than all caps together, an account no rep may take) is an InputError naming what to relax.
 * @module
 */
import { InputError, type Problem } from '../domain/errors.js';
import { andMore } from '../domain/listing.js';
import { minorUnits, sumMoney, type MinorUnits } from '../domain/money.js';
import { spreadOf } from './spread.js';

export interface TerritoryAccount {
  readonly id: string;
  /** Potential, corporate minor units (>= 0). */
  readonly potential: MinorUnits;
  /** Effort the account takes (> 0), e.g. by tier; 1 makes workload an account count. */
  readonly workload: number;
  /** The rep who owns it now (rep id), if any. */
  readonly currentOwner: string | null;
  /** An existing customer: keeps its owner unless customer moves are allowed. */
  readonly customer: boolean;
}

export interface TerritoryRep {
  readonly id: string;
  readonly role: string;
  /** Relative size of the rep's book (1 = full; 0.5 half). > 0. */
  readonly capacity: number;
  /** The most accounts the rep may hold; null: no limit. */
  readonly maxAccounts: number | null;
}

/** A named account pinned to a rep (indexes into the problem's accounts and reps). */
export interface Pin {
  readonly account: number;
  readonly rep: number;
}

export interface TerritoryProblem {
  readonly accounts: readonly TerritoryAccount[];
  readonly reps: readonly TerritoryRep[];
  readonly pins?: readonly Pin[];
  /** Whether `rep` may own `account` (indexes); all may when left out. Pins and retained customers override it. */
  readonly eligible?: (account: number, rep: number) => boolean;
  readonly allowCustomerMoves: boolean;
  /** Each rep's potential within this fraction of its share, e.g. 0.01. */
  readonly potentialTolerance: number;
  /** Each rep's workload within this fraction of its share, e.g. 0.1. */
  readonly workloadTolerance: number;
}

export type MoveReason =
  'pinned' | 'owner-not-in-plan' | 'owner-not-eligible' | 'owner-over-capacity' | 'rebalance';

export const MOVE_REASONS: Readonly<Record<MoveReason, string>> = {
  pinned: 'named account pinned to another rep',
  'owner-not-in-plan': 'its owner is not a rep of the plan',
  'owner-not-eligible': 'the assignment rules do not let its owner keep it',
  'owner-over-capacity': "its owner's book is over the maximum accounts per rep",
  rebalance: 'moved to balance potential and workload',
};

/** An owned account that ends with another rep. */
export interface AccountMove {
  readonly account: number;
  readonly accountId: string;
  readonly customer: boolean;
  readonly from: string;
  readonly to: string;
  readonly reason: MoveReason;
}

export interface RepLoad {
  readonly rep: number;
  readonly id: string;
  readonly accounts: number;
  readonly potential: MinorUnits;
  readonly workload: number;
  /** The rep's share of all potential (by capacity). */
  readonly potentialTarget: number;
  readonly workloadTarget: number;
  /** potential / target - 1. */
  readonly potentialDeviation: number;
  readonly workloadDeviation: number;
}

/** Balance of one measure over reps, each rep's load taken relative to its capacity share. */
export interface Balance {
  /** The largest |load / share - 1| over reps. */
  readonly maxDeviation: number;
  /** Standard deviation / mean of load / share. */
  readonly coefficientOfVariation: number;
}

export interface TerritoryAssignment {
  /** Per account: the index of its rep. */
  readonly assignment: Int32Array;
  readonly reps: readonly RepLoad[];
  readonly moves: readonly AccountMove[];
  /** Existing customers among the moves. */
  readonly customersMoved: number;
  readonly potential: Balance;
  readonly workload: Balance;
  /** Every rep within both tolerances. */
  readonly withinTolerance: boolean;
}

/** The share of the band the repair aims inside, so float noise cannot tip a rep just past the edge. */
const BAND_MARGIN = 0.98;
/** Polish stops once every rep is within this fraction of its band (normalised deviation). */
const POLISHED = 0.25;
/** Reps tried as partners of the worst rep in each repair step. */
const PARTNERS = 8;

const NONE = -1;

/** The part of an assignment the constraints decide before any balancing. */
export interface FixedPlacement {
  /** Per account: its rep (pinned, retained, or at home), or -1 (to place). */
  readonly assignment: Int32Array;
  /** 1: pinned or retained, never moves. */
  readonly fixed: Uint8Array;
  /** The rep an account counts as home (its owner in the plan), or NONE. */
  readonly home: Int32Array;
  /** Why an owned account could not start at home. */
  readonly reasons: Map<number, MoveReason>;
}

function infeasible(problems: Problem[]): never {
  throw new InputError(problems);
}

function validate(problem: TerritoryProblem): void {
  const problems: Problem[] = [];
  if (problem.reps.length === 0)
    problems.push({ message: 'there are no reps to assign accounts to', fix: 'give the plan a rep file' });
  problem.reps.forEach((rep) => {
    if (!(rep.capacity > 0))
      problems.push({
        message: `rep ${rep.id} has capacity ${rep.capacity}`,
        fix: 'give every rep a capacity above 0',
      });
  });
  problem.accounts.forEach((account) => {
    if (!(account.workload > 0) || !(account.potential >= 0)) {
      problems.push({
        message: `account ${account.id} has workload ${account.workload} and potential ${account.potential}`,
        fix: 'workloads must be above 0 and potentials not negative',
      });
    }
  });
  if (problems.length > 0) infeasible(problems.slice(0, 10));
}

/**
 * Places pins, retained customers and home accounts (owned accounts whose owner is in the plan, eligible and has
 * room), and checks pins and caps: an InputError names each conflict and what to relax.
 */
export function placeFixed(problem: TerritoryProblem): FixedPlacement {
  validate(problem);
  const repIndex = indexReps(problem.reps);
  const { accounts, reps } = problem;
  const count = accounts.length;
  const assignment = new Int32Array(count).fill(NONE);
  const fixed = new Uint8Array(count);
  const home = new Int32Array(count).fill(NONE);
  const reasons = new Map<number, MoveReason>();
  const held = new Int32Array(reps.length);
  const problems: Problem[] = [];

  for (const pin of problem.pins ?? []) {
    const account = accounts[pin.account];
    const rep = reps[pin.rep];
    if (!account || !rep) {
      problems.push({
        message: `a pin refers to account ${pin.account} / rep ${pin.rep}, which do not exist`,
      });
      continue;
    }
    const earlier = assignment[pin.account]!;
    if (earlier !== NONE && earlier !== pin.rep) {
      problems.push({
        message: `account ${account.id} is pinned to two reps, ${reps[earlier]!.id} and ${rep.id}`,
        fix: `keep one of the two pins of ${account.id}`,
      });
      continue;
    }
    if (earlier === NONE) held[pin.rep]!++;
    assignment[pin.account] = pin.rep;
    fixed[pin.account] = 1;
  }
  const pinned = Int32Array.from(held);
  accounts.forEach((account, index) => {
    const owner = account.currentOwner === null ? undefined : repIndex.get(account.currentOwner);
    if (fixed[index] === 1) {
      if (account.currentOwner !== null && owner !== assignment[index]) reasons.set(index, 'pinned');
      return;
    }
    if (owner === undefined) {
      if (account.currentOwner !== null) reasons.set(index, 'owner-not-in-plan');
      return;
    }
    if (account.customer && !problem.allowCustomerMoves) {
      assignment[index] = owner;
      fixed[index] = 1;
      held[owner]!++;
      return;
    }
    if (problem.eligible && !problem.eligible(index, owner)) reasons.set(index, 'owner-not-eligible');
    else home[index] = owner;
  });
  reps.forEach((rep, index) => {
    if (rep.maxAccounts !== null && held[index]! > rep.maxAccounts) {
      const retained = held[index]! - pinned[index]!;
      problems.push({
        message:
          `rep ${rep.id} has ${counted(pinned[index]!, 'pinned account')} and ` +
          `${counted(retained, 'retained customer')}, more than its cap of ${counted(rep.maxAccounts, 'account')}`,
        // The cap is the rep file's `max accounts`, else planning.territories.maxAccountsPerRep: a rep's own wins.
        fix:
          "raise the rep's `max accounts` in the rep file" +
          (retained > 0 ? ', unpin accounts, or let customers move (--allow-moves)' : ', or unpin accounts'),
      });
    }
  });
  const totalCap = reps.reduce((sum, rep) => sum + (rep.maxAccounts ?? Infinity), 0);
  if (totalCap < count) {
    problems.push({
      message: `${count} accounts, but the reps' caps allow only ${totalCap}`,
      fix: 'raise maxAccountsPerRep or add reps',
    });
  }
  if (problems.length > 0) infeasible(problems.slice(0, 10));
  // Home accounts start at home while the owner has room: customers first, then by potential.
  const homeOrder = [...home.keys()].filter((index) => home[index] !== NONE);
  homeOrder.sort(
    (a, b) =>
      Number(accounts[b]!.customer) - Number(accounts[a]!.customer) ||
      accounts[b]!.potential - accounts[a]!.potential ||
      a - b,
  );
  for (const index of homeOrder) {
    const owner = home[index]!;
    const cap = reps[owner]!.maxAccounts;
    if (cap !== null && held[owner]! >= cap) {
      home[index] = NONE;
      reasons.set(index, 'owner-over-capacity');
      continue;
    }
    assignment[index] = owner;
    held[owner]!++;
  }
  return { assignment, fixed, home, reasons };
}

/** Mutable loads of the reps, with members lists for moves. */
class Book {
  readonly potential: Float64Array;
  readonly workload: Float64Array;
  readonly potentialTarget: Float64Array;
  readonly workloadTarget: Float64Array;
  readonly members: number[][];
  readonly position: Int32Array;
  readonly cap: Float64Array;

  constructor(
    readonly problem: TerritoryProblem,
    readonly accountPotential: Float64Array,
    readonly accountWorkload: Float64Array,
    readonly assignment: Int32Array,
  ) {
    const reps = problem.reps.length;
    const capacity = problem.reps.reduce((sum, rep) => sum + rep.capacity, 0);
    const totalPotential = accountPotential.reduce((sum, value) => sum + value, 0);
    const totalWorkload = accountWorkload.reduce((sum, value) => sum + value, 0);
    this.potential = new Float64Array(reps);
    this.workload = new Float64Array(reps);
    this.potentialTarget = Float64Array.from(
      problem.reps,
      (rep) => (totalPotential * rep.capacity) / capacity || 1,
    );
    this.workloadTarget = Float64Array.from(
      problem.reps,
      (rep) => (totalWorkload * rep.capacity) / capacity || 1,
    );
    this.members = problem.reps.map(() => []);
    this.position = new Int32Array(assignment.length).fill(NONE);
    this.cap = Float64Array.from(problem.reps, (rep) => rep.maxAccounts ?? Infinity);
    assignment.forEach((rep, account) => {
      if (rep !== NONE) this.add(account, rep);
    });
  }

  add(account: number, rep: number): void {
    this.assignment[account] = rep;
    this.potential[rep]! += this.accountPotential[account]!;
    this.workload[rep]! += this.accountWorkload[account]!;
    const list = this.members[rep]!;
    this.position[account] = list.length;
    list.push(account);
  }

  remove(account: number): void {
    const rep = this.assignment[account]!;
    this.potential[rep]! -= this.accountPotential[account]!;
    this.workload[rep]! -= this.accountWorkload[account]!;
    const list = this.members[rep]!;
    const at = this.position[account]!;
    const last = list.pop()!;
    if (last !== account) {
      list[at] = last;
      this.position[last] = at;
    }
    this.assignment[account] = NONE;
  }

  move(account: number, to: number): void {
    this.remove(account);
    this.add(account, to);
  }

  hasRoom(rep: number): boolean {
    return this.members[rep]!.length < this.cap[rep]!;
  }

  /** Normalised potential deviation of a rep whose potential changes by `delta`: (load / share - 1) / tolerance. */
  devP(rep: number, delta: number): number {
    return (
      ((this.potential[rep]! + delta) / this.potentialTarget[rep]! - 1) / this.problem.potentialTolerance
    );
  }

  /** Normalised workload deviation, likewise. */
  devW(rep: number, delta: number): number {
    return ((this.workload[rep]! + delta) / this.workloadTarget[rep]! - 1) / this.problem.workloadTolerance;
  }
}

/** Squared excess of normalised deviations outside the (margined) band. */
function bandCost(p: number, w: number): number {
  const ep = Math.max(0, Math.abs(p) - BAND_MARGIN);
  const ew = Math.max(0, Math.abs(w) - BAND_MARGIN);
  return ep * ep + ew * ew;
}

function squareCost(p: number, w: number): number {
  return p * p + w * w;
}

/** Greedy placement of unassigned accounts, largest potential first. */
function greedy(book: Book, fixed: FixedPlacement, problem: TerritoryProblem): void {
  const { assignment } = book;
  const reps = problem.reps.length;
  const order = [...assignment.keys()].filter((account) => assignment[account] === NONE);
  order.sort((a, b) => book.accountPotential[b]! - book.accountPotential[a]! || a - b);
  const excluded = new Uint8Array(reps);
  const unplaceable: number[] = [];
  for (const account of order) {
    const p = book.accountPotential[account]!;
    const w = book.accountWorkload[account]!;
    excluded.fill(0);
    for (;;) {
      let best = NONE;
      let bestScore = Infinity;
      for (let rep = 0; rep < reps; rep++) {
        if (excluded[rep] === 1 || !book.hasRoom(rep)) continue;
        // The growth of the rep's squared normalised deviation: weighs both measures, so a rep short of
        // workload but not of potential is not handed a large account.
        const p0 = book.devP(rep, 0);
        const w0 = book.devW(rep, 0);
        const p1 = book.devP(rep, p);
        const w1 = book.devW(rep, w);
        const score = p1 * p1 - p0 * p0 + w1 * w1 - w0 * w0;
        if (score < bestScore) {
          bestScore = score;
          best = rep;
        }
      }
      if (best === NONE) {
        if (!makeRoom(book, fixed, account, problem)) unplaceable.push(account);
        break;
      }
      if (!problem.eligible || problem.eligible(account, best)) {
        book.add(account, best);
        break;
      }
      excluded[best] = 1;
    }
  }
  if (unplaceable.length > 0) unplaceableError(problem, unplaceable);
}

/**
 * Places an account whose eligible reps are all full by moving one movable account of such a rep to another rep
 * with room that may take it. False when no such pair exists.
 */
function makeRoom(book: Book, fixed: FixedPlacement, account: number, problem: TerritoryProblem): boolean {
  const eligible = (a: number, rep: number) => !problem.eligible || problem.eligible(a, rep);
  const reps = problem.reps.length;
  for (let full = 0; full < reps; full++) {
    if (book.hasRoom(full) || !eligible(account, full)) continue;
    for (const member of book.members[full]!) {
      if (fixed.fixed[member] === 1) continue;
      for (let other = 0; other < reps; other++) {
        if (other === full || !book.hasRoom(other) || !eligible(member, other)) continue;
        book.move(member, other);
        book.add(account, full);
        return true;
      }
    }
  }
  return false;
}

/** Accounts without an eligible rep named one by one; the rest are counted. */
const ACCOUNTS_NAMED = 5;

function unplaceableError(problem: TerritoryProblem, unplaceable: readonly number[]): never {
  const noRep = unplaceable.filter((account) =>
    problem.reps.every((_, rep) => !problem.eligible?.(account, rep)),
  );
  const fix = 'change the assignment rules so some rep may take it, or pin it to a rep';
  const problems: Problem[] = noRep.slice(0, ACCOUNTS_NAMED).map((account) => ({
    message: `account ${problem.accounts[account]!.id} has no eligible rep`,
    fix,
  }));
  // The accounts counted share the named ones' fix, said once after them.
  const more = andMore(noRep.length, ACCOUNTS_NAMED, 'accounts with no eligible rep');
  if (more !== '') problems.push({ message: more.trimStart(), fix });
  if (noRep.length < unplaceable.length) {
    problems.push({
      message: `${unplaceable.length - noRep.length} account(s) only have eligible reps whose books are full`,
      fix: 'raise maxAccountsPerRep, or widen the assignment rules',
    });
  }
  infeasible(problems);
}

/** Cost of a move in disruption: 1 leaving home, -1 returning home, else 0. */
function moveCost(home: Int32Array, assignment: Int32Array, account: number, to: number): number {
  const origin = home[account]!;
  if (origin === NONE) return 0;
  if (to === origin) return -1;
  return assignment[account] === origin ? 1 : 0;
}

/** Score added per unit of disruption cost: a move from home must match the wanted mix clearly better. */
const DISRUPTION_PENALTY = 0.25;

/** What the worst rep must gain (receiver) or shed (donor) to reach the inner edge of its band. */
interface Need {
  readonly potential: number;
  readonly workload: number;
}

/**
 * The repair step's search: among the movable accounts of `from`, moved to `to`, the one whose potential per
 * workload best matches the wanted mix (need.potential / need.workload, compared on a log scale), keeping the
 * receiver under its upper edges and the donor over its lower ones; moves from home are penalised.
 */
class MoveSearch {
  account = NONE;
  to = NONE;
  score = Infinity;

  constructor(
    private readonly book: Book,
    private readonly fixed: FixedPlacement,
    private readonly logRatio: Float64Array,
    private readonly problem: TerritoryProblem,
  ) {}

  consider(from: number, to: number, need: Need): void {
    const { book, problem } = this;
    if (!book.hasRoom(to)) return;
    const margin = (target: number, tolerance: number) => target * tolerance * BAND_MARGIN;
    const roomPotential =
      book.potentialTarget[to]! +
      margin(book.potentialTarget[to]!, problem.potentialTolerance) -
      book.potential[to]!;
    const roomWorkload =
      book.workloadTarget[to]! +
      margin(book.workloadTarget[to]!, problem.workloadTolerance) -
      book.workload[to]!;
    const sparePotential =
      book.potential[from]! -
      book.potentialTarget[from]! +
      margin(book.potentialTarget[from]!, problem.potentialTolerance);
    const spareWorkload =
      book.workload[from]! -
      book.workloadTarget[from]! +
      margin(book.workloadTarget[from]!, problem.workloadTolerance);
    // A receiver below its band wants the mix that reaches both lower edges together; otherwise the donor's
    // excess decides (a receiver filled with the largest accounts would reach its potential long before its
    // workload, and then could take nothing).
    const short: Need = {
      potential: Math.max(
        0,
        book.potentialTarget[to]! -
          margin(book.potentialTarget[to]!, problem.potentialTolerance) -
          book.potential[to]!,
      ),
      workload: Math.max(
        0,
        book.workloadTarget[to]! -
          margin(book.workloadTarget[to]!, problem.workloadTolerance) -
          book.workload[to]!,
      ),
    };
    const mix = short.potential > 0 || short.workload > 0 ? short : need;
    const wanted =
      mix.workload <= 0
        ? Infinity
        : mix.potential <= 0
          ? -Infinity
          : Math.log((mix.potential + 1) / mix.workload);
    for (const account of book.members[from]!) {
      if (this.fixed.fixed[account] === 1) continue;
      const p = book.accountPotential[account]!;
      const w = book.accountWorkload[account]!;
      if (p > roomPotential || w > roomWorkload || p > sparePotential || w > spareWorkload) continue;
      const ratio = this.logRatio[account]!;
      let score = wanted === Infinity ? -ratio : wanted === -Infinity ? ratio : Math.abs(ratio - wanted);
      score += DISRUPTION_PENALTY * moveCost(this.fixed.home, book.assignment, account, to);
      if (score < this.score && (!problem.eligible || problem.eligible(account, to))) {
        this.account = account;
        this.to = to;
        this.score = score;
      }
    }
  }
}

/** Brings every rep inside the band with single moves, worst rep first. */
function repair(book: Book, fixed: FixedPlacement, problem: TerritoryProblem): void {
  const reps = problem.reps.length;
  const stuck = new Uint8Array(reps);
  const limit = 4 * problem.accounts.length + 100;
  const order = Array.from({ length: reps }, (_, rep) => rep);
  const key = new Float64Array(reps);
  const logRatio = Float64Array.from(book.accountPotential, (p, account) =>
    Math.log((p + 1) / book.accountWorkload[account]!),
  );
  for (let step = 0; step < limit; step++) {
    let worst = NONE;
    let worstCost = 0;
    for (let rep = 0; rep < reps; rep++) {
      const cost = stuck[rep] === 1 ? 0 : bandCost(book.devP(rep, 0), book.devW(rep, 0));
      if (cost > worstCost) {
        worstCost = cost;
        worst = rep;
      }
    }
    if (worst === NONE) return;
    const p = book.devP(worst, 0);
    const w = book.devW(worst, 0);
    const over = p > BAND_MARGIN || w > BAND_MARGIN;
    const excess = (deviation: number, target: number, tolerance: number) =>
      over
        ? Math.max(0, deviation - BAND_MARGIN) * target * tolerance
        : Math.max(0, -deviation - BAND_MARGIN) * target * tolerance;
    const need: Need = {
      potential: excess(p, book.potentialTarget[worst]!, problem.potentialTolerance),
      workload: excess(w, book.workloadTarget[worst]!, problem.workloadTolerance),
    };
    // Partners: the reps most opposite to the worst one in the dimensions it is out of band in (most under for
    // a donor, most over for a receiver).
    const sign = over ? 1 : -1;
    const byPotential = need.potential > 0 ? 1 : 0;
    const byWorkload = need.workload > 0 ? 1 : 0;
    for (let rep = 0; rep < reps; rep++) {
      key[rep] = sign * (byPotential * book.devP(rep, 0) + byWorkload * book.devW(rep, 0));
    }
    order.sort((a, b) => key[a]! - key[b]!);
    const search = new MoveSearch(book, fixed, logRatio, problem);
    for (let k = 0, tried = 0; k < reps && tried < PARTNERS; k++) {
      const partner = order[k]!;
      if (partner === worst) continue;
      tried++;
      if (over) search.consider(worst, partner, need);
      else search.consider(partner, worst, need);
    }
    if (search.account === NONE && !repairSwap(book, fixed, worst, order, problem)) stuck[worst] = 1;
    else {
      if (search.account !== NONE) book.move(search.account, search.to);
      // The move changed two reps' loads, so a rep stuck before may have a move now.
      stuck.fill(0);
    }
  }
}

/**
 * When no single move helps the worst rep: the swap of two movable accounts between it and one of its first
 * partners that most reduces the pair's squared excess outside the band (each account leaving home counting
 * double). Quadratic in the two books, so only tried when moves are stuck.
 */
function repairSwap(
  book: Book,
  fixed: FixedPlacement,
  worst: number,
  order: readonly number[],
  problem: TerritoryProblem,
): boolean {
  const movable = (account: number) => fixed.fixed[account] !== 1;
  const mine = book.members[worst]!.filter(movable);
  const before = (partner: number) =>
    bandCost(book.devP(worst, 0), book.devW(worst, 0)) +
    bandCost(book.devP(partner, 0), book.devW(partner, 0));
  let best = { x: NONE, y: NONE, gain: 1e-12 };
  for (let k = 0, tried = 0; k < order.length && tried < PARTNERS; k++) {
    const partner = order[k]!;
    if (partner === worst) continue;
    tried++;
    const start = before(partner);
    for (const y of book.members[partner]!) {
      if (!movable(y)) continue;
      const yp = book.accountPotential[y]!;
      const yw = book.accountWorkload[y]!;
      for (const x of mine) {
        const dp = book.accountPotential[x]! - yp;
        const dw = book.accountWorkload[x]! - yw;
        const after =
          bandCost(book.devP(worst, -dp), book.devW(worst, -dw)) +
          bandCost(book.devP(partner, dp), book.devW(partner, dw));
        const cost =
          moveCost(fixed.home, book.assignment, x, partner) + moveCost(fixed.home, book.assignment, y, worst);
        const gain = (start - after) / (1 + Math.max(0, cost));
        if (
          gain > best.gain &&
          (!problem.eligible || (problem.eligible(x, partner) && problem.eligible(y, worst)))
        ) {
          best = { x, y, gain };
        }
      }
    }
  }
  if (best.x === NONE) return false;
  const partner = book.assignment[best.y]!;
  book.move(best.x, partner);
  book.move(best.y, worst);
  return true;
}

/** Improves balance with moves and swaps of accounts away from home (no disruption). */
function polish(book: Book, fixed: FixedPlacement, problem: TerritoryProblem): void {
  const reps = problem.reps.length;
  // Free: not fixed and not at home, so moving it disrupts nothing more than it already was.
  const free = (account: number) =>
    fixed.fixed[account] !== 1 && book.assignment[account] !== fixed.home[account];
  const limit = 2 * reps + 100;
  const tried = new Uint8Array(reps);
  for (let step = 0; step < limit; step++) {
    let worst = NONE;
    let worstDeviation = 0;
    for (let rep = 0; rep < reps; rep++) {
      if (tried[rep] === 1) continue;
      const deviation = Math.max(Math.abs(book.devP(rep, 0)), Math.abs(book.devW(rep, 0)));
      if (deviation > worstDeviation) {
        worstDeviation = deviation;
        worst = rep;
      }
    }
    if (worst === NONE || worstDeviation < POLISHED) return;
    const wp = book.devP(worst, 0);
    let partner = NONE;
    let partnerKey = Infinity;
    for (let rep = 0; rep < reps; rep++) {
      if (rep === worst) continue;
      const value = Math.sign(wp) * book.devP(rep, 0);
      if (value < partnerKey) {
        partnerKey = value;
        partner = rep;
      }
    }
    if (partner === NONE || !improvePair(book, worst, partner, free, problem)) tried[worst] = 1;
  }
}

/** The best move or swap of free accounts between two reps that lowers their squared deviation. */
function improvePair(
  book: Book,
  a: number,
  b: number,
  free: (account: number) => boolean,
  problem: TerritoryProblem,
): boolean {
  const before = squareCost(book.devP(a, 0), book.devW(a, 0)) + squareCost(book.devP(b, 0), book.devW(b, 0));
  const bandBefore = bandCost(book.devP(a, 0), book.devW(a, 0)) + bandCost(book.devP(b, 0), book.devW(b, 0));
  let bestGain = 1e-9;
  let bestA = NONE;
  let bestB = NONE;
  const ok = (account: number, rep: number) => !problem.eligible || problem.eligible(account, rep);
  const listA = book.members[a]!.filter(free);
  const listB = book.members[b]!.filter(free);
  const consider = (x: number, y: number) => {
    const dp = (x === NONE ? 0 : book.accountPotential[x]!) - (y === NONE ? 0 : book.accountPotential[y]!);
    const dw = (x === NONE ? 0 : book.accountWorkload[x]!) - (y === NONE ? 0 : book.accountWorkload[y]!);
    const after =
      squareCost(book.devP(a, -dp), book.devW(a, -dw)) + squareCost(book.devP(b, dp), book.devW(b, dw));
    // Polish never takes a rep out of its band: the band cost of the pair must not grow.
    const bandAfter =
      bandCost(book.devP(a, -dp), book.devW(a, -dw)) + bandCost(book.devP(b, dp), book.devW(b, dw));
    if (
      before - after > bestGain &&
      bandAfter <= bandBefore + 1e-12 &&
      (x === NONE || ok(x, b)) &&
      (y === NONE || ok(y, a))
    ) {
      bestGain = before - after;
      bestA = x;
      bestB = y;
    }
  };
  if (book.hasRoom(b)) for (const x of listA) consider(x, NONE);
  if (book.hasRoom(a)) for (const y of listB) consider(NONE, y);
  // Swaps: for each account of a, the accounts of b with the same workload and the potential that brings the
  // pair closest to their targets (binary search in b's accounts sorted by potential).
  const pa = book.devP(a, 0);
  const pb = book.devP(b, 0);
  const wanted =
    ((pa * book.potentialTarget[a]! - pb * book.potentialTarget[b]!) * problem.potentialTolerance) / 2;
  const byWorkload = new Map<number, number[]>();
  for (const y of listB) {
    const w = book.accountWorkload[y]!;
    const group = byWorkload.get(w);
    if (group) group.push(y);
    else byWorkload.set(w, [y]);
  }
  for (const group of byWorkload.values())
    group.sort((x, y) => book.accountPotential[x]! - book.accountPotential[y]!);
  for (const x of listA) {
    const group = byWorkload.get(book.accountWorkload[x]!);
    if (!group) continue;
    const target = book.accountPotential[x]! - wanted;
    let low = 0;
    let high = group.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (book.accountPotential[group[middle]!]! < target) low = middle + 1;
      else high = middle;
    }
    if (low < group.length) consider(x, group[low]!);
    if (low > 0) consider(x, group[low - 1]!);
  }
  if (bestA === NONE && bestB === NONE) return false;
  if (bestA !== NONE) book.move(bestA, b);
  if (bestB !== NONE) book.move(bestB, a);
  return true;
}

function balanceOf(loads: readonly number[]): Balance {
  return {
    maxDeviation: Math.max(...loads.map((value) => Math.abs(value - 1))),
    coefficientOfVariation: spreadOf(loads).coefficientOfVariation ?? 0,
  };
}

/** Describes an assignment: loads, balance and the moves of owned accounts, with reasons. */
export function describeAssignment(
  problem: TerritoryProblem,
  assignment: Int32Array,
  reasons: ReadonlyMap<number, MoveReason> = new Map(),
): TerritoryAssignment {
  const { accounts, reps } = problem;
  const potentialSum = reps.map(() => 0);
  const workloadSum = reps.map(() => 0);
  const counts = reps.map(() => 0);
  const byRep: MinorUnits[][] = reps.map(() => []);
  accounts.forEach((account, index) => {
    const rep = assignment[index]!;
    byRep[rep]!.push(account.potential);
    workloadSum[rep]! += account.workload;
    counts[rep]!++;
  });
  reps.forEach((_, rep) => (potentialSum[rep] = sumMoney(byRep[rep]!)));
  const capacity = reps.reduce((sum, rep) => sum + rep.capacity, 0);
  const totalPotential = potentialSum.reduce((sum, value) => sum + value, 0);
  const totalWorkload = workloadSum.reduce((sum, value) => sum + value, 0);
  const loads = reps.map((rep, index): RepLoad => {
    const potentialTarget = (totalPotential * rep.capacity) / capacity;
    const workloadTarget = (totalWorkload * rep.capacity) / capacity;
    return {
      rep: index,
      id: rep.id,
      accounts: counts[index]!,
      potential: minorUnits(potentialSum[index]!),
      workload: workloadSum[index]!,
      potentialTarget,
      workloadTarget,
      potentialDeviation: potentialTarget > 0 ? potentialSum[index]! / potentialTarget - 1 : 0,
      workloadDeviation: workloadTarget > 0 ? workloadSum[index]! / workloadTarget - 1 : 0,
    };
  });
  const moves: AccountMove[] = [];
  accounts.forEach((account, index) => {
    const to = reps[assignment[index]!]!.id;
    if (account.currentOwner === null || account.currentOwner === to) return;
    moves.push({
      account: index,
      accountId: account.id,
      customer: account.customer,
      from: account.currentOwner,
      to,
      reason: reasons.get(index) ?? 'rebalance',
    });
  });
  return {
    assignment,
    reps: loads,
    moves,
    customersMoved: moves.filter((move) => move.customer).length,
    potential: balanceOf(loads.map((load) => load.potentialDeviation + 1)),
    workload: balanceOf(loads.map((load) => load.workloadDeviation + 1)),
    withinTolerance: loads.every(
      (load) =>
        Math.abs(load.potentialDeviation) <= problem.potentialTolerance &&
        Math.abs(load.workloadDeviation) <= problem.workloadTolerance,
    ),
  };
}

/** Rep index by id; throws on a repeated rep id. */
function indexReps(reps: readonly TerritoryRep[]): Map<string, number> {
  const index = new Map<string, number>();
  reps.forEach((rep, position) => {
    if (index.has(rep.id))
      infeasible([{ message: `rep ${rep.id} is listed twice`, fix: 'list each rep once' }]);
    index.set(rep.id, position);
  });
  return index;
}

/** `1 account`, `2 accounts`: a count with its noun. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Assigns every account to exactly one rep (see the module's steps), or throws an InputError if infeasible. */
export function balanceTerritories(problem: TerritoryProblem): TerritoryAssignment {
  const fixed = placeFixed(problem);
  const potential = Float64Array.from(problem.accounts, (account) => account.potential);
  const workload = Float64Array.from(problem.accounts, (account) => account.workload);
  const book = new Book(problem, potential, workload, Int32Array.from(fixed.assignment));
  greedy(book, fixed, problem);
  repair(book, fixed, problem);
  polish(book, fixed, problem);
  return describeAssignment(problem, book.assignment, fixed.reasons);
}

/**
 * A lower bound on the accounts a re-balance must move: the potential and workload the reps below their band
 * must gain (sum over them of (1 - tolerance) x share - what they hold) can only come from accounts that may
 * move, so at least as many accounts as the fewest movable accounts (largest first) whose potential, and
 * separately whose workload, reach those needs.
 */
export function movesLowerBound(problem: TerritoryProblem, assignment: Int32Array): number {
  const fixed = placeFixed(problem);
  const view = describeAssignment(problem, assignment);
  let potentialNeed = 0;
  let workloadNeed = 0;
  for (const load of view.reps) {
    potentialNeed += Math.max(0, (1 - problem.potentialTolerance) * load.potentialTarget - load.potential);
    workloadNeed += Math.max(0, (1 - problem.workloadTolerance) * load.workloadTarget - load.workload);
  }
  const movable = problem.accounts.filter((_, index) => fixed.fixed[index] !== 1);
  const fewest = (values: number[], need: number) => {
    values.sort((a, b) => b - a);
    let sum = 0;
    let count = 0;
    while (sum < need - 1e-9 && count < values.length) sum += values[count++]!;
    return count;
  };
  return Math.max(
    fewest(
      movable.map((account) => account.potential),
      potentialNeed,
    ),
    fewest(
      movable.map((account) => account.workload),
      workloadNeed,
    ),
  );
}
