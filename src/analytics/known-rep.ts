/**
 * A rep the caller names by CRM id, found in the dataset's reps or refused with the reps it probably meant: the
 * check `salesops forecast adjust --rep`, `salesops users add --rep`, POST /api/users and the MCP tool
 * salesops_opportunities' `owner` share.
 * @module
 */
import { type Dataset, repRow, textEntries } from '../dataset/dataset.js';
import { asTyped, type CommandLine, InputError } from '../domain/errors.js';
import { closestPeople } from './closest-names.js';

/** How the caller gives a rep, and the commands a fix names, in the caller's words. */
export interface RepArgument {
  /** The flag, field or tool argument the rep was given to: `--rep`, `--manager`, `rep`, `owner`. */
  readonly field: string;
  /**
   * How the fix says to import the reps, for a workspace that holds none yet, in the caller's words: the command
   * in backquotes ({@link importRepsCommand}), or what to ask for where the caller's users do not run salesops
   * themselves (the HTTP API's: run salesops `import ...` on the server).
   */
  readonly importReps: string;
  /**
   * Where the caller lists the reps by CRM id, when it has such a place: `salesops reps`, `GET /api/reps`. The
   * MCP tools have none (metrics by owner give names), so their fix's examples carry both.
   */
  readonly listReps?: string | undefined;
}

/** What salesops is given to import a CRM's reps, as a fix in a workspace without reps suggests it. */
export const IMPORT_REPS_WORDS = 'import User.csv --source salesforce';

/** The command that imports a CRM's reps, as a fix in a workspace without reps suggests it. */
export const IMPORT_REPS = `salesops ${IMPORT_REPS_WORDS}`;

/** The command that imports a CRM's reps, written by `commandLine`, in backquotes as a fix gives it. */
export const importRepsCommand = (commandLine: CommandLine = asTyped): string =>
  `\`${commandLine(IMPORT_REPS)}\``;

/**
 * A rep given to the CLI's `flag`: the fix's commands (import, and `salesops reps`, which lists them) written by
 * `commandLine`, as the user runs salesops.
 */
export function cliRepArgument(flag: string, commandLine: CommandLine): RepArgument & { listReps: string } {
  return {
    field: flag,
    importReps: importRepsCommand(commandLine),
    listReps: `\`${commandLine('salesops reps')}\``,
  };
}

/** The reps given as examples when none is close to the one named. */
const EXAMPLES = 5;

/**
 * The row of the rep with CRM id `crmId` in the dataset's reps. An unknown one is refused at the caller's field
 * with the reps it probably meant, by id or name (`did you mean ...?`), else a few examples and where the reps are
 * listed; in a workspace without reps, with how to import them.
 */
export function knownRepRow(dataset: Pick<Dataset, 'reps'>, crmId: string, argument: RepArgument): number {
  const row = repRow(dataset, crmId);
  if (row >= 0) return row;
  const location = { field: argument.field };
  const ids = textEntries(dataset.reps.crmId);
  if (ids.length === 0) {
    throw new InputError({
      message: `unknown rep ${JSON.stringify(crmId)}: the workspace holds no reps yet`,
      location,
      fix: `import your CRM's users first, e.g. ${argument.importReps}`,
    });
  }
  const names = textEntries(dataset.reps.name);
  const close = closestPeople(crmId, ids, names);
  const some = ids.slice(0, EXAMPLES).map((id, index) => `${id} (${names[index] ?? ''})`);
  const listed = argument.listReps === undefined ? '' : ` (${argument.listReps} lists them)`;
  throw new InputError({
    message: `unknown rep ${JSON.stringify(crmId)}`,
    location,
    fix:
      close.length > 0
        ? `give a rep id; did you mean ${close.join(', ')}?`
        : `give the CRM id of a rep in the workspace, e.g. ${some.join(', ')}${listed}`,
  });
}
