/**
 * A small seeded demo workspace for the forecast's CLI, snapshot and browser tests: 12 reps and 1,500 deals
 * generated as of 2026-11-27 (in FY2027-Q4 of the demo's fiscal calendar), and every command run as of that day.
 * @module
 */
import { join } from 'node:path';
import { type CliRun, runCli, scratchFolder } from './run-cli.js';

export const FORECAST_AS_OF = '2026-11-27';

export interface ForecastWorkspace {
  readonly folder: string;
  /** Runs salesops on the workspace as of {@link FORECAST_AS_OF} (a later `--as-of` in `args` wins). */
  cli(args: readonly string[], env?: Record<string, string>): Promise<CliRun>;
  remove(): void;
}

export async function forecastWorkspace(): Promise<ForecastWorkspace> {
  const scratch = scratchFolder();
  const folder = join(scratch.path, 'small');
  const cli = (args: readonly string[], env: Record<string, string> = {}) =>
    runCli(['--workspace', folder, '--as-of', FORECAST_AS_OF, ...args], {
      cwd: scratch.path,
      env: { SALESOPS_USER: 'test-user', ...env },
    });
  for (const args of [
    ['init', 'small'],
    [
      'demo',
      '--workspace',
      'small',
      '--reps',
      '12',
      '--opportunities',
      '1500',
      '--seed',
      '5',
      '--as-of',
      FORECAST_AS_OF,
    ],
  ]) {
    const run = await runCli(args, { cwd: scratch.path });
    if (run.code !== 0) throw new Error(`salesops ${args.join(' ')} failed: ${run.stderr}`);
  }
  return { folder, cli, remove: scratch.remove };
}
