import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { createStageModel, DEFAULT_STAGES } from '../domain/stage-model.js';
import { OUTCOME } from './deal-facts.js';
import { stageCodes } from './flow-basis.js';

const MODEL = createStageModel(DEFAULT_STAGES);

describe('stageCodes', () => {
  it('reads label codes met in any order through the stage model, ranking open stages then won', () => {
    // Codes as a store that met Closed Won first would number them; names matched ignoring case and spacing.
    const codes = stageCodes(['', 'Closed Won', 'proposal', 'Closed  Lost', 'Qualification'], MODEL);
    expect(Array.from(codes.outcome)).toEqual([
      OUTCOME.none,
      OUTCOME.won,
      OUTCOME.open,
      OUTCOME.lost,
      OUTCOME.open,
    ]);
    expect(Array.from(codes.progressRank)).toEqual([-1, 5, 2, -1, 0]);
    expect(codes.openStageNames).toEqual(['Qualification', 'Discovery', 'Proposal', 'Negotiation', 'Commit']);
    expect(codes.wonRank).toBe(5);
    expect(codes.name).toEqual(['', 'Closed Won', 'Proposal', 'Closed Lost', 'Qualification']);
  });

  it('refuses stages the model does not know, naming them and the fix', () => {
    const read = () => stageCodes(['', 'Discovery', 'Closed - Duplicate'], MODEL);
    expect(read).toThrow(InputError);
    expect(read).toThrow('the data holds stage the stage model does not know: "Closed - Duplicate"');
    expect(read).toThrow('add it to stages in salesops.yaml');
  });
});
