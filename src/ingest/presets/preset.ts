/**
 * What a CRM preset is: the shapes of the files a CRM exports, each recognised by its headers and mapped
 * column by column onto salesops fields. A shape lists, per field, the headers that may carry it (the first one
 * present wins); headers it knows and does not import are listed with the reason.
 * @module
 */
import type { FileMapping } from '../model/file-mapping.js';
import { normalizeKey, type ImportEntity } from '../model/import-fields.js';

export const PRESET_NAMES = ['salesforce', 'hubspot', 'pipedrive', 'csv'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export type ShapeOptions = Partial<
  Pick<
    FileMapping,
    'machineFormats' | 'salesforceIds' | 'statusOverridesStage' | 'reportFooter' | 'values' | 'constants'
  >
>;

export interface PresetShape {
  readonly entity: ImportEntity;
  /** For people: `Data Loader export of Opportunity`. */
  readonly description: string;
  /** Headers that identify the shape: all of `all`, one of `any` (when given), none of `none`. */
  readonly signature: {
    readonly all: readonly string[];
    readonly any?: readonly string[];
    readonly none?: readonly string[];
  };
  /** Per field, the headers that may carry it, the preferred first. */
  readonly columns: readonly (readonly [headers: readonly string[], field: string])[];
  /** Headers known and deliberately not imported, with why. */
  readonly known?: readonly (readonly [headers: readonly string[], reason: string])[];
  readonly options?: ShapeOptions;
}

export interface Preset {
  readonly name: PresetName;
  /** For people: `Salesforce`. */
  readonly label: string;
  readonly shapes: readonly PresetShape[];
}

function headerSet(headers: readonly string[]): Map<string, string> {
  const set = new Map<string, string>();
  for (const header of headers) {
    const key = normalizeKey(header);
    if (!set.has(key)) set.set(key, header);
  }
  return set;
}

function fits(shape: PresetShape, present: ReadonlyMap<string, string>): boolean {
  const { all, any, none } = shape.signature;
  return (
    all.every((header) => present.has(normalizeKey(header))) &&
    (any === undefined || any.some((header) => present.has(normalizeKey(header)))) &&
    (none === undefined || !none.some((header) => present.has(normalizeKey(header))))
  );
}

/** The mapping of a shape for a file with these headers: only the headers the file has. */
export function shapeMapping(preset: Preset, shape: PresetShape, headers: readonly string[]): FileMapping {
  const present = headerSet(headers);
  const columns: FileMapping['columns'][number][] = [];
  const known: { header: string; reason: string }[] = [];
  for (const [candidates, field] of shape.columns) {
    const keys = [...new Set(candidates.map(normalizeKey))];
    const found = keys.filter((key) => present.has(key));
    const [first, ...others] = found;
    const firstHeader = first === undefined ? undefined : (present.get(first) ?? first);
    if (firstHeader !== undefined) columns.push({ header: firstHeader, field });
    for (const other of others) {
      known.push({
        header: present.get(other) ?? other,
        reason: `${field} is read from "${firstHeader ?? ''}"`,
      });
    }
  }
  for (const [candidates, reason] of shape.known ?? []) {
    for (const header of candidates) {
      const written = present.get(normalizeKey(header));
      if (written !== undefined) known.push({ header: written, reason });
    }
  }
  return {
    description: `${preset.label} (${shape.description})`,
    source: preset.name,
    entity: shape.entity,
    columns,
    values: shape.options?.values ?? {},
    constants: shape.options?.constants ?? {},
    known,
    ...withoutMaps(shape.options),
  };
}

function withoutMaps(options: ShapeOptions | undefined): ShapeOptions {
  if (!options) return {};
  const { values: _values, constants: _constants, ...rest } = options;
  return rest;
}

/** How many of a shape's columns a file has. */
function coverage(shape: PresetShape, present: ReadonlyMap<string, string>): number {
  return shape.columns.filter(([candidates]) =>
    candidates.some((header) => present.has(normalizeKey(header))),
  ).length;
}

/**
 * The shape of the preset a file with these headers has (the one covering most of its columns when several
 * fit), or null. `entity` restricts the choice to shapes of that entity.
 */
export function recogniseShape(
  preset: Preset,
  headers: readonly string[],
  entity?: ImportEntity,
): PresetShape | null {
  const present = headerSet(headers);
  let best: PresetShape | null = null;
  let bestCoverage = -1;
  for (const shape of preset.shapes) {
    if (entity !== undefined && shape.entity !== entity) continue;
    if (!fits(shape, present)) continue;
    const covered = coverage(shape, present);
    if (covered > bestCoverage) {
      best = shape;
      bestCoverage = covered;
    }
  }
  return best;
}

/** The mapping a preset gives a file, or null when it does not recognise the headers. */
export function presetMapping(
  preset: Preset,
  headers: readonly string[],
  entity?: ImportEntity,
): FileMapping | null {
  const shape = recogniseShape(preset, headers, entity);
  return shape ? shapeMapping(preset, shape, headers) : null;
}
