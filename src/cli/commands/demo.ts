/**
 * `salesops demo`: fill an empty workspace with a realistic, reproducible demo CRM.
 * @module
 */
import { Command } from 'commander';
import type { IsoDate } from '../../domain/dates.js';
import { InputError, type CommandLine } from '../../domain/errors.js';
import type { EntityBatch } from '../../domain/entities.js';
import { segmentNames, type WorkspaceConfig } from '../../domain/workspace-config.js';
import { generateDemo } from '../../demo/generate-demo.js';
import { demoFiscalPeriods, type DemoOptions } from '../../demo/demo-options.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { CommandContext } from '../context.js';
import { parseCount, resolveAsOf } from '../io.js';
import { startProgress } from '../progress.js';
import { renderStatus, workspaceStatus } from './status.js';

export interface DemoSize {
  readonly reps: number;
  readonly opportunities: number;
  readonly seed: number;
}

export const DEFAULT_DEMO_SIZE: DemoSize = { reps: 60, opportunities: 20_000, seed: 1 };

/** The generator's options for a workspace: its stages, currency and the fiscal periods the demo spans. */
export function demoOptionsFor(config: WorkspaceConfig, size: DemoSize, asOf: IsoDate): DemoOptions {
  const segments = config.segments ? segmentNames(config.segments) : undefined;
  return {
    ...size,
    asOf,
    stages: config.stages,
    currency: config.currency,
    rampProfile: config.planning.capacity.rampProfile,
    // Known data-quality defects for `salesops audit` to find (docs/demo-data.md).
    defects: true,
    ...demoFiscalPeriods(config.fiscalCalendar, asOf),
    ...(segments ? { segments } : {}),
  };
}

/** Generates the demo into an empty workspace in one write (one transaction); refuses one that holds data. */
export async function fillDemo(
  workspace: Workspace,
  size: DemoSize,
  asOf: IsoDate,
  asRun: CommandLine,
  onProgress: (opportunities: number) => void = () => undefined,
): Promise<void> {
  const status = await workspace.store.status();
  if (status.dataVersion > 0) {
    throw new InputError({
      message: `${workspace.folder} already holds data (data version ${status.dataVersion}, ${status.counts.opportunities} opportunities); the demo fills an empty workspace`,
      fix: `create a new one with \`${asRun('salesops init <folder>')}\` and run the demo there`,
    });
  }
  const options = demoOptionsFor(workspace.config, size, asOf);
  let written = 0;
  function* tracked(): Generator<EntityBatch> {
    for (const batch of generateDemo(options)) {
      written += batch.opportunities.length;
      onProgress(written);
      yield batch;
    }
  }
  await workspace.store.write(tracked(), {
    source: 'demo',
    asOf,
    note: `salesops demo --seed ${size.seed} --reps ${size.reps} --opportunities ${size.opportunities}`,
  });
}

export function demoCommand(context: CommandContext): Command {
  return new Command('demo')
    .description(
      'fill an empty workspace with a realistic demo CRM (seeded: the same seed gives the same data)',
    )
    .option(
      '--reps <count>',
      'people on the sales team (VP, managers, AEs, AMs, ISRs, SDRs)',
      String(DEFAULT_DEMO_SIZE.reps),
    )
    .option(
      '--opportunities <count>',
      'opportunities to create, with their history',
      String(DEFAULT_DEMO_SIZE.opportunities),
    )
    .option('--seed <number>', 'random seed', String(DEFAULT_DEMO_SIZE.seed))
    .addHelpText(
      'after',
      `
The demo's "today" is --as-of (default: today); history runs three years back from it and open
pipeline closes up to two quarters after it. Pass --as-of to pin the data completely.

Examples:
  $ salesops demo --workspace acme
  $ salesops demo --workspace acme --reps 120 --opportunities 50000 --seed 7
  $ salesops demo --workspace big --opportunities 1000000 --as-of 2026-11-27`,
    )
    .action(async (options: { reps: string; opportunities: string; seed: string }, command: Command) => {
      const size: DemoSize = {
        reps: parseCount('--reps', options.reps, 3),
        opportunities: parseCount('--opportunities', options.opportunities, 1),
        seed: parseCount('--seed', options.seed, 0),
      };
      const asOf = resolveAsOf(context.globals(command), context.io);
      await context.withWorkspace(command, async (workspace) => {
        const progress = startProgress(context.io.stderr, 'Generating', size.opportunities);
        try {
          await fillDemo(workspace, size, asOf, context.asRun, (done) => progress.update(done));
        } finally {
          progress.stop();
        }
        // Build the columnar snapshot now, so that the first analysis does not pay for it.
        await context.loadDataset(workspace, { afterWrite: true });
        const status = await workspaceStatus(workspace);
        if (context.globals(command).format === 'json') context.out(`${JSON.stringify(status, null, 2)}\n`);
        else context.out(renderStatus(status, context.commandLine(command)));
        // --reps counts the team on the as-of day; reps who left before it come on top (docs/demo-data.md).
        const leavers = status.counts.reps - size.reps;
        context.note(
          `Demo: ${size.reps.toLocaleString('en-US')} people on the sales team on ${asOf} (--reps)` +
            (leavers > 0
              ? ` and ${leavers.toLocaleString('en-US')} who left before it, ${status.counts.reps.toLocaleString('en-US')} reps in all.`
              : '.'),
        );
      });
    });
}
