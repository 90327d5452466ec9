import { describe, expect, it } from 'vitest';
import { problemsOf } from '../../test/problems-of.js';
import { parseScenarios } from './modelling.js';

const FIX = 'write percentiles of history from p1 to p99, e.g. p10,p50,p90';

describe('parseScenarios', () => {
  it('reads percentiles of history, in any case and spacing', () => {
    expect(parseScenarios('p10, P50,p99')).toEqual(
      [
        ['p10', 0.1],
        ['p50', 0.5],
        ['p99', 0.99],
      ].map(([name, percentile]) => ({
        name,
        percentile,
        attainment: null,
        source: `history: each role's ${name} of attainment in past periods`,
      })),
    );
  });

  it('refuses every name that is not one of p1 to p99 at once, with the one meant where it is close', () => {
    // "10" and "p0" are one edit from p10 and p1; "median" is close to no name, an empty entry to none either.
    expect(problemsOf(() => parseScenarios('10,p50,median,p0,'))).toEqual(
      [
        '"10" is not a scenario; did you mean p10?',
        '"median" is not a scenario',
        '"p0" is not a scenario; did you mean p1?',
        '"" is not a scenario',
      ].map((message) => ({ message, fix: FIX })),
    );
  });
});
