/**
 * `salesops config check`: validate salesops.yaml and summarise it.
 * @module
 */
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { InputError, shellWord } from '../../domain/errors.js';
import { segmentNames } from '../../domain/workspace-config.js';
import { loadConfigFile } from '../../workspace/config-file.js';
import { WORKSPACE_FILES } from '../../workspace/workspace.js';
import type { CommandContext } from '../context.js';
import { existsSync } from 'node:fs';

export function configCommand(context: CommandContext): Command {
  const config = new Command('config').description('workspace configuration (salesops.yaml)');
  config.addCommand(
    new Command('check')
      .description('validate salesops.yaml: every problem with its line, column and fix; exit code 2 if any')
      .argument('[file]', 'the file to check (default: the workspace salesops.yaml)')
      .addHelpText(
        'after',
        `
Examples:
  $ salesops config check --workspace acme
  $ salesops config check ./draft-salesops.yaml`,
      )
      .action((file: string | undefined, _options: unknown, command: Command) => {
        const path = file
          ? resolve(context.io.cwd, file)
          : join(context.workspaceFolder(command), WORKSPACE_FILES.config);
        if (!existsSync(path)) {
          const folder = context.globals(command).workspace ?? '.';
          throw new InputError({
            message: `${file ?? path} does not exist`,
            fix: file
              ? `check the path, or check the workspace's own: \`${context.asRun(`salesops config check --workspace ${shellWord(folder)}`)}\``
              : `create the workspace: \`${context.asRun(`salesops init ${shellWord(folder)}`)}\``,
          });
        }
        const parsed = loadConfigFile(path);
        if (context.globals(command).format === 'json') {
          context.out(`${JSON.stringify({ file: path, valid: true }, null, 2)}\n`);
          return;
        }
        context.out(
          `${path} is valid: ${parsed.company}, ${parsed.currency}, fiscal year from month ${parsed.fiscalYear.startMonth}, ` +
            `${parsed.stages.length} stages, ${parsed.segments ? segmentNames(parsed.segments).length : 0} segments, ${parsed.tiers.length} tiers\n`,
        );
      }),
  );
  return config;
}
