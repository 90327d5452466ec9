import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandContext } from '../../src/cli/context.js';
import { invokedProgram } from '../../src/cli/io.js';
import { buildProgram } from '../../src/cli/main.js';
import type { IsoDate } from '../../src/domain/dates.js';
import { runCli, scratchFolder, unwrappedProblems } from './run-cli.js';

describe('invokedProgram: how the user ran salesops, as printed commands start', () => {
  it('is npx salesops when npm ran it: npx and npm exec (npm 11), npm start', () => {
    // What npm 11.19 sets for `npx salesops` and `npm exec salesops` in a clone (printed by a bin of its own).
    expect(
      invokedProgram({ npm_command: 'exec', npm_lifecycle_event: 'npx' }, '/c/.bin/salesops', '/c'),
    ).toBe('npx salesops');
    expect(
      invokedProgram({ npm_command: 'start', npm_lifecycle_event: 'start' }, '/c/bin/salesops.js', '/c'),
    ).toBe('npx salesops');
  });

  it('is salesops when run as the installed command, node and the path when Node ran the script', () => {
    expect(invokedProgram({}, '/usr/local/bin/salesops', '/home/ana')).toBe('salesops');
    expect(invokedProgram({}, '/src/salesops/bin/salesops.js', '/src/salesops')).toBe('node bin/salesops.js');
    expect(invokedProgram({}, '/src/my clone/bin/salesops.js', '/tmp')).toBe(
      "node '../src/my clone/bin/salesops.js'",
    );
  });
});

describe('the commands salesops prints start as the user ran it', () => {
  let scratch: ReturnType<typeof scratchFolder>;
  beforeEach(() => (scratch = scratchFolder()));
  afterEach(() => scratch.remove());
  const npx = (...args: string[]) => runCli(args, { cwd: scratch.path, program: 'npx salesops' });

  it('init and plan new: their next steps', async () => {
    const init = await npx('init', 'acme');
    expect(init.stdout).toContain(
      '  npx salesops demo --workspace acme     fill it with a realistic demo CRM\n' +
        '  npx salesops status --workspace acme   see what it holds\n',
    );
    const plan = await npx('plan', 'new', 'FY2028', '--from', 'empty', '--workspace', 'acme');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Next: npx salesops plan segment FY2028 --workspace acme\n');
    const segment = await npx('plan', 'segment', 'FY2028', '--workspace', 'acme');
    expect(unwrappedProblems(segment.stderr)).toContain(
      "fix: import your CRM's accounts (`npx salesops import --help`), or try a demo: " +
        '`npx salesops demo --workspace acme`\n',
    );
  });

  it('a folder that is not a workspace: lists the workspaces in it, and never suggests making it one', async () => {
    await npx('init', 'demo');
    await npx('init', 'sf');
    writeFileSync(join(scratch.path, 'package.json'), '{}');
    const run = await npx('status');
    expect(run.code).toBe(2);
    expect(unwrappedProblems(run.stderr)).toBe(
      `error: ${scratch.path} (the current folder: no --workspace was given) is not a salesops workspace: ` +
        'it has no salesops.yaml\n' +
        '  fix: point --workspace at a workspace folder (in it: demo, sf), e.g. --workspace demo, or create a new ' +
        'workspace in a folder of its own, e.g. `npx salesops init my-workspace`\n',
    );
  });

  it('an empty folder may become the workspace; a missing one may be created', async () => {
    mkdirSync(join(scratch.path, 'empty'));
    const empty = await npx('status', '--workspace', 'empty');
    expect(empty.stderr).toBe(
      `error: ${join(scratch.path, 'empty')} is not a salesops workspace: it has no salesops.yaml\n` +
        '  fix: point --workspace at your workspace folder, or make it one with `npx salesops init empty`\n',
    );
    const missing = await npx('status', '--workspace', 'nowhere');
    expect(missing.stderr).toBe(
      `error: ${join(scratch.path, 'nowhere')} is not a salesops workspace: it does not exist\n` +
        '  fix: create it with `npx salesops init nowhere`, or point --workspace at an existing workspace folder\n',
    );
  });
});

describe('the usage and the examples of every command help start as the user ran salesops', () => {
  /** Every command's words after `salesops`, subcommands included: `[]` for the program, `['plan', 'new']`. */
  function commandPaths(command: Command, path: string[] = []): string[][] {
    return [path, ...command.commands.flatMap((sub) => commandPaths(sub, [...path, sub.name()]))];
  }
  const silent = { write: () => undefined };
  const today = (): IsoDate => '2026-11-27' as IsoDate;
  const program = buildProgram(
    new CommandContext({ stdout: silent, stderr: silent, env: {}, cwd: '/', today }),
  );

  it('node bin/salesops.js, in the usage line and the examples of every command and subcommand', async () => {
    let runsSalesops = 0;
    for (const path of commandPaths(program)) {
      const run = await runCli([...path, '--help'], { cwd: '/', program: 'node bin/salesops.js' });
      expect(run.code).toBe(0);
      // Written to the run's I/O, as every output, its usage as the user runs salesops.
      expect(run.stdout, `salesops ${path.join(' ')} --help`).toMatch(/^Usage: node bin\/salesops\.js /);
      // What each example runs, after the prompt and any environment variables.
      const examples = run.stdout
        .split('\n')
        .flatMap((line) => /^ *\$ (?:[A-Z_]+=\S* )*(.*)$/.exec(line)?.[1] ?? []);
      for (const example of examples)
        expect(example, `salesops ${path.join(' ')} --help`).not.toMatch(/^salesops\b/);
      runsSalesops += examples.filter((example) => example.startsWith('node bin/salesops.js ')).length;
    }
    // Not none for want of examples: the commands show about a hundred.
    expect(runsSalesops).toBeGreaterThan(80);
  });

  it('as under npm: the aligned comments of the examples stay aligned', async () => {
    const run = await runCli(['winloss', '--help'], { cwd: '/', program: 'npx salesops' });
    expect(run.stdout).toContain(
      '  $ npx salesops winloss --by competitor --by loss_reason --period FY2026     # two breakdowns\n' +
        '  $ npx salesops winloss --by loss_reason,competitor --period FY2026          # loss reasons per competitor\n',
    );
  });
});
