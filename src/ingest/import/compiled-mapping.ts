/**
 * A file's mapping checked against its header and made ready to read rows: each mapped column with its cell
 * index, field kind, value map and formats; constants read once; and every problem that stops the file before
 * any row is read (a mapped column the file lacks, a required field nothing fills, a header written twice, a
 * constant that is not a value of its field).
 * @module
 */
import type { CurrencyCode } from '../../domain/money.js';
import type { StageModel } from '../../domain/stage-model.js';
import type { Table } from '../readers/index.js';
import type { DecimalSeparator, DateOrder } from '../values/index.js';
import { show, type Parsed } from '../values/parsed.js';
import type { ColumnRule, FileMapping } from '../model/file-mapping.js';
import { normalizeValueMaps } from '../model/file-mapping.js';
import {
  EXPECTED_BY_KIND,
  fieldSpec,
  fieldsOf,
  normalizeKey,
  REQUIRED_FIELDS,
  type FieldKind,
  type ImportEntity,
} from '../model/import-fields.js';
import {
  DateCache,
  readConstant,
  SpanMap,
  type CellContext,
  type CellValue,
  type Interner,
} from './cell-values.js';
import { fileProblem, type ImportProblem } from './import-problems.js';

export interface CompiledColumn {
  /** 0-based cell index. */
  readonly index: number;
  /** The header as the file writes it. */
  readonly header: string;
  readonly field: string;
  readonly kind: FieldKind;
  readonly rule: ColumnRule;
  /** Value map of the field (keys in compared form); stage names are mapped by the stage resolver instead. */
  readonly valueMap: Readonly<Record<string, string>> | null;
  dates: DateCache;
  /**
   * What each distinct cell reads as, for kinds whose reading does not depend on the row: enumerations,
   * currencies and booleans (few values by nature), and ids, labels and numbers other than amounts until the
   * memo fills (then null: the column's values seldom repeat); null for the other kinds.
   */
  memo: SpanMap<Parsed<CellValue>> | null;
  /** Whether the kind holds few values by nature: its memo is kept when full. */
  readonly fewValues: boolean;
  /**
   * The last cell read and what it read as (with the currency it was read in): history rows of one opportunity
   * come together, and repeat its id, often its close date and stage. Never set for timestamps.
   */
  last: {
    source: string;
    start: number;
    end: number;
    currency: CurrencyCode;
    value: Parsed<CellValue>;
  } | null;
  /** The cell context; the reader sets the row's currency before reading amounts. */
  readonly context: { -readonly [K in keyof CellContext]: CellContext[K] };
}

export interface CompiledMapping {
  readonly mapping: FileMapping;
  readonly entity: ImportEntity;
  /** Columns in reading order: ids, then currencies, then the rest (amounts need the row's currency). */
  readonly columns: readonly CompiledColumn[];
  /** Fields set by constants, read once. */
  readonly constants: ReadonlyMap<string, CellValue>;
  /** Fields with an `ifEmpty` fallback to another field. */
  readonly fallbacks: readonly (readonly [field: string, from: string])[];
  /** The column of each mapped field. */
  readonly byField: ReadonlyMap<string, CompiledColumn>;
  /** Stage value map, keys in compared form. */
  readonly stageValues: Readonly<Record<string, string>>;
  /** Currency of amounts that name none and have no currency column. */
  readonly currency: CurrencyCode;
  /** Headers neither mapped nor known to the preset: reported as not imported. */
  readonly unmapped: readonly string[];
  /** Every field of the entity: the keys of a row's values. */
  readonly fields: readonly string[];
}

const READ_ORDER: Partial<Record<FieldKind, number>> = { id: 0, currency: 1 };

const MEMOISED_KINDS: ReadonlySet<FieldKind> = new Set([
  'forecastCategory',
  'opportunityType',
  'repRole',
  'dealStatus',
  'fiscalPeriod',
  'costCategory',
  'activityType',
  'leadStatus',
  'currency',
  'boolean',
]);

/** Kinds whose cells may repeat or not: remembered until the memo fills, then read each time. */
const MEMOISED_UNTIL_FULL: ReadonlySet<FieldKind> = new Set(['id', 'label', 'percent', 'integer', 'decimal']);

function orderOf(kind: FieldKind): number {
  return READ_ORDER[kind] ?? 2;
}

/** Where every header is, by compared form; duplicates are listed separately. */
function indexHeaders(headers: readonly string[]): {
  at: Map<string, number>;
  repeated: Map<string, number[]>;
} {
  const at = new Map<string, number>();
  const repeated = new Map<string, number[]>();
  headers.forEach((header, index) => {
    const key = normalizeKey(header);
    const first = at.get(key);
    if (first === undefined) at.set(key, index);
    else repeated.set(key, [...(repeated.get(key) ?? [first]), index]);
  });
  return { at, repeated };
}

interface CompileOptions {
  readonly workspaceCurrency: CurrencyCode;
  readonly stageModel: StageModel;
  /** Ids and labels kept once for the whole import. */
  readonly strings?: Interner;
  /**
   * Whether records' own ids are kept in `strings` too: when other files of the import keep them as strings (a
   * field history repeats every opportunity's id), else each is copied on its own, as it never repeats.
   */
  readonly shareOwnIds?: boolean;
}

/**
 * Whether a field's cells are kept in the import's shared strings: references and labels repeat, and their records
 * keep them. A record's own id is unique in its file: copied on its own, unless other files keep it as a string
 * too (`shareOwnIds`), or it is a rep's or an account's, which every opportunity refers to: the reference is then
 * the same string as the key it is looked up under, which a `Map` compares by identity (2M lookups in 50,000 keys:
 * 140-220 ms against 350-750 ms for equal strings of their own, measured). A history row keeps its opportunity as
 * a number (OpportunityCodes), so its opportunity id is never kept: interning it would keep a million strings
 * and a table of them for nothing (75 MB of the 1M bench's peak, measured).
 */
function sharesStrings(entity: ImportEntity, field: string, shareOwnIds: boolean): boolean {
  if (field === 'id') return shareOwnIds || entity === 'reps' || entity === 'accounts';
  return !(entity === 'opportunityHistory' && field === 'opportunityId');
}

/** Compiles a mapping for a table; returns the problems instead when the file cannot be read with it. */
export function compileMapping(
  mapping: FileMapping,
  table: Pick<Table, 'file' | 'headers' | 'headerLine'>,
  options: CompileOptions,
): CompiledMapping | ImportProblem[] {
  const { file, headers } = table;
  const problems: ImportProblem[] = [];
  const { at, repeated } = indexHeaders(headers);
  const values = normalizeValueMaps(mapping.values);
  const currency = mapping.currency ?? options.workspaceCurrency;
  const columns: CompiledColumn[] = [];
  const mappedHeaders = new Set<string>();

  for (const rule of mapping.columns) {
    const key = normalizeKey(rule.header);
    mappedHeaders.add(key);
    if (rule.field === null) continue;
    const spec = fieldSpec(mapping.entity, rule.field);
    if (!spec) {
      problems.push(
        fileProblem(file, `${rule.field} is not a field of ${mapping.entity}`, fieldList(mapping.entity), {
          header: rule.header,
        }),
      );
      continue;
    }
    const index = at.get(key);
    if (index === undefined) {
      problems.push(
        fileProblem(
          file,
          `the mapping reads column ${show(rule.header)}, which this file does not have`,
          `check the header in the mapping; the file's headers are ${headers.map((header) => show(header)).join(', ')}`,
          { line: table.headerLine, header: rule.header, field: rule.field },
        ),
      );
      continue;
    }
    const twice = repeated.get(key);
    if (twice) {
      problems.push(
        fileProblem(
          file,
          `the header ${show(rule.header)} is written ${twice.length} times (columns ${twice.map((i) => i + 1).join(', ')}), so which one to read is unclear`,
          'rename the columns so that each header is written once',
          { line: table.headerLine, column: (twice[1] ?? index) + 1, header: rule.header, field: rule.field },
        ),
      );
      continue;
    }
    const mapped = columns.find((column) => column.field === rule.field);
    if (mapped) {
      problems.push(
        fileProblem(
          file,
          `both ${show(mapped.header)} and ${show(rule.header)} are mapped to ${rule.field}`,
          'map one column to each field (set the other to null in the mapping)',
          { line: table.headerLine, column: index + 1, header: rule.header, field: rule.field },
        ),
      );
      continue;
    }
    columns.push({
      index,
      header: headers[index] ?? rule.header,
      field: rule.field,
      kind: spec.kind,
      rule,
      valueMap: spec.kind === 'stage' ? null : (values[rule.field] ?? null),
      dates: new DateCache(mapping.dateOrder ?? null),
      memo: MEMOISED_KINDS.has(spec.kind)
        ? new SpanMap(true)
        : MEMOISED_UNTIL_FULL.has(spec.kind)
          ? new SpanMap()
          : null,
      fewValues: MEMOISED_KINDS.has(spec.kind),
      last: null,
      context: {
        dateOrder: mapping.dateOrder ?? null,
        decimalSeparator: mapping.decimalSeparator ?? (mapping.machineFormats ? '.' : null),
        currency,
        salesforceIds: mapping.salesforceIds ?? false,
        ...(options.strings && sharesStrings(mapping.entity, rule.field, options.shareOwnIds === true)
          ? { strings: options.strings }
          : {}),
        ...(rule.scale !== undefined ? { scale: rule.scale } : {}),
        ...(rule.percent !== undefined ? { percent: rule.percent } : {}),
      },
    });
  }
  columns.sort((a, b) => orderOf(a.kind) - orderOf(b.kind) || a.index - b.index);

  const constants = compileConstants(mapping, currency, options.stageModel, file, problems);
  for (const column of columns) {
    if (column.rule.default === undefined) continue;
    const value = readConstant(column.kind, column.rule.default, currency);
    if (!value.ok) {
      problems.push(
        fileProblem(
          file,
          `default of ${show(column.header)}: ${value.problem.message}`,
          value.problem.fix ?? '',
          {
            header: column.header,
            field: column.field,
          },
        ),
      );
    }
  }
  const fallbacks = compileFallbacks(mapping, columns, file, problems);
  const filled = new Set([...columns.map((column) => column.field), ...constants.keys()]);
  for (const group of REQUIRED_FIELDS[mapping.entity]) {
    if (group.some((field) => filled.has(field))) continue;
    problems.push(
      fileProblem(
        file,
        `no column of this file is mapped to ${group.join(' or ')} (${fieldSpec(mapping.entity, group[0] ?? '')?.about ?? ''}), which ${mapping.entity} need`,
        `add the column to the export, or map it in a mapping file (columns: "<header>": ${group[0] ?? ''})`,
        { line: table.headerLine },
      ),
    );
  }
  if (problems.length > 0) return problems;

  const known = new Set(mapping.known.map((entry) => normalizeKey(entry.header)));
  return {
    mapping,
    entity: mapping.entity,
    columns,
    constants,
    fallbacks,
    byField: new Map(columns.map((column) => [column.field, column])),
    stageValues: values.stage ?? {},
    currency,
    unmapped: headers.filter((header) => {
      const key = normalizeKey(header);
      return key !== '' && !mappedHeaders.has(key) && !known.has(key);
    }),
    fields: Object.keys(fieldsOf(mapping.entity)),
  };
}

function fieldList(entity: ImportEntity): string {
  return `use one of: ${Object.keys(fieldsOf(entity)).join(', ')}`;
}

function compileConstants(
  mapping: FileMapping,
  currency: CurrencyCode,
  stageModel: StageModel,
  file: string,
  problems: ImportProblem[],
): Map<string, CellValue> {
  const constants = new Map<string, CellValue>();
  for (const [field, text] of Object.entries(mapping.constants)) {
    const spec = fieldSpec(mapping.entity, field);
    if (!spec) {
      problems.push(
        fileProblem(file, `constant ${field} is not a field of ${mapping.entity}`, fieldList(mapping.entity)),
      );
      continue;
    }
    if (spec.kind === 'stage' && stageModel.indexOf(text) === undefined) {
      problems.push(
        fileProblem(
          file,
          `constant stage ${show(text)} is not a stage of this workspace`,
          `use one of ${stageModel.stages.map((stage) => stage.name).join(', ')}`,
          { field },
        ),
      );
      continue;
    }
    const value = readConstant(spec.kind, text, currency);
    if (!value.ok) {
      problems.push(
        fileProblem(
          file,
          `constant ${field}: ${value.problem.message}`,
          value.problem.fix ?? EXPECTED_BY_KIND[spec.kind],
          {
            field,
            value: text,
          },
        ),
      );
      continue;
    }
    constants.set(field, value.value);
  }
  return constants;
}

function compileFallbacks(
  mapping: FileMapping,
  columns: readonly CompiledColumn[],
  file: string,
  problems: ImportProblem[],
): [string, string][] {
  const fallbacks: [string, string][] = [];
  for (const column of columns) {
    const from = column.rule.ifEmpty;
    if (from === undefined) continue;
    const spec = fieldSpec(mapping.entity, from);
    if (!spec || spec.kind !== column.kind) {
      problems.push(
        fileProblem(
          file,
          `ifEmpty of ${show(column.header)} names ${from}, which is not a ${column.kind} field of ${mapping.entity}`,
          `name a field of the same kind as ${column.field}`,
          { header: column.header, field: column.field },
        ),
      );
      continue;
    }
    fallbacks.push([column.field, from]);
  }
  return fallbacks;
}

/** Columns whose format must be decided from their values before rows are read. */
export function undecidedColumns(compiled: CompiledMapping): {
  dates: CompiledColumn[];
  numbers: CompiledColumn[];
} {
  const { mapping } = compiled;
  const dates = compiled.columns.filter(
    (column) =>
      (column.kind === 'date' || column.kind === 'timestamp') &&
      mapping.dateOrder === undefined &&
      !mapping.machineFormats,
  );
  const numbers = compiled.columns.filter(
    (column) =>
      (column.kind === 'money' ||
        column.kind === 'decimal' ||
        column.kind === 'percent' ||
        column.kind === 'integer') &&
      mapping.decimalSeparator === undefined &&
      !mapping.machineFormats,
  );
  return { dates, numbers };
}

/** Sets a date column's decided order. */
export function setDateOrder(column: CompiledColumn, order: DateOrder | null): void {
  column.context.dateOrder = order;
  column.dates = new DateCache(order);
  column.last = null;
}

export function setDecimalSeparator(column: CompiledColumn, separator: DecimalSeparator | null): void {
  column.context.decimalSeparator = separator;
  column.last = null;
  if (column.memo !== null) column.memo = new SpanMap(column.fewValues);
}
