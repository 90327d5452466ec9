/**
 * The shared workflows' problems in the tools' words: the argument named once, the fixes' CLI syntax as the
 * argument's JSON shape, and the commands a fix suggests run in the served workspace. Each case is the shared
 * code's own error, so a reworded message or fix fails here.
 */
import { describe, expect, it } from 'vitest';
import { DIMENSION_IDS, parseDimensions } from '../../src/analytics/dimensions.js';
import { parseMetricIds } from '../../src/analytics/metric-registry.js';
import { InputError, type Problem } from '../../src/domain/errors.js';
import { argumentName, inToolWords, toolFix } from '../../src/mcp/tool-words.js';
import { parseOpportunitySort } from '../../src/services/opportunities.js';
import { parseBreakdowns } from '../../src/services/winloss.js';

const FOLDER = '/srv/acme';

/** The one problem `work` throws, in the tools' words. */
function problemOf(work: () => unknown): Problem {
  try {
    work();
  } catch (error) {
    if (error instanceof InputError && error.problems.length === 1)
      return inToolWords(error.problems[0]!, FOLDER);
    throw error;
  }
  throw new Error('no InputError');
}

describe('argumentName', () => {
  it('names a flag or a positional argument as the tools do', () => {
    expect(argumentName('--stale-days')).toBe('staleDays');
    expect(argumentName('<payee>')).toBe('payee');
    expect(argumentName('period')).toBe('period');
  });
});

describe('inToolWords', () => {
  it('names an unknown dimension at by once, and several as the array by takes', () => {
    expect(problemOf(() => parseDimensions(['ownr']))).toEqual({
      message: '"ownr" is not a dimension; did you mean owner?',
      location: { field: 'by' },
      fix: `split by any of: ${DIMENSION_IDS.join(', ')} (several: "by": ["owner", "fiscal_quarter"])`,
    });
  });

  it("speaks of win/loss's by as entries, each a breakdown", () => {
    const unknown = problemOf(() => parseBreakdowns(['segmnt']));
    expect(unknown.location).toEqual({ field: 'by' });
    expect(unknown.message).toBe('"segmnt" is not a dimension; did you mean segment?');
    expect(unknown.fix).toMatch(
      /; commas inside one entry cross dimensions \("by": \["competitor,segment"\]\), another entry adds a breakdown$/,
    );
    expect(problemOf(() => parseBreakdowns(['owner,owner']))).toEqual({
      message: '"owner,owner" names owner twice',
      location: { field: 'by' },
      fix: 'name each dimension once in an entry of "by"',
    });
  });

  it('gives sort keys as the array sort takes', () => {
    expect(problemOf(() => parseOpportunitySort('amont', 'sort'))).toEqual({
      message: 'key "amont" is not a field opportunities sort by',
      location: { field: 'sort' },
      fix: 'did you mean amount? sort by closeDate, createdDate, amount, one key an entry, each with - before it for descending (e.g. "sort": ["-amount", "closeDate"])',
    });
  });

  it('points at the tool that lists the metrics rather than the command', () => {
    expect(problemOf(() => parseMetricIds(['win_rat'])).fix).toBe('salesops_list_metrics lists every metric');
  });

  it('leaves a message that does not start with its argument as it is', () => {
    const problem = { message: '"X" is not a stage', location: { field: 'stage' }, fix: 'use one of: A, B' };
    expect(inToolWords(problem, FOLDER)).toEqual(problem);
  });
});

describe('toolFix', () => {
  it('runs a command that ends a fix in the served workspace', () => {
    expect(
      toolFix('run it first: salesops comp run --period FY2027-M04 --plans <folder of plans>', FOLDER),
    ).toBe(
      'run it first: salesops comp run --period FY2027-M04 --plans <folder of plans> --workspace /srv/acme',
    );
  });

  it('runs every command in backquotes there, the folder quoted for the shell when it must be', () => {
    expect(
      toolFix(
        'import them with `salesops import quotas.csv` (other headers: `salesops mapping suggest quotas.csv`)',
        "/srv/Bob's deals",
      ),
    ).toBe(
      "import them with `salesops import quotas.csv --workspace '/srv/Bob'\\''s deals'` (other headers: `salesops mapping suggest quotas.csv --workspace '/srv/Bob'\\''s deals'`)",
    );
  });

  it('points at the comp run tool for the payees of a run', () => {
    expect(toolFix("give a payee's rep id; salesops comp run --period FY2027-M03 lists them", FOLDER)).toBe(
      'give a payee\'s rep id; salesops_comp_run with "period": "FY2027-M03" lists them',
    );
  });

  it('leaves a fix without CLI syntax as it is', () => {
    expect(toolFix('give a fiscal quarter, e.g. FY2026-Q4 (or a fiscal month or year)', FOLDER)).toBe(
      'give a fiscal quarter, e.g. FY2026-Q4 (or a fiscal month or year)',
    );
  });
});
