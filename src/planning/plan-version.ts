/**
 * A plan version: one named plan (e.g. `FY2027`) chaining its inputs (target, roster, pins, rules) to what was
 * computed from them (segmentation, coverage, capacity, territories, quotas), in a state: `planning` while it is
 * worked on, `active` once it is the plan in force (one at a time), `archived` when another took its place.
 * Stored as document kind `plan_version`, key = the plan's name; every change is a new revision, so the history
 * of a plan stays readable. This module is pure: the body's shape, how a version is started from another, and
 * what activating changes. The CLI does the storing and the audit entry.
 *
 * The computed sections are the engine's results as it returns them (plain JSON: money in integer minor units);
 * assignments and quotas are also kept in a flat, stable form ({@link PlanAssignment}, {@link PlanQuota}) that
 * `diff`, routing and the Territory Plan read.
 * @module
 */
import type { IsoDate } from '../domain/dates.js';
import { asTyped, InputError } from '../domain/errors.js';
import type { MinorUnits } from '../domain/money.js';
import type { RoutingRep } from './routing.js';
import { compileRules, targetAccepts, type AssignmentRule, type RuleAccount } from './rules.js';
import {
  MOVE_REASONS,
  type TerritoryAccount,
  type TerritoryAssignment,
  type TerritoryProblem,
} from './territories.js';

export const PLAN_STATES = ['planning', 'active', 'archived'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

/** A rep of the plan's roster (the rep file). */
export interface RosterRep extends RoutingRep {
  readonly hireDate: IsoDate | null;
  /** The most accounts this rep may hold; null: the plan's limit. */
  readonly maxAccounts: number | null;
  /** On-target earnings a year, corporate minor units, where known (for quota:OTE). */
  readonly ote: MinorUnits | null;
  /** Where the rep came from: the workspace's CRM reps, or a row of a rep file. */
  readonly source: 'crm' | { readonly file: string; readonly line: number };
}

/** A named account pinned to a rep. */
export interface PlanPin {
  readonly accountId: string;
  readonly repId: string;
}

/** How an account came to its rep in the plan. */
export const ASSIGNMENT_BASES = ['pinned', 'retained', 'moved', 'assigned'] as const;
export type AssignmentBasis = (typeof ASSIGNMENT_BASES)[number];

/** One account's place in the plan. */
export interface PlanAssignment {
  readonly accountId: string;
  readonly accountName: string;
  readonly repId: string;
  /** The account's rep before the plan (its CRM owner), if any. */
  readonly previousRepId: string | null;
  readonly basis: AssignmentBasis;
  readonly customer: boolean;
  readonly tier: string | null;
  readonly segment: string | null;
  readonly region: string | null;
  readonly potential: MinorUnits;
  readonly reason: string;
}

/** One rep's quota in the plan. */
export interface PlanQuota {
  readonly repId: string;
  /** The year's quota, corporate minor units. */
  readonly annual: MinorUnits;
  /** Per fiscal quarter, summing to `annual`. */
  readonly quarters: readonly MinorUnits[];
  /** How it was set, in words ("blend: 50% of top-down by potential, 50% bottom-up"). */
  readonly basis: string;
}

/** The inputs a plan was computed from. */
export interface PlanInputs {
  /** The fiscal year the plan is for, e.g. `FY2027`. */
  readonly fiscalYear: string;
  /** The revenue target, corporate minor units; null until `plan capacity --target`. */
  readonly target: MinorUnits | null;
  readonly roster: readonly RosterRep[];
  readonly pins: readonly PlanPin[];
  /** The rules document as written (re-parsed when used), and the file it came from. */
  readonly rules: { readonly file: string; readonly document: unknown } | null;
  /** The data version and as-of date of the CRM data the sections were computed on. */
  readonly dataVersion: number | null;
  readonly asOf: IsoDate | null;
}

/** The stored body of a plan version. `Sections` are the engine's result types. */
export interface PlanVersion<
  Segmentation = unknown,
  Coverage = unknown,
  Capacity = unknown,
  Territories = unknown,
  Quotas = unknown,
> {
  readonly name: string;
  readonly state: PlanState;
  /** What it was started from: `empty`, or the name of the plan copied. */
  readonly from: string;
  readonly inputs: PlanInputs;
  readonly segmentation: Segmentation | null;
  readonly coverage: Coverage | null;
  readonly capacity: Capacity | null;
  readonly territories: Territories | null;
  readonly assignments: readonly PlanAssignment[] | null;
  readonly quotas: Quotas | null;
  readonly quotaLines: readonly PlanQuota[] | null;
  readonly activated: { readonly at: string; readonly by: string } | null;
  readonly archived: { readonly at: string; readonly by: string; readonly replacedBy: string } | null;
}

const PLAN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Checks a plan name (the document key); `active` is reserved for "the active plan". */
export function checkPlanName(name: string): string {
  if (!PLAN_NAME.test(name) || name.toLowerCase() === 'active' || name.toLowerCase() === 'empty') {
    throw new InputError({
      message: `${JSON.stringify(name)} cannot name a plan`,
      location: { field: 'plan name' },
      fix: 'use letters, digits, -, _ and . (e.g. FY2027 or FY2027-hiring); "active" and "empty" are reserved',
    });
  }
  return name;
}

/** The fiscal year a plan is for: its name when that is one (`FY2027`, `FY2027-v2`), else the given one. */
export function fiscalYearOf(name: string, fallback: string): string {
  return /^FY\d{4}/i.exec(name)?.[0]?.toUpperCase() ?? fallback;
}

/**
 * The name to suggest for a new plan version: `preferred` (what `plan new` would name it) when no plan has it,
 * else the first of `<preferred>-v2`, `-v3`, ... that is free, so the suggested command runs as printed.
 */
export function freePlanName(preferred: string, taken: ReadonlySet<string>): string {
  if (!taken.has(preferred)) return preferred;
  let version = 2;
  while (taken.has(`${preferred}-v${version}`)) version += 1;
  return `${preferred}-v${version}`;
}

/**
 * A new version in state `planning`. From another plan it copies the inputs (roster, pins, rules, target) and
 * every section, so that a change to one step can be compared with the plan it started from; from `empty` it
 * starts bare.
 */
export function startPlanVersion(name: string, fiscalYear: string, from: PlanVersion | null): PlanVersion {
  const inputs: PlanInputs = from
    ? { ...from.inputs, fiscalYear }
    : { fiscalYear, target: null, roster: [], pins: [], rules: null, dataVersion: null, asOf: null };
  return {
    name,
    state: 'planning',
    from: from?.name ?? 'empty',
    inputs,
    segmentation: from?.segmentation ?? null,
    coverage: from?.coverage ?? null,
    capacity: from?.capacity ?? null,
    territories: from?.territories ?? null,
    assignments: from?.assignments ?? null,
    quotas: from?.quotas ?? null,
    quotaLines: from?.quotaLines ?? null,
    activated: null,
    archived: null,
  };
}

/**
 * Refuses to change a plan that is not being planned (active and archived plans are records); the fix starts a
 * new version named `newName` (see {@link freePlanName}) from it.
 */
export function assertEditable(plan: PlanVersion, newName: string, commandLine = asTyped): void {
  if (plan.state !== 'planning') {
    throw new InputError({
      message: `plan ${plan.name} is ${plan.state}; only a plan in planning can change`,
      fix: `start a new version from it: \`${commandLine(`salesops plan new ${newName} --from ${plan.name}`)}\``,
    });
  }
}

/**
 * What a plan in planning lacks before it can be activated, each named as the step that computes it (`plan
 * territories`, `plan quotas`): empty when it can be.
 */
export function activationProblems(plan: PlanVersion): string[] {
  const missing: string[] = [];
  if (plan.assignments === null) missing.push('territories');
  if (plan.quotaLines === null) missing.push('quotas');
  return missing;
}

/**
 * Activating `plan`: it becomes active and the plan active until now (if any) archived, naming its successor.
 * Returns the new bodies to save (the archived one first). Refuses a plan that is not complete, and an archived
 * one with the command that starts a version `newName` from it.
 */
export function activatePlan(
  plan: PlanVersion,
  current: PlanVersion | null,
  at: string,
  by: string,
  newName: string,
  commandLine = asTyped,
): { archived: PlanVersion | null; activated: PlanVersion } {
  if (plan.state !== 'planning') {
    throw new InputError({
      message:
        plan.state === 'active'
          ? `plan ${plan.name} is active already`
          : `plan ${plan.name} is ${plan.state}${plan.archived ? ` (replaced by ${plan.archived.replacedBy})` : ''}`,
      fix:
        plan.state === 'active'
          ? 'nothing to do'
          : `start a version from it to activate: \`${commandLine(`salesops plan new ${newName} --from ${plan.name}`)}\``,
    });
  }
  const problems = activationProblems(plan);
  if (problems.length > 0) {
    throw new InputError({
      message: `plan ${plan.name} cannot be activated without ${problems.join(' and ')}`,
      fix: `run ${problems.map((step) => `plan ${step}`).join(', then ')}, and activate it again`,
    });
  }
  return {
    archived:
      current && current.name !== plan.name
        ? { ...current, state: 'archived', archived: { at, by, replacedBy: plan.name } }
        : null,
    activated: { ...plan, state: 'active', activated: { at, by } },
  };
}

/** An account of the book as the territory step sees it. */
export interface BookAccount {
  readonly id: string;
  readonly name: string;
  readonly potential: MinorUnits;
  /** Effort, by tier (planning.territories.workloadByTier). */
  readonly workload: number;
  /** Its rep now (CRM id), if any. */
  readonly owner: string | null;
  readonly customer: boolean;
  readonly tier: string | null;
  readonly segment: string | null;
  readonly region: string | null;
  /** What the assignment rules test. */
  readonly ruleAccount: RuleAccount;
}

/** Everything the territory step of a plan decides from. */
export interface TerritoryPlanning {
  readonly accounts: readonly BookAccount[];
  readonly roster: readonly RosterRep[];
  readonly pins: readonly PlanPin[];
  readonly rules: readonly AssignmentRule[];
  /** Relative book size by role (unlisted roles 1). */
  readonly capacityByRole: Readonly<Record<string, number>>;
  /** The plan's cap on accounts per rep; a rep's own `maxAccounts` wins. */
  readonly maxAccountsPerRep: number | null;
  readonly allowCustomerMoves: boolean;
  readonly potentialTolerance: number;
  readonly workloadTolerance: number;
}

/**
 * The territory engine's problem for a plan: accounts and reps by index, pins by index (a pin naming an account
 * the book does not hold is an InputError located at the rep file row that pinned it), and the rules compiled to
 * the eligibility predicate (each account's deciding rule found once).
 */
export function territoryProblem(input: TerritoryPlanning): TerritoryProblem {
  const accountIndex = new Map(input.accounts.map((account, index) => [account.id, index]));
  const repIndex = new Map(input.roster.map((rep, index) => [rep.id, index]));
  const problems = [];
  const pins = [];
  for (const pin of input.pins) {
    const account = accountIndex.get(pin.accountId);
    const rep = repIndex.get(pin.repId);
    const source = rep === undefined ? undefined : input.roster[rep]?.source;
    if (account === undefined) {
      problems.push({
        message: `named account ${pin.accountId} (pinned to rep ${pin.repId}) is not an account of this workspace`,
        location:
          source && source !== 'crm' ? { file: source.file, line: source.line } : { field: 'named accounts' },
        fix: 'use CRM account ids (import the accounts first with `salesops import`), or remove the pin',
      });
    } else if (rep !== undefined) pins.push({ account, rep });
  }
  if (problems.length > 0) throw new InputError(problems);
  const policy = compileRules(input.rules);
  const deciding = input.accounts.map((account) => policy.ruleFor(account.ruleAccount));
  return {
    accounts: input.accounts.map((account): TerritoryAccount => ({
      id: account.id,
      potential: account.potential,
      workload: account.workload,
      currentOwner: account.owner,
      customer: account.customer,
    })),
    reps: input.roster.map((rep) => ({
      id: rep.id,
      role: rep.role,
      capacity: input.capacityByRole[rep.role] ?? 1,
      maxAccounts: rep.maxAccounts ?? input.maxAccountsPerRep,
    })),
    pins,
    eligible: (account, rep) => {
      const rule = deciding[account];
      return !rule || targetAccepts(rule.assign, input.accounts[account]!.ruleAccount, input.roster[rep]!);
    },
    allowCustomerMoves: input.allowCustomerMoves,
    potentialTolerance: input.potentialTolerance,
    workloadTolerance: input.workloadTolerance,
  };
}

/**
 * The plan's assignments from the engine's result: each account with its rep, how it got there (pinned, retained
 * with its owner, moved from its owner, or assigned from no owner) and why, in words.
 */
export function planAssignments(
  input: TerritoryPlanning,
  problem: TerritoryProblem,
  result: Pick<TerritoryAssignment, 'assignment' | 'moves'>,
): PlanAssignment[] {
  const policy = compileRules(input.rules);
  const moves = new Map(result.moves.map((move) => [move.account, move]));
  const pinned = new Set((problem.pins ?? []).map((pin) => pin.account));
  return input.accounts.map((account, index): PlanAssignment => {
    const rep = input.roster[result.assignment[index]!]!;
    const move = moves.get(index);
    const basis: AssignmentBasis = pinned.has(index)
      ? 'pinned'
      : move
        ? 'moved'
        : account.owner === rep.id
          ? 'retained'
          : 'assigned';
    let reason: string;
    if (basis === 'pinned') reason = `named account pinned to ${rep.name}`;
    else if (move) {
      reason = MOVE_REASONS[move.reason];
      if (move.reason === 'owner-not-eligible') reason += `: ${policy.reason(account.ruleAccount)}`;
    } else if (basis === 'retained')
      reason = account.customer ? 'existing customer keeps its rep' : 'stays with its owner';
    else reason = `balanced by potential and workload; ${policy.reason(account.ruleAccount)}`;
    return {
      accountId: account.id,
      accountName: account.name,
      repId: rep.id,
      previousRepId: account.owner,
      basis,
      customer: account.customer,
      tier: account.tier,
      segment: account.segment,
      region: account.region,
      potential: account.potential,
      reason,
    };
  });
}
