import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { parseCompPlanYaml } from './plan-yaml.js';

function problemsOf(text: string): string[] {
  try {
    parseCompPlanYaml(text, 'plans/ae.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected an InputError');
}

const head = `version: 1
name: AE
currency: USD
roles:
  - name: ae
    measures: [bookings]
measures:
  - name: bookings
    metric: bookings
    rate: "0.08"
`;

describe('parseCompPlanYaml', () => {
  it('reads rates as exact ratios and amounts as minor units', () => {
    const plan = parseCompPlanYaml(`${head}    quota: "100000.50"\n`, 'plans/ae.yaml');
    expect(plan.measures[0]).toMatchObject({
      quota: 10_000_050,
      rate: { numerator: 2n, denominator: 25n },
      method: 'flat',
      tiers: [],
    });
    expect(plan.period).toBe('month');
  });

  it('locates overlapping and gapped tiers and names the fix', () => {
    const text = `${head}    method: marginal
    tiers:
      - { from: "0", to: "1", multiplier: "1" }
      - { from: "0.9", to: "1.5", multiplier: "1.5" }
      - { from: "1.6", multiplier: "2" }
`;
    expect(problemsOf(text)).toEqual([
      'plans/ae.yaml:14:11 measures[0].tiers[1].from: tier 2 starts at 0.9, overlapping tier 1 which ends at 1',
      '  fix: start tier 2 at from: "1"',
      'plans/ae.yaml:15:11 measures[0].tiers[2].from: tier 3 starts at 1.6, leaving a gap after tier 2 which ends at 1.5',
      '  fix: start tier 3 at from: "1.5"',
    ]);
  });

  it('rejects negative rates and tiers that do not start at 0', () => {
    const text = `${head.replace('"0.08"', '"-0.08"')}    method: retroactive
    tiers:
      - { from: "0.5", rate: "-0.1" }
`;
    const problems = problemsOf(text).join('\n');
    expect(problems).toContain('plans/ae.yaml:10:5 measures[0].rate: the rate must be positive (got -0.08)');
    expect(problems).toContain('measures[0].tiers[0].rate: a rate must not be negative (got -0.1)');
    expect(problems).toContain('tiers[0].from: the first tier starts at 0.5');
  });

  it('locates a zero or negative OTE, quota, rate, weight and override rate, each with a fix', () => {
    const text = `version: 1
name: AE
currency: USD
roles:
  - name: ae
    ote: -5
    measures: [a]
    override: { rate: "0", measures: [a] }
measures:
  - { name: a, metric: bookings, rate: target, weight: "0", quota: "0" }
  - { name: b, metric: arr, rate: "0" }
`;
    const problems = problemsOf(text);
    expect(problems).toContain('plans/ae.yaml:6:5 roles[0].ote: the OTE must be positive (got -5)');
    expect(problems).toContain(
      '  fix: write the on-target earnings per year, e.g. "180000.00" (omit it for a role paid on rates alone)',
    );
    const joined = problems.join('\n');
    expect(joined).toContain('roles[0].override.rate: the override rate must be positive (got 0)');
    expect(joined).toContain('measures[0].weight: the weight must be positive (got 0)');
    expect(joined).toContain('measures[0].quota: the quota must be positive (got 0)');
    expect(joined).toContain('measures[1].rate: the rate must be positive (got 0)');
    // A tier may still pay nothing (a band below a level), and 100% variable pay has baseShare 0.
    const zeroTier = `${head}    quota: "1000"\n    method: retroactive\n    tiers:\n      - { from: "0", to: "0.5", rate: "0" }\n      - { from: "0.5", rate: "0.1" }\n`;
    expect(parseCompPlanYaml(zeroTier, 'plans/ae.yaml').measures[0]?.tiers).toHaveLength(2);
  });

  it('asks for tiers on a tiered measure, saying for retroactive ones where a tier starts paying', () => {
    const tiers =
      '  fix: add tiers: [{ from: "0", to: "1", multiplier: "1" }, { from: "1", multiplier: "1.5" }]';
    expect(problemsOf(`${head}    quota: "1000"\n    method: retroactive\n`)).toEqual([
      'plans/ae.yaml:8:5 measures[0].tiers: a retroactive measure needs tiers',
      `${tiers}; a tier is reached above its from, so at exactly 100% of quota the first one pays`,
    ]);
    expect(problemsOf(`${head}    quota: "1000"\n    method: marginal\n`)).toEqual([
      'plans/ae.yaml:8:5 measures[0].tiers: a marginal measure needs tiers',
      tiers,
    ]);
  });

  it('requires target-rate weights to total 1 and an OTE', () => {
    const text = `version: 1
name: AE
currency: USD
roles:
  - name: ae
    measures: [a, b]
measures:
  - { name: a, metric: bookings, rate: target, weight: "0.6", quota: "1000" }
  - { name: b, metric: arr, rate: target, weight: "0.3", quota: "1000" }
`;
    const problems = problemsOf(text).join('\n');
    expect(problems).toContain('role ae has measures paid at the target rate but no OTE');
    expect(problems).toContain("the weights of role ae's target-rate measures total 0.9, not 1");
  });

  it('names unknown measures and keys', () => {
    const text = `${head.replace('[bookings]', '[booking]')}    tiers: []\n    treshold: "0.5"\n`;
    const problems = problemsOf(text).join('\n');
    expect(problems).toContain('roles[0].measures[0]: no measure is named booking');
    expect(problems).toContain('treshold');
  });
});
