/**
 * What changes from one plan version to another: accounts that move between reps (with the new plan's reason),
 * quotas that change, and headcount by role (reps added and removed). Pure: two plan bodies in, the differences
 * out, each list in a stable order.
 * @module
 */
import type { MinorUnits } from '../domain/money.js';
import type { PlanAssignment, PlanQuota, PlanVersion, RosterRep } from './plan-version.js';

export interface AccountMove {
  readonly accountId: string;
  readonly accountName: string;
  /** Null: the account is new to the plan. */
  readonly fromRepId: string | null;
  /** Null: the account left the plan (no longer in the book). */
  readonly toRepId: string | null;
  readonly customer: boolean;
  readonly potential: MinorUnits;
  readonly reason: string;
}

export interface QuotaChange {
  readonly repId: string;
  readonly repName: string;
  readonly from: MinorUnits | null;
  readonly to: MinorUnits | null;
  /** to - from, counting an absent quota as 0. */
  readonly change: MinorUnits;
  readonly reason: string;
}

export interface HeadcountChange {
  readonly role: string;
  readonly from: number;
  readonly to: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface PlanDiff {
  readonly from: string;
  readonly to: string;
  readonly moves: readonly AccountMove[];
  readonly quotaChanges: readonly QuotaChange[];
  readonly headcount: readonly HeadcountChange[];
  /** Accounts both plans hold that stay with the same rep. */
  readonly unchangedAccounts: number;
  /**
   * The plans (of from, to) without territories yet: accounts and headcount are not compared (a plan's team is set
   * with its territories), so no moves or headcount changes are listed.
   */
  readonly withoutTerritories: readonly string[];
  /** The plans (of from, to) without quotas yet: quotas are not compared, so no changes are listed. */
  readonly withoutQuotas: readonly string[];
}

const byKey = <T>(items: readonly T[] | null, key: (item: T) => string) =>
  new Map((items ?? []).map((item) => [key(item), item]));

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function accountMoves(from: PlanVersion, to: PlanVersion): { moves: AccountMove[]; unchanged: number } {
  const before = byKey(from.assignments, (assignment) => assignment.accountId);
  const after = byKey(to.assignments, (assignment) => assignment.accountId);
  const moves: AccountMove[] = [];
  let unchanged = 0;
  const move = (
    base: PlanAssignment,
    fromRepId: string | null,
    toRepId: string | null,
    reason: string,
  ): AccountMove => ({
    accountId: base.accountId,
    accountName: base.accountName,
    fromRepId,
    toRepId,
    customer: base.customer,
    potential: base.potential,
    reason,
  });
  for (const [accountId, assignment] of after) {
    const earlier = before.get(accountId);
    if (!earlier)
      moves.push(move(assignment, null, assignment.repId, `new to the plan: ${assignment.reason}`));
    else if (earlier.repId !== assignment.repId)
      moves.push(move(assignment, earlier.repId, assignment.repId, moveReason(assignment)));
    else unchanged++;
  }
  for (const [accountId, earlier] of before) {
    if (!after.has(accountId))
      moves.push(move(earlier, earlier.repId, null, `not in plan ${to.name}'s book`));
  }
  moves.sort((a, b) => compare(a.accountId, b.accountId));
  return { moves, unchanged };
}

/**
 * Why an account moved, from the new plan's assignment: a plan's "stays with its owner" (the CRM owner) reads,
 * against a plan that had given the account to someone else, as going back to that owner.
 */
function moveReason(assignment: PlanAssignment): string {
  if (assignment.basis !== 'retained') return assignment.reason;
  return assignment.customer
    ? `existing customer back with its rep (its CRM owner ${assignment.repId})`
    : `back with its CRM owner ${assignment.repId}`;
}

function quotaChanges(from: PlanVersion, to: PlanVersion): QuotaChange[] {
  const before = byKey(from.quotaLines, (quota) => quota.repId);
  const after = byKey(to.quotaLines, (quota) => quota.repId);
  const names = new Map(
    [...from.inputs.roster, ...to.inputs.roster].map((rep): [string, string] => [rep.id, rep.name]),
  );
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort(compare);
  const changes: QuotaChange[] = [];
  for (const repId of ids) {
    const old: PlanQuota | undefined = before.get(repId);
    const next: PlanQuota | undefined = after.get(repId);
    if (old && next && old.annual === next.annual) continue;
    changes.push({
      repId,
      repName: names.get(repId) ?? repId,
      from: old?.annual ?? null,
      to: next?.annual ?? null,
      change: ((next?.annual ?? 0) - (old?.annual ?? 0)) as MinorUnits,
      reason: next
        ? old
          ? next.basis
          : `new quota: ${next.basis}`
        : `no quota in plan ${to.name} (not on its roster)`,
    });
  }
  return changes;
}

function headcount(from: readonly RosterRep[], to: readonly RosterRep[]): HeadcountChange[] {
  const roles = [...new Set([...from, ...to].map((rep) => rep.role))].sort(compare);
  const fromIds = new Set(from.map((rep) => rep.id));
  const toIds = new Set(to.map((rep) => rep.id));
  return roles
    .map((role) => ({
      role,
      from: from.filter((rep) => rep.role === role).length,
      to: to.filter((rep) => rep.role === role).length,
      added: to.filter((rep) => rep.role === role && !fromIds.has(rep.id)).map((rep) => rep.id),
      removed: from.filter((rep) => rep.role === role && !toIds.has(rep.id)).map((rep) => rep.id),
    }))
    .filter((change) => change.from !== change.to || change.added.length > 0 || change.removed.length > 0);
}

/**
 * The changes that turn plan `from` into plan `to`. Accounts, team and quotas are compared only where both plans
 * have them: a plan whose territories (with its team) or quotas were never set is not a plan that drops every
 * account, rep or quota.
 */
export function diffPlans(from: PlanVersion, to: PlanVersion): PlanDiff {
  const withoutTerritories = [from, to].filter((plan) => plan.assignments === null).map((plan) => plan.name);
  const withoutQuotas = [from, to].filter((plan) => plan.quotaLines === null).map((plan) => plan.name);
  const { moves, unchanged } =
    withoutTerritories.length > 0 ? { moves: [], unchanged: 0 } : accountMoves(from, to);
  return {
    from: from.name,
    to: to.name,
    moves,
    quotaChanges: withoutQuotas.length > 0 ? [] : quotaChanges(from, to),
    headcount: withoutTerritories.length > 0 ? [] : headcount(from.inputs.roster, to.inputs.roster),
    unchangedAccounts: unchanged,
    withoutTerritories,
    withoutQuotas,
  };
}
