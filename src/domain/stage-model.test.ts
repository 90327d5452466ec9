import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { createStageModel, DEFAULT_STAGES, stageModelProblems, type Stage } from './stage-model.js';

const model = createStageModel(DEFAULT_STAGES);

describe('createStageModel', () => {
  it('looks stages up by name, ignoring case and spacing', () => {
    expect(model.indexOf('Proposal')).toBe(2);
    expect(model.indexOf('  closed   WON ')).toBe(5);
    expect(model.indexOf('Prospecting')).toBeUndefined();
    expect(model.requireIndex('commit')).toBe(4);
    expect(() => model.requireIndex('Prospecting')).toThrow(
      '"Prospecting" is not a stage of the stage model\n' +
        '  fix: use one of: Qualification, Discovery, Proposal, Negotiation, Commit, Closed Won, Closed Lost; ' +
        'or add the stage to stages in salesops.yaml',
    );
  });

  it('tells open, won and lost stages apart, with their defaults', () => {
    expect(
      [0, 4, 5, 6].map((index) => [model.isOpen(index), model.isWon(index), model.isLost(index)]),
    ).toEqual([
      [true, false, false],
      [true, false, false],
      [false, true, false],
      [false, false, true],
    ]);
    expect(model.probability(3)).toBe(0.8);
    expect(model.forecastCategory(4)).toBe('commit');
    expect(model.stage(6).name).toBe('Closed Lost');
    expect(() => model.stage(7)).toThrow(RangeError);
  });

  it('detects backward moves between open stages only', () => {
    expect(model.isBackwardMove(3, 1)).toBe(true); // Negotiation → Discovery
    expect(model.isBackwardMove(1, 3)).toBe(false);
    expect(model.isBackwardMove(2, 2)).toBe(false);
    expect(model.isBackwardMove(6, 1)).toBe(false); // a lost deal reopened is not a backward move
  });

  it('keeps its own copy of the stages', () => {
    const stages: Stage[] = DEFAULT_STAGES.map((stage) => ({ ...stage }));
    const own = createStageModel(stages);
    stages[0] = { ...DEFAULT_STAGES[0]!, name: 'Changed' };
    expect(own.stage(0).name).toBe('Qualification');
  });

  it('throws one InputError listing every problem with its field', () => {
    const stages: Stage[] = [
      { name: 'Open', probability: 50, forecastCategory: 'pipeline', outcome: 'open' },
      { name: 'OPEN', probability: 0.5, forecastCategory: 'closed', outcome: 'open' },
      { name: 'Won', probability: 0.9, forecastCategory: 'commit', outcome: 'won' },
    ];
    let error: unknown;
    try {
      createStageModel(stages);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      [
        'stages[0].probability: must be between 0 and 1 (got 50)',
        '  fix: probabilities are fractions: write 0.5 for 50%',
        'stages[1].name: duplicates the name of stages[0] "Open" (names are compared ignoring case)',
        '  fix: rename or remove one of the two stages',
        'stages[1].forecastCategory: an open stage cannot be in forecast category "closed"',
        '  fix: use pipeline, best_case or commit, or set outcome: won if deals in this stage are booked',
        'stages[2].probability: a won stage has probability 1 (got 0.9)',
        '  fix: set probability: 1',
        'stages[2].forecastCategory: a won stage is in forecast category "closed" (got "commit")',
        '  fix: set forecastCategory: closed',
        'stages: needs at least one lost stage',
        '  fix: add a stage with outcome: lost',
      ].join('\n'),
    );
  });
});

describe('stageModelProblems', () => {
  it('finds nothing wrong with the default stages', () => {
    expect(stageModelProblems(DEFAULT_STAGES)).toEqual([]);
  });

  it('requires an open, a won and a lost stage, and names', () => {
    expect(stageModelProblems([]).map((problem) => problem.message)).toEqual([
      'needs at least one open stage',
      'needs at least one won stage',
      'needs at least one lost stage',
    ]);
    const blank: Stage = { name: '  ', probability: 0, forecastCategory: 'omitted', outcome: 'lost' };
    expect(stageModelProblems([...DEFAULT_STAGES, blank])).toEqual([
      { index: 7, key: 'name', message: 'must not be empty', fix: 'name the stage' },
    ]);
  });

  it('rejects probabilities that are not numbers in [0, 1], and lost stages above 0', () => {
    const lost: Stage = { name: 'Lost', probability: 0.1, forecastCategory: 'omitted', outcome: 'lost' };
    const broken: Stage = {
      name: 'X',
      probability: Number.NaN,
      forecastCategory: 'pipeline',
      outcome: 'open',
    };
    expect(stageModelProblems([...DEFAULT_STAGES, lost, broken]).map((problem) => problem.message)).toEqual([
      'a lost stage has probability 0 (got 0.1)',
      'must be between 0 and 1 (got NaN)',
    ]);
  });
});
