import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import type { MinorUnits } from '../domain/money.js';
import {
  compileRules,
  conditionHolds,
  coverageRulesExample,
  describeLogic,
  formatLogic,
  parseAssignmentRules,
  parseCondition,
  parseLogic,
  rulesRosterProblems,
  type AssignmentRule,
  type RuleAccount,
  type RuleRep,
} from './rules.js';

const account = (fields: Partial<RuleAccount> = {}): RuleAccount => ({
  segment: 'Enterprise',
  region: 'West',
  tier: 'Tier 1',
  country: 'US',
  industry: 'Software',
  employees: 2500,
  annualRevenue: 50_000_000_00 as MinorUnits,
  ...fields,
});
const rep = (fields: Partial<RuleRep> = {}): RuleRep => ({
  id: 'R1',
  role: 'am',
  team: 'Enterprise West',
  segment: 'Enterprise',
  region: 'West',
  ...fields,
});

function rules(input: unknown): AssignmentRule[] {
  const result = parseAssignmentRules(input, 'USD');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.rules;
}

function problems(input: unknown) {
  const result = parseAssignmentRules(input, 'USD');
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((entry) => ({ path: entry.path.join('.'), message: entry.problem.message }));
}

function logicError(text: string, count: number): string {
  try {
    parseLogic(text, count);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an error');
}

describe('parseLogic', () => {
  it('binds NOT over AND over OR, with parentheses grouping', () => {
    expect(formatLogic(parseLogic('1 AND 2 OR 3', 3))).toBe('(1 AND 2) OR 3');
    expect(formatLogic(parseLogic('1 and (2 or 3)', 3))).toBe('1 AND (2 OR 3)');
    expect(formatLogic(parseLogic('NOT 1 AND 2', 2))).toBe('NOT 1 AND 2');
    expect(formatLogic(parseLogic('not (1 or 2)', 2))).toBe('NOT (1 OR 2)');
    expect(parseLogic('((2))', 2)).toEqual({ kind: 'condition', number: 2 });
  });

  it('names the column of each mistake', () => {
    expect(logicError('(1 AND 2', 2)).toContain('expected ")" at the end (column 9)');
    expect(logicError('1 AND 4', 3)).toContain(
      'condition 4 does not exist (the rule has 3 conditions) (column 7)',
    );
    expect(logicError('1 2', 2)).toContain('expected AND, OR or the end but found "2" (column 3)');
    expect(logicError('1 AND', 2)).toContain('at the end (column 6)');
    expect(logicError('1 & 2', 2)).toContain('unexpected "&" (column 3)');
    expect(logicError('1 XOR 2', 2)).toContain('found "XOR" (column 3)');
    expect(logicError('', 1)).toContain('expected a condition number');
  });
});

describe('conditions', () => {
  it('compare text ignoring case and spaces, lists with in / not in', () => {
    expect(conditionHolds(parseCondition('segment is enterprise', 'USD'), account())).toBe(true);
    expect(conditionHolds(parseCondition('region in (East, west )', 'USD'), account())).toBe(true);
    expect(conditionHolds(parseCondition('region not in East, West', 'USD'), account())).toBe(false);
    expect(conditionHolds(parseCondition('industry is not Retail', 'USD'), account())).toBe(true);
  });

  it('compare employees and revenue (major units) as numbers', () => {
    expect(conditionHolds(parseCondition('employees >= 2500', 'USD'), account())).toBe(true);
    expect(conditionHolds(parseCondition('employees > 2500', 'USD'), account())).toBe(false);
    // 50,000,000.00 USD revenue is 5,000,000,000 cents.
    expect(parseCondition('revenue between 1000000 and 50000000', 'USD')).toEqual({
      field: 'revenue',
      between: { min: 100_000_000, max: 5_000_000_000 },
    });
    expect(conditionHolds(parseCondition('revenue between 1000000 and 50000000', 'USD'), account())).toBe(
      true,
    );
    expect(conditionHolds(parseCondition('revenue < 50_000_000', 'USD'), account())).toBe(false);
  });

  it('do not hold for an account lacking the field, negated or not', () => {
    const bare = account({ region: null, employees: null });
    expect(conditionHolds(parseCondition('region is not West', 'USD'), bare)).toBe(false);
    expect(conditionHolds(parseCondition('employees < 100', 'USD'), bare)).toBe(false);
  });

  it.each([
    ['size is big', 'does not start with a field'],
    ['employees about 10', 'needs a comparison'],
    ['employees >= ten', 'is not a number'],
    ['employees >= 10.5', 'not a whole number'],
    ['revenue between 9 and 1', 'lower bound is above the upper'],
    ['segment equals SMB', 'needs is, is not, in or not in'],
  ])('refuses %j: %s', (text, message) => {
    expect(() => parseCondition(text, 'USD')).toThrow(message);
  });
});

const DOCUMENT = {
  rules: [
    {
      name: 'Strategic',
      priority: 1,
      when: ['segment is Enterprise', 'region in West, Central', 'employees >= 10000'],
      logic: '(1 AND 2) OR 3',
      assign: { roles: ['AM'], sameRegion: true },
    },
    { name: 'Small', priority: 2, when: 'employees < 200', assign: { roles: ['isr'] } },
    { name: 'Named Acme', priority: 0, when: ['industry is Aerospace'], assign: { reps: ['R9'] } },
  ],
};

describe('parseAssignmentRules and compileRules', () => {
  it('orders rules by priority and decides by the first whose logic holds', () => {
    const policy = compileRules(rules(DOCUMENT));
    expect(policy.rules.map((rule) => rule.name)).toEqual(['Named Acme', 'Strategic', 'Small']);
    expect(policy.ruleFor(account())?.name).toBe('Strategic');
    // Enterprise but East: (1 AND 2) fails, 3 fails at 2,500 employees.
    expect(policy.ruleFor(account({ region: 'East' }))).toBeNull();
    // Condition 3 alone carries it.
    expect(policy.ruleFor(account({ region: 'East', employees: 20_000 }))?.name).toBe('Strategic');
    expect(policy.ruleFor(account({ industry: 'Aerospace', employees: 50 }))?.name).toBe('Named Acme');
  });

  it('makes only the reps a rule names eligible, and any rep where no rule matches', () => {
    const policy = compileRules(rules(DOCUMENT));
    expect(policy.eligible(account(), rep())).toBe(true);
    expect(policy.eligible(account(), rep({ role: 'isr' }))).toBe(false);
    expect(policy.eligible(account(), rep({ region: 'East' }))).toBe(false);
    expect(policy.eligible(account({ region: 'East' }), rep({ role: 'sdr' }))).toBe(true);
    expect(policy.eligible(account({ industry: 'Aerospace' }), rep())).toBe(false);
    expect(policy.eligible(account({ industry: 'Aerospace' }), rep({ id: 'R9' }))).toBe(true);
  });

  it('explains a decision with the conditions written in', () => {
    const policy = compileRules(rules(DOCUMENT));
    const strategic = policy.rules[1] as AssignmentRule;
    expect(describeLogic(strategic)).toBe(
      '(segment is Enterprise AND region in West, Central) OR employees >= 10000',
    );
    expect(policy.reason(account())).toBe(
      `rule "Strategic" ((segment is Enterprise AND region in West, Central) OR employees >= 10000) assigns to role AM, in the account's region`,
    );
    expect(policy.reason(account({ region: 'East' }))).toBe('no assignment rule matches: any rep');
  });

  it('ANDs all conditions when no logic is given', () => {
    const [rule] = rules([
      { name: 'Both', when: ['segment is SMB', 'region is East'], assign: { roles: ['isr'] } },
    ]);
    expect(rule?.logicText).toBe('1 AND 2');
  });

  it('collects every problem with its path', () => {
    expect(
      problems({
        rules: [
          { name: 'A', when: ['size is big'], assign: { roles: ['am'] } },
          { name: 'a', when: ['segment is SMB'], logic: '1 OR 2', assign: {} },
          { name: 'C', when: [], assign: { people: ['x'] }, colour: 'red' },
        ],
      }),
    ).toEqual([
      { path: 'rules.0.when.0', message: 'condition "size is big" does not start with a field' },
      { path: 'rules.1.name', message: 'repeats the rule name "a"' },
      {
        path: 'rules.1.logic',
        message: 'logic "1 OR 2": condition 2 does not exist (the rule has 1 condition) (column 6)',
      },
      { path: 'rules.1.assign', message: 'names nobody' },
      { path: 'rules.2.colour', message: 'is not a key of a rule' },
      { path: 'rules.2.when', message: 'needs at least one condition' },
      { path: 'rules.2.assign.people', message: 'is not a key of assign' },
    ]);
    expect(problems({ rules: 'none' })).toEqual([{ path: 'rules', message: 'must be a list of rules' }]);
  });

  it('checks rules against a roster: reps, roles and teams nobody has', () => {
    const parsed = rules([
      { name: 'X', when: 'segment is SMB', assign: { reps: ['R404'], roles: ['se'], teams: ['Mars'] } },
    ]);
    expect(rulesRosterProblems(parsed, [rep()]).map((entry) => entry.problem.message)).toEqual([
      'rule "X" names rep "R404", who is not on the roster',
      'rule "X" assigns to role se, which no rep on the roster has',
      'rule "X" assigns to team "Mars", which no rep on the roster is in',
    ]);
    expect(rulesRosterProblems(rules(DOCUMENT).slice(1), [rep(), rep({ id: 'R2', role: 'isr' })])).toEqual(
      [],
    );
  });
});

describe('coverageRulesExample', () => {
  it('routes each tier to the roles the coverage model names, and roles it names for no tier everywhere', () => {
    const coverage = [
      { tier: 'Tier 1', role: 'am' },
      { tier: 'Tier 2', role: 'isr' },
      { tier: 'Tier 3', role: 'isr' },
    ];
    const yaml = coverageRulesExample(coverage, ['ae', 'AM', 'isr', 'ae']);
    expect(yaml).toBe(
      'rules:\n' +
        '  - name: "Tier 1 to am and ae"\n' +
        '    priority: 1\n' +
        '    when: ["tier is Tier 1"]\n' +
        '    assign: { roles: [am, ae] }\n' +
        '  - name: "Tier 2 to isr and ae"\n' +
        '    priority: 2\n' +
        '    when: ["tier is Tier 2"]\n' +
        '    assign: { roles: [isr, ae] }\n' +
        '  - name: "Tier 3 to isr and ae"\n' +
        '    priority: 3\n' +
        '    when: ["tier is Tier 3"]\n' +
        '    assign: { roles: [isr, ae] }\n',
    );
  });
});
