/**
 * Commander's own parse errors (an unknown option or command, a missing or extra argument, a value outside an
 * option's choices) as {@link InputError}s, so that they print like every other salesops error: what was wrong,
 * a `fix:` line naming the valid options or choices (the closest first) and the `--help` to read, exit code 2.
 * @module
 */
import type { Argument, Command, CommanderError, Option } from 'commander';
import { closestNames } from '../analytics/closest-names.js';
import { type CommandLine, InputError } from '../domain/errors.js';
import { unknownChoice } from './io.js';

/**
 * Makes every command of the tree report its parse errors through {@link usageError}, and print nothing itself;
 * the commands they name (`salesops plan new`, its `--help`) written by `asRun`, as the user runs salesops.
 */
export function routeUsageErrors(command: Command, asRun: CommandLine): void {
  command.configureOutput({ ...command.configureOutput(), outputError: () => undefined });
  command.exitOverride((error) => {
    throw usageError(error, command, asRun(commandPath(command)));
  });
  for (const subcommand of command.commands) routeUsageErrors(subcommand, asRun);
}

/**
 * Help and version pass through as they are; every other Commander error becomes an InputError. `path` is the
 * command as the user runs it: `npx salesops plan new`.
 */
function usageError(error: CommanderError, command: Command, path: string): CommanderError | InputError {
  const help = `see \`${path} --help\``;
  const quoted = (pattern: RegExp): string => pattern.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'commander.help':
    case 'commander.helpDisplayed':
    case 'commander.version':
      return error;
    case 'commander.unknownOption': {
      const flag = quoted(/unknown option '([^']*)'/);
      const own = longFlags(command);
      const global = ancestors(command).flatMap(longFlags);
      const close = closestNames(flag.replace(/=.*/, ''), [...own, ...global]);
      const globals = global.length > 0 ? `the global options ${global.join(', ')}` : '';
      const valid =
        own.length === 0
          ? `\`${path}\` takes only ${globals}`
          : `\`${path}\` takes ${own.join(', ')}${globals ? `, and ${globals}` : ''}`;
      return new InputError({
        message: `unknown option ${flag} for \`${path}\``,
        fix:
          close.length > 0 ? `did you mean ${close.join(' or ')}? (${valid}; ${help})` : `${valid}; ${help}`,
      });
    }
    case 'commander.unknownCommand': {
      const name = command.args[0] ?? '';
      const known = command
        .createHelp()
        .visibleCommands(command)
        .map((sub) => sub.name())
        .filter((sub) => sub !== 'help');
      const close = closestNames(name, known);
      return new InputError({
        message: `unknown command ${JSON.stringify(name)} for \`${path}\``,
        fix:
          close.length > 0
            ? `did you mean ${close.map((sub) => `\`${path} ${sub}\``).join(' or ')}? (${help})`
            : `the commands are ${known.join(', ')}; ${help}`,
      });
    }
    case 'commander.excessArguments':
    case 'commander.missingArgument': {
      const expected = command.registeredArguments.map(argumentUsage);
      const problem =
        error.code === 'commander.missingArgument'
          ? `\`${path}\` needs its ${quoted(/argument '([^']*)'/)} argument`
          : `too many arguments for \`${path}\`: it takes ${expected.length > 0 ? expected.join(' ') : 'none'}`;
      return new InputError({ message: problem, fix: `run it as \`${path} ${command.usage()}\`; ${help}` });
    }
    case 'commander.optionMissingArgument':
    case 'commander.missingMandatoryOptionValue': {
      const option = findOption(command, quoted(/option '([^']*)'/));
      const choices = option?.argChoices;
      const name = optionName(option, error);
      return new InputError({
        message:
          error.code === 'commander.optionMissingArgument'
            ? `${name} needs a value`
            : `\`${path}\` needs ${name}`,
        fix: choices
          ? `give ${name} one of ${choices.join(', ')}; ${help}`
          : `give it as ${option?.flags ?? name}${option?.description ? ` (${option.description})` : ''}; ${help}`,
      });
    }
    case 'commander.invalidArgument':
      return invalidValue(error, command, help);
    default:
      return new InputError({ message: error.message.replace(/^error: /, ''), fix: help });
  }
}

/**
 * A value outside an option's choices, refused as a command refuses a bad value of its own flags
 * ({@link unknownChoice}), with the `--help` to read. Any other value a parser refused keeps Commander's words.
 */
function invalidValue(error: CommanderError, command: Command, help: string): InputError {
  const given = /^error: option '([^']*)' argument '(.*)' is invalid\./s.exec(error.message);
  const option = given ? findOption(command, given[1] ?? '') : undefined;
  const choices = option?.argChoices;
  if (!given || !choices) {
    return new InputError({ message: error.message.replace(/^error: /, ''), fix: help });
  }
  return unknownChoice(optionName(option, error), given[2] ?? '', choices, undefined, help);
}

/** `salesops plan new`: the words a user types to reach the command. */
function commandPath(command: Command): string {
  return [...ancestors(command).reverse(), command].map((part) => part.name()).join(' ');
}

function ancestors(command: Command): Command[] {
  const chain: Command[] = [];
  for (let parent = command.parent; parent; parent = parent.parent) chain.push(parent);
  return chain;
}

/** The long flags a command's help lists, but --help and --version (every command has the first). */
function longFlags(command: Command): string[] {
  return command
    .createHelp()
    .visibleOptions(command)
    .flatMap((option) =>
      option.long && option.long !== '--help' && option.long !== '--version' ? [option.long] : [],
    );
}

/** The option with these flags (`-f, --format <format>`) on the command or, for global options, a parent. */
function findOption(command: Command, flags: string): Option | undefined {
  for (const candidate of [command, ...ancestors(command)]) {
    const option = candidate.options.find((known) => known.flags === flags);
    if (option) return option;
  }
  return undefined;
}

function optionName(option: Option | undefined, error: CommanderError): string {
  return option?.long ?? option?.short ?? /option '([^']*)'/.exec(error.message)?.[1] ?? 'the option';
}

function argumentUsage(argument: Argument): string {
  const name = `${argument.name()}${argument.variadic ? '...' : ''}`;
  return argument.required ? `<${name}>` : `[${name}]`;
}
