import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from './refusal.js';
import { runCli, scratchFolder, unwrappedProblems } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

/**
 * The whole of stderr: one `error:` and one `fix:`, as every salesops error prints, each wrapped within 110
 * columns (and given here as one line).
 */
async function refused(...args: string[]): Promise<{ error: string; fix: string }> {
  const stderr = refusal(await cli(...args));
  expect(stderr.split('\n').filter((line) => line.length > 110)).toEqual([]);
  const lines = unwrappedProblems(stderr).trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[1]).toMatch(/^ {2}fix: /);
  return { error: lines[0] ?? '', fix: lines[1] ?? '' };
}

describe("Commander's parse errors print like every salesops error", () => {
  it('an unknown option names the closest option, the valid ones and the --help to read', async () => {
    const close = await refused('plan', 'new', 'next', '--yaer', '2028');
    expect(close.error).toBe('error: unknown option --yaer for `salesops plan new`');
    expect(close.fix).toContain('did you mean --year?');
    expect(close.fix).toContain('`salesops plan new` takes --from, --year, and the global options');
    expect(close.fix).toContain('see `salesops plan new --help`');

    const far = await refused('status', '--bogus');
    expect(far.error).toBe('error: unknown option --bogus for `salesops status`');
    expect(far.fix).toBe(
      '  fix: `salesops status` takes only the global options --workspace, --format, --as-of; see `salesops status --help`',
    );
  });

  it('an invalid --format is refused as a command refuses its own flags: the choices, the closest one', async () => {
    const run = await refused('status', '--format', 'mdd');
    expect(run.error).toBe('error: --format: "mdd" is not one of table, json, csv, md, html');
    expect(run.fix).toBe('  fix: did you mean --format md? (see `salesops --help`)');
    const far = await refused('status', '--format', 'spreadsheet');
    expect(far.fix).toBe('  fix: pass one of them, e.g. --format table; see `salesops --help`');
  });

  it('a missing argument or option value says what to give', async () => {
    const missing = await refused('import');
    expect(missing.error).toBe('error: `salesops import` needs its files argument');
    expect(missing.fix).toBe(
      '  fix: run it as `salesops import [options] <files...>`; see `salesops import --help`',
    );

    const noValue = await refused('status', '--as-of');
    expect(noValue.error).toBe('error: --as-of needs a value');
    expect(noValue.fix).toContain('give it as --as-of <date>');

    const required = await refused('comp', 'run');
    expect(required.error).toBe('error: `salesops comp run` needs --period');
    expect(required.fix).toMatch(
      /^ {2}fix: give it as --period <period> \(.+\); see `salesops comp run --help`$/,
    );

    const noChoice = await refused('import', 'deals.csv', '--date-order');
    expect(noChoice.fix).toBe('  fix: give --date-order one of dmy, mdy; see `salesops import --help`');
  });

  it('an unknown command or an extra argument names the commands and the usage', async () => {
    const typo = await refused('metrcs');
    expect(typo.error).toBe('error: unknown command "metrcs" for `salesops`');
    expect(typo.fix).toBe('  fix: did you mean `salesops metrics`? (see `salesops --help`)');

    const sub = await refused('plan', 'nwe');
    expect(sub.fix).toBe('  fix: did you mean `salesops plan new`? (see `salesops plan --help`)');

    const unknown = await refused('frobnicate');
    expect(unknown.fix).toMatch(/^ {2}fix: the commands are init, demo, status, .*; see `salesops --help`$/);

    const extra = await refused('status', 'extra');
    expect(extra.error).toBe('error: too many arguments for `salesops status`: it takes none');
    expect(extra.fix).toBe('  fix: run it as `salesops status [options]`; see `salesops status --help`');
  });

  it('help and version still succeed', async () => {
    const version = await cli('--version');
    expect(version.code).toBe(0);
    expect(version.stdout).toBe('0.1.0\n');
    const help = await cli('plan', 'new', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: salesops plan new');
  });

  it('name the commands as the user runs salesops: `npx salesops` under npm', async () => {
    const npx = async (...args: string[]) => {
      const run = await runCli(args, { cwd: scratch.path, program: 'npx salesops' });
      expect(run.code).toBe(2);
      return run.stderr;
    };
    expect(await npx('plan', 'new', 'next', '--yaer', '2028')).toBe(
      'error: unknown option --yaer for `npx salesops plan new`\n' +
        '  fix: did you mean --year? (`npx salesops plan new` takes --from, --year, and the global options --workspace,\n' +
        '    --format, --as-of; see `npx salesops plan new --help`)\n',
    );
    expect(await npx('plan', 'nwe')).toBe(
      'error: unknown command "nwe" for `npx salesops plan`\n' +
        '  fix: did you mean `npx salesops plan new`? (see `npx salesops plan --help`)\n',
    );
    expect(await npx('import')).toBe(
      'error: `npx salesops import` needs its files argument\n' +
        '  fix: run it as `npx salesops import [options] <files...>`; see `npx salesops import --help`\n',
    );
    expect(await npx('status', '--format', 'mdd')).toBe(
      'error: --format: "mdd" is not one of table, json, csv, md, html\n' +
        '  fix: did you mean --format md? (see `npx salesops --help`)\n',
    );
  });
});
