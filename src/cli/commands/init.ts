/**
 * `salesops init [folder]`: create a workspace.
 * @module
 */
import { relative, resolve } from 'node:path';
import { Command } from 'commander';
import { initWorkspace } from '../../workspace/workspace.js';
import type { CommandContext } from '../context.js';

export function initCommand(context: CommandContext): Command {
  return new Command('init')
    .description('create a workspace: a commented salesops.yaml and an empty embedded database')
    .argument('[folder]', 'the folder to create (default: --workspace, else the current folder)')
    .option('--company <name>', 'company name written into salesops.yaml (default: the folder name)')
    .addHelpText(
      'after',
      `
Examples:
  $ salesops init acme
  $ salesops init acme --company "Acme Inc."
  $ DATABASE_URL=postgres://localhost/sales salesops init acme   # data in PostgreSQL, config in ./acme`,
    )
    .action(async (folder: string | undefined, options: { company?: string }, command: Command) => {
      const target = folder ? resolve(context.io.cwd, folder) : context.workspaceFolder(command);
      const result = await initWorkspace(target, {
        given: folder ?? target,
        company: options.company,
        databaseUrl: context.io.env.DATABASE_URL || undefined,
      });
      const shown = (path: string): string => relative(context.io.cwd, path) || '.';
      if (context.globals(command).format === 'json') {
        context.out(
          `${JSON.stringify({ folder: result.folder, created: result.created, store: result.storeLocation }, null, 2)}\n`,
        );
        return;
      }
      context.out(`Created workspace ${shown(result.folder)}\n`);
      for (const path of result.created.slice(result.created[0] === result.folder ? 1 : 0)) {
        context.out(`  ${shown(path)}\n`);
      }
      context.out(`Data: ${result.storeLocation}\n`);
      // The next commands name the new workspace as the user runs salesops, aligned before what they do.
      const commandLine = context.commandLine(command, shown(result.folder));
      const status = commandLine('salesops status');
      context.out(
        `\nNext: edit ${shown(result.folder)}/salesops.yaml (stages, segments, currency), then\n` +
          `  ${commandLine('salesops demo').padEnd(status.length)}   fill it with a realistic demo CRM\n` +
          `  ${status}   see what it holds\n`,
      );
    });
}
