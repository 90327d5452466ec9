/**
 * `mapping suggest`: a commented starting mapping file for an export, from its headers (a CRM preset that
 * recognises them, else header names and synonyms) and the column profiler (what each column holds, its date
 * order and decimal separator). Guesses are marked "check"; what cannot be guessed is left as a "?" comment.
 * @module
 */
import { basename } from 'node:path';
import { asTyped, shellWord, type CommandLine } from '../../domain/errors.js';
import { plural } from '../../domain/plural.js';
import type { Stage } from '../../domain/stage-model.js';
import { openTable } from '../readers/index.js';
import { createColumnProfiler, type ColumnProfile, type DateOrder } from '../values/index.js';
import type { ColumnRule, FileMapping } from '../model/file-mapping.js';
import {
  fieldSpec,
  fieldsOf,
  normalizeKey,
  type FieldKind,
  type ImportEntity,
} from '../model/import-fields.js';
import {
  coversRequired,
  guessEntity,
  mappingForHeaders,
  matchHeaders,
  type PresetName,
} from '../presets/index.js';
import { parseForecastCategory, parseOpportunityType } from '../import/vocabulary.js';

export interface SuggestOptions {
  readonly source?: PresetName;
  readonly entity?: ImportEntity;
  readonly encoding?: string;
  readonly sheet?: string;
  /** The file as the user typed it, for the import command the comments give (default: its base name). */
  readonly typed?: string;
  /**
   * How the comments write the import command: the CLI's is as the user runs salesops, with the --workspace they
   * gave; as typed when left out.
   */
  readonly commandLine?: CommandLine;
  /** The workspace's stages, for the stage value map. */
  readonly stages: readonly Stage[];
}

/** Distinct values kept per column, for value maps. */
const MAX_DISTINCT = 60;

interface ColumnFacts {
  readonly header: string;
  readonly profile: ColumnProfile;
  readonly distinct: readonly string[];
}

async function profileFile(
  file: string,
  options: SuggestOptions,
): Promise<{ headers: readonly string[]; rows: number; columns: ColumnFacts[] }> {
  const table = await openTable(file, {
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    extraCells: 'keep',
  });
  const profilers = table.headers.map(() => createColumnProfiler());
  const distinct = table.headers.map(() => new Set<string>());
  let rows = 0;
  for await (const batch of table.batches()) {
    batch.records.forEach((cells, at) => {
      rows++;
      const line = batch.lines[at] ?? 0;
      table.headers.forEach((_, column) => {
        const cell = cells[column] ?? '';
        profilers[column]!.add(cell, line);
        const seen = distinct[column]!;
        if (seen.size < MAX_DISTINCT && cell.trim() !== '') seen.add(cell.trim());
      });
    });
  }
  return {
    headers: table.headers,
    rows,
    columns: table.headers.map((header, column) => ({
      header,
      profile: profilers[column]!.finish(),
      distinct: [...distinct[column]!],
    })),
  };
}

const NUMERIC = new Set(['money', 'decimal', 'integer', 'percent']);

/** Whether what a column holds fits the kind of the field it is mapped to. */
function fits(kind: FieldKind, profile: ColumnProfile): boolean {
  const holds = profile.kind;
  if (holds === 'empty') return true;
  switch (kind) {
    case 'money':
    case 'decimal':
      return NUMERIC.has(holds);
    case 'integer':
      return holds === 'integer';
    case 'percent':
      return NUMERIC.has(holds);
    case 'date':
    case 'timestamp':
      return holds === 'date';
    case 'boolean':
      return holds === 'boolean';
    default:
      return true;
  }
}

function describeProfile(profile: ColumnProfile): string {
  if (profile.kind === 'empty') return 'empty in this file';
  const parts: string[] = [profile.kind];
  if (profile.dateOrder) parts.push(profile.dateOrder === 'mdy' ? 'month first' : 'day first');
  if (profile.currencySigns.length > 0) parts.push(profile.currencySigns.join(' '));
  if (profile.fit < 1) parts.push(`${Math.round(profile.fit * 100)}% fit`);
  const examples = profile.examples
    .slice(0, 2)
    .map((example) => JSON.stringify(example.length > 30 ? `${example.slice(0, 27)}...` : example));
  return `${parts.join(', ')}${examples.length ? `, e.g. ${examples.join(', ')}` : ''}`;
}

/** The workspace stage a CRM stage name most likely is, or null: same name, won/lost words, shared words. */
export function guessStage(name: string, stages: readonly Stage[]): { stage: string; exact: boolean } | null {
  const exact = stages.find((stage) => normalizeKey(stage.name) === normalizeKey(name));
  if (exact) return { stage: exact.name, exact: true };
  const words = new Set(
    normalizeKey(name)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 2),
  );
  const closed = words.has('won') ? 'won' : words.has('lost') ? 'lost' : null;
  if (closed) {
    const stage = stages.find((candidate) => candidate.outcome === closed);
    if (stage) return { stage: stage.name, exact: false };
  }
  let best: { stage: string; score: number } | null = null;
  for (const stage of stages) {
    const stageWords = normalizeKey(stage.name).split(/[^\p{L}\p{N}]+/u);
    const score = stageWords.filter((word) =>
      [...words].some((own) => own.startsWith(word.slice(0, 5)) || word.startsWith(own.slice(0, 5))),
    ).length;
    if (score > 0 && (best === null || score > best.score)) best = { stage: stage.name, score };
  }
  return best ? { stage: best.stage, exact: false } : null;
}

const quote = (text: string) => JSON.stringify(text);

/**
 * A CRM stage name's entry of a `values: stage:` map: the stage {@link guessStage} finds, marked to check, or, when
 * no stage is like it, the name commented out (`# "Stage": ?   # no stage is like it`, for the caller to end).
 */
function stageEntry(name: string, stages: readonly Stage[]): { line: string; guessed: boolean } | null {
  const guess = guessStage(name, stages);
  if (guess?.exact) return null;
  return guess
    ? { line: `${quote(name)}: ${quote(guess.stage)}   # check: guessed`, guessed: true }
    : { line: `# ${quote(name)}: ?   # no stage is like it`, guessed: false };
}

function valueMapLines(
  field: string,
  kind: FieldKind,
  values: readonly string[],
  stages: readonly Stage[],
): string[] {
  const lines: string[] = [];
  for (const value of values) {
    if (kind === 'stage') {
      const entry = stageEntry(value, stages);
      if (entry === null) continue;
      const oneOf = entry.guessed ? '' : `: one of ${stages.map((stage) => stage.name).join(', ')}`;
      lines.push(`        ${entry.line}${oneOf}`);
    } else if (kind === 'forecastCategory' && !parseForecastCategory(value).ok) {
      lines.push(`        # ${quote(value)}: ?   # one of pipeline, best_case, commit, closed, omitted`);
    } else if (kind === 'opportunityType' && !parseOpportunityType(value).ok) {
      lines.push(`        # ${quote(value)}: ?   # one of new, expansion, renewal`);
    }
  }
  return lines.length === 0 ? [] : [`      ${field}:`, ...lines];
}

/**
 * A mapping file that maps CRM stage names onto the workspace's `stages`, as YAML lines to paste: each name
 * mapped to the stage {@link guessStage} finds (marked to check), or left commented out when no stage is like it
 * (the caller names the stages there are).
 */
export function stageMappingYaml(names: readonly string[], stages: readonly Stage[]): string[] {
  const entries = names.flatMap((name) => stageEntry(name, stages)?.line ?? []);
  return ['files:', '  - values:', '      stage:', ...entries.map((line) => `        ${line}`)];
}

/**
 * The preset's mapping when one recognises the file, with the columns it neither maps nor knows matched to its
 * other fields by their names (`Date Created` in a HubSpot export: `byName`, to check); else the columns whose
 * names match fields.
 */
function baseMapping(
  headers: readonly string[],
  options: SuggestOptions,
): {
  columns: readonly ColumnRule[];
  known: FileMapping['known'];
  source: string | null;
  entity: ImportEntity;
  how: string;
  /** Headers (compared as {@link normalizeKey}) matched by name beyond the preset's mapping. */
  byName: ReadonlySet<string>;
} {
  const preset = options.source === 'csv' ? null : mappingForHeaders(headers, options.source, options.entity);
  if (preset && preset.source !== 'csv') {
    const described = new Set(
      [...preset.columns.map((rule) => rule.header), ...preset.known.map((entry) => entry.header)].map(
        normalizeKey,
      ),
    );
    const filled = new Set(preset.columns.map((rule) => rule.field));
    const undescribed = headers.filter((header) => !described.has(normalizeKey(header)));
    const byName = [...matchHeaders(preset.entity, undescribed)]
      .filter(([, field]) => !filled.has(field))
      .map(([header, field]) => ({ header, field }));
    return {
      ...preset,
      columns: [...preset.columns, ...byName],
      entity: preset.entity,
      how: `recognised as ${preset.description}`,
      byName: new Set(byName.map((rule) => normalizeKey(rule.header))),
    };
  }
  const guess = guessEntity(headers);
  const entity = options.entity ?? guess.entity;
  const matches = matchHeaders(entity, headers);
  const complete = coversRequired(entity, new Set(matches.values()));
  return {
    columns: [...matches].map(([header, field]) => ({ header, field })),
    known: [],
    source: null,
    entity,
    how: `${options.entity ? 'named with --entity' : 'guessed from the headers'}${complete ? '' : ' (check: some required fields are not matched yet)'}`,
    byName: new Set(),
  };
}

/** Formats every file-wide choice the columns show: day/month order, decimal comma, currency signs. */
function formatLines(columns: readonly ColumnFacts[]): string[] {
  const lines: string[] = [];
  const dated = columns.filter((column) => column.profile.kind === 'date');
  const orders = new Set(
    dated.map((column) => column.profile.dateOrder).filter((order): order is DateOrder => order !== null),
  );
  const undecided = dated.some((column) => column.profile.problems.length > 0);
  if (orders.size === 1) lines.push(`    dateOrder: ${[...orders][0] ?? ''}   # from the dates that show it`);
  else if (undecided || orders.size > 1)
    lines.push('    # dateOrder: ?   # dmy (31/03/2026) or mdy (03/31/2026): no date decides it');
  const separators = new Set(
    columns.map((column) => column.profile.decimalSeparator).filter((separator) => separator !== null),
  );
  if (separators.has(',')) lines.push(`    decimalSeparator: ","   # numbers are written like 1.234,56`);
  const signs = new Set(columns.flatMap((column) => column.profile.currencySigns));
  if (signs.size > 0)
    lines.push(
      `    # currency: ?   # amounts show ${[...signs].join(' ')}; without a code they are read in the workspace currency`,
    );
  return lines;
}

/** A commented mapping file (YAML text) for an export file. */
export async function suggestMapping(file: string, options: SuggestOptions): Promise<string> {
  const { headers, rows, columns } = await profileFile(file, options);
  const base = baseMapping(headers, options);
  const { entity, how } = base;
  const fieldByHeader = new Map(base.columns.map((rule) => [normalizeKey(rule.header), rule.field]));
  const known = new Map(base.known.map((entry) => [normalizeKey(entry.header), entry.reason]));
  const fieldKind = (header: string): FieldKind | null => {
    const field = fieldByHeader.get(normalizeKey(header));
    return field ? (fieldSpec(entity, field)?.kind ?? null) : null;
  };
  const width = Math.max(...headers.map((header) => quote(header).length)) + 2;
  const columnLines = columns.map(({ header, profile }) => {
    const key = `${quote(header)}:`.padEnd(width);
    const field = fieldByHeader.get(normalizeKey(header));
    if (field) {
      const kind = fieldSpec(entity, field)?.kind ?? 'text';
      const check = !fits(kind, profile)
        ? `check: ${field} is ${kind} but the column holds `
        : base.byName.has(normalizeKey(header))
          ? 'check: matched by its name; '
          : '';
      return `      ${key} ${field.padEnd(16)} # ${check}${describeProfile(profile)}`;
    }
    const reason = known.get(normalizeKey(header));
    return `      ${key} ${'null'.padEnd(16)} # ${reason ? `not imported: ${reason}` : `? no field matched; ${describeProfile(profile)}`}`;
  });
  const valueLines = columns.flatMap(({ header, distinct }) => {
    const field = fieldByHeader.get(normalizeKey(header));
    const kind = fieldKind(header);
    return field && kind ? valueMapLines(field, kind, distinct, options.stages) : [];
  });
  const source = base.source;
  return [
    `# salesops mapping for ${basename(file)}, suggested from its ${plural(headers.length, 'column')} and ${plural(rows, 'row')}.`,
    '# Check the lines marked "check", answer the ones marked "?", then import with:',
    `#   ${(options.commandLine ?? asTyped)(`salesops import ${shellWord(options.typed ?? basename(file))}`)} --mapping <this file>`,
    `# The fields of ${entity}: ${Object.keys(fieldsOf(entity)).join(', ')}.`,
    '# A column mapped to null is not imported. See "Mapping files" in the README.',
    ...(source ? [`source: ${source}`] : []),
    'files:',
    `  - match: ${quote(basename(file))}`,
    `    entity: ${entity}   # ${how}`,
    // The sheet and encoding the file was read with, so that the import reads it the same way.
    ...(options.sheet === undefined ? [] : [`    sheet: ${quote(options.sheet)}`]),
    ...(options.encoding === undefined ? [] : [`    encoding: ${quote(options.encoding)}`]),
    '    columns:',
    ...columnLines,
    ...(valueLines.length > 0 ? ['    values:', ...valueLines] : []),
    ...formatLines(columns),
    '',
  ].join('\n');
}
