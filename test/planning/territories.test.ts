import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { minorUnits } from '../../src/domain/money.js';
import {
  balanceTerritories,
  movesLowerBound,
  type TerritoryAccount,
  type TerritoryProblem,
  type TerritoryRep,
} from '../../src/planning/territories.js';
import {
  incumbentAssignment,
  loadHighs,
  solveTerritoriesExact,
  territoryModel,
} from '../../src/planning/territories-exact.js';

const rep = (id: string, fields: Partial<TerritoryRep> = {}): TerritoryRep => ({
  id,
  role: 'ae',
  capacity: 1,
  maxAccounts: null,
  ...fields,
});
const account = (
  id: string,
  potential: number,
  fields: Partial<TerritoryAccount> = {},
): TerritoryAccount => ({
  id,
  potential: minorUnits(potential),
  workload: 1,
  currentOwner: null,
  customer: false,
  ...fields,
});
const loose = { allowCustomerMoves: false, potentialTolerance: 0.1, workloadTolerance: 0.25 };

describe('balanceTerritories', () => {
  it('balances potential and workload: 8 accounts of 8..1 to two reps give 18 and 18, four each', () => {
    const accounts = [8, 7, 6, 5, 4, 3, 2, 1].map((potential, index) => account(`A${index + 1}`, potential));
    const result = balanceTerritories({ accounts, reps: [rep('R1'), rep('R2')], ...loose });
    expect(result.reps.map((load) => [load.potential, load.accounts])).toEqual([
      [18, 4],
      [18, 4],
    ]);
    expect(result.potential.maxDeviation).toBe(0);
    expect(result.withinTolerance).toBe(true);
    expect(result.moves).toEqual([]);
  });

  it('keeps customers and pins, weighs books by capacity, and explains every move', () => {
    const accounts = [
      account('C1', 50, { currentOwner: 'R1', customer: true }),
      account('P1', 40, { currentOwner: 'R1' }),
      account('X1', 30, { currentOwner: 'Gone' }),
      account('N1', 10),
      account('N2', 10),
      account('N3', 10),
    ];
    const result = balanceTerritories({
      accounts,
      reps: [rep('R1'), rep('R2', { capacity: 2 })],
      pins: [{ account: 1, rep: 1 }],
      ...loose,
      potentialTolerance: 0.5,
      workloadTolerance: 0.5,
    });
    expect(result.assignment[0]).toBe(0);
    expect(result.assignment[1]).toBe(1);
    expect(result.reps[1]!.potentialTarget).toBe(100);
    expect(result.moves.map((move) => [move.accountId, move.from, move.to, move.reason])).toEqual([
      ['P1', 'R1', 'R2', 'pinned'],
      ['X1', 'Gone', result.reps[result.assignment[2]!]!.id, 'owner-not-in-plan'],
    ]);
    expect(result.customersMoved).toBe(0);
  });

  it('moves an owned account its owner may not keep or has no room for, and counts customers moved', () => {
    const accounts = [
      account('E1', 10, { currentOwner: 'R1' }),
      account('K1', 30, { currentOwner: 'R2', customer: true }),
      account('K2', 20, { currentOwner: 'R2', customer: true }),
      account('K3', 10, { currentOwner: 'R2', customer: true }),
    ];
    const result = balanceTerritories({
      accounts,
      reps: [rep('R1'), rep('R2', { maxAccounts: 2 }), rep('R3')],
      eligible: (accountIndex, repIndex) => accountIndex !== 0 || repIndex === 2,
      ...loose,
      allowCustomerMoves: true,
      potentialTolerance: 2,
      workloadTolerance: 2,
    });
    // E1 may only go to R3; R2 keeps its two largest customers, and K3 (customers may move) leaves it.
    expect(result.moves.map((move) => [move.accountId, move.from, move.reason])).toEqual([
      ['E1', 'R1', 'owner-not-eligible'],
      ['K3', 'R2', 'owner-over-capacity'],
    ]);
    expect(result.assignment[0]).toBe(2);
    expect(result.customersMoved).toBe(1);
  });

  it('makes room on a full rep for an account only it may take, rather than calling the book infeasible', () => {
    const accounts = [
      account('E1', 10),
      account('K1', 30, { currentOwner: 'R2' }),
      account('K2', 20, { currentOwner: 'R2' }),
    ];
    const result = balanceTerritories({
      accounts,
      reps: [rep('R1'), rep('R2', { maxAccounts: 2 })],
      eligible: (accountIndex, repIndex) => accountIndex !== 0 || repIndex === 1,
      ...loose,
      potentialTolerance: 1,
      workloadTolerance: 1,
    });
    expect(result.assignment[0]).toBe(1);
    expect(result.reps[1]!.accounts).toBe(2);
    expect(result.moves).toHaveLength(1);
  });

  it('respects eligibility and the cap', () => {
    const accounts = Array.from({ length: 6 }, (_, index) => account(`A${index}`, 10));
    const result = balanceTerritories({
      accounts,
      reps: [rep('R1', { maxAccounts: 2 }), rep('R2'), rep('R3')],
      eligible: (accountIndex, repIndex) => !(accountIndex === 0 && repIndex === 2),
      ...loose,
    });
    expect(result.assignment[0]).not.toBe(2);
    expect(result.reps[0]!.accounts).toBeLessThanOrEqual(2);
  });

  it('names the constraint to relax when the input is infeasible', () => {
    const accounts = [account('A1', 10), account('A2', 10), account('A3', 10)];
    const reps = [rep('R1', { maxAccounts: 1 }), rep('R2', { maxAccounts: 1 })];
    const problem: TerritoryProblem = { accounts, reps, ...loose };
    expect(() =>
      balanceTerritories({
        ...problem,
        pins: [
          { account: 0, rep: 0 },
          { account: 0, rep: 1 },
        ],
      }),
    ).toThrow(/account A1 is pinned to two reps, R1 and R2[\s\S]*keep one of the two pins/);
    expect(() =>
      balanceTerritories({
        ...problem,
        pins: [
          { account: 0, rep: 0 },
          { account: 1, rep: 0 },
        ],
      }),
    ).toThrow(/rep R1 has 2 pinned accounts and 0 retained customers, more than its cap of 1 account/);
    expect(() => balanceTerritories(problem)).toThrow(/3 accounts, but the reps' caps allow only 2/);
    expect(() =>
      balanceTerritories({ accounts, reps: [rep('R1'), rep('R2')], eligible: (a) => a !== 2, ...loose }),
    ).toThrow(/account A3 has no eligible rep[\s\S]*pin it/);
    expect(() => balanceTerritories({ ...problem, reps: [] })).toThrow(InputError);
  });

  it('names five accounts no rep may take and counts the rest, with a thousands separator', () => {
    const accounts = Array.from({ length: 1_240 }, (_, index) => account(`A${index + 1}`, 10));
    // 1,240 accounts without an eligible rep: A1..A5 named, 1,235 counted.
    expect(() =>
      balanceTerritories({ accounts, reps: [rep('R1')], eligible: () => false, ...loose }),
    ).toThrow(
      [
        ...[1, 2, 3, 4, 5].map((number) => `account A${number} has no eligible rep`),
        'and 1,235 more accounts with no eligible rep',
      ].join('\n') + '\n  fix: change the assignment rules so some rep may take it, or pin it to a rep',
    );
  });

  it('re-balances after adding a rep with few moves, against the lower bound', () => {
    const accounts = Array.from({ length: 60 }, (_, index) =>
      account(`A${index}`, 100 + (index % 7) * 10, {
        currentOwner: `R${(index % 3) + 1}`,
        customer: index % 5 === 0,
      }),
    );
    const problem: TerritoryProblem = {
      accounts,
      reps: ['R1', 'R2', 'R3', 'R4'].map((id) => rep(id)),
      ...loose,
    };
    const before = Int32Array.from(accounts, (entry) => Number(entry.currentOwner!.slice(1)) - 1);
    const bound = movesLowerBound(problem, before);
    const result = balanceTerritories(problem);
    expect(result.withinTolerance).toBe(true);
    expect(result.customersMoved).toBe(0);
    // R4 must reach 75% of 15 accounts' workload (11.25), so at least 12 moves.
    expect(bound).toBe(12);
    expect(result.moves.length).toBeGreaterThanOrEqual(bound);
    expect(result.moves.length).toBeLessThanOrEqual(Math.ceil(bound * 1.25));
  });

  it('property: every account on exactly one rep, pins and retained customers kept, caps respected', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(
          fc.record({
            potential: fc.integer({ min: 0, max: 1_000_000 }),
            workload: fc.constantFrom(1, 2, 3),
            owner: fc.integer({ min: -1, max: 7 }),
            customer: fc.boolean(),
            pin: fc.integer({ min: -1, max: 5 }),
          }),
          { minLength: 1, maxLength: 80 },
        ),
        (repCount, drawn) => {
          const reps = Array.from({ length: repCount }, (_, index) => rep(`R${index}`));
          const accounts = drawn.map((entry, index) =>
            account(`A${index}`, entry.potential, {
              workload: entry.workload,
              currentOwner: entry.owner >= 0 ? `R${entry.owner}` : null,
              customer: entry.customer,
            }),
          );
          const pins = drawn.flatMap((entry, index) =>
            entry.pin >= 0 && entry.pin < repCount ? [{ account: index, rep: entry.pin }] : [],
          );
          const result = balanceTerritories({ accounts, reps, pins, ...loose });
          expect(result.assignment.length).toBe(accounts.length);
          for (const value of result.assignment) expect(value >= 0 && value < repCount).toBe(true);
          expect(result.reps.reduce((sum, load) => sum + load.accounts, 0)).toBe(accounts.length);
          for (const pin of pins) expect(result.assignment[pin.account]).toBe(pin.rep);
          drawn.forEach((entry, index) => {
            const pinned = pins.some((pin) => pin.account === index);
            if (!pinned && entry.customer && entry.owner >= 0 && entry.owner < repCount) {
              expect(result.assignment[index]).toBe(entry.owner);
            }
          });
        },
      ),
      { seed: 6, numRuns: 150 },
    );
  });
});

describe('solveTerritoriesExact', () => {
  it('proves the fewest moves on a small book and agrees on the bound', async () => {
    const highs = await loadHighs();
    const accounts = Array.from({ length: 12 }, (_, index) =>
      account(`A${index}`, 100, { currentOwner: `R${(index % 2) + 1}` }),
    );
    const problem: TerritoryProblem = { accounts, reps: [rep('R1'), rep('R2'), rep('R3')], ...loose };
    const exact = solveTerritoriesExact(problem, highs, { timeLimitSeconds: 10 });
    expect(exact.status).toBe('optimal');
    expect(exact.provenOptimal).toBe(true);
    // R3 needs at least 90% of 4 accounts' workload and potential: 4 moves (3.6 rounds up).
    expect(exact.assignment!.moves.length).toBe(4);
    expect(exact.assignment!.withinTolerance).toBe(true);
  });

  it('says which tolerances to relax when no assignment meets them', async () => {
    const highs = await loadHighs();
    const accounts = [account('A1', 100), account('A2', 1)];
    const problem: TerritoryProblem = { accounts, reps: [rep('R1'), rep('R2')], ...loose };
    expect(() => solveTerritoriesExact(problem, highs, { timeLimitSeconds: 5 })).toThrow(
      /relax the tolerances/,
    );
  });

  describe('incumbentAssignment (what a time-limited solve left)', () => {
    const problem: TerritoryProblem = {
      accounts: [account('A1', 10), account('A2', 10, { currentOwner: 'R1' })],
      reps: [rep('R1'), rep('R2')],
      ...loose,
    };
    const model = territoryModel(problem);
    const columns = (values: Record<string, number>) =>
      Object.fromEntries(model.variables.map((v) => [v.name, { Primal: values[v.name] ?? 0 }]));

    it('reads an integer solution: every account on the rep whose binary is 1', () => {
      expect(Array.from(incumbentAssignment(model, columns({ x0_1: 1, x1_0: 1 }))!)).toEqual([1, 0]);
    });

    it('gives null, not accounts on no rep, when the time limit stopped HiGHS before any incumbent', () => {
      // HiGHS reports "Time limit reached" with every column at zero; describing that crashed the command.
      expect(incumbentAssignment(model, columns({}))).toBeNull();
      expect(incumbentAssignment(model, columns({ x0_1: 1 }))).toBeNull();
      expect(incumbentAssignment(model, columns({ x0_0: 1, x0_1: 1, x1_0: 1 }))).toBeNull();
      expect(incumbentAssignment(model, columns({ x0_1: 0.5, x0_0: 0.5, x1_0: 1 }))).toBeNull();
      expect(incumbentAssignment(model, {})).toBeNull();
    });
  });
});
