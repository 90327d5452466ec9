/**
 * `salesops quickstart` (what `npm start` runs): create the demo workspace if it is missing, then summarise it.
 * @module
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { initWorkspace, openWorkspace, WORKSPACE_FILES } from '../../workspace/workspace.js';
import type { CommandContext } from '../context.js';
import { resolveAsOf } from '../io.js';
import { startProgress } from '../progress.js';
import { DEFAULT_DEMO_SIZE, fillDemo } from './demo.js';
import { renderStatus, workspaceStatus } from './status.js';

export function quickstartCommand(context: CommandContext): Command {
  return new Command('quickstart')
    .description('create ./demo (a workspace with a realistic demo CRM) if it is missing, and summarise it')
    .argument('[folder]', 'where the demo workspace lives', 'demo')
    .addHelpText(
      'after',
      `
Examples:
  $ npm start                    # runs: salesops quickstart
  $ salesops quickstart demo2 --as-of 2026-10-01`,
    )
    .action(async (folder: string, _options: unknown, command: Command) => {
      const target = resolve(context.io.cwd, folder);
      const shown = relative(context.io.cwd, target) || '.';
      const databaseUrl = context.io.env.DATABASE_URL || undefined;
      const asOf = resolveAsOf(context.globals(command), context.io);
      const fresh = !existsSync(join(target, WORKSPACE_FILES.config));
      if (fresh) {
        context.note(`Creating the demo workspace ${shown} (as of ${asOf})...`);
        await initWorkspace(target, { company: 'Demo Co', databaseUrl });
      } else {
        context.note(`Using the existing demo workspace ${shown} (delete the folder to regenerate it).`);
      }
      const workspace = await openWorkspace(target, { databaseUrl });
      try {
        if (fresh) {
          const progress = startProgress(context.io.stderr, 'Generating', DEFAULT_DEMO_SIZE.opportunities);
          try {
            await fillDemo(workspace, DEFAULT_DEMO_SIZE, asOf, (done) => progress.update(done));
          } finally {
            progress.stop();
          }
          await context.loadDataset(workspace);
        }
        context.out(renderStatus(await workspaceStatus(workspace)));
        context.out(
          `\nTry:\n  npx salesops status --workspace ${shown} --format json\n  npx salesops config check --workspace ${shown}\n`,
        );
      } finally {
        await workspace.close();
      }
    });
}
