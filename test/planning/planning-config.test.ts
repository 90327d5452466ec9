import { describe, expect, it } from 'vitest';
import {
  formatConfigPath,
  parseWorkspaceConfig,
  validateWorkspaceConfig,
} from '../../src/domain/workspace-config.js';
import { defaultConfigYaml } from '../../src/workspace/default-config.js';
import { parseConfigYaml } from '../../src/workspace/config-file.js';

const minimal = { company: 'Acme', currency: 'USD' };

function issues(input: unknown): string[] {
  const result = validateWorkspaceConfig(input);
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.issues.map(
    (issue) => `${formatConfigPath(issue.path)}: ${issue.message}${issue.fix ? ` [${issue.fix}]` : ''}`,
  );
}

describe('planning config', () => {
  it('defaults every planning assumption', () => {
    const { planning } = parseWorkspaceConfig(minimal);
    expect(planning.potential).toEqual({
      source: 'imported-else-formula',
      seatsPerEmployee: null,
      pricePerSeat: null,
    });
    expect(planning.coverage).toEqual([]);
    expect(planning.capacity).toMatchObject({
      rampedQuota: null,
      expectedAttainment: 0.85,
      rampProfile: [0.25, 0.5, 0.75],
      annualAttrition: 0.2,
      backfillLagMonths: 2,
      hiringLeadTimeMonths: 3,
    });
    expect(planning.capacity.scenarios.worst).toEqual({ expectedAttainment: 0.85, annualAttrition: 0.2 });
    expect(planning.quotas).toMatchObject({
      overAssignment: 0.1,
      method: 'blend',
      seasonality: [0.25, 0.25, 0.25, 0.25],
    });
    expect(planning.territories).toMatchObject({
      potentialTolerance: 0.01,
      workloadTolerance: 0.1,
      maxAccountsPerRep: null,
    });
  });

  it('converts amounts to minor units and fills scenarios from the base', () => {
    const { planning } = parseWorkspaceConfig({
      ...minimal,
      planning: {
        potential: { seatsPerEmployee: 0.1, pricePerSeat: 1200.5 },
        capacity: { rampedQuota: 1_000_000, scenarios: { best: { expectedAttainment: 0.95 } } },
      },
    });
    expect(planning.potential.pricePerSeat).toBe(120_050);
    expect(planning.capacity.rampedQuota).toBe(100_000_000);
    expect(planning.capacity.scenarios.best).toEqual({ expectedAttainment: 0.95, annualAttrition: 0.2 });
  });

  it('locates every problem with its fix', () => {
    expect(
      issues({
        ...minimal,
        tiers: [{ name: 'Tier 1', share: 0.1 }, { name: 'Tier 2' }],
        planning: {
          potential: { source: 'formula' },
          coverage: [
            { tier: 'Tier 9', role: 'am', accountsPerRep: 25 },
            { tier: 'Tier 1', role: 'am' },
          ],
          quotas: { seasonality: [0.5, 0.5, 0.5, 0.5], overAssignmnet: 0.1 },
          capacity: { rampedQuota: 100.001, annualAttrition: 20 },
        },
      }),
    ).toEqual([
      'planning.potential.source: is formula, but the formula is not given [add seatsPerEmployee and pricePerSeat, or use source: imported]',
      'planning.coverage[1]: needs accountsPerRep, overflowReps or both [give accountsPerRep (e.g. 25) or overflowReps (e.g. 1)]',
      'planning.capacity.annualAttrition: must be at most 1 (a fraction: 0.2 for 20%) (got 20)',
      'planning.quotas.seasonality: must sum to 1 [make the four quarter shares add up to 1]',
      'planning.quotas.overAssignmnet: unknown key [did you mean overAssignment? (the keys allowed here are overAssignment, method, topDownBasis, blendTopDownWeight, expectedPenetration, seasonality, fairnessTolerance)]',
      'planning.coverage[0].tier: is not a tier of this workspace (got "Tier 9") [use one of: Tier 1, Tier 2]',
      'planning.capacity.rampedQuota: "100.001" has more decimal places than USD has (2) [round it to 2 decimal places]',
    ]);
  });

  it('parses the default salesops.yaml planning section', () => {
    const { planning } = parseConfigYaml(defaultConfigYaml('Acme'), 'salesops.yaml');
    expect(
      planning.coverage.map(
        (line) => `${line.tier}/${line.role}/${line.accountsPerRep}/${line.overflowReps}`,
      ),
    ).toEqual(['Tier 1/am/25/0', 'Tier 2/isr/50/0', 'Tier 3/isr/null/1']);
    expect(planning.potential.pricePerSeat).toBe(120_000);
    expect(planning.territories.workloadByTier).toEqual({ 'Tier 1': 3, 'Tier 2': 2, 'Tier 3': 1 });
  });
});
