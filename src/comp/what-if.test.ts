import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type MinorUnits } from '../domain/money.js';
import { type PlanModel, type ScenarioCost } from './modelling.js';
import { parseCompPlanYaml } from './plan-yaml.js';
import { ROUNDING_RULE, type Statement } from './statement.js';
import { parsePlanEdits, unreachedTierNotes, type WhatIfSide } from './what-if.js';

// The shipped AE plan: tiers up to 50% (decelerator), above 50% to 100% (base), above 100% (accelerator).
const file = 'examples/comp/ae.yaml';
const text = readFileSync(file, 'utf8');
const base = parseCompPlanYaml(text, file);
const doubled = parseCompPlanYaml(text, file, parsePlanEdits(['accelerator.multiplier=2']));

/** An AE's statement of FY2027-M03 with `volume` cents of bookings on a $60,000.00 quota, paying `total`. */
function statement(payee: string, volume: number, total: number): Statement {
  return {
    payee,
    role: 'ae',
    period: 'FY2027-M03',
    currency: 'USD',
    lines: [],
    attainment: [{ measure: 'bookings', metric: 'bookings', volume, quota: 6_000_000 }],
    total: total as MinorUnits,
    drawBalance: 0 as MinorUnits,
    rounding: ROUNDING_RULE,
  };
}

/** A scenario where AEs and ISRs reach the given bookings attainments and the plan pays `variable` cents. */
function scenario(name: string, ae: string, isr: string, variable: number): ScenarioCost {
  const role = (role: string, attainment: string) => ({
    role,
    plan: base.name,
    payees: 1,
    notEmployed: 0,
    attainment: { bookings: attainment },
    variable: 0 as MinorUnits,
    base: 0 as MinorUnits,
    revenue: 0 as MinorUnits,
  });
  return {
    scenario: name,
    source: name,
    roles: [role('ae', ae), role('isr', isr)],
    variable: variable as MinorUnits,
    base: 0 as MinorUnits,
    revenue: 0 as MinorUnits,
    costOfRevenue: null,
  };
}

function side(actual: Statement[], scenarios: ScenarioCost[]): WhatIfSide {
  const model: PlanModel = {
    period: 'FY2027-M03',
    currency: 'USD',
    scenarios,
    curve: [],
    samples: {},
    rounding: ROUNDING_RULE,
  };
  return { actual, model };
}

describe('unreachedTierNotes', () => {
  it('says where no payee reaches the changed tier and nothing moved, with the attainments', () => {
    // Actual: $57,000 and $30,000 of $60,000 = 95.0% and 50.0%, neither above 100%; same payout on both sides.
    const actual = [statement('rep-a', 5_700_000, 712_500), statement('rep-b', 3_000_000, 187_500)];
    // p10 and p50 at 73.8% and 60%: not above 100%, same cost; p90 at exactly 100%: not above it either.
    const scenarios = [
      scenario('p10', '0.7380', '0.6000', 100),
      scenario('p50', '0.7380', '0.6000', 200),
      scenario('p90', '1.0000', '1.0000', 300),
    ];
    expect(
      unreachedTierNotes(base, doubled, side(actual, scenarios), side(actual, scenarios), 'FY2027-M03'),
    ).toEqual([
      'No payee reaches bookings tier 3 (above 100%, accelerator) in FY2027-M03 actual (highest attainment 95.0%); ' +
        'p10, p50 (ae 73.8%, isr 60.0%); p90 (ae 100.0%, isr 100.0%): changing it moves nothing there.',
    ]);
  });

  it('leaves out what reaches the tier or moved, and says nothing when every figure is explained otherwise', () => {
    // rep-a at $60,000.01 of $60,000 is above 100%: the actual reaches the accelerator.
    const actual = [statement('rep-a', 6_000_001, 1_125_000)];
    const before = side(actual, [
      scenario('p10', '0.7380', '0.6000', 100),
      scenario('p90', '1.0001', '1', 300),
    ]);
    // p90's ae is above 100%: its cost moves; p10 is left as it was.
    const after = side(actual, [
      scenario('p10', '0.7380', '0.6000', 100),
      scenario('p90', '1.0001', '1', 400),
    ]);
    expect(unreachedTierNotes(base, doubled, before, after, 'FY2027-M03')).toEqual([
      'No payee reaches bookings tier 3 (above 100%, accelerator) in p10 (ae 73.8%, isr 60.0%): ' +
        'changing it moves nothing there.',
    ]);
    // An edit that leaves every tier as it is (the accelerator set to its own 1.5) has nothing to explain.
    const same = parseCompPlanYaml(text, file, parsePlanEdits(['accelerator.multiplier=1.5']));
    expect(unreachedTierNotes(base, same, before, before, 'FY2027-M03')).toEqual([]);
  });
});
