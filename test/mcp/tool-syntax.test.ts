/**
 * The shared parsers write a tool's problems in the tools' syntax (TOOL_SYNTAX) the first time: the argument
 * named once, as the location, its values as JSON, and the commands a fix suggests run in the served workspace.
 * Each case is the shared code's own error; the same parsers' command-line and API wording is held by their own
 * tests (src/analytics, test/cli, test/server).
 */
import { describe, expect, it } from 'vitest';
import { parseDimensions } from '../../src/analytics/dimensions.js';
import { parseMetricIds } from '../../src/analytics/metric-registry.js';
import { parseAnalysisPeriod } from '../../src/analytics/periods.js';
import { type IsoDate } from '../../src/domain/dates.js';
import { FLAG_SYNTAX } from '../../src/domain/errors.js';
import { createFiscalCalendar } from '../../src/domain/fiscal-calendar.js';
import { inWorkspace, TOOL_SYNTAX } from '../../src/mcp/tool.js';
import { parseOpportunitySort } from '../../src/services/opportunities.js';
import { changesWindow } from '../../src/services/pipeline.js';
import { parseBreakdowns } from '../../src/services/winloss.js';
import { problemsOf } from '../problems-of.js';

const day = (text: string) => text as IsoDate;

describe('TOOL_SYNTAX', () => {
  it('names an unknown dimension at by once, and several as the array by takes', () => {
    expect(problemsOf(() => parseDimensions(['ownr'], TOOL_SYNTAX))).toEqual([
      {
        message: '"ownr" is not a dimension; did you mean owner?',
        location: { field: 'by' },
        fix:
          'split by any of these dimensions (several: "by": ["owner", "fiscal_quarter"]): owner, manager, team, ' +
          'segment, region, territory, source, type, product, size_band, stage, forecast_category, competitor, ' +
          'loss_reason, industry, tier, fiscal_month, fiscal_quarter, fiscal_year',
      },
    ]);
    expect(problemsOf(() => parseDimensions(['owner', 'rep'], TOOL_SYNTAX))).toEqual([
      { message: 'names owner twice', location: { field: 'by' }, fix: 'name each dimension once' },
    ]);
  });

  it("speaks of win/loss's by as entries, each a breakdown", () => {
    const [unknown] = problemsOf(() => parseBreakdowns(['segmnt'], TOOL_SYNTAX));
    expect(unknown).toMatchObject({
      message: '"segmnt" is not a dimension; did you mean segment?',
      location: { field: 'by' },
    });
    expect(unknown!.fix).toMatch(
      /^split by any of these dimensions, commas crossing them \("by": \["competitor,segment"\]\): owner, .*, stage_lost_at, .*; another entry of "by" adds a breakdown$/,
    );
    expect(problemsOf(() => parseBreakdowns(['owner,owner'], TOOL_SYNTAX))).toEqual([
      {
        message: '"owner,owner" names owner twice',
        location: { field: 'by' },
        fix: 'name each dimension once in an entry of "by"',
      },
    ]);
  });

  it('places a period that is not one at period', () => {
    const calendar = createFiscalCalendar({ startMonth: 2 });
    expect(problemsOf(() => parseAnalysisPeriod('FY2027-Q5', calendar, TOOL_SYNTAX))).toEqual([
      {
        message: '"FY2027-Q5" is not a period: a fiscal year has quarters Q1-Q4, not Q5',
        location: { field: 'period' },
        fix: 'write a fiscal year, quarter or month (FY2026, FY2026-Q3, FY2026-M07) or dates 2026-07-01..2026-09-30',
      },
    ]);
  });

  it('gives the waterfall dates as JSON arguments', () => {
    expect(
      problemsOf(() =>
        changesWindow({ from: day('2026-10-08'), to: day('2026-10-01') }, day('2026-11-27'), TOOL_SYNTAX),
      ),
    ).toEqual([
      {
        message: '2026-10-08 is after to 2026-10-01',
        location: { field: 'from' },
        fix: 'give the earlier date as from, e.g. "from": "2026-10-01" "to": "2026-10-08"',
      },
    ]);
  });

  it('gives sort keys as the array sort takes', () => {
    expect(problemsOf(() => parseOpportunitySort('amont', TOOL_SYNTAX))).toEqual([
      {
        message: 'key "amont" is not a field opportunities sort by',
        location: { field: 'sort' },
        fix: 'did you mean amount? sort by closeDate, createdDate, amount, one to an entry, each with - before it for descending (e.g. ["-amount", "closeDate"])',
      },
    ]);
  });

  it('points at the tool that lists the metrics when given it', () => {
    expect(problemsOf(() => parseMetricIds(['win_rat'], 'salesops_list_metrics'))[0]!.fix).toBe(
      'salesops_list_metrics lists every metric',
    );
  });
});

describe('FLAG_SYNTAX', () => {
  it('names a camelCase argument as its flag, in the message and in the example', () => {
    expect(FLAG_SYNTAX.name('asOf')).toBe('--as-of');
    expect(FLAG_SYNTAX.problem('asOf', 'is wrong', 'pass it')).toEqual({
      message: '--as-of is wrong',
      fix: 'pass it',
    });
    expect(FLAG_SYNTAX.give('by', ['owner', 'segment'])).toBe('--by owner,segment');
  });
});

describe('inWorkspace', () => {
  const FOLDER = '/srv/acme';

  it('runs each command of a fix in the served workspace, the flag in its backquotes and not after the fix', () => {
    expect(
      inWorkspace('activate one: `salesops plan activate FY2028` (see `salesops plan list`)', FOLDER),
    ).toBe(
      'activate one: `salesops plan activate FY2028 --workspace /srv/acme` ' +
        '(see `salesops plan list --workspace /srv/acme`)',
    );
    // requireCompRun's fix in a workspace without the default comp-plans folder: the plans' folder is in words.
    expect(
      inWorkspace(
        'run it first: `salesops comp run --period FY2027-M04`, adding --plans and the folder of your plan files ' +
          '(the workspace has no comp-plans folder)',
        FOLDER,
      ),
    ).toBe(
      'run it first: `salesops comp run --period FY2027-M04 --workspace /srv/acme`, adding --plans and the folder ' +
        'of your plan files (the workspace has no comp-plans folder)',
    );
  });

  it("puts the flag before the redirection of a command's output", () => {
    expect(
      inWorkspace('describe it: `salesops mapping suggest deals.csv > mapping.yaml`, then', FOLDER),
    ).toBe('describe it: `salesops mapping suggest deals.csv --workspace /srv/acme > mapping.yaml`, then');
  });

  it('runs every command in backquotes there, the folder quoted for the shell when it must be', () => {
    expect(
      inWorkspace(
        'import them with `salesops import quotas.csv` (other headers: `salesops mapping suggest quotas.csv`)',
        "/srv/Bob's deals",
      ),
    ).toBe(
      "import them with `salesops import quotas.csv --workspace '/srv/Bob'\\''s deals'` (other headers: `salesops mapping suggest quotas.csv --workspace '/srv/Bob'\\''s deals'`)",
    );
  });

  it('leaves a fix without a command as it is', () => {
    expect(inWorkspace('give a fiscal quarter, e.g. FY2026-Q4 (or a fiscal month or year)', FOLDER)).toBe(
      'give a fiscal quarter, e.g. FY2026-Q4 (or a fiscal month or year)',
    );
  });
});
