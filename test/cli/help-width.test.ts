/**
 * The help of salesops and of every command and subcommand within the terminal's 110 columns, as the installed
 * `salesops` and as `npx salesops` print it: long option descriptions and definitions wrapped under themselves,
 * long examples continued on a second line.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CommandContext } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/main.js';
import type { IsoDate } from '../../src/domain/dates.js';
import { runCli } from './run-cli.js';

/** A command's words after `salesops` and those of each of its subcommands: `['comp']`, `['comp', 'run']`. */
function commandPaths(command: Command, path: string[]): string[][] {
  return [path, ...command.commands.flatMap((sub) => commandPaths(sub, [...path, sub.name()]))];
}

const silent = { write: () => undefined };
const program = buildProgram(
  new CommandContext({
    stdout: silent,
    stderr: silent,
    env: {},
    cwd: '/',
    today: () => '2026-11-27' as IsoDate,
  }),
);
// The program itself (`salesops --help`, path []) and every command under it, as commander holds them.
const paths = commandPaths(program, []);

describe('help within 110 columns', () => {
  it('covers salesops and every command and subcommand', () => {
    const named = paths.map((path) => path.join(' '));
    expect(named).toEqual(
      expect.arrayContaining([
        '',
        'forecast adjust',
        'pipeline conversion',
        'route',
        'mcp',
        'plan quotas',
        'users add',
      ]),
    );
  });

  it.each(['salesops', 'npx salesops'])('as %s runs it', async (invoked) => {
    // Every line too wide, after the command whose help prints it, so that one run names them all.
    const wide: string[] = [];
    for (const path of paths) {
      const run = await runCli([...path, '--help'], { cwd: '/', program: invoked });
      expect(run.code, `${[invoked, ...path].join(' ')} --help`).toBe(0);
      const lines = run.stdout.split('\n').filter((line) => line.length > 110);
      wide.push(...lines.map((line) => `${[invoked, ...path].join(' ')} --help: ${line}`));
    }
    expect(wide).toEqual([]);
  });

  it('continues the long example of forecast adjust on a line that still pastes as one command', async () => {
    const run = await runCli(['forecast', 'adjust', '--help'], { cwd: '/' });
    expect(run.stdout).toContain(
      '  $ salesops forecast adjust --period FY2027-Q4 --rep REP-0020 --manager REP-0042 \\\n' +
        '      --category best_case --amount 450000 --note "pilot extended"\n',
    );
    // The rep ids the flags take are listed by salesops reps, which the examples show last.
    expect(run.stdout.replace(/\s+/g, ' ')).toContain("by the CRM's user id (salesops reps lists them)");
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('by rep id (salesops reps lists them)');
    expect(run.stdout).toContain('"pilot extended"\n  $ salesops reps\n');
    expect(run.stdout).toContain(
      '  --period <period>  the period adjusted: a fiscal period, e.g. FY2026-Q4 (default: the fiscal quarter of\n' +
        '                     --as-of)\n',
    );
  });
});
