/**
 * One error taxonomy for salesops. Every error a user can cause is an {@link InputError} (exit code 2) that says
 * what was wrong, where, and what to do; every failure of the machine or a peer is an {@link OperationError}
 * (exit code 1). The CLI and the HTTP server map these classes in one place each.
 * @module
 */

/** Where in a user's file a problem is: any subset of file, line, column and field. */
export interface SourceLocation {
  readonly file?: string;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
  /** Dotted path of the field, e.g. `stages[3].probability`. */
  readonly field?: string;
}

export interface Problem {
  readonly message: string;
  readonly location?: SourceLocation;
  /** What the user should do about it. */
  readonly fix?: string;
}

/** Formats a location as `file:line:column field` (the parts that are known). */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  let place = location.file ?? '';
  if (location.line !== undefined) place += `${place ? ':' : 'line '}${location.line}`;
  if (location.line !== undefined && location.column !== undefined) place += `:${location.column}`;
  if (location.field) place += `${place ? ' ' : ''}${location.field}`;
  return place;
}

export function formatProblem(problem: Problem): string {
  const place = formatLocation(problem.location);
  const head = place ? `${place}: ${problem.message}` : problem.message;
  return problem.fix ? `${head}\n  fix: ${problem.fix}` : head;
}

/** Problems one to a line, each with its fix, but a fix the next problem shares is said once, after it. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((problem, index) => {
      if (problem.fix === undefined || problems[index + 1]?.fix !== problem.fix)
        return formatProblem(problem);
      const { fix: _saidAfter, ...withoutFix } = problem;
      return formatProblem(withoutFix);
    })
    .join('\n');
}

export abstract class SalesopsError extends Error {
  abstract readonly exitCode: 1 | 2;
}

/**
 * Bad input from the user (config, files, arguments). Exit code 2. Carries one or more located problems; its
 * message says a fix that problems in a row share once ({@link formatProblems}).
 */
export class InputError extends SalesopsError {
  readonly exitCode = 2 as const;
  readonly problems: readonly Problem[];

  constructor(problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem];
    super(formatProblems(list));
    this.name = 'InputError';
    this.problems = list;
  }
}

/**
 * A problem placed at `field`, the flag, parameter or argument its value came from, when a parser placed it at no
 * field, at a command-line flag (a shared parser's default), or at its own stand-in `standIn` (`plan name`, say),
 * the flag its message starts with (`--by "ownr" is not a dimension`) named as `field` too; a problem placed
 * elsewhere keeps its place.
 */
function placeAtField(field: string, standIn: string | undefined): (problem: Problem) => Problem {
  return (problem) => {
    const placed = problem.location?.field;
    if (placed !== undefined && !placed.startsWith('--') && placed !== standIn) return problem;
    return {
      ...problem,
      message: problem.message.replace(/^--[A-Za-z-]+/, field),
      location: { ...problem.location, field },
    };
  };
}

/**
 * `read`'s value, each problem of its InputErrors placed at `field`, the flag, parameter or argument it reads, as
 * {@link placeAtField} places it (with its `standIn`); when `read` returns a promise, its rejection is placed too.
 * Other errors are thrown as they come.
 */
export function readField<T>(field: string, read: () => T, standIn?: string): T {
  return readPlaced(read, placeAtField(field, standIn));
}

/**
 * `read`'s value, each problem of its InputErrors passed through `place` (put at the caller's own fields, say);
 * when `read` returns a promise, its rejection is placed too. Other errors are thrown as they come.
 */
export function readPlaced<T>(read: () => T, place: (problem: Problem) => Problem): T {
  const placed = (error: unknown) =>
    error instanceof InputError ? new InputError(error.problems.map(place)) : error;
  let value: T;
  try {
    value = read();
  } catch (error) {
    throw placed(error);
  }
  if (!(value instanceof Promise)) return value;
  return value.catch((error: unknown) => {
    throw placed(error);
  }) as T;
}

/** A failure that is not the user's input: a database that cannot be reached, a disk that is full. Exit code 1. */
export class OperationError extends SalesopsError {
  readonly exitCode = 1 as const;
  readonly fix: string | undefined;

  constructor(message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(options.fix ? `${message}\n  fix: ${options.fix}` : message, { cause: options.cause });
    this.name = 'OperationError';
    this.fix = options.fix;
  }
}

/**
 * Writes a salesops command line as a fix should print it for the user who ran the command (with their own
 * `--workspace`, say), so that it runs as printed.
 */
export type CommandLine = (words: string) => string;

/** Commands printed as they are, where there is no command line to follow (the library, the engines' defaults). */
export const asTyped: CommandLine = (words) => words;

/**
 * A salesops command as the HTTP API's problems and notes name it, read far from any command line: its words in
 * backticks, to run on the server, "salesops `users add` on the server" (how salesops runs there, and in which
 * folder, is the server's own).
 */
export const commandOnServer = (words: string): string => `salesops \`${words}\` on the server`;

/** A word (a folder, say) as a POSIX shell reads it back: as it is when plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * How a caller writes its arguments, so that a shared parser's problems and fixes are written in the caller's
 * syntax the first time: the command line's flags ({@link FLAG_SYNTAX}), the HTTP API's parameters
 * ({@link API_SYNTAX}), an MCP tool's JSON arguments (src/mcp/tool.ts). A parser names an argument by its
 * camelCase name (`asOf`, `by`).
 */
export interface ArgumentSyntax {
  /** The argument as the caller names it: `--as-of`, `asOf`. */
  readonly name: (argument: string) => string;
  /**
   * A problem with the argument: the command line names the flag in the message (`--by "ownr" is not ...`), a
   * tool call places it at the argument (`by: "ownr" is not ...`), the API does both.
   */
  readonly problem: (argument: string, message: string, fix?: string) => Problem;
  /** Several values of one argument: `owner,fiscal_quarter`, `["owner", "fiscal_quarter"]`. */
  readonly values: (values: readonly string[]) => string;
  /** How several values are told apart, in words: `comma-separated`. */
  readonly separated: string;
  /** The argument given a value, or several: `--to 2026-10-08`, `to=2026-10-08`, `"by": ["owner"]`. */
  readonly give: (argument: string, value: string | readonly string[]) => string;
  /** One value of an argument given several times, in words: the command line's repeated `--by`, `entry of "by"`. */
  readonly entry: (argument: string) => string;
}

const withFix = (fix: string | undefined) => (fix === undefined ? {} : { fix });
const commaSeparated = (values: readonly string[]) => values.join(',');
const valueText = (value: string | readonly string[]) =>
  typeof value === 'string' ? value : commaSeparated(value);

/** The command line's flags: `--as-of 2026-10-01`, `--by owner,fiscal_quarter`, a flag named in its problems. */
export const FLAG_SYNTAX: ArgumentSyntax = {
  name: (argument) => `--${argument.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
  problem: (argument, message, fix) => ({
    message: `${FLAG_SYNTAX.name(argument)} ${message}`,
    ...withFix(fix),
  }),
  values: commaSeparated,
  separated: 'comma-separated',
  give: (argument, value) => `${FLAG_SYNTAX.name(argument)} ${valueText(value)}`,
  entry: (argument) => FLAG_SYNTAX.name(argument),
};

/**
 * The HTTP API's parameters (query and body fields): named as they are, a problem named and placed at its
 * parameter (`by "ownr" is not a dimension` at `by`), given as in a query (`asOf=2026-10-01`).
 */
export const API_SYNTAX: ArgumentSyntax = {
  name: (argument) => argument,
  problem: (argument, message, fix) => ({
    message: `${argument} ${message}`,
    location: { field: argument },
    ...withFix(fix),
  }),
  values: commaSeparated,
  separated: 'comma-separated',
  give: (argument, value) => `${argument}=${valueText(value)}`,
  entry: (argument) => argument,
};

/**
 * A check of one argument: its value, or an InputError saying what is wrong with it. It is given the values of the
 * checks before it (none where one failed), for a check that needs another's: the checked day a file is read as of,
 * the plan a rep is looked for in.
 */
export type ArgumentCheck = (checked: Readonly<Partial<Record<string, unknown>>>) => unknown;

/** The values of {@link checkArguments}' checks, each under its check's name. */
export type CheckedValues<Checks extends Record<string, ArgumentCheck>> = {
  [Name in keyof Checks]: ReturnType<Checks[Name]>;
};

/** The values of {@link checkArgumentsAsync}' checks, awaited, each under its check's name. */
export type AwaitedValues<Checks extends Record<string, ArgumentCheck>> = {
  [Name in keyof Checks]: Awaited<ReturnType<Checks[Name]>>;
};

/**
 * Problems with those that share a fix (each of several unknown names, say) brought together, where the first of
 * them was, so that the fix is said once, after the last of them ({@link InputError}); the rest keep their order.
 */
export function groupByFix(problems: readonly Problem[]): Problem[] {
  const groups: Problem[][] = [];
  const groupOfFix = new Map<string, Problem[]>();
  for (const problem of problems) {
    const group = problem.fix === undefined ? undefined : groupOfFix.get(problem.fix);
    if (group) {
      group.push(problem);
      continue;
    }
    groups.push([problem]);
    if (problem.fix !== undefined) groupOfFix.set(problem.fix, groups.at(-1)!);
  }
  return groups.flat();
}

/**
 * Every check of a call's arguments (an MCP tool's, an API body's fields, a command's flags) run in turn, each given
 * the values of those before it ({@link ArgumentCheck}), and their problems reported together in one InputError,
 * after the `earlier` ones (a schema's, found before), those sharing a fix together ({@link groupByFix}), so that
 * one corrected call fixes them all; else each check's value. A default that depends on another argument is placed
 * after this, from the checked values. An error that is not an InputError (a 404) is thrown as it comes.
 */
export function checkArguments<Checks extends Record<string, ArgumentCheck>>(
  checks: Checks,
  earlier: readonly Problem[] = [],
): CheckedValues<Checks> {
  const values: Record<string, unknown> = {};
  const problems: Problem[] = [...earlier];
  for (const [name, check] of Object.entries(checks)) {
    try {
      values[name] = check(values);
    } catch (error) {
      problems.push(...problemsOfCheck(error));
    }
  }
  throwProblems(problems);
  return values as CheckedValues<Checks>;
}

/**
 * {@link checkArguments} of checks that may await (a plan in the store, a file read), each awaited before the next
 * runs, so that one may need another's value (the day, the plan): all their problems in one InputError, else each
 * check's value, awaited.
 */
export async function checkArgumentsAsync<Checks extends Record<string, ArgumentCheck>>(
  checks: Checks,
  earlier: readonly Problem[] = [],
): Promise<AwaitedValues<Checks>> {
  const values: Record<string, unknown> = {};
  const problems: Problem[] = [...earlier];
  for (const [name, check] of Object.entries(checks)) {
    try {
      values[name] = await check(values);
    } catch (error) {
      problems.push(...problemsOfCheck(error));
    }
  }
  throwProblems(problems);
  return values as AwaitedValues<Checks>;
}

/** The problems of a check that failed on bad input; any other error is thrown as it comes. */
function problemsOfCheck(error: unknown): readonly Problem[] {
  if (error instanceof InputError) return error.problems;
  throw error;
}

/** The problems of a call's checks, when there are any, as one InputError, those sharing a fix together. */
function throwProblems(problems: readonly Problem[]): void {
  if (problems.length > 0) throw new InputError(groupByFix(problems));
}

/**
 * `check` of every item of one argument (each name of a list, say), in order, all their problems reported at once
 * ({@link checkArguments}); else the values in order. A check may keep what earlier items gave, to find one named
 * twice.
 */
export function checkEach<Item, Value>(items: readonly Item[], check: (item: Item) => Value): Value[] {
  const checked = checkArguments(Object.fromEntries(items.map((item, index) => [index, () => check(item)])));
  return items.map((_item, index) => checked[index] as Value);
}
