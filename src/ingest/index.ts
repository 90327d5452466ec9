/**
 * CRM imports: read CSV/XLSX exports, map them through CRM presets or mapping files, check every value and
 * write one batch to the store; and `mapping suggest`, which writes a starting mapping file for an export.
 * @module
 */
export {
  importFiles,
  type ImportedFile,
  type ImportRequest,
  type ImportResult,
  type ImportStatus,
} from './import/import-files.js';
export type { ImportProblem } from './import/import-problems.js';
export type { ImportWarning } from './import/amount-warnings.js';
export { toProblem } from './import/import-problems.js';
export type { CreatedRecords } from './import/assemble-batch.js';
export { problemReportCsv, REPORT_HEADERS, writeProblemReport } from './import/import-report.js';
export {
  loadMappingFile,
  mergeMappingFiles,
  parseMappingYaml,
  type MappingFile,
} from './mapping/mapping-file.js';
export { stageMappingYaml, suggestMapping, type SuggestOptions } from './mapping/suggest-mapping.js';
export { PRESET_NAMES, type PresetName } from './presets/index.js';
export { IMPORT_ENTITIES, type ImportEntity } from './model/import-fields.js';
export type { SheetCommand } from './readers/index.js';
