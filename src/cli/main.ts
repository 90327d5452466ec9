/**
 * The `salesops` command line: global options, the commands, and the one place errors become messages and exit
 * codes (0 ok, 1 failure, 2 bad input).
 * @module
 */
import { Command, CommanderError, Option } from 'commander';
import { SalesopsError } from '../domain/errors.js';
import { auditCommand } from './commands/audit.js';
import { compCommand } from './commands/comp.js';
import { configCommand } from './commands/config-check.js';
import { demoCommand } from './commands/demo.js';
import { forecastCommand } from './commands/forecast.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { mappingCommand } from './commands/mapping.js';
import { mcpCommand } from './commands/mcp.js';
import { metricsCommand } from './commands/metrics.js';
import { pipelineCommand } from './commands/pipeline.js';
import { planCommand } from './commands/plan.js';
import { quickstartCommand } from './commands/quickstart.js';
import { repsCommand } from './commands/reps.js';
import { routeCommand } from './commands/route.js';
import { serveCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import { usersCommand } from './commands/users.js';
import { winlossCommand } from './commands/winloss.js';
import { CommandContext } from './context.js';
import { type CliIo, FORMATS, processIo } from './io.js';
import { wrapProblemText } from './problem-text.js';
import { routeUsageErrors } from './usage-errors.js';

const VERSION = '0.1.0';

export function buildProgram(context: CommandContext): Command {
  const program = new Command('salesops')
    .description('Sales operations engine: CRM data in, pipeline analytics, forecasts, plans and pay out.')
    .version(VERSION)
    .option('-w, --workspace <folder>', 'workspace folder (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--as-of <date>', 'the date to look from, YYYY-MM-DD (default: today)')
    // Checked by the command that runs, with its other arguments where it checks them together.
    .hook('preAction', (_program, actionCommand) => context.checkAsOfFirst(actionCommand));
  program.addHelpText(
    'after',
    `
Environment:
  DATABASE_URL   postgres://user:password@host:5432/db: keep the workspace's data in PostgreSQL
                 instead of the embedded file (salesops.db in the workspace folder)

Examples:
  $ salesops init acme
  $ salesops demo --workspace acme --reps 120 --opportunities 50000 --seed 7
  $ salesops status --workspace acme --format json`,
  );
  for (const command of [
    initCommand(context),
    demoCommand(context),
    statusCommand(context),
    repsCommand(context),
    configCommand(context),
    quickstartCommand(context),
    auditCommand(context),
    importCommand(context),
    mappingCommand(context),
    metricsCommand(context),
    pipelineCommand(context),
    winlossCommand(context),
    forecastCommand(context),
    compCommand(context),
    planCommand(context),
    routeCommand(context),
    serveCommand(context),
    mcpCommand(context),
    usersCommand(context),
  ]) {
    program.addCommand(command);
  }
  // After every command is added, so that each of them, subcommands included, reports its own parse errors and
  // prints its help to the run's I/O.
  routeUsageErrors(program, context.asRun);
  helpAsRun(program, context);
  return program;
}

/**
 * Makes every command of the tree write what Commander prints (help, the version) to the run's I/O, the `Usage:`
 * line and the examples of its help (`  $ salesops ...` lines, after any environment variables) as the user runs
 * salesops ({@link CommandContext.asRun}): `npx salesops` under npm.
 */
function helpAsRun(command: Command, context: CommandContext): void {
  const asRun = (text: string): string =>
    text.replace(
      /^(Usage: | *\$ (?:[A-Z_]+=\S* )*)(salesops(?: .*)?)$/gm,
      (_line, prompt: string, words: string) => `${prompt}${context.asRun(words)}`,
    );
  command.configureOutput({
    writeOut: (text) => context.io.stdout.write(asRun(text)),
    writeErr: (text) => context.io.stderr.write(asRun(text)),
  });
  for (const subcommand of command.commands) helpAsRun(subcommand, context);
}

/** Runs the CLI with `argv` as process.argv gives it (node, script, args...) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo(argv)): Promise<number> {
  const program = buildProgram(new CommandContext(io));
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  // Only help and version (printed by Commander) arrive as CommanderErrors: routeUsageErrors turns its parse
  // errors into InputErrors.
  if (error instanceof CommanderError) return 0;
  if (error instanceof SalesopsError) {
    io.stderr.write(`${wrapProblemText(`error: ${error.message}`).join('\n')}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`error: unexpected failure, please report it with what you ran:\n${detail}\n`);
  return 1;
}
