import { describe, expect, it } from 'vitest';
import { problemsOf } from '../../test/problems-of.js';
import {
  checkArguments,
  checkArgumentsAsync,
  checkEach,
  InputError,
  type Problem,
  readField,
  readPlaced,
} from './errors.js';

const bad = (message: string, fix?: string) => () => {
  throw new InputError(fix === undefined ? { message } : { message, fix });
};

describe('checkArguments', () => {
  it('brings the problems that share a fix together, where the first of them was', () => {
    const problems = problemsOf(() =>
      checkArguments({
        first: bad('a is bad', 'use x'),
        second: bad('b is bad', 'use y'),
        good: () => 1,
        third: bad('c is bad', 'use x'),
        fourth: bad('d is bad'),
      }),
    );
    expect(problems).toEqual([
      { message: 'a is bad', fix: 'use x' },
      { message: 'c is bad', fix: 'use x' },
      { message: 'b is bad', fix: 'use y' },
      { message: 'd is bad' },
    ]);
  });

  it('gives each check the values of those before it, none of one that failed', () => {
    const seen = ({ day, period }: Readonly<Partial<Record<string, unknown>>>) => {
      throw new InputError({ message: `saw ${String(day)} and ${String(period)}` });
    };
    expect(
      problemsOf(() => checkArguments({ day: () => '2026-10-01', period: bad('FY27 is bad'), seen })),
    ).toEqual([{ message: 'FY27 is bad' }, { message: 'saw 2026-10-01 and undefined' }]);
  });

  it('says a fix shared by problems in a row once, after the last of them', () => {
    const error = new InputError([
      { message: 'a is bad', fix: 'use x' },
      { message: 'c is bad', fix: 'use x' },
      { message: 'b is bad', fix: 'use y' },
      { message: 'd is bad' },
      { message: 'e is bad', fix: 'use x' },
    ]);
    expect(error.message.split('\n')).toEqual([
      'a is bad',
      'c is bad',
      '  fix: use x',
      'b is bad',
      '  fix: use y',
      'd is bad',
      'e is bad',
      '  fix: use x',
    ]);
    // Every problem keeps its fix: the API answers each with its own.
    expect(error.problems.every((problem) => problem.message === 'd is bad' || problem.fix)).toBe(true);
  });
});

describe('checkArgumentsAsync', () => {
  it('awaits each check in turn, giving it the values of those before it, and reports all problems', async () => {
    const order: string[] = [];
    const checks = {
      day: async () => {
        await Promise.resolve();
        order.push('day');
        return '2026-10-01';
      },
      plan: () => Promise.reject(new InputError({ message: 'no plan x', fix: 'name a plan' })),
      // Given the day, checked before it; a failed check gives none.
      file: ({ day, plan }: Readonly<Partial<Record<string, unknown>>>) => {
        order.push('file');
        return `read as of ${String(day)}, plan ${String(plan)}`;
      },
      rep: bad('rep r is unknown', 'name a plan'),
    };
    await expect(checkArgumentsAsync(checks)).rejects.toMatchObject({
      problems: [
        { message: 'no plan x', fix: 'name a plan' },
        { message: 'rep r is unknown', fix: 'name a plan' },
      ],
    });
    expect(order).toEqual(['day', 'file']);
    const { plan: _refused, rep: _unknown, ...good } = checks;
    await expect(checkArgumentsAsync(good)).resolves.toEqual({
      day: '2026-10-01',
      file: 'read as of 2026-10-01, plan undefined',
    });
  });

  it('throws an error that is not bad input as it comes', async () => {
    const broken = new Error('database lost');
    await expect(
      checkArgumentsAsync({ bad: bad('a is bad'), lost: () => Promise.reject(broken) }),
    ).rejects.toBe(broken);
  });
});

describe('checkEach', () => {
  it('checks every item in order, each seeing what the earlier ones gave, and reports all problems', () => {
    const seen: string[] = [];
    const twiceOrBad = (item: string) => {
      if (item.startsWith('?')) throw new InputError({ message: `${item} is bad`, fix: 'use a name' });
      if (seen.includes(item)) throw new InputError({ message: `${item} twice`, fix: 'once' });
      seen.push(item);
      return item.length;
    };
    expect(problemsOf(() => checkEach(['a', '?b', 'a', '?c'], twiceOrBad))).toEqual([
      { message: '?b is bad', fix: 'use a name' },
      { message: '?c is bad', fix: 'use a name' },
      { message: 'a twice', fix: 'once' },
    ]);
    expect(checkEach(['ab', 'c'], (item) => item.length)).toEqual([2, 1]);
  });
});

describe('readField', () => {
  const notAPeriod = () => {
    throw new InputError({ message: '"FY27" is not a fiscal period', fix: 'write FY2027' });
  };
  const placed = {
    message: '"FY27" is not a fiscal period',
    location: { field: '--period' },
    fix: 'write FY2027',
  };

  it("gives the read's value, and places its problems at the field", () => {
    expect(readField('--period', () => 'FY2027')).toBe('FY2027');
    expect(problemsOf(() => readField('--period', notAPeriod))).toEqual([placed]);
  });

  it("places a promise's problems at the field, with the stand-in's", async () => {
    await expect(readField('--period', () => Promise.resolve(3))).resolves.toBe(3);
    const rejected = readField('--period', () => Promise.resolve().then(notAPeriod));
    await expect(rejected).rejects.toMatchObject({ problems: [placed] });
    const noPlan = new InputError({ message: 'there is no plan "x"', location: { field: 'plan name' } });
    await expect(readField('<plan>', () => Promise.reject(noPlan), 'plan name')).rejects.toMatchObject({
      problems: [{ message: 'there is no plan "x"', location: { field: '<plan>' } }],
    });
  });

  it('places at the field the problems placed nowhere, at a flag or at the stand-in, and keeps the rest', () => {
    const problems = [
      { message: '"FY27" is not a fiscal period', fix: 'write FY2027' },
      { message: '--by "ownr" is not a dimension', location: { field: '--by' } },
      { message: 'there is no plan "x"', location: { field: 'plan name' } },
      { message: 'must be a number', location: { file: 'rules.yaml', line: 3, field: 'rules[0].when' } },
    ];
    const refused = () => {
      throw new InputError(problems);
    };
    expect(problemsOf(() => readField('against', refused, 'plan name'))).toEqual([
      { message: '"FY27" is not a fiscal period', location: { field: 'against' }, fix: 'write FY2027' },
      // The flag a message starts with is named as the field.
      { message: 'against "ownr" is not a dimension', location: { field: 'against' } },
      { message: 'there is no plan "x"', location: { field: 'against' } },
      { message: 'must be a number', location: { file: 'rules.yaml', line: 3, field: 'rules[0].when' } },
    ]);
    // Without a stand-in, a parser's own field stays.
    expect(problemsOf(() => readField('by', refused))[2]).toEqual({
      message: 'there is no plan "x"',
      location: { field: 'plan name' },
    });
  });

  it('throws any other error as it comes', async () => {
    const broken = new Error('disk full');
    expect(() =>
      readField('--period', () => {
        throw broken;
      }),
    ).toThrow(broken);
    await expect(readField('--period', () => Promise.reject(broken))).rejects.toBe(broken);
  });
});

describe('readPlaced', () => {
  // A caller's own names for the fields a shared check places its problems at.
  const renamed = (problem: Problem): Problem =>
    problem.location?.field === 'adjustments[0].by'
      ? { ...problem, location: { field: 'manager' } }
      : problem;
  const problems = [
    { message: 'M1 does not manage A1', location: { field: 'adjustments[0].by' } },
    { message: 'the note is empty' },
  ];
  const refused = () => {
    throw new InputError(problems);
  };
  const placed = [{ message: 'M1 does not manage A1', location: { field: 'manager' } }, problems[1]];

  it("gives the read's value, and each of its problems as place puts it", async () => {
    expect(readPlaced(() => 7, renamed)).toBe(7);
    expect(problemsOf(() => readPlaced(refused, renamed))).toEqual(placed);
    await expect(readPlaced(() => Promise.resolve().then(refused), renamed)).rejects.toMatchObject({
      problems: placed,
    });
  });

  it('throws any other error as it comes', () => {
    const broken = new Error('disk full');
    expect(() =>
      readPlaced(() => {
        throw broken;
      }, renamed),
    ).toThrow(broken);
  });
});
