/**
 * The coverage model: how many reps of each role the book needs, from accounts per rep by tier ("Tier 1: one
 * AM per 25 accounts"), against the current team, and the gap.
 *
 * Definitions (docs/planning.md):
 * - reps needed for a coverage line = ceil(accounts of the tier / accountsPerRep) + overflowReps (a tier
 *   covered digitally has no ratio, only its overflow reps);
 * - reps needed for a role = the sum over its lines;
 * - the current reps of a role are placed on its lines in config order, each line taking up to its need and the
 *   last line of the role the rest, so the per-line current team adds up to the role's;
 * - gap = needed - current (positive: reps to hire; negative: more reps than the model asks for).
 * @module
 */
import type { CoverageRatio } from '../domain/planning-config.js';

export interface CoverageLine {
  readonly tier: string;
  readonly role: string;
  readonly accounts: number;
  readonly accountsPerRep: number | null;
  readonly overflowReps: number;
  readonly needed: number;
  /** Current reps of the role placed on this line. */
  readonly current: number;
  readonly gap: number;
}

export interface RoleCoverage {
  readonly role: string;
  readonly needed: number;
  readonly current: number;
  readonly gap: number;
}

export interface CoverageResult {
  readonly lines: readonly CoverageLine[];
  /** Roles of the model first (in config order), then roles of the team the model does not use. */
  readonly roles: readonly RoleCoverage[];
  /** Tiers with accounts but no coverage line. */
  readonly uncoveredTiers: readonly string[];
}

const key = (text: string) => text.trim().toLowerCase();

/** Reps needed for one coverage line (see the module's definitions). */
export function repsNeeded(
  accounts: number,
  ratio: Pick<CoverageRatio, 'accountsPerRep' | 'overflowReps'>,
): number {
  const byRatio = ratio.accountsPerRep === null ? 0 : Math.ceil(accounts / ratio.accountsPerRep);
  return byRatio + Math.ceil(ratio.overflowReps);
}

/**
 * The coverage model of a book: `accountsByTier` is the account count per tier name (from segmentation),
 * `currentRoles` the role of each current rep. Names of tiers and roles match ignoring case.
 */
export function coverageModel(
  accountsByTier: ReadonlyMap<string, number>,
  ratios: readonly CoverageRatio[],
  currentRoles: readonly string[],
): CoverageResult {
  const accounts = new Map([...accountsByTier].map(([tier, count]) => [key(tier), count]));
  const team = new Map<string, number>();
  for (const role of currentRoles) team.set(key(role), (team.get(key(role)) ?? 0) + 1);

  const needs = ratios.map((ratio) => repsNeeded(accounts.get(key(ratio.tier)) ?? 0, ratio));
  const lastLineOfRole = new Map(ratios.map((ratio, index) => [key(ratio.role), index]));
  const unplaced = new Map(team);
  const lines = ratios.map((ratio, index): CoverageLine => {
    const role = key(ratio.role);
    const available = unplaced.get(role) ?? 0;
    const current = lastLineOfRole.get(role) === index ? available : Math.min(available, needs[index]!);
    unplaced.set(role, available - current);
    return {
      tier: ratio.tier,
      role: ratio.role,
      accounts: accounts.get(key(ratio.tier)) ?? 0,
      accountsPerRep: ratio.accountsPerRep,
      overflowReps: ratio.overflowReps,
      needed: needs[index]!,
      current,
      gap: needs[index]! - current,
    };
  });

  const roleNames = [
    ...new Map(
      [...ratios.map((ratio) => ratio.role), ...currentRoles].map((role) => [key(role), role]),
    ).values(),
  ];
  const roles = roleNames.map((role): RoleCoverage => {
    const needed = lines
      .filter((line) => key(line.role) === key(role))
      .reduce((sum, line) => sum + line.needed, 0);
    const current = team.get(key(role)) ?? 0;
    return { role, needed, current, gap: needed - current };
  });
  const covered = new Set(ratios.map((ratio) => key(ratio.tier)));
  return {
    lines,
    roles,
    uncoveredTiers: [...accountsByTier]
      .filter(([tier, count]) => count > 0 && !covered.has(key(tier)))
      .map(([tier]) => tier),
  };
}
