/**
 * `salesops mapping suggest`: prints a commented starting mapping file for an export, from its headers and
 * what its columns hold. Uses the workspace's stages for the stage value map when run in a workspace.
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULT_STAGES } from '../../domain/stage-model.js';
import {
  IMPORT_ENTITIES,
  PRESET_NAMES,
  suggestMapping,
  type ImportEntity,
  type PresetName,
} from '../../ingest/index.js';
import { assertReadable } from '../../ingest/readers/index.js';
import { loadConfigFile } from '../../workspace/config-file.js';
import { WORKSPACE_FILES } from '../../workspace/workspace.js';
import type { CommandContext } from '../context.js';

interface SuggestFlags {
  readonly source?: PresetName;
  readonly entity?: ImportEntity;
  readonly encoding?: string;
  readonly sheet?: string;
}

export function mappingCommand(context: CommandContext): Command {
  const suggest = new Command('suggest')
    .description('print a commented starting mapping file for an export file')
    .argument('<file>', 'the export file (CSV or XLSX)')
    .addOption(new Option('--source <crm>', 'start from this CRM preset').choices(PRESET_NAMES))
    .addOption(
      new Option('--entity <entity>', 'what the file holds (default: guessed)').choices(IMPORT_ENTITIES),
    )
    .option('--encoding <name>', 'text encoding of a CSV file (default: detected)')
    .option('--sheet <name>', 'XLSX sheet (default: the first)')
    .addHelpText(
      'after',
      `
Examples:
  $ salesops mapping suggest export.csv > my-crm.yaml
  $ salesops mapping suggest pipeline.xlsx --sheet Deals --entity opportunities > my-crm.yaml`,
    )
    .action(async (file: string, flags: SuggestFlags, command: Command) => {
      const configPath = join(context.workspaceFolder(command), WORKSPACE_FILES.config);
      const stages = existsSync(configPath) ? loadConfigFile(configPath).stages : DEFAULT_STAGES;
      const path = resolve(context.io.cwd, file);
      // Named as typed, as import names its files.
      await assertReadable(path, file);
      context.out(
        await suggestMapping(path, {
          stages,
          typed: file,
          commandLine: context.commandLine(command),
          ...(flags.source ? { source: flags.source } : {}),
          ...(flags.entity ? { entity: flags.entity } : {}),
          ...(flags.encoding ? { encoding: flags.encoding } : {}),
          ...(flags.sheet ? { sheet: flags.sheet } : {}),
        }),
      );
    });
  return new Command('mapping').description('mapping files: how to read a CRM export').addCommand(suggest);
}
