/**
 * `salesops import`: CRM exports into the workspace, through the ingest library. Parses the flags, runs the
 * import, prints what was read, created and written, and the problems (the first 20 here, all with --report).
 * @module
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { formatProblem, InputError, shellWord } from '../../domain/errors.js';
import { andMore } from '../../domain/listing.js';
import { plural } from '../../domain/plural.js';
import type { Stage } from '../../domain/stage-model.js';
import {
  importFiles,
  loadMappingFile,
  mergeMappingFiles,
  PRESET_NAMES,
  toProblem,
  writeProblemReport,
  type ImportResult,
  type PresetName,
  type SheetCommand,
  stageMappingYaml,
} from '../../ingest/index.js';
import {
  type Column,
  NOTE_WIDTH,
  renderCsv,
  renderTextTable,
  wrapLines,
  wrapNote,
} from '../../reports/table.js';
import type { CommandContext } from '../context.js';
import { resolveAsOf } from '../io.js';
import { wrapProblemText } from '../problem-text.js';
import { startProgress } from '../progress.js';

/** The mapping file the unknown stage names' fix writes. */
const STAGES_FILE = 'stages.yaml';

/** Problems shown in the terminal; all of them go to --report. */
const SHOWN_PROBLEMS = 20;

interface ImportOptions {
  readonly source?: PresetName;
  readonly mapping: readonly string[];
  readonly dryRun?: boolean;
  readonly dateOrder?: 'dmy' | 'mdy';
  readonly encoding?: string;
  readonly sheet?: string;
  readonly skipInvalid?: boolean;
  readonly report?: string;
  readonly rejects?: string;
}

type FileRow = ImportResult['files'][number];
const FILE: Column<FileRow> = { header: 'File', value: (row) => row.file };
const READ_AS: Column<FileRow> = { header: 'Read as', value: (row) => row.mapping ?? '(not read)' };
const COUNTS: readonly Column<FileRow>[] = [
  { header: 'Rows', value: (row) => row.rowsRead },
  { header: 'Imported', value: (row) => row.imported },
  { header: 'Rejected', value: (row) => row.rejected },
  { header: 'Duplicates', value: (row) => row.duplicates },
  { header: 'Ignored', value: (row) => row.ignored.reduce((sum, entry) => sum + entry.rows, 0) },
];
/** The CSV's columns; the terminal's table leaves "Read as" to lines under it, where it wraps. */
const FILE_COLUMNS: readonly Column<FileRow>[] = [FILE, READ_AS, ...COUNTS];

/** A line of the summary wrapped at {@link NOTE_WIDTH}: indented two spaces, its continuation four. */
const item = (text: string): string[] => wrapLines(text, NOTE_WIDTH, '  ', '    ');

/**
 * The summary for people, in lines of at most {@link NOTE_WIDTH} columns: files, columns left out, records
 * created, notes and what was written.
 */
export function renderImport(result: ImportResult, asOfNote: string): string {
  const lines = wrapNote(`Import of ${plural(result.files.length, 'file')}, as of ${result.asOf}${asOfNote}`);
  lines.push(
    '',
    renderTextTable(
      [FILE, ...COUNTS],
      result.files.map((file) => ({ ...file, file: shortName(file.file) })),
    ).trimEnd(),
  );
  lines.push('Rows read = imported + rejected + duplicates (exact copies of an earlier row) + ignored.');
  for (const file of result.files) {
    for (const entry of file.ignored)
      lines.push(...item(`${shortName(file.file)}: ${plural(entry.rows, 'row')} ignored: ${entry.reason}`));
  }
  // How each file was read (preset and mapping files) runs long: under the table, wrapped.
  lines.push('', 'Read as:');
  for (const file of result.files) lines.push(...item(`${shortName(file.file)}: ${READ_AS.value(file)}`));
  const leftOut = result.files.filter((file) => file.notImported.length > 0);
  if (leftOut.length > 0) {
    lines.push('', 'Columns not imported:');
    for (const file of leftOut) {
      const byReason = new Map<string, string[]>();
      for (const entry of file.notImported)
        byReason.set(entry.reason, [...(byReason.get(entry.reason) ?? []), entry.header]);
      for (const [reason, headers] of byReason)
        lines.push(...item(`${shortName(file.file)}: ${headers.join(', ')} (${reason})`));
    }
  }
  const { created } = result;
  const createdLines = [
    created.repsFromNames > 0
      ? `${plural(created.repsFromNames, 'rep')} known by name only, keyed name:<name in lower case>`
      : '',
    created.accountsFromNames > 0
      ? `${plural(created.accountsFromNames, 'account')} known by name only, keyed name:<name in lower case>`
      : '',
    created.repsFromIds > 0
      ? `${plural(created.repsFromIds, 'rep')} referred to by id only, named by their id until a users export is imported`
      : '',
    created.accountsFromIds > 0
      ? `${plural(created.accountsFromIds, 'account')} referred to by id only, named by their id until an accounts export is imported`
      : '',
  ].filter((line) => line !== '');
  const createdHead = result.status === 'written' ? 'Created:' : 'The import creates (not written):';
  if (createdLines.length > 0) lines.push('', createdHead, ...createdLines.flatMap(item));
  if (result.stagesByOutcome.length > 0) {
    lines.push('', "Closed stages the workspace does not know, placed by the CRM's won/lost flags:");
    for (const placed of result.stagesByOutcome)
      lines.push(
        ...item(`${JSON.stringify(placed.name)} -> ${placed.stage} (${plural(placed.rows, 'row')})`),
      );
  }
  for (const warning of result.warnings) {
    lines.push('', ...wrapNote(`Warning: ${warning.message}`));
    for (const place of warning.examples)
      lines.push(
        ...item(
          `${shortName(place.file)}:${place.line}:${place.column} ${place.header} ${JSON.stringify(place.value)} read as ${place.readAs}`,
        ),
      );
    if (warning.count > warning.examples.length)
      lines.push(`  ...${andMore(warning.count, warning.examples.length)}`);
    lines.push(...wrapLines(warning.fix, NOTE_WIDTH, '  fix: ', '    '));
  }
  if (result.notices.length > 0) {
    lines.push('', 'Notes:');
    // A note's first line is prose, wrapped; the lines after it (YAML to paste) stay as they are.
    for (const notice of result.notices) {
      const [prose = '', ...block] = notice.split('\n');
      lines.push(...item(prose), ...block.map((line) => `  ${line}`));
    }
  }
  const outcome = outcomeLines(result);
  if (outcome.length > 0) lines.push('', ...outcome);
  for (const rejects of result.rejectFiles)
    lines.push(
      ...wrapNote(
        `Rejected rows of ${shortName(rejects.source)}: ${rejects.path} (${plural(rejects.rows, 'row')} as exported: correct ${rejects.rows === 1 ? 'it' : 'them'} there and import that file)`,
      ),
    );
  return `${lines.join('\n')}\n`;
}

/** The other records an import may write, one of each. */
const SINGULAR = { activities: 'activity', leads: 'lead', quotas: 'quota', costs: 'cost' } as const;

/** What the import wrote or would write, wrapped. */
function outcomeLines(result: ImportResult): string[] {
  const { records } = result;
  const others = (['activities', 'leads', 'quotas', 'costs'] as const).filter((key) => records[key] > 0);
  // Only a history file's changes are counted before the write: the changes found by comparing with the stored
  // data are found as it writes.
  const counts = [
    `${plural(records.opportunities, 'opportunity', 'opportunities')}, ${plural(records.accounts, 'account')}, ${plural(records.reps, 'rep')}`,
    ...(records.opportunityChanges > 0
      ? [`${plural(records.opportunityChanges, 'history change')} from the history files`]
      : []),
    ...others.map((key) => plural(records[key], SINGULAR[key], key)),
  ].join(', ');
  const compared =
    records.opportunities > 0
      ? '; the history changes found by comparing with the stored data are counted only when written'
      : '';
  if (result.status === 'checked')
    return wrapNote(`Dry run: nothing written. The import would write ${counts}${compared}.`);
  const write = result.write;
  // A refused import says "nothing written" once, in its final error.
  if (result.status === 'failed' || !write) return [];
  // A record given again exactly as stored is unchanged, not updated (an identical re-import changes nothing).
  const unchanged = (key: keyof typeof write.inserted) =>
    write.unchanged[key] > 0 ? `, ${write.unchanged[key].toLocaleString('en-US')} unchanged` : '';
  // One line a kind of record, as the history's: a list of kinds on one line wrapped between a count and its word.
  const entity = (key: keyof typeof write.inserted) =>
    item(
      `${key}: ${write.inserted[key].toLocaleString('en-US')} new, ${write.updated[key].toLocaleString('en-US')} updated${unchanged(key)}`,
    );
  return [
    `Written as data version ${write.dataVersion}:`,
    ...(['opportunities', 'accounts', 'reps', ...others] as const).flatMap(entity),
    ...item(
      `history: ${plural(write.inserted.opportunityChanges, 'change')} added, ${write.updated.opportunityChanges.toLocaleString('en-US')} replaced${unchanged('opportunityChanges')} (changes found by comparing with stored data are dated ${result.asOf}).`,
    ),
  ];
}

function shortName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] ?? file;
}

/**
 * The problems for stderr: the first few in full, then the unknown stage names together, wrapped as the CLI wraps
 * every problem ({@link wrapProblemText}): a problem's place and message, then its `expected:` and `fix:` lines
 * indented two spaces (the report file and the JSON keep the texts as they are). The unknown stage names' fix is
 * a mapping file to paste, mapping each onto one of the workspace's `stages`.
 */
export function renderProblems(
  result: ImportResult,
  reportPath: string | undefined,
  stages: readonly Stage[],
): string {
  const { problems } = result;
  if (problems.length === 0) return '';
  const line = wrapProblemText;
  const labelled = (label: string, text: string): string[] => wrapProblemText(`  ${label}: ${text}`);
  const lines = line(
    `${plural(problems.length, 'problem')} in the files.${result.status === 'written' ? ' The rows with problems were not imported.' : ''}`,
  );
  for (const problem of problems.slice(0, SHOWN_PROBLEMS)) {
    const shown =
      problem.value !== null &&
      problem.value !== '' &&
      !problem.message.includes(JSON.stringify(problem.value));
    const value = shown ? ` (value ${JSON.stringify(problem.value)})` : '';
    const { fix, ...placed } = toProblem({ ...problem, message: `${problem.message}${value}` });
    lines.push(
      ...line(formatProblem(placed)),
      ...(problem.expected ? labelled('expected', problem.expected) : []),
      ...(fix ? labelled('fix', fix) : []),
    );
  }
  if (problems.length > SHOWN_PROBLEMS) {
    lines.push(
      ...line(
        `...${andMore(problems.length, SHOWN_PROBLEMS)}${reportPath ? `: all are in ${reportPath}` : ' (write them all with --report errors.csv)'}.`,
      ),
    );
  } else if (reportPath) lines.push(...line(`All problems are in ${reportPath}.`));
  if (result.unknownStages.length > 0) {
    lines.push('Stage names the workspace does not know:');
    for (const stage of result.unknownStages)
      lines.push(
        ...item(
          `${JSON.stringify(stage.name)}: ${plural(stage.rows, 'row')}, first at ${shortName(stage.file)}:${stage.line}`,
        ),
      );
    const names = result.unknownStages.map((stage) => stage.name);
    lines.push(
      ...labelled(
        'fix',
        `map each to one of the workspace's stages (${stages.map((stage) => stage.name).join(', ')}): save the lines below as ${STAGES_FILE}, check the stages guessed, and import again adding --mapping ${STAGES_FILE} (or add the names to the stages in salesops.yaml)`,
      ),
      ...stageMappingYaml(names, stages).map((yaml) => `    ${yaml}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function importCommand(context: CommandContext): Command {
  return new Command('import')
    .description(
      'import CRM exports (CSV or XLSX) into the workspace: opportunities, accounts, reps, history, quotas, costs, activities and leads',
    )
    .argument('<files...>', 'export files: CSV/TSV in any common encoding, or XLSX')
    .addOption(
      new Option(
        '--source <crm>',
        'the CRM the files come from (default: recognised from the headers)',
      ).choices(PRESET_NAMES),
    )
    .option(
      '--mapping <file>',
      'a mapping file describing the files (see `salesops mapping suggest`); repeat it to use several, their entries together',
      (value: string, previous: readonly string[]) => [...previous, value],
      [] as readonly string[],
    )
    .option('--dry-run', 'check and report, write nothing')
    .addOption(
      new Option('--date-order <order>', 'day/month order of dates like 03/04/2026').choices(['dmy', 'mdy']),
    )
    .option('--encoding <name>', 'text encoding of CSV files, e.g. windows-1252 (default: detected)')
    .option('--sheet <name>', 'XLSX sheet to read (default: the first)')
    .option('--skip-invalid', 'import the valid rows, and write the rejected rows to a rejects file')
    .option('--report <file>', 'write every problem to this CSV file')
    .option(
      '--rejects <file>',
      'where --skip-invalid writes the rejected rows (default: beside each file, deals.csv -> deals.rejects.csv)',
    )
    .addHelpText(
      'after',
      `
Records are matched by their CRM id: importing a newer export updates them, and every change of stage,
amount, close date, forecast category or owner is kept as history dated --as-of (default: today). A history
export (Salesforce OpportunityHistory) becomes the dated history itself. With any problem nothing is written
(exit code 2) unless --skip-invalid is given.

Examples:
  $ salesops import Opportunity.csv Account.csv User.csv --source salesforce --as-of 2026-10-01
  $ salesops import "Opportunity History.csv" --source salesforce
  $ salesops import deals.csv companies.csv --source hubspot
  $ salesops import pipeline.xlsx --mapping my-crm.yaml --dry-run
  $ salesops import deals.csv --skip-invalid --report errors.csv --rejects rejects.csv`,
    )
    .action(async (files: string[], options: ImportOptions, command: Command) => {
      const globals = context.globals(command);
      const asOf = resolveAsOf(globals, context.io);
      const asOfNote =
        globals.asOf === undefined ? ' (today; pass --as-of with the date the export was taken)' : '';
      const cwd = context.io.cwd;
      const [firstMapping, ...moreMappings] = options.mapping.map((file) =>
        loadMappingFile(resolve(cwd, file), file),
      );
      const mapping = firstMapping ? mergeMappingFiles([firstMapping, ...moreMappings]) : undefined;
      const reportPath = options.report ? resolve(cwd, options.report) : undefined;
      const rejects = options.rejects;
      const rejectsBesideInputs = options.skipInvalid === true && rejects === undefined;
      // Checked before anything is read or written: the import must not succeed and then fail on its report.
      if (options.report) refuseMissingFolder('--report', options.report, resolve(cwd, options.report));
      if (rejects) refuseMissingFolder('--rejects', rejects, resolve(cwd, rejects));
      if (rejectsBesideInputs) for (const file of files) refuseReadOnlyFolder(file, resolve(cwd, file));
      let stages: readonly Stage[] = [];
      const result = await context.withWorkspace(command, async (workspace) => {
        stages = workspace.config.stages;
        let progress: ReturnType<typeof startProgress> | null = null;
        let current = '';
        try {
          const imported = await importFiles(
            {
              files: files.map((file) => resolve(cwd, file)),
              names: files,
              ...(options.source ? { source: options.source } : {}),
              ...(mapping ? { mapping } : {}),
              ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
              ...(options.encoding ? { encoding: options.encoding } : {}),
              ...(options.sheet ? { sheet: options.sheet } : {}),
              withSheet: importWithSheet(context, command, files),
              ...(rejects ? { rejects: resolve(cwd, rejects) } : {}),
              rejectsBesideInputs,
              skipInvalid: options.skipInvalid ?? false,
              dryRun: options.dryRun ?? false,
              asOf,
              writtenAt: context.io.today(),
              config: workspace.config,
              onProgress: (file, bytesRead, bytes) => {
                if (file !== current) {
                  progress?.stop();
                  progress = startProgress(context.io.stderr, `Reading ${shortName(file)}`, bytes);
                  current = file;
                }
                progress?.update(bytesRead);
              },
            },
            workspace.store,
          );
          // Build the columnar snapshot of the new data version now, so that the next analysis loads it.
          if (imported.status === 'written') await context.loadDataset(workspace, { afterWrite: true });
          return imported;
        } finally {
          (progress as ReturnType<typeof startProgress> | null)?.stop();
        }
      });
      if (reportPath) writeProblemReport(reportPath, result.problems);
      if (globals.format === 'json') context.out(`${JSON.stringify(result, null, 2)}\n`);
      else if (globals.format === 'csv') context.out(renderCsv(FILE_COLUMNS, result.files));
      else context.out(renderImport(result, asOfNote));
      context.io.stderr.write(renderProblems(result, reportPath, stages));
      if (result.status === 'failed') {
        throw new InputError({
          message: `the import was refused: ${plural(result.problems.length, 'problem')}, nothing written`,
          fix: result.problems.some((problem) => problem.fatal)
            ? 'fix the problems above and run the import again'
            : 'fix the rows above and run the import again, or pass --skip-invalid to import the valid rows',
        });
      }
    });
}

/**
 * The import as the user ran it, reading sheet `name`: the files as typed and every flag given on the command line
 * (global ones too), its --sheet replaced, as the user runs salesops, so that it runs as printed from the same folder.
 */
function importWithSheet(context: CommandContext, command: Command, files: readonly string[]): SheetCommand {
  const flags: string[] = [];
  for (let owner: Command | null = command; owner !== null; owner = owner.parent) {
    for (const option of owner.options) {
      const key = option.attributeName();
      if (key === 'sheet' || owner.getOptionValueSource(key) !== 'cli' || option.long === undefined) continue;
      const value: unknown = owner.getOptionValue(key);
      for (const given of Array.isArray(value) ? (value as unknown[]) : [value])
        flags.push(typeof given === 'boolean' ? option.long : `${option.long} ${shellWord(String(given))}`);
    }
  }
  const words = ['salesops import', ...files.map(shellWord), ...flags].join(' ');
  return (name) => context.asRun(`${words} --sheet ${shellWord(name)}`);
}

/** The rejected rows of a file go beside it by default: its folder must take them. */
function refuseReadOnlyFolder(given: string, absolute: string): void {
  const folder = dirname(absolute);
  if (!existsSync(folder)) return; // The file is missing: the import says so.
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new InputError({
      message: `--skip-invalid writes the rejected rows of ${given} beside it, but the folder ${folder} cannot be written to`,
      fix: 'pass --rejects with a file in a folder you can write to',
    });
  }
}

/** An output file of the import must go into a folder that exists. */
function refuseMissingFolder(flag: string, given: string, absolute: string): void {
  const folder = dirname(absolute);
  if (existsSync(folder) && statSync(folder).isDirectory()) return;
  throw new InputError({
    message: `${flag} ${given}: the folder ${folder} does not exist`,
    fix: `create the folder first, or pass ${flag} with a file in an existing folder`,
  });
}
