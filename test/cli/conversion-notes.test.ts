/**
 * How to read `salesops pipeline conversion`: one line in its JSON (as the HTTP API and the MCP tool return it),
 * wrapped into lines of at most 110 columns where the terminal and Markdown print it; the terminal's, under a
 * table without the reach of later stages (→Stage), leaves out what those columns mean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyWorkspace } from '../analytics-flows/tiny-workspace.js';
import { runCli, scratchFolder } from './run-cli.js';

const NOTES =
  'A stage is entered the first day a deal is at it or beyond: a skip (Discovery straight to Negotiation) passes ' +
  'through the stages between (counted in Skipped, with no days in them); stages before the one a deal was ' +
  'created in are not entered; a backward move (Back) undoes nothing. →Stage: share of the cohort that reached ' +
  'that later stage by the as-of date; Won/Lost/Open: where the cohort is now. Days: recorded days in the stage ' +
  'of deals that have left it.';

let scratch: ReturnType<typeof scratchFolder>;
const conversion = (...args: string[]) =>
  runCli(['--workspace', 'one-deal', '--as-of', '2026-11-27', 'pipeline', 'conversion', ...args], {
    cwd: scratch.path,
  });

beforeAll(async () => {
  scratch = scratchFolder();
  await runCli(['init', 'one-deal'], { cwd: scratch.path });
  await writeTinyWorkspace(
    `${scratch.path}/one-deal`,
    ['Ann'],
    [
      {
        id: 'A',
        steps: [
          { date: '2026-09-01', stage: 'Discovery', amount: 100_000, close: '2026-12-15', owner: 'Ann' },
        ],
      },
    ],
  );
});
afterAll(() => scratch.remove());

describe('the notes of salesops pipeline conversion', () => {
  it('are one line in the JSON', async () => {
    const run = await conversion('--format', 'json');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { notes: string }).notes).toBe(NOTES);
  });

  it('are wrapped at word boundaries within 110 columns in the table, continued two spaces in, without →Stage', async () => {
    const run = await conversion();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '\nA stage is entered the first day a deal is at it or beyond: a skip (Discovery straight to Negotiation) passes\n' +
        '  through the stages between (counted in Skipped, with no days in them); stages before the one a deal was\n' +
        '  created in are not entered; a backward move (Back) undoes nothing. Won/Lost/Open: where the cohort is now.\n' +
        '  Days: recorded days in the stage of deals that have left it.\n\n',
    );
    expect(run.stdout).not.toContain('→Stage: share');
    // The aging's title under them too, whose date and currency are of fixed width.
    expect(run.stdout).toContain(
      '\nOpen deals on 2026-11-27 by stage, any close date, positive amount: days in the stage, age since created, USD\n',
    );
  });

  it('explain →Stage in Markdown, which has those columns', async () => {
    const run = await conversion('--format', 'md');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '\nA stage is entered the first day a deal is at it or beyond: a skip (Discovery straight to Negotiation) passes\n' +
        '  through the stages between (counted in Skipped, with no days in them); stages before the one a deal was\n' +
        '  created in are not entered; a backward move (Back) undoes nothing. →Stage: share of the cohort that reached\n' +
        '  that later stage by the as-of date; Won/Lost/Open: where the cohort is now. Days: recorded days in the stage\n' +
        '  of deals that have left it.\n\n',
    );
  });
});
