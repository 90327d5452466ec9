/**
 * What a CLI run may touch of the outside world, passed in so that commands can be run in-process by tests.
 * @module
 */
import { userInfo } from 'node:os';
import { basename, relative } from 'node:path';
import { closestNames, editDistance } from '../analytics/closest-names.js';
import { InputError, shellWord } from '../domain/errors.js';
import { parseIsoDate, type IsoDate } from '../domain/dates.js';

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Today's date in UTC: the default `--as-of`. The only place the CLI reads the clock. */
  readonly today: () => IsoDate;
  /** The operating system's name for the user, for the audit log when SALESOPS_USER and USER are unset. */
  readonly loginName?: string;
  /**
   * How the user ran salesops, as the commands we print should start (default `salesops`, the installed command):
   * `npx salesops` when npm ran it. See {@link invokedProgram}.
   */
  readonly program?: string;
}

function osLoginName(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    // A uid without a passwd entry (some containers) has no name.
    return undefined;
  }
}

const guardedStreams = new WeakSet<NodeJS.EventEmitter>();

/**
 * When the reader of our output goes away (`salesops audit | head`), the rest of the output has no one to read
 * it: stop quietly, as `git log | head` does, instead of dying on an unhandled EPIPE with a stack trace. Any
 * other stream error is still thrown.
 */
export function exitQuietlyWhenReaderCloses(
  stream: NodeJS.EventEmitter,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  if (guardedStreams.has(stream)) return;
  guardedStreams.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit(0);
  });
}

/**
 * How the user ran salesops, as the commands we print should start, from the environment npm sets and the script
 * Node ran (`argv[1]`):
 * - `npx salesops` when npm started it: `npx salesops` and `npm exec salesops` set npm_command=exec (and
 *   npm_lifecycle_event=npx, npm 11), `npm start` and `npm run` set npm_lifecycle_event. Then salesops is a clone's
 *   own or a project's dependency, not on PATH, and `npx salesops` runs that same one from that folder;
 * - `node bin/salesops.js` (the script's path from `cwd`) when Node ran the script by its file name;
 * - else `salesops`: the command installed on PATH (its link is named salesops, not salesops.js).
 */
export function invokedProgram(
  env: Readonly<Record<string, string | undefined>>,
  script: string | undefined,
  cwd: string,
): string {
  if (env.npm_command === 'exec' || env.npm_lifecycle_event !== undefined) return 'npx salesops';
  if (script !== undefined && basename(script) === 'salesops.js')
    return `node ${shellWord(relative(cwd, script))}`;
  return 'salesops';
}

/** The process's I/O; `argv` as process.argv gives it, for {@link invokedProgram}. */
export function processIo(argv: readonly string[] = process.argv): CliIo {
  exitQuietlyWhenReaderCloses(process.stdout);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    today: () => new Date().toISOString().slice(0, 10) as IsoDate,
    loginName: osLoginName(),
    program: invokedProgram(process.env, argv[1], process.cwd()),
  };
}

/** `html` is for documents (reports, statements); a command that has none refuses it (CommandContext.globals). */
export const FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** Options every command accepts (defined once on the program). */
export interface GlobalOptions {
  readonly workspace?: string;
  readonly format: Format;
  /**
   * As typed: read it with {@link resolveAsOf}, which checks it. A command that checks its arguments together
   * checks it with them (CommandContext.checkArgumentsAndAsOf); before any other command runs, it is checked alone.
   */
  readonly asOf?: string;
}

/** The global --as-of's parser: a calendar date YYYY-MM-DD, or an InputError (exit 2). */
export function parseAsOf(text: string): IsoDate {
  const date = parseIsoDate(text);
  if (date === null) {
    throw new InputError({
      message: `--as-of must be a calendar date YYYY-MM-DD (got ${JSON.stringify(text)})`,
      fix: 'pass a day that exists, e.g. --as-of 2026-10-01, or leave --as-of out for today',
    });
  }
  return date;
}

/** The day a command looks from: --as-of, checked ({@link parseAsOf}), else today. */
export function resolveAsOf(options: GlobalOptions, io: CliIo): IsoDate {
  return options.asOf === undefined ? io.today() : parseAsOf(options.asOf);
}

/**
 * Parses a whole-number flag, with a message naming the flag and its lower bound, and a fix passing `example`
 * (the option's default where it has one; else the lower bound, a count the option always takes).
 */
export function parseCount(flag: string, text: string, minimum: number, example = minimum): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < minimum) {
    throw new InputError({
      message: `${flag} must be a whole number >= ${minimum} (got ${JSON.stringify(text)})`,
      fix: `pass e.g. ${flag} ${example}`,
    });
  }
  return value;
}

/**
 * A flag's value that is none of its `choices`, refused at the flag: the message says the value and lists the
 * choices; the fix offers those it reads as a slip for ({@link isSlipOf}), as the flag would be given them
 * (`did you mean --model deal?`), else says `otherwise` (by default, the flag with its first choice, since the
 * message has said the list); `help`, the help to read, ends either. A command checks such a flag itself rather
 * than by Commander's choices, so that it is reported with the command's other bad arguments; a value outside
 * Commander's choices is refused by this too, with the `--help` to read (usage-errors.ts).
 */
export function unknownChoice(
  flag: string,
  text: string,
  choices: readonly string[],
  otherwise = `pass one of them, e.g. ${flag} ${choices[0] ?? ''}`,
  help?: string,
): InputError {
  const typed = text.trim();
  const close = closestNames(typed, choices).filter((choice) => isSlipOf(typed, choice));
  const meant = close.map((choice) => `${flag} ${choice}`).join(' or ');
  let fix = close.length > 0 ? `did you mean ${meant}?` : otherwise;
  if (help !== undefined) fix += close.length > 0 ? ` (${help})` : `; ${help}`;
  return new InputError({
    message: `${JSON.stringify(text)} is not one of ${choices.join(', ')}`,
    location: { field: flag },
    fix,
  });
}

/**
 * Whether `typed` reads as a slip for the choice `choice`: the start or part of it (3 letters at least), or fewer
 * edits than half the letters of the longer of the two. Choices are short words, where closestNames' tolerance
 * of two edits would offer `md` for `xml`.
 */
function isSlipOf(typed: string, choice: string): boolean {
  const [a, b] = [typed.toLowerCase(), choice.toLowerCase()];
  return (a.length >= 3 && b.includes(a)) || 2 * editDistance(a, b) < Math.max(a.length, b.length);
}
