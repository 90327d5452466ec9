/**
 * `salesops metrics --by manager` shows its roll-up: manager rows include their reports' rows, so the table
 * indents each manager beneath the one they report to and says the rows do not add up; JSON and CSV give
 * the level. On the named dataset: Vera (VP) over Mia and Max; FY2026-Q3 closed won Mia 150,000, Max 20,000.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_AS_OF, writeNamedWorkspace } from './named-workspace.js';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeAll(async () => {
  scratch = scratchFolder();
  await writeNamedWorkspace(join(scratch.path, 'named'));
});
afterAll(() => scratch.remove());

const wonByManager = (format: string) =>
  runCli(['metrics', 'closed_won', '--by', 'manager', '--period', 'FY2026-Q3', '--format', format], {
    cwd: join(scratch.path, 'named'),
    today: NAMED_AS_OF,
  }).then((run) => {
    expect(run.code, run.stderr).toBe(0);
    return run.stdout;
  });

describe('salesops metrics --by manager', () => {
  it('indents each manager beneath the one they report to and says manager rows do not add up', async () => {
    const table = await wonByManager('table');
    expect(table.split('\n').slice(2, 7)).toEqual([
      'Manager  Closed won',
      '───────  ──────────',
      'Vera       $170,000',
      '  Max       $20,000',
      '  Mia      $150,000',
    ]);
    expect(table).toContain(
      "  Manager rows roll up: each manager's row includes the rows of everyone reporting to them (indented beneath),\n" +
        '    so the top manager holds the whole team and manager rows do not add up to a total.',
    );
  });

  it('gives each row its level in JSON (same document shape) and CSV', async () => {
    const json = JSON.parse(await wonByManager('json')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['asOf', 'period', 'metrics', 'rows']));
    expect(json.rows).toEqual([
      { manager: 'Max', level: 1, closed_won: 20_000 },
      { manager: 'Mia', level: 1, closed_won: 150_000 },
      { manager: 'Vera', level: 0, closed_won: 170_000 },
    ]);
    expect(await wonByManager('csv')).toBe(
      'manager,level,closed_won\r\nMax,1,20000\r\nMia,1,150000\r\nVera,0,170000\r\n',
    );
  });

  it('adds no level and no note to other splits', async () => {
    const run = await runCli(
      ['metrics', 'closed_won', '--by', 'team', '--period', 'FY2026-Q3', '--format', 'json'],
      { cwd: join(scratch.path, 'named'), today: NAMED_AS_OF },
    );
    expect((JSON.parse(run.stdout) as { rows: unknown[] }).rows).toEqual([
      { team: 'East', closed_won: 150_000 },
      { team: 'West', closed_won: 20_000 },
    ]);
  });
});
