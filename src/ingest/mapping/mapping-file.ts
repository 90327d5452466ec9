/**
 * Mapping files: YAML that says how to read a CRM's exports. Each entry of `files` matches files by name and
 * says which entity they hold, which column fills which field, value maps (CRM stage names to workspace
 * stages), constants, formats (date order, decimal separator, currency) and how to read the file (encoding,
 * sheet). An entry may start from a CRM preset (`source`) and only add to it. Every problem is reported at its
 * file:line:column, as in salesops.yaml.
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { currencySchema } from '../../domain/entities.js';
import { InputError, OperationError, type Problem } from '../../domain/errors.js';
import { describeZodIssue, formatConfigPath, type ConfigIssue } from '../../domain/workspace-config.js';
import { parseYamlDocument } from '../../domain/yaml-document.js';
import type { ColumnRule, FileMapping } from '../model/file-mapping.js';
import { fieldSpec, fieldsOf, IMPORT_ENTITIES, type ImportEntity } from '../model/import-fields.js';
import { PRESET_NAMES, type PresetName } from '../presets/preset.js';

/** A cell value written in YAML: text, or a number or boolean YAML read as one (kept as its text). */
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value));

const columnRuleSchema = z.union([
  z.string(),
  z.null(),
  z.array(z.string()).min(1, 'must name at least one field'),
  z.strictObject({
    field: z.string().nullable(),
    default: scalar.optional(),
    ifEmpty: z.string().optional(),
    scale: z.number().positive('must be greater than 0').optional(),
    percent: z.enum(['points', 'fraction']).optional(),
  }),
]);

const formats = {
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  decimalSeparator: z.enum(['.', ',']).optional(),
  currency: currencySchema.optional(),
  encoding: z.string().min(1).optional(),
};

const entrySchema = z.strictObject({
  match: z.string().min(1).optional(),
  entity: z.enum(IMPORT_ENTITIES).optional(),
  source: z.enum(PRESET_NAMES).optional(),
  sheet: z.string().min(1).optional(),
  delimiter: z.string().length(1, 'must be one character, such as "," ";" or "\\t"').optional(),
  columns: z.record(z.string(), columnRuleSchema).default({}),
  // A field whose entries are all still commented out (as `mapping suggest` writes the ones it cannot answer)
  // reads as null: it maps nothing yet.
  values: z
    .record(
      z.string(),
      z
        .record(z.string(), scalar)
        .nullable()
        .transform((map) => map ?? {}),
    )
    .default({}),
  constants: z.record(z.string(), scalar).default({}),
  ...formats,
});

/** The schema of a mapping file as written. */
export const mappingFileSchema = z.strictObject({
  source: z.enum(PRESET_NAMES).optional(),
  ...formats,
  files: z.array(entrySchema).min(1, 'must list at least one file'),
});

type RawEntry = z.output<typeof entrySchema>;

export interface MappingEntry {
  /** Glob on the file name (`*` and `?`, any case); an entry without one applies to files no other matches. */
  readonly match: string | null;
  readonly entity: ImportEntity | null;
  readonly source: PresetName | null;
  /** What the entry sets, laid over the preset's mapping (or, without a preset, the whole mapping). */
  readonly overlay: Partial<FileMapping>;
  /** Where the entry is written, for messages: `files[2]`. */
  readonly path: string;
}

export interface MappingFile {
  /** The file's name as given; several files given together (see {@link mergeMappingFiles}) are listed. */
  readonly file: string;
  /** The CRM preset the file names at its top, for files no entry matches. */
  readonly source: PresetName | null;
  readonly entries: readonly MappingEntry[];
}

/** Field names an entry uses that its entity does not have, at their paths. */
function fieldIssues(entry: RawEntry, index: number): ConfigIssue[] {
  const entity = entry.entity;
  if (entity === undefined) return [];
  const known = Object.keys(fieldsOf(entity)).join(', ');
  const issues: ConfigIssue[] = [];
  const check = (path: (string | number)[], field: string | null | undefined) => {
    if (field === null || field === undefined || fieldSpec(entity, field)) return;
    issues.push({
      path: ['files', index, ...path],
      message: `${field} is not a field of ${entity}`,
      fix: `use one of: ${known}`,
    });
  };
  for (const [header, rule] of Object.entries(entry.columns)) {
    if (typeof rule === 'string' || rule === null) check(['columns', header], rule);
    else if (Array.isArray(rule)) rule.forEach((field, at) => check(['columns', header, at], field));
    else {
      check(['columns', header, 'field'], rule.field);
      check(['columns', header, 'ifEmpty'], rule.ifEmpty);
    }
  }
  for (const field of Object.keys(entry.values)) check(['values', field], field);
  for (const field of Object.keys(entry.constants)) check(['constants', field], field);
  return issues;
}

function entryIssues(entries: readonly RawEntry[]): ConfigIssue[] {
  const issues = entries.flatMap(fieldIssues);
  entries.forEach((entry, index) => {
    if (entry.source === undefined && entry.entity === undefined && Object.keys(entry.columns).length > 0) {
      issues.push({
        path: ['files', index],
        message: 'says which columns to read but not which entity the file holds',
        fix: `add entity: (one of ${IMPORT_ENTITIES.join(', ')}), or source: to start from a CRM preset`,
      });
    }
  });
  const unmatched = entries.filter((entry) => entry.match === undefined);
  if (unmatched.length > 1 && new Set(unmatched.map((entry) => entry.entity)).size < unmatched.length) {
    issues.push({
      path: ['files'],
      message:
        'more than one entry has no match: (and the same entity), so which one a file takes is unclear',
      fix: 'give each entry a match: with its file name, such as match: "deals*.csv"',
    });
  }
  return issues;
}

/** The rules of one column: one per field it fills. */
function columnRules(header: string, rule: RawEntry['columns'][string]): ColumnRule[] {
  if (typeof rule === 'string' || rule === null) return [{ header, field: rule }];
  if (Array.isArray(rule)) return rule.map((field) => ({ header, field }));
  return [
    {
      header,
      field: rule.field,
      ...(rule.default !== undefined ? { default: rule.default } : {}),
      ...(rule.ifEmpty !== undefined ? { ifEmpty: rule.ifEmpty } : {}),
      ...(rule.scale !== undefined ? { scale: rule.scale } : {}),
      ...(rule.percent !== undefined ? { percent: rule.percent } : {}),
    },
  ];
}

/** Keys whose value is undefined removed, so that an overlay does not unset what a preset set. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function toEntry(
  raw: RawEntry,
  index: number,
  top: z.output<typeof mappingFileSchema>,
  file: string,
): MappingEntry {
  const source = raw.source ?? top.source ?? null;
  return {
    match: raw.match ?? null,
    entity: raw.entity ?? null,
    source,
    path: `files[${index}]`,
    overlay: defined({
      description: `${basename(file)} ${raw.match ? `(${raw.match})` : `files[${index}]`}`,
      entity: raw.entity,
      columns: Object.entries(raw.columns).flatMap(([header, rule]) => columnRules(header, rule)),
      values: raw.values,
      constants: raw.constants,
      dateOrder: raw.dateOrder ?? top.dateOrder,
      decimalSeparator: raw.decimalSeparator ?? top.decimalSeparator,
      currency: raw.currency ?? top.currency,
      encoding: raw.encoding ?? top.encoding,
      sheet: raw.sheet,
      delimiter: raw.delimiter,
    }),
  };
}

const REFERENCE = 'the mapping file example in the README, or `salesops mapping suggest <file>`';

/** Parses a mapping file's text; throws one InputError listing every problem at its line and column. */
export function parseMappingYaml(text: string, file: string): MappingFile {
  const document = parseYamlDocument(text, file);
  if (document.value === null || document.value === undefined) {
    throw new InputError({
      message: 'the mapping file is empty',
      location: { file },
      fix: 'start from `salesops mapping suggest <export file>`',
    });
  }
  const result = mappingFileSchema.safeParse(document.value);
  const issues = result.success
    ? entryIssues(result.data.files)
    : result.error.issues.flatMap((issue) =>
        describeZodIssue(mappingFileSchema, issue, document.value, REFERENCE),
      );
  if (issues.length > 0 || !result.success) {
    throw new InputError(
      document.locate(
        issues.map((issue) => ({
          path: issue.path,
          problem: {
            message: issue.message,
            location: { field: formatConfigPath(issue.path) },
            ...(issue.fix ? { fix: issue.fix } : {}),
          } satisfies Problem,
        })),
      ),
    );
  }
  return {
    file,
    source: result.data.source ?? null,
    entries: result.data.files.map((entry, index) => toEntry(entry, index, result.data, file)),
  };
}

export function loadMappingFile(path: string, name: string = path): MappingFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') {
      throw new InputError({
        message:
          code === 'ENOENT' ? 'the mapping file does not exist' : 'this is a folder, not a mapping file',
        location: { file: name },
        fix: 'check the path given to --mapping (`salesops mapping suggest <export>` writes one)',
      });
    }
    throw new OperationError(`cannot read the mapping file ${name}`, {
      cause: error,
      fix: 'check the file permissions',
    });
  }
  return parseMappingYaml(text, name);
}

function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`, 'i');
}

/**
 * The entries that may describe a file: those whose `match` fits its name, else those without one. Several
 * are told apart by the entity the file holds.
 */
export function entriesFor(mapping: MappingFile, file: string): MappingEntry[] {
  const name = basename(file);
  const matched = mapping.entries.filter(
    (entry) => entry.match !== null && globToRegExp(entry.match).test(name),
  );
  return matched.length > 0 ? matched : mapping.entries.filter((entry) => entry.match === null);
}

/** Whether two entries may describe the same file: the same match: (or both none), and no entity telling them apart. */
function overlapping(a: MappingEntry, b: MappingEntry): boolean {
  const sameMatch = (a.match ?? '').toLowerCase() === (b.match ?? '').toLowerCase();
  return sameMatch && (a.entity === null || b.entity === null || a.entity === b.entity);
}

/**
 * Several mapping files as one: their entries together, each named by its file in messages
 * (`salesforce-stages.yaml files[0]`). Refused when two files name different CRM presets at their top, or when
 * entries of two files describe the same files (the same match:, or none, and no entity telling them apart):
 * which one a file takes would be unclear, and entries are not combined.
 */
export function mergeMappingFiles(files: readonly [MappingFile, ...MappingFile[]]): MappingFile {
  if (files.length === 1) return files[0];
  const sources = [...new Set(files.map((file) => file.source).filter((source) => source !== null))];
  if (sources.length > 1) {
    throw new InputError({
      message: `the mapping files name different CRMs at their top (${files
        .filter((file) => file.source !== null)
        .map((file) => `${file.file}: source: ${file.source}`)
        .join(', ')})`,
      fix: 'import the exports of each CRM separately, each with its own mapping files',
    });
  }
  const entries = files.flatMap((file) =>
    file.entries.map((entry) => ({
      ...entry,
      path: `${basename(file.file)} ${entry.path}`,
      from: file.file,
    })),
  );
  const problems: Problem[] = [];
  entries.forEach((entry, index) => {
    const other = entries
      .slice(0, index)
      .find((earlier) => earlier.from !== entry.from && overlapping(earlier, entry));
    if (other === undefined) return;
    const describes =
      entry.match === null
        ? 'the files no other entry matches'
        : `the files matching ${JSON.stringify(entry.match)}`;
    problems.push({
      message: `${other.path} and ${entry.path} both describe ${describes}, so which one a file takes is unclear`,
      location: { file: entry.from },
      fix: `put what both say in one entry of one mapping file (${other.path}), and remove the other, or give each a match: with the names of its own files`,
    });
  });
  if (problems.length > 0) throw new InputError(problems);
  return {
    file: files.map((file) => file.file).join(', '),
    source: sources[0] ?? null,
    entries: entries.map(({ from: _from, ...entry }) => entry),
  };
}
