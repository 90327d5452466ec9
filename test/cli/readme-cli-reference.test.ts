/**
 * The README's CLI reference against the CLI itself: every command and subcommand `--help` lists is in the
 * reference, every `forecast --model` choice is in its row, and the Forecast section's sample output is, line for
 * line, what the report prints on the demo workspace the README names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

let scratch: ReturnType<typeof scratchFolder>;
beforeAll(() => {
  scratch = scratchFolder();
});
afterAll(() => scratch.remove());

/** The command names under "Commands:" of a `--help` (aliases such as `snapshots|accuracy` give the first). */
async function commandsOf(...path: string[]): Promise<string[]> {
  const run = await runCli([...path, '--help'], { cwd: scratch.path });
  expect(run.code).toBe(0);
  const section = run.stdout.split('\nCommands:\n')[1] ?? '';
  return section
    .split('\n')
    .filter((line) => /^ {2}[a-z]/.test(line))
    .map((line) => (line.trim().split(/[\s|]/)[0] ?? '').trim())
    .filter((name) => name !== 'help');
}

describe('README CLI reference', () => {
  it('names every command and subcommand of the CLI', async () => {
    const missing: string[] = [];
    let checked = 0;
    for (const command of await commandsOf()) {
      const subcommands = await commandsOf(command);
      const names = subcommands.length > 0 ? subcommands.map((sub) => `${command} ${sub}`) : [command];
      checked += names.length;
      for (const name of names) if (!README.includes(`salesops ${name}`)) missing.push(name);
    }
    expect(missing).toEqual([]);
    // init, demo, status, config check, ..., the plan steps and the comp commands.
    expect(checked).toBeGreaterThan(30);
  });

  it('lists every --model choice of salesops forecast in its row', async () => {
    const help = (await runCli(['forecast', '--help'], { cwd: scratch.path })).stdout.replace(/\s+/g, ' ');
    const choices = /--model <model> ([a-z_, ]+) \(auto:/.exec(help)?.[1]?.split(', ') ?? [];
    expect(choices.length).toBeGreaterThan(3);
    const row = README.split('\n').find((line) => line.startsWith('| `salesops forecast [--period'));
    const listed = /--model ([a-z_\\|]+)\]/.exec(row ?? '')?.[1]?.split('\\|') ?? [];
    expect(listed).toEqual(choices);
  });

  it("shows the start of the Sales Forecast exactly as the README's command prints it on the demo it names", async () => {
    const demoArgs = /\(`salesops demo (--reps \d+ --opportunities \d+ --seed \d+ --as-of [\d-]+)`\)/.exec(
      README,
    )?.[1];
    expect(demoArgs).toBeDefined();
    expect((await runCli(['init', 'sample'], { cwd: scratch.path })).code).toBe(0);
    // Run in the workspace's folder, as the README's `salesops forecast --as-of ...` is.
    const cwd = { cwd: join(scratch.path, 'sample') };
    const args = (demoArgs ?? '').split(' ');
    expect((await runCli(['demo', ...args], cwd)).code).toBe(0);
    const forecastArgs = /`salesops (forecast --as-of [\d-]+)` prints in its folder:\n\n```\n/.exec(README);
    expect(forecastArgs?.[1]).toBe(`forecast --as-of ${args[args.indexOf('--as-of') + 1]}`);
    const start = (forecastArgs?.index ?? 0) + (forecastArgs?.[0].length ?? 0);
    const sample = README.slice(start, README.indexOf('```\n', start)).split('\n').slice(0, -1);
    expect(sample.length).toBeGreaterThan(20);
    const report = await runCli((forecastArgs?.[1] ?? '').split(' '), cwd);
    expect(report.code).toBe(0);
    expect(report.stdout.split('\n').slice(0, sample.length)).toEqual(sample);
  }, 120_000);
});
