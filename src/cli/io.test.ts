import { describe, expect, it } from 'vitest';
import { unknownChoice } from './io.js';

const MODELS = ['auto', 'stage_weighted', 'deal', 'all'];

describe('unknownChoice', () => {
  it('refuses the value at the flag, listing the choices, with the ones it is a slip for', () => {
    expect(unknownChoice('--model', ' deals', MODELS).problems).toEqual([
      {
        message: '" deals" is not one of auto, stage_weighted, deal, all',
        location: { field: '--model' },
        fix: 'did you mean --model deal?',
      },
    ]);
    // A part of a choice, 3 letters at least.
    expect(unknownChoice('--model', 'weighted', MODELS).problems[0]?.fix).toBe(
      'did you mean --model stage_weighted?',
    );
  });

  it('offers no choice two edits from a short value (xml is not all), but passes the first', () => {
    expect(unknownChoice('--model', 'xml', MODELS).problems[0]?.fix).toBe(
      'pass one of them, e.g. --model auto',
    );
    expect(unknownChoice('--model', 'xml', MODELS, 'leave --model out for auto').problems[0]?.fix).toBe(
      'leave --model out for auto',
    );
  });

  it('ends either fix with the help to read', () => {
    const help = 'see `salesops --help`';
    expect(unknownChoice('--format', 'mdd', ['table', 'md'], undefined, help).problems[0]?.fix).toBe(
      'did you mean --format md? (see `salesops --help`)',
    );
    expect(unknownChoice('--format', 'xml', ['table', 'md'], undefined, help).problems[0]?.fix).toBe(
      'pass one of them, e.g. --format table; see `salesops --help`',
    );
  });
});
