import { describe, expect, it } from 'vitest';
import type { MinorUnits } from '../domain/money.js';
import { rosterRep } from '../../test/fixtures/planning/roster.js';
import { diffPlans } from './plan-diff.js';
import {
  activatePlan,
  checkPlanName,
  fiscalYearOf,
  freePlanName,
  startPlanVersion,
  type PlanAssignment,
  type PlanQuota,
  type PlanVersion,
} from './plan-version.js';

const rep = (id: string, role: string) => rosterRep(id, role);

const assignment = (accountId: string, repId: string, reason = 'balance'): PlanAssignment => ({
  accountId,
  accountName: `Account ${accountId}`,
  repId,
  previousRepId: null,
  basis: 'assigned',
  customer: false,
  tier: 'Tier 1',
  segment: 'SMB',
  region: 'West',
  potential: 1_000_00 as MinorUnits,
  reason,
});

const quota = (repId: string, annual: number, basis = 'even split'): PlanQuota => ({
  repId,
  annual: annual as MinorUnits,
  quarters: [],
  basis,
});

function plan(name: string, changes: Partial<PlanVersion>): PlanVersion {
  return { ...startPlanVersion(name, 'FY2027', null), ...changes };
}

describe('diffPlans', () => {
  const before = plan('FY2026', {
    inputs: { ...startPlanVersion('x', 'FY2026', null).inputs, roster: [rep('R1', 'am'), rep('R2', 'isr')] },
    assignments: [assignment('A1', 'R1'), assignment('A2', 'R1'), assignment('A3', 'R2')],
    quotaLines: [quota('R1', 500_000_00), quota('R2', 300_000_00)],
  });
  const after = plan('FY2027', {
    inputs: {
      ...startPlanVersion('x', 'FY2027', null).inputs,
      roster: [rep('R1', 'am'), rep('R3', 'am'), rep('R4', 'am')],
    },
    assignments: [
      assignment('A1', 'R1'),
      assignment('A2', 'R3', 'rebalanced to new AM R3'),
      assignment('A4', 'R4'),
    ],
    quotaLines: [quota('R1', 500_000_00), quota('R3', 450_000_00), quota('R4', 450_000_00)],
  });

  it('lists account moves with the new plan reason, accounts added and dropped', () => {
    const diff = diffPlans(before, after);
    expect(diff.unchangedAccounts).toBe(1);
    expect(diff.moves.map((move) => [move.accountId, move.fromRepId, move.toRepId, move.reason])).toEqual([
      ['A2', 'R1', 'R3', 'rebalanced to new AM R3'],
      ['A3', 'R2', null, "not in plan FY2027's book"],
      ['A4', null, 'R4', 'new to the plan: balance'],
    ]);
  });

  it('lists quota changes (an absent quota counts as 0) and headcount by role', () => {
    const diff = diffPlans(before, after);
    expect(diff.quotaChanges).toEqual([
      {
        repId: 'R2',
        repName: 'Rep R2',
        from: 300_000_00,
        to: null,
        change: -300_000_00,
        reason: 'no quota in plan FY2027 (not on its roster)',
      },
      {
        repId: 'R3',
        repName: 'Rep R3',
        from: null,
        to: 450_000_00,
        change: 450_000_00,
        reason: 'new quota: even split',
      },
      {
        repId: 'R4',
        repName: 'Rep R4',
        from: null,
        to: 450_000_00,
        change: 450_000_00,
        reason: 'new quota: even split',
      },
    ]);
    expect(diff.headcount).toEqual([
      { role: 'am', from: 1, to: 3, added: ['R3', 'R4'], removed: [] },
      { role: 'isr', from: 1, to: 0, added: [], removed: ['R2'] },
    ]);
  });

  it('compares no accounts, team or quotas with a plan that has no territories or quotas yet', () => {
    const empty = plan('FY2028', {});
    expect(diffPlans(after, empty)).toEqual({
      from: 'FY2027',
      to: 'FY2028',
      moves: [],
      quotaChanges: [],
      headcount: [],
      unchangedAccounts: 0,
      withoutTerritories: ['FY2028'],
      withoutQuotas: ['FY2028'],
    });
    // Territories without quotas: accounts and team are compared, quotas not.
    const unquoted = diffPlans(before, { ...after, quotaLines: null });
    expect(unquoted).toMatchObject({ withoutTerritories: [], withoutQuotas: ['FY2027'], quotaChanges: [] });
    expect(unquoted.moves).toHaveLength(3);
    expect(unquoted.headcount).toHaveLength(2);
  });

  it('finds nothing between a plan and itself', () => {
    expect(diffPlans(after, after)).toMatchObject({
      moves: [],
      quotaChanges: [],
      headcount: [],
      unchangedAccounts: 3,
    });
  });
});

describe('plan versions', () => {
  it('starts from another plan with its inputs and sections, in planning', () => {
    const active = { ...plan('FY2026', { assignments: [assignment('A1', 'R1')] }), state: 'active' as const };
    const next = startPlanVersion('FY2027', 'FY2027', active);
    expect(next).toMatchObject({ name: 'FY2027', state: 'planning', from: 'FY2026', activated: null });
    expect(next.assignments).toEqual(active.assignments);
    expect(next.inputs.fiscalYear).toBe('FY2027');
  });

  it("reads a plan's 'stays with its owner' as going back to the owner when the base plan had moved it", () => {
    const moved = plan('FY2027', { assignments: [assignment('A1', 'R2')] });
    const home = (customer: boolean): PlanAssignment => ({
      ...assignment('A1', 'R1', customer ? 'existing customer keeps its rep' : 'stays with its owner'),
      previousRepId: 'R1',
      basis: 'retained',
      customer,
    });
    const back = (customer: boolean) =>
      diffPlans(moved, plan('FY2027-v2', { assignments: [home(customer)] })).moves.map(
        (entry) => entry.reason,
      );
    expect(back(false)).toEqual(['back with its CRM owner R1']);
    expect(back(true)).toEqual(['existing customer back with its rep (its CRM owner R1)']);
  });

  it('activates a complete plan and archives the one it replaces', () => {
    const current = { ...plan('FY2026', {}), state: 'active' as const };
    const ready = plan('FY2027', { assignments: [], quotaLines: [] });
    const { archived, activated } = activatePlan(ready, current, '2026-11-27T10:00:00Z', 'ana', 'FY2028');
    expect(activated).toMatchObject({
      state: 'active',
      activated: { at: '2026-11-27T10:00:00Z', by: 'ana' },
    });
    expect(archived).toMatchObject({ state: 'archived', archived: { by: 'ana', replacedBy: 'FY2027' } });
  });

  it('refuses to activate a plan without territories or quotas, naming what to run', () => {
    expect(() => activatePlan(plan('FY2027', {}), null, 'now', 'ana', 'FY2028')).toThrow(
      'plan FY2027 cannot be activated without territories and quotas\n' +
        '  fix: run plan territories, then plan quotas, and activate it again',
    );
  });

  it('checks names and reads the fiscal year from them', () => {
    expect(checkPlanName('FY2027-v2')).toBe('FY2027-v2');
    expect(() => checkPlanName('active')).toThrow('cannot name a plan');
    expect(() => checkPlanName('two words')).toThrow('cannot name a plan');
    expect(fiscalYearOf('fy2027-hiring', 'FY2026')).toBe('FY2027');
    expect(fiscalYearOf('stretch', 'FY2026')).toBe('FY2026');
    expect(freePlanName('FY2028', new Set(['FY2027']))).toBe('FY2028');
    expect(freePlanName('FY2028', new Set(['FY2028', 'FY2028-v2']))).toBe('FY2028-v3');
  });
});
