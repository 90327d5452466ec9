/**
 * What every command gets: the I/O, the global options, and the workspace they name.
 * @module
 */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { DATASET_TABLE_NAMES, type Dataset } from '../dataset/dataset.js';
import type { IsoDate } from '../domain/dates.js';
import {
  type ArgumentCheck,
  type AwaitedValues,
  checkArguments,
  checkArgumentsAsync,
  type CommandLine,
  InputError,
  type Problem,
  shellWord,
} from '../domain/errors.js';
import { loadOrBuildDataset } from '../dataset/dataset-cache.js';
import { NOTE_WIDTH, wrapNote } from '../reports/table.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { type CliIo, type GlobalOptions, resolveAsOf } from './io.js';

export class CommandContext {
  private readonly htmlCommands = new WeakSet<Command>();
  private readonly asOfWithArguments = new WeakSet<Command>();

  constructor(readonly io: CliIo) {}

  /** Marks a command as having an html rendering (a document); the others refuse `--format html`. */
  withHtml(command: Command): Command {
    this.htmlCommands.add(command);
    return command;
  }

  /**
   * Marks a command as checking --as-of with its other arguments ({@link checkArgumentsAndAsOf}), so that a bad
   * day is reported with their problems; the others have it checked before they run ({@link checkAsOfFirst}).
   */
  withAsOfInArguments(command: Command): Command {
    this.asOfWithArguments.add(command);
    return command;
  }

  /** Before a command runs: its --as-of, checked alone, unless the command checks it with its other arguments. */
  checkAsOfFirst(command: Command): void {
    if (!this.asOfWithArguments.has(command)) resolveAsOf(command.optsWithGlobals<GlobalOptions>(), this.io);
  }

  /**
   * {@link checkArguments} with the command's --as-of first among the arguments, as `asOf` (the day, checked, or
   * today): every problem in one report. A check may take the day from the values checked before it; a default
   * drawn from it is placed after them.
   */
  checkArgumentsAndAsOf<Checks extends Record<string, ArgumentCheck>>(
    command: Command,
    checks: Checks,
    earlier: readonly Problem[] = [],
  ) {
    return checkArguments({ ...this.asOfCheck(command), ...checks }, earlier);
  }

  /** {@link checkArgumentsAndAsOf} of checks that may await (the store, a file read), each in turn. */
  checkArgumentsAndAsOfAsync<Checks extends Record<string, ArgumentCheck>>(command: Command, checks: Checks) {
    return checkArgumentsAsync({ ...this.asOfCheck(command), ...checks });
  }

  /** The command's --as-of as a check of its arguments: the day, checked, or today. */
  private asOfCheck(command: Command) {
    const globals = command.optsWithGlobals<GlobalOptions>();
    return { asOf: (): IsoDate => resolveAsOf(globals, this.io) };
  }

  globals(command: Command): GlobalOptions {
    const globals = command.optsWithGlobals<GlobalOptions>();
    if (globals.format === 'html' && !this.htmlCommands.has(command)) {
      throw new InputError({
        message: `salesops ${commandPath(command)} has no html output`,
        location: { field: '--format' },
        fix: 'use --format table, json, csv or md (html is for documents such as the forecast report)',
      });
    }
    return globals;
  }

  /** How the user runs salesops: the words every command we print starts with (`salesops`, `npx salesops`). */
  get program(): string {
    return this.io.program ?? 'salesops';
  }

  /** A salesops command line (`salesops ...`) as the user runs salesops, with the {@link program}'s words. */
  readonly asRun: CommandLine = (words) => words.replace(/^salesops(?= |$)/, this.program);

  /**
   * A salesops command to suggest in a note or a fix, as the user runs salesops ({@link asRun}) and carrying the
   * run's own `--workspace` when one was given (or `workspace`, a folder as seen from the current one), so that it
   * runs as printed from the same folder.
   */
  commandLine(command: Command, workspace = command.optsWithGlobals<GlobalOptions>().workspace): CommandLine {
    return (words) =>
      workspace === undefined
        ? this.asRun(words)
        : `${this.asRun(words)} --workspace ${shellWord(workspace)}`;
  }

  /** Who is running the command, for the audit log: SALESOPS_USER, else the login name. */
  actor(): string {
    const { env, loginName } = this.io;
    return env.SALESOPS_USER || env.USER || env.LOGNAME || loginName || 'unknown';
  }

  workspaceFolder(command: Command): string {
    return resolve(this.io.cwd, this.globals(command).workspace ?? '.');
  }

  /** Opens the workspace named by --workspace (default: the current folder), on PostgreSQL when DATABASE_URL is set. */
  openWorkspace(command: Command): Promise<Workspace> {
    return openWorkspace(this.workspaceFolder(command), {
      databaseUrl: this.io.env.DATABASE_URL || undefined,
      hints: {
        commandLine: this.asRun,
        shown: (folder) => relative(this.io.cwd, folder) || '.',
        named: this.globals(command).workspace !== undefined,
      },
    });
  }

  /** Runs `work` with the workspace open, closing it whatever happens. */
  async withWorkspace<T>(command: Command, work: (workspace: Workspace) => Promise<T>): Promise<T> {
    return whileOpen(await this.openWorkspace(command), work);
  }

  /**
   * Runs `work` with the workspace open and the command's arguments checked, --as-of too
   * ({@link checkArgumentsAndAsOf}), all their problems in one report. `checks` need no workspace: when it
   * cannot be opened (a mistyped --workspace, say), their problems are reported with its own, so that the user
   * does not meet them only on the next run; `inWorkspace` need it (its fiscal calendar, its folder, its store,
   * files read with it), may await, and are checked after the others once it is open, each given the values
   * checked before it (the day, say).
   */
  async withCheckedWorkspace<
    Checks extends Record<string, ArgumentCheck>,
    WorkspaceChecks extends Record<string, ArgumentCheck>,
    T,
  >(
    command: Command,
    checks: Checks,
    inWorkspace: (workspace: Workspace) => WorkspaceChecks,
    work: (
      workspace: Workspace,
      values: AwaitedValues<{ asOf: () => IsoDate } & Checks & WorkspaceChecks>,
    ) => Promise<T>,
  ): Promise<T> {
    let workspace: Workspace;
    try {
      workspace = await this.openWorkspace(command);
    } catch (refusal) {
      if (!(refusal instanceof InputError)) throw refusal;
      // Throws the refusal's problems with the arguments' (grouped by fix); when every argument is good, the
      // refusal is thrown alone.
      this.checkArgumentsAndAsOf(command, checks, refusal.problems);
      throw refusal;
    }
    return whileOpen(workspace, async (open) =>
      work(open, await this.checkArgumentsAndAsOfAsync(command, { ...checks, ...inWorkspace(open) })),
    );
  }

  /**
   * The workspace's dataset: its snapshot, or built from the store (and saved) after a write, saying so on stderr
   * since a large workspace takes a while; a dataset without records takes none, and goes unmentioned.
   */
  async loadDataset(workspace: Workspace, { afterWrite = false } = {}): Promise<Dataset> {
    let built = false;
    const dataset = await loadOrBuildDataset(workspace.store, workspace.cacheDir, workspace.storeIdentity, {
      onEvent: (event) => {
        if (event.kind === 'built') built = true;
        if (event.kind === 'write-failed') {
          this.note(
            `Could not save the dataset snapshot (${String(event.error)}); the next run will rebuild it.`,
          );
        }
      },
    });
    // Right after a write the build is part of that command's work, not news.
    if (built && !afterWrite && DATASET_TABLE_NAMES.some((table) => dataset[table].count > 0)) {
      this.note(`Built the dataset of data version ${dataset.dataVersion}.`);
    }
    return dataset;
  }

  out(text: string): void {
    this.io.stdout.write(text);
  }

  /**
   * Notes for people (progress, hints, warnings) go to stderr so that stdout stays clean for pipes, in lines of
   * at most {@link NOTE_WIDTH} columns: a longer line is wrapped ({@link wrapNote}), one that fits (a command or
   * a line of YAML to paste, under its indent) stays as it is.
   */
  note(text: string): void {
    const lines = text.replace(/\n$/, '').split('\n');
    const wrapped = lines.flatMap((line) => (line.length <= NOTE_WIDTH ? [line] : wrapNote(line)));
    this.io.stderr.write(`${wrapped.join('\n')}\n`);
  }
}

/** Runs `work` on the open workspace, closing it whatever happens. */
async function whileOpen<T>(workspace: Workspace, work: (workspace: Workspace) => Promise<T>): Promise<T> {
  try {
    return await work(workspace);
  } finally {
    await workspace.close();
  }
}

/** A command's words after `salesops`: `plan segment` for the subcommand segment of plan. */
function commandPath(command: Command): string {
  const words: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) {
    words.unshift(current.name());
  }
  return words.join(' ');
}
