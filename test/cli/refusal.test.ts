import { describe, expect, it } from 'vitest';
import { refusalProblems } from './refusal.js';

describe('refusalProblems', () => {
  it("joins a problem's wrapped lines back to it and drops each fix with its wrapped and YAML lines", () => {
    const stderr = [
      'error: /srv/a folder with a long name/salesops.yaml line 12 stages[3].probability: must be a number between',
      '    0 and 1 (got "high")',
      '  fix: write the probability as a fraction, e.g. 0.4, or leave it out for the default of its stage, as',
      '    `salesops config check --workspace acme` shows',
      '--by "ownr" is not a dimension; did you mean owner?',
      '  fix: paste this into salesops.yaml:',
      '    stages:',
      '      - name: Won',
      '--as-of must be a calendar date YYYY-MM-DD (got "2026-02-30")',
      '',
    ].join('\n');
    expect(refusalProblems({ code: 2, stdout: '', stderr })).toEqual([
      'error: /srv/a folder with a long name/salesops.yaml line 12 stages[3].probability: must be a number between ' +
        '0 and 1 (got "high")',
      '--by "ownr" is not a dimension; did you mean owner?',
      '--as-of must be a calendar date YYYY-MM-DD (got "2026-02-30")',
    ]);
  });
});
