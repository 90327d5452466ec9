import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import type { MinorUnits } from '../domain/money.js';
import {
  planAssignments,
  territoryProblem,
  type BookAccount,
  type TerritoryPlanning,
} from './plan-version.js';
import { rosterRep } from '../../test/fixtures/planning/roster.js';
import { compileRules, parseAssignmentRules } from './rules.js';
import { balanceTerritories } from './territories.js';

const ROLES = ['ae', 'am', 'isr'] as const;
const TIERS = ['Tier 1', 'Tier 2', 'Tier 3'] as const;

const rep = (index: number, role: string) => rosterRep(`R${index}`, role, { name: `Rep ${index}` });

const RULES = (() => {
  const parsed = parseAssignmentRules(
    [{ name: 'Tier 1 to AMs and AEs', when: ['tier is Tier 1'], assign: { roles: ['am', 'ae'] } }],
    'USD',
  );
  if (!parsed.ok) throw new Error('rules');
  return parsed.rules;
})();

/** A small book: accounts with owners (some gone from the roster), customers, tiers, and pins. */
const books = fc
  .record({
    roles: fc.array(fc.constantFrom(...ROLES), { minLength: 1, maxLength: 5 }),
    accounts: fc.array(
      fc.record({
        potential: fc.integer({ min: 0, max: 1_000_000 }),
        tier: fc.constantFrom(...TIERS),
        owner: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
        customer: fc.boolean(),
        pin: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 5, nil: null }),
      }),
      { minLength: 1, maxLength: 30 },
    ),
    rules: fc.boolean(),
  })
  .map(({ roles, accounts, rules }): TerritoryPlanning => {
    const roster = roles.map((role, index) => rep(index, role));
    const book = accounts.map((account, index): BookAccount => ({
      id: `A${index}`,
      name: `Account ${index}`,
      potential: account.potential as MinorUnits,
      workload: 1,
      owner: account.owner === null ? null : `R${account.owner}`,
      customer: account.owner !== null && account.customer,
      tier: account.tier,
      segment: null,
      region: null,
      ruleAccount: {
        segment: null,
        region: null,
        tier: account.tier,
        country: null,
        industry: null,
        employees: null,
        annualRevenue: null,
      },
    }));
    return {
      accounts: book,
      roster,
      pins: accounts.flatMap((account, index) =>
        account.pin !== null && account.pin < roster.length
          ? [{ accountId: `A${index}`, repId: `R${account.pin}` }]
          : [],
      ),
      rules: rules ? RULES : [],
      capacityByRole: {},
      maxAccountsPerRep: null,
      allowCustomerMoves: false,
      potentialTolerance: 1,
      workloadTolerance: 1,
    };
  });

describe('territory assignments of a plan (property)', () => {
  it('assign every account exactly once, keep pins and retained customers, obey the rules otherwise', () => {
    fc.assert(
      fc.property(books, (input) => {
        let problem;
        let result;
        try {
          problem = territoryProblem(input);
          result = balanceTerritories(problem);
        } catch (error) {
          // Infeasible books (an account no rep may take) are refused with a reason, never half-assigned.
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        const assignments = planAssignments(input, problem, result);
        expect(assignments.map((assignment) => assignment.accountId)).toEqual(
          input.accounts.map((account) => account.id),
        );
        const roster = new Set(input.roster.map((member) => member.id));
        const pins = new Map(input.pins.map((pin) => [pin.accountId, pin.repId]));
        const policy = compileRules(input.rules);
        assignments.forEach((assignment, index) => {
          const account = input.accounts[index]!;
          expect(roster.has(assignment.repId)).toBe(true);
          const pinned = pins.get(account.id);
          if (pinned !== undefined) {
            expect(assignment).toMatchObject({ repId: pinned, basis: 'pinned' });
            return;
          }
          if (account.customer && account.owner !== null && roster.has(account.owner)) {
            expect(assignment).toMatchObject({ repId: account.owner, basis: 'retained' });
            expect(assignment.reason).toBe('existing customer keeps its rep');
            return;
          }
          const member = input.roster.find((candidate) => candidate.id === assignment.repId)!;
          if (assignment.basis !== 'retained')
            expect(policy.eligible(account.ruleAccount, member)).toBe(true);
          expect(assignment.basis).toBe(
            account.owner === assignment.repId ? 'retained' : account.owner === null ? 'assigned' : 'moved',
          );
          expect(assignment.reason.length).toBeGreaterThan(0);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('locates a pin on an account the book does not hold at the rep file row', () => {
    const input: TerritoryPlanning = {
      accounts: [],
      roster: [{ ...rep(0, 'ae'), source: { file: 'reps.csv', line: 4 } }],
      pins: [{ accountId: 'ACC-404', repId: 'R0' }],
      rules: [],
      capacityByRole: {},
      maxAccountsPerRep: null,
      allowCustomerMoves: false,
      potentialTolerance: 1,
      workloadTolerance: 1,
    };
    expect(() => territoryProblem(input)).toThrow(
      'reps.csv:4: named account ACC-404 (pinned to rep R0) is not an account of this workspace',
    );
  });
});
