/**
 * An import from end to end: open each file, choose its mapping (a CRM preset recognised from the headers, a
 * mapping file, or both), decide its columns' formats, read and check every row, settle what spans rows and
 * files, and write one EntityBatch in one store transaction. With problems, nothing is written unless the
 * caller asked to skip invalid rows; a dry run writes nothing at all.
 * @module
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { IsoDate } from '../../domain/dates.js';
import { InputError, type Problem, shellWord } from '../../domain/errors.js';
import type { WorkspaceConfig } from '../../domain/workspace-config.js';
import type { Store, WriteResult } from '../../store/store.js';
import { assertReadable, openTable, type SheetCommand, type Table } from '../readers/index.js';
import type { DateOrder, Money } from '../values/index.js';
import { overlayMapping, type FileMapping, type ReadOptions } from '../model/file-mapping.js';
import type { ImportEntity } from '../model/import-fields.js';
import { entriesFor, type MappingEntry, type MappingFile } from '../mapping/mapping-file.js';
import { mappingForHeaders, presetLabel, type PresetName } from '../presets/index.js';
import { Assembler, historySize, type CreatedRecords, type ReadFile } from './assemble-batch.js';
import {
  AccountRows,
  type Collected,
  CurrencyRows,
  FieldHistoryRows,
  PeriodRows,
  ProductRows,
  RepRows,
  RoleRows,
  StageNotes,
} from './collectors.js';
import { OpportunityRows, type ListPriceLookup } from './opportunity-rows.js';
import { amountWarnings, type ImportWarning } from './amount-warnings.js';
import { batchStream, checkHistory } from './batch-stream.js';
import { decideColumnFormats } from './column-formats.js';
import { ActivityRows, CostRows, LeadRows, QuotaRows } from './funnel-rows.js';
import { Interner } from './cell-values.js';
import { DayCodec, HistoryRows } from './history-rows.js';
import {
  mergeHistoryParts,
  spareHistoryThreads,
  startHistoryParts,
  type HistoryParts,
  type SpareThreads,
} from './history-parts.js';
import { compileMapping, type CompiledMapping } from './compiled-mapping.js';
import {
  fileProblem,
  ignoreRow,
  importedCount,
  newFileAccount,
  type FileAccount,
  type ImportProblem,
} from './import-problems.js';
import { OpportunityCodes } from './opportunity-codes.js';
import { readRows } from './read-rows.js';
import { rejectsBeside, rejectsPathFor, writeRejectedRows } from './import-report.js';
import { recordsAt, sameCells } from './records-at.js';
import { stageResolverFor } from './stage-resolver.js';
import { loadStoredRecords, type StoredRecords } from './stored-records.js';
import { wordKey } from './vocabulary.js';
import { NameIndex } from './name-keys.js';

export interface ImportRequest {
  /** Paths of the files to import. */
  readonly files: readonly string[];
  /** How messages name each file (as the user typed it); the path when left out. */
  readonly names?: readonly string[];
  /** The CRM the files come from; recognised from the headers when left out. */
  readonly source?: PresetName;
  readonly mapping?: MappingFile;
  /** Day/month order of every date column (else decided per column). */
  readonly dateOrder?: DateOrder;
  readonly encoding?: string;
  readonly sheet?: string;
  /** How the caller imports a workbook from another sheet, for the fix when `sheet` is none of its sheets. */
  readonly withSheet?: SheetCommand;
  /** Import the valid rows and report the others, instead of writing nothing when any row is invalid. */
  readonly skipInvalid: boolean;
  /** Check and report, write nothing. */
  readonly dryRun: boolean;
  /** The date the export was taken: changes found by comparing with stored data are dated so. */
  readonly asOf: IsoDate;
  /** Today, by the caller's clock, recorded with the write. */
  readonly writtenAt?: IsoDate;
  readonly config: WorkspaceConfig;
  /**
   * Where to write the rejected rows, unchanged (one file per source file when several have rejects); left
   * out, they are only reported.
   */
  readonly rejects?: string;
  /** With `rejects` left out: write each file's rejected rows beside it, as `<name>.rejects.csv`. */
  readonly rejectsBesideInputs?: boolean;
  /** Opportunities per batch of the write (one transaction whatever the number); the default suits large imports. */
  readonly opportunitiesPerBatch?: number;
  /**
   * History files at least this large are read in parts on worker threads (default 32 MiB; 0 reads every history
   * file that can be cut in parts, as the tests do to compare both reads).
   */
  readonly parallelFromBytes?: number;
  /** Threads a history is read on, the main thread's included (default: the cores there are, at most 4). */
  readonly historyThreads?: number;
  /** Progress while reading rows: bytes read of the file being read. */
  readonly onProgress?: (file: string, bytesRead: number, bytes: number) => void;
}

export interface ImportedFile {
  readonly file: string;
  readonly format: 'csv' | 'xlsx' | null;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly sheet: string | null;
  /** How the file was read, for people: `Salesforce (Data Loader export of Opportunity)`. */
  readonly mapping: string | null;
  readonly entity: ImportEntity | null;
  readonly columns: readonly { readonly header: string; readonly field: string }[];
  /** Columns not imported, with why. */
  readonly notImported: readonly { readonly header: string; readonly reason: string }[];
  readonly rowsRead: number;
  /**
   * The parts the file's rows were read in at once (1: whole, on the main thread; a large history file is read in
   * parts on worker threads: history-parts.ts).
   */
  readonly parts: number;
  readonly imported: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly ignored: readonly { readonly reason: string; readonly rows: number }[];
}

export type ImportStatus = 'written' | 'checked' | 'failed';

export interface ImportResult {
  /** `written` (to the store), `checked` (a dry run without problems), or `failed` (nothing written). */
  readonly status: ImportStatus;
  readonly asOf: IsoDate;
  readonly dryRun: boolean;
  readonly files: readonly ImportedFile[];
  /** Every problem: those that stop the import (a file, a column) first, each kind in file and line order. */
  readonly problems: readonly ImportProblem[];
  readonly created: CreatedRecords;
  readonly notices: readonly string[];
  /** What was read as written but is seldom meant (negative opportunity amounts), with the first places. */
  readonly warnings: readonly ImportWarning[];
  /** CRM stage names the workspace does not know, with the rows that use them. */
  readonly unknownStages: readonly {
    readonly name: string;
    readonly rows: number;
    readonly file: string;
    readonly line: number;
  }[];
  /** Closed deals whose stage name the workspace does not know, placed by the CRM's won/lost flags. */
  readonly stagesByOutcome: readonly {
    readonly name: string;
    readonly stage: string;
    readonly rows: number;
  }[];
  /** Records in the batch (written, or that would be written). */
  readonly records: {
    readonly reps: number;
    readonly accounts: number;
    readonly opportunities: number;
    readonly opportunityChanges: number;
    readonly activities: number;
    readonly leads: number;
    readonly quotas: number;
    readonly costs: number;
  };
  readonly write: WriteResult | null;
  /** Rejects files written, with the rows each holds. */
  readonly rejectFiles: readonly { readonly source: string; readonly path: string; readonly rows: number }[];
}

/** Reading order: lookups first, then records before the records that refer to them. */
const ENTITY_ORDER: readonly ImportEntity[] = [
  'roles',
  'products',
  'currencies',
  'periods',
  'reps',
  'accounts',
  'opportunities',
  'opportunityHistory',
  'opportunityFieldHistory',
  'leads',
  'activities',
  'quotas',
  'costs',
];

interface PlannedFile {
  readonly file: string;
  readonly table: Table;
  readonly compiled: CompiledMapping;
}

const NO_RECORDS: ImportResult['records'] = {
  reps: 0,
  accounts: 0,
  opportunities: 0,
  opportunityChanges: 0,
  activities: 0,
  leads: 0,
  quotas: 0,
  costs: 0,
};
const NO_CREATED: CreatedRecords = {
  repsFromNames: 0,
  accountsFromNames: 0,
  repsFromIds: 0,
  accountsFromIds: 0,
};

/** The read options a file's mapping entries give (the first entry that sets each), overridden by the request's. */
function readOptions(entries: readonly MappingEntry[], request: ImportRequest): ReadOptions {
  const pick = <K extends keyof ReadOptions>(key: K) =>
    entries.map((entry) => entry.overlay[key]).find((value) => value !== undefined);
  const encoding = request.encoding ?? pick('encoding');
  const sheet = request.sheet ?? pick('sheet');
  const delimiter = pick('delimiter');
  return {
    ...(encoding !== undefined ? { encoding } : {}),
    ...(sheet !== undefined ? { sheet } : {}),
    ...(delimiter !== undefined ? { delimiter } : {}),
  };
}

/** The mapping an entry gives a file: laid over its preset's mapping, or on its own. */
function entryMapping(
  entry: MappingEntry,
  headers: readonly string[],
  source: PresetName | undefined,
): FileMapping | null {
  const presetName = entry.source ?? source;
  const entity = entry.entity ?? undefined;
  const hasColumns = (entry.overlay.columns?.length ?? 0) > 0;
  const base =
    presetName !== undefined || !hasColumns ? mappingForHeaders(headers, presetName, entity) : null;
  if (base) {
    const description = `${base.description}, with ${entry.overlay.description ?? 'a mapping file'}`;
    return overlayMapping(base, { ...entry.overlay, description });
  }
  if (entry.entity === null || !hasColumns) return null;
  return {
    description: entry.overlay.description ?? 'mapping file',
    source: 'csv',
    entity: entry.entity,
    columns: [],
    values: {},
    constants: {},
    known: [],
    ...entry.overlay,
  };
}

function chooseMapping(
  table: Table,
  entries: readonly MappingEntry[],
  request: ImportRequest,
): FileMapping | ImportProblem {
  const { headers, file } = table;
  const source = request.source ?? request.mapping?.source ?? undefined;
  const candidates = entries
    .map((entry) => entryMapping(entry, headers, source))
    .filter((mapping) => mapping !== null);
  const chosen =
    entries.length === 0
      ? mappingForHeaders(headers, source)
      : candidates.length === 1
        ? candidates[0]
        : null;
  if (chosen) return request.dateOrder ? { ...chosen, dateOrder: request.dateOrder } : chosen;
  if (candidates.length > 1) {
    return fileProblem(
      file,
      `${candidates.length} entries of the mapping file could describe this file (${entries.map((entry) => entry.path).join(', ')})`,
      'give the entries a match: with the file name, or an entity:',
    );
  }
  const what = source ? `a ${presetLabel(source)} export` : 'an export salesops recognises';
  const mappingNote = request.mapping ? ` and no entry of ${request.mapping.file} describes it` : '';
  // A --source that names the wrong CRM: the file read without it is the fix.
  const unnamed = request.source && entries.length === 0 ? mappingForHeaders(headers) : null;
  const withoutSource = unnamed
    ? `leave --source ${request.source} out: without it the file reads as ${unnamed.description}; or `
    : '';
  return fileProblem(
    file,
    `the columns of this file (${headers.slice(0, 6).join(', ')}${headers.length > 6 ? ', ...' : ''}) are not ${what}${mappingNote}`,
    // The file as typed, so that the command runs where the import did.
    `${withoutSource}describe the file in a mapping file: \`salesops mapping suggest ${shellWord(file)} > mapping.yaml\`, then import with --mapping mapping.yaml${source ? '' : ' (or name the CRM with --source)'}`,
    { line: table.headerLine },
  );
}

function displayName(request: ImportRequest, index: number): string {
  return request.names?.[index] ?? request.files[index] ?? '';
}

/** The path of a file given as `file` (its display name). */
function pathOf(request: ImportRequest, file: string): string {
  return request.files[request.files.findIndex((_, index) => displayName(request, index) === file)] ?? file;
}

/** A file opened and given a mapping, whether or not the mapping compiles for it. */
interface ChosenFile {
  readonly file: string;
  readonly table: Table;
  readonly mapping: FileMapping;
}

/**
 * Opens every file and compiles its mapping; problems that stop a file are collected, and the files given a
 * mapping are added to `chosen` (so that the summary says how a file was read even when its mapping failed).
 */
async function planFiles(
  request: ImportRequest,
  problems: ImportProblem[],
  chosen: ChosenFile[],
): Promise<PlannedFile[]> {
  for (const [index, path] of request.files.entries()) {
    const file = displayName(request, index);
    const entries = request.mapping ? entriesFor(request.mapping, path) : [];
    let table: Table;
    try {
      // The table keeps reading `path`; messages name the file as the user did.
      const options = {
        ...readOptions(entries, request),
        extraCells: 'keep',
        withSheet: request.withSheet,
      } as const;
      table = { ...(await openTable(path, options)), file };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const problem of error.problems) {
        problems.push(
          fileProblem(file, problem.message, problem.fix ?? 'check the file', {
            line: problem.location?.line ?? null,
            column: problem.location?.column ?? null,
          }),
        );
      }
      continue;
    }
    const mapping = chooseMapping(table, entries, request);
    if ('entity' in mapping) chosen.push({ file, table, mapping });
    else problems.push(mapping);
  }
  const strings = new Interner();
  const shareOwnIds = chosen.some(({ mapping }) => mapping.entity === 'opportunityFieldHistory');
  const planned: PlannedFile[] = [];
  for (const { file, table, mapping } of chosen) {
    const compiled = compileMapping(mapping, table, {
      workspaceCurrency: request.config.currency,
      stageModel: request.config.stageModel,
      strings,
      shareOwnIds,
    });
    if (Array.isArray(compiled)) problems.push(...compiled);
    else planned.push({ file, table, compiled });
  }
  return planned.sort(
    (a, b) => ENTITY_ORDER.indexOf(a.compiled.entity) - ENTITY_ORDER.indexOf(b.compiled.entity),
  );
}

/** What collectors look up in files read before theirs, or in the store. */
interface Lookups {
  readonly opportunityCodes: OpportunityCodes;
  readonly listPriceOf: ListPriceLookup | null;
  readonly dayCodec: DayCodec;
  readonly opportunityNamed: (name: string) => string | null | undefined;
}

/** The collector of a file's entity. */
function collectorFor(
  plan: PlannedFile,
  request: ImportRequest,
  notes: StageNotes,
  { opportunityCodes, listPriceOf, dayCodec, opportunityNamed }: Lookups,
): Collected<unknown> {
  const { compiled } = plan;
  const resolver = () => stageResolverFor(compiled, request.config.stageModel);
  switch (compiled.entity) {
    case 'opportunities':
      return new OpportunityRows(resolver(), notes, listPriceOf);
    case 'accounts':
      return new AccountRows(request.config.currency);
    case 'reps':
      return new RepRows();
    case 'opportunityHistory':
      return new HistoryRows(
        request.config.stageModel,
        resolver(),
        notes,
        opportunityCodes,
        dayCodec,
        opportunityNamed,
      );
    case 'opportunityFieldHistory':
      return new FieldHistoryRows();
    case 'products':
      return new ProductRows();
    case 'roles':
      return new RoleRows();
    case 'currencies':
      return new CurrencyRows();
    case 'periods':
      return new PeriodRows();
    case 'quotas':
      return new QuotaRows(request.config.currency);
    case 'costs':
      return new CostRows(request.config.currency);
    case 'activities':
      return new ActivityRows();
    case 'leads':
      return new LeadRows();
  }
}

/**
 * Later rows whose key an earlier row of the file has: read again and compared cell for cell. An exact copy is
 * a duplicate (skipped); otherwise both rows are rejected, since which one is right cannot be known.
 */
async function settleCollisions(read: ReadFile, problems: ImportProblem[]): Promise<void> {
  const { rows, table, account, compiled } = read;
  if (rows.collisions.length === 0) return;
  const lines = new Set(rows.collisions.flatMap((collision) => [collision.line, rows.line(collision.first)]));
  const cells = await recordsAt(table, lines);
  const column = compiled.byField.get(rows.keyField) ?? compiled.columns[0];
  for (const collision of rows.collisions) {
    const firstLine = rows.line(collision.first);
    if (sameCells(cells.get(firstLine), cells.get(collision.line))) {
      account.duplicates++;
      continue;
    }
    const message = `${rows.keyField} ${JSON.stringify(collision.key)} is on line ${firstLine} and line ${collision.line} with different values`;
    const fix = 'keep one row per record (export again, or remove the row that is out of date)';
    for (const line of [firstLine, collision.line]) {
      if (account.rejectedLines.has(line)) continue;
      account.rejectedLines.add(line);
      problems.push({
        file: read.file,
        line,
        column: (column?.index ?? 0) + 1,
        header: column?.header ?? null,
        field: rows.keyField,
        value: collision.key,
        message,
        expected: 'one row per record',
        fix,
        fatal: false,
      });
    }
    rows.rejected.add(collision.first);
  }
}

function describeFile(
  plan: PlannedFile | undefined,
  chosen: ChosenFile | undefined,
  file: string,
  account: FileAccount,
): ImportedFile {
  const compiled = plan?.compiled;
  const table = plan?.table ?? chosen?.table;
  const mapping = compiled?.mapping ?? chosen?.mapping;
  return {
    file,
    format: table?.format ?? null,
    encoding: table?.encoding ?? null,
    delimiter: table?.delimiter ?? null,
    sheet: table?.sheet ?? null,
    mapping: mapping?.description ?? null,
    entity: mapping?.entity ?? null,
    columns: compiled
      ? compiled.columns
          .map((column) => ({ header: column.header, field: column.field }))
          .sort((a, b) => plan.table.headers.indexOf(a.header) - plan.table.headers.indexOf(b.header))
      : [],
    notImported: compiled
      ? [
          ...compiled.mapping.known,
          ...compiled.mapping.columns
            .filter((rule) => rule.field === null)
            .map((rule) => ({ header: rule.header, reason: 'left out by the mapping' })),
          ...compiled.unmapped.map((header) => ({ header, reason: 'no field of salesops is mapped to it' })),
        ]
      : [],
    rowsRead: account.rowsRead,
    parts: account.parts,
    imported: importedCount(account),
    rejected: account.rejectedLines.size,
    duplicates: account.duplicates,
    ignored: [...account.ignored].map(([reason, rows]) => ({ reason, rows })),
  };
}

function sortProblems(problems: ImportProblem[], order: readonly string[]): ImportProblem[] {
  return problems.sort(
    (a, b) =>
      Number(b.fatal) - Number(a.fatal) ||
      order.indexOf(a.file) - order.indexOf(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}

async function writeRejects(
  request: ImportRequest,
  plans: readonly PlannedFile[],
  accounts: ReadonlyMap<string, FileAccount>,
): Promise<ImportResult['rejectFiles']> {
  const path = request.rejects;
  if (path === undefined && !request.rejectsBesideInputs) return [];
  const withRejects = plans.filter((plan) => (accounts.get(plan.file)?.rejectedLines.size ?? 0) > 0);
  const written: { source: string; path: string; rows: number }[] = [];
  for (const plan of withRejects) {
    const target =
      path === undefined
        ? rejectsBeside(
            pathOf(request, plan.file),
            written.map((file) => file.path),
          )
        : rejectsPathFor(path, plan.file, withRejects.length > 1);
    const lines = accounts.get(plan.file)?.rejectedLines ?? new Set<number>();
    written.push({
      source: plan.file,
      path: target,
      rows: await writeRejectedRows(plan.table, lines, target),
    });
  }
  return written;
}

/**
 * A problem for each file given that is the rejects file an earlier import wrote beside another file given
 * (`deals.rejects.csv` beside `deals.csv`): a glob such as `exports/*.csv` picks both up, and the rejected
 * rows would be read a second time, as records of their own.
 */
function rejectsFilesGiven(paths: readonly string[], names: readonly string[]): ImportProblem[] {
  const given = paths.map((path) => resolve(path));
  const problems: ImportProblem[] = [];
  for (const [index, source] of given.entries()) {
    const besides = [rejectsBeside(source, []), `${source}.rejects.csv`];
    const at = given.findIndex((path) => path !== source && besides.includes(path));
    if (at < 0) continue;
    problems.push(
      fileProblem(
        names[at]!,
        `this is the rejects file an import with --skip-invalid wrote beside ${names[index]!}: its rows were rejected from that file`,
        `leave it out of this import (a glob such as *.csv picks it up: name the files, or move the rejects file away); once its rows are fixed, import it on its own`,
      ),
    );
  }
  return problems;
}

/** Throws one InputError naming every file that cannot be opened (as the user named it): nothing is read then. */
async function checkReadable(request: ImportRequest): Promise<void> {
  const unreadable: Problem[] = [];
  for (const [index, path] of request.files.entries()) {
    try {
      await assertReadable(path, displayName(request, index));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unreadable.push(...error.problems);
    }
  }
  if (unreadable.length > 0) throw new InputError(unreadable);
}

/**
 * Imports CRM export files into the store (see the module comment). Throws an InputError when a file cannot be
 * opened at all; never throws for a problem in the files.
 */
export async function importFiles(request: ImportRequest, store: Store): Promise<ImportResult> {
  await checkReadable(request);
  // Started before the files are planned, so that their modules are loaded by the time a history's parts are known.
  const sizes = await Promise.all(
    // A file gone since it was checked is reported where it is opened: no spare thread for it.
    request.files.map((path) =>
      stat(path).then(
        ({ size }) => size,
        () => 0,
      ),
    ),
  );
  const spares = spareHistoryThreads(sizes, request.parallelFromBytes, request.historyThreads);
  try {
    return await importReadable(request, store, spares);
  } finally {
    await spares.stop();
  }
}

async function importReadable(
  request: ImportRequest,
  store: Store,
  spares: SpareThreads,
): Promise<ImportResult> {
  const problems: ImportProblem[] = [];
  const chosen: ChosenFile[] = [];
  const plans = await planFiles(request, problems, chosen);
  const names = request.files.map((_, index) => displayName(request, index));
  problems.push(...rejectsFilesGiven(request.files, names));
  const accounts = new Map<string, FileAccount>(names.map((name) => [name, newFileAccount()]));
  const notes = new StageNotes();
  const result = (status: ImportStatus, rest: Partial<ImportResult> = {}): ImportResult => ({
    status,
    asOf: request.asOf,
    dryRun: request.dryRun,
    files: names.map((file) =>
      describeFile(
        plans.find((plan) => plan.file === file),
        chosen.find((entry) => entry.file === file),
        file,
        accounts.get(file) ?? newFileAccount(),
      ),
    ),
    problems: sortProblems(problems, names),
    created: NO_CREATED,
    notices: [],
    warnings: [],
    unknownStages: [...notes.unknown].map(([name, seen]) => ({ name, ...seen })),
    stagesByOutcome: [...notes.placedByOutcome].map(([key, placed]) => ({
      name: key.split('\u0000')[0] ?? '',
      ...placed,
    })),
    records: NO_RECORDS,
    write: null,
    rejectFiles: [],
    ...rest,
  });
  // A file that cannot be mapped or read stops the import here; a column whose format cannot be decided stops
  // it after the rows are read (see ColumnFormats).
  let stopped = problems.length > 0;
  const formatNotes: string[] = [];
  for (const plan of plans) {
    const formats = await decideColumnFormats(plan.table, plan.compiled);
    problems.push(...formats.problems);
    formatNotes.push(...formats.notes);
    stopped ||= formats.unreadable;
  }
  if (stopped) return result('failed');

  const holds = (...entities: ImportEntity[]) =>
    plans.some((plan) => entities.includes(plan.compiled.entity));
  const stored: StoredRecords = await loadStoredRecords(store, {
    history: holds('opportunityHistory', 'opportunityFieldHistory'),
    references: holds('activities', 'leads'),
  });
  const reads: ReadFile[] = [];
  const opportunityReads: ReadFile<OpportunityRows>[] = [];
  const dayCodec = new DayCodec();
  const products = new Map<string, Money>();
  const listPriceOf = plans.some((plan) => plan.compiled.entity === 'products')
    ? (name: string) => products.get(wordKey(name))
    : null;
  // Filled as opportunities files are read, before the histories that refer to them.
  const opportunityFiles: OpportunityRows[] = [];
  const opportunityCodes = new OpportunityCodes(opportunityFiles, stored.opportunities);
  // Opportunities by name, for history reports without ids: made when the first such row is read, after every
  // opportunities file (files are read in ENTITY_ORDER).
  let opportunityNames: NameIndex | null = null;
  const opportunityNamed = (name: string): string | null | undefined => {
    if (opportunityNames === null) {
      const index = new NameIndex();
      for (const [id, opportunity] of stored.opportunities ?? []) index.add(opportunity.name, id);
      for (const read of opportunityReads)
        for (const [, opportunity] of read.rows.accepted()) index.add(opportunity.name, opportunity.id);
      opportunityNames = index;
    }
    return opportunityNames.find(name);
  };
  const lookups = { opportunityCodes, listPriceOf, dayCodec, opportunityNamed };
  const historyParts = new Map<PlannedFile, HistoryParts>();
  const readNotes: string[] = [];
  const opportunityBytes = plans
    .filter((plan) => plan.compiled.entity === 'opportunities')
    .reduce((sum, plan) => sum + plan.table.bytes, 0);
  // Made once the reps, accounts and opportunities are read, as its pools of them are.
  let assembler: Assembler | null = null;
  const assembly = () => (assembler ??= new Assembler(reads, { config: request.config, stored, problems }));
  // The records read before a history are settled before it is read (while its parts' threads read it), when
  // every file left is a history that finds its opportunities by id: a file that looks them up by name would
  // find fewer once settling rejects some.
  const settleEarly = plans.every(
    ({ compiled }) =>
      ENTITY_ORDER.indexOf(compiled.entity) <= ENTITY_ORDER.indexOf('opportunities') ||
      (compiled.entity === 'opportunityHistory' &&
        compiled.byField.has('opportunityId') &&
        !compiled.byField.has('opportunityName')),
  );
  try {
    // Large history files start reading now, on threads of their own, while the opportunities are read here.
    for (const plan of plans) {
      const parts = await startHistoryParts({
        mainBytes: opportunityBytes,
        path: pathOf(request, plan.file),
        file: plan.file,
        table: plan.table,
        compiled: plan.compiled,
        stages: request.config.stageModel.stages,
        workspaceCurrency: request.config.currency,
        ...(request.parallelFromBytes !== undefined ? { minBytes: request.parallelFromBytes } : {}),
        spares,
        ...(request.historyThreads !== undefined ? { threads: request.historyThreads } : {}),
      });
      if (parts) historyParts.set(plan, parts);
    }
    // Threads started before the files were planned and given no part: their memory is freed before the reads.
    await spares.stop();
    for (const plan of plans) {
      const account = accounts.get(plan.file) ?? newFileAccount();
      const rows = collectorFor(plan, request, notes, lookups);
      const onProgress = (bytesRead: number) => request.onProgress?.(plan.file, bytesRead, plan.table.bytes);
      const parts = historyParts.get(plan);
      // Not after a problem that stops the import: its records are not assembled then.
      if (
        settleEarly &&
        plan.compiled.entity === 'opportunityHistory' &&
        !problems.some((problem) => problem.fatal)
      )
        assembly().settleRecords();
      const inParts =
        parts !== undefined && rows instanceof HistoryRows
          ? await mergeHistoryParts(
              parts,
              { file: plan.file, rows, compiled: plan.compiled, account, problems, notes },
              onProgress,
            )
          : null;
      if (inParts?.notice) readNotes.push(inParts.notice);
      if (inParts?.merged) onProgress(plan.table.bytes);
      else await readRows(plan.table, plan.compiled, rows, account, problems, { onProgress });
      const read: ReadFile = { file: plan.file, table: plan.table, compiled: plan.compiled, account, rows };
      if (rows instanceof FieldHistoryRows) {
        for (let count = 0; count < rows.untracked; count++)
          ignoreRow(account, 'field history of a field salesops does not track');
      }
      await settleCollisions(read, problems);
      reads.push(read);
      if (rows instanceof OpportunityRows) {
        opportunityReads.push(read as ReadFile<OpportunityRows>);
        opportunityFiles.push(rows);
      }
      if (rows instanceof ProductRows) {
        for (const [, product] of rows.accepted()) products.set(wordKey(product.name), product.listPrice);
      }
    }
  } finally {
    await Promise.all([...historyParts.values()].map((parts) => parts.stop()));
  }
  if (problems.some((problem) => problem.fatal)) return result('failed');

  const assembled = await assembly().assemble();
  const { batch } = assembled;
  const records = {
    reps: batch.reps.length,
    accounts: batch.accounts.length,
    opportunities: batch.opportunities.length,
    opportunityChanges: historySize(assembled.history),
    activities: batch.activities.length,
    leads: batch.leads.length,
    quotas: batch.quotas.length,
    costs: batch.costs.length,
  };
  const outcome = {
    created: assembled.created,
    notices: [...formatNotes, ...readNotes, ...assembled.notices],
    warnings: await amountWarnings(opportunityReads, request.config.fxTable),
    records,
  };
  const rejected = problems.length > 0;
  // A problem that stops the import (rates that disagree with salesops.yaml) stops it with --skip-invalid too.
  const refused = problems.some((problem) => problem.fatal) || (rejected && !request.skipInvalid);
  const rejectFiles = await writeRejects(request, plans, accounts);
  if (request.dryRun || refused) {
    // Checked like a write would check them, none made.
    checkHistory(assembled.history);
    return result(refused ? 'failed' : 'checked', { ...outcome, rejectFiles });
  }
  const sources = [...new Set(plans.map((plan) => plan.compiled.mapping.source))].join('+');
  const write = await store.write(batchStream(batch, assembled.history, request.opportunitiesPerBatch), {
    source: sources || 'csv',
    asOf: request.asOf,
    note: `salesops import ${names.map((file) => basename(file)).join(' ')}`,
    ...(request.writtenAt ? { writtenAt: request.writtenAt } : {}),
  });
  return result('written', { ...outcome, write, rejectFiles });
}
