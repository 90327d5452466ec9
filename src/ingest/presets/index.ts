/**
 * The CRM presets and how a file is recognised: by the named preset, or, when none is named, by the first
 * preset whose shapes recognise the file's headers.
 * @module
 */
import type { FileMapping } from '../model/file-mapping.js';
import type { ImportEntity } from '../model/import-fields.js';
import { coversRequired, genericMapping } from './generic-preset.js';
import { HUBSPOT_PRESET } from './hubspot-preset.js';
import { PIPEDRIVE_PRESET } from './pipedrive-preset.js';
import { presetMapping, type Preset, type PresetName } from './preset.js';
import { SALESFORCE_PRESET } from './salesforce-preset.js';

export { PRESET_NAMES, type Preset, type PresetName, type PresetShape } from './preset.js';
export { coversRequired, guessEntity, matchHeaders } from './generic-preset.js';

export const CRM_PRESETS: readonly Preset[] = [SALESFORCE_PRESET, HUBSPOT_PRESET, PIPEDRIVE_PRESET];

/**
 * The mapping a source gives a file with these headers: the named preset's (`csv`: match headers by name), or,
 * without a source, the first CRM preset that recognises them, else the plain match. Null when nothing fits.
 */
export function mappingForHeaders(
  headers: readonly string[],
  source?: PresetName,
  entity?: ImportEntity,
): FileMapping | null {
  if (source === 'csv') return genericMapping(headers, entity);
  if (source) {
    const preset = CRM_PRESETS.find((candidate) => candidate.name === source);
    return preset ? presetMapping(preset, headers, entity) : null;
  }
  // Unnamed: the first preset whose mapping fills every required field; else the plain match by name when it
  // does for the same entity; else the first preset that recognises the file (its missing fields are then
  // reported); else the plain match.
  const recognised = CRM_PRESETS.map((preset) => presetMapping(preset, headers, entity)).filter(
    (mapping) => mapping !== null,
  );
  const complete = (mapping: FileMapping) =>
    coversRequired(mapping.entity, new Set(mapping.columns.map((rule) => rule.field ?? '')));
  const found = recognised.find(complete);
  if (found) return found;
  const first = recognised[0];
  if (!first) return genericMapping(headers, entity);
  const plain = genericMapping(headers, first.entity);
  return plain ?? first;
}

export function presetLabel(name: PresetName): string {
  return CRM_PRESETS.find((preset) => preset.name === name)?.label ?? 'plain CSV';
}
